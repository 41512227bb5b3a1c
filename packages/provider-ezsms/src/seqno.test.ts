import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEQNO_MAX_LENGTH, seqnoForGroup, seqnoFromIdempotencyKey } from './seqno.js';

const SEQNO_SHAPE = /^[A-Za-z0-9_-]{1,20}$/;

describe('seqnoFromIdempotencyKey', () => {
  it('uses a short plain key as it is', () => {
    expect(seqnoFromIdempotencyKey('order-42')).toBe('order-42');
    expect(seqnoFromIdempotencyKey('A'.repeat(20))).toBe('A'.repeat(20));
  });

  it('hashes long or unusual keys to 20 base32 characters', () => {
    const uuid = '3b241101-e2bb-4255-8caf-4136c566a962';
    expect(seqnoFromIdempotencyKey(uuid)).toMatch(/^[a-z2-7]{20}$/);
    expect(seqnoFromIdempotencyKey('order 42')).toMatch(/^[a-z2-7]{20}$/);
    expect(seqnoFromIdempotencyKey('A'.repeat(21))).toMatch(/^[a-z2-7]{20}$/);
  });

  it('is deterministic: the same key always gives the same seqno', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 256, unit: 'grapheme' }), (key) => {
        expect(seqnoFromIdempotencyKey(key)).toBe(seqnoFromIdempotencyKey(String(key)));
      }),
      { numRuns: 1000 },
    );
  });

  it('fits the vendor: at most 20 characters of [A-Za-z0-9_-]', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 256, unit: 'binary' }), (key) => {
        const seqno = seqnoFromIdempotencyKey(key);
        expect(seqno.length).toBeLessThanOrEqual(SEQNO_MAX_LENGTH);
        expect(seqno).toMatch(SEQNO_SHAPE);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives different keys different seqnos', () => {
    const key = fc.oneof(
      fc.string({ minLength: 1, maxLength: 40 }),
      fc.uuid(),
      fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
    );
    fc.assert(
      fc.property(key, key, (first, second) => {
        fc.pre(first !== second);
        expect(seqnoFromIdempotencyKey(first)).not.toBe(seqnoFromIdempotencyKey(second));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a batch of distinct keys distinct', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 64 }), { minLength: 2, maxLength: 200 }),
        (keys) => {
          expect(new Set(keys.map(seqnoFromIdempotencyKey)).size).toBe(keys.length);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('seqnoForGroup', () => {
  it('is undefined unless every message has a key', () => {
    expect(seqnoForGroup([])).toBeUndefined();
    expect(seqnoForGroup(['a', undefined])).toBeUndefined();
  });

  it('is the message seqno for a group of one, and a stable hash otherwise', () => {
    expect(seqnoForGroup(['order-1'])).toBe('order-1');
    const seqno = seqnoForGroup(['a', 'b']);
    expect(seqno).toMatch(/^[a-z2-7]{20}$/);
    expect(seqnoForGroup(['a', 'b'])).toBe(seqno);
    expect(seqnoForGroup(['b', 'a'])).not.toBe(seqno);
    expect(seqnoForGroup(['a,b'])).not.toBe(seqno);
  });
});
