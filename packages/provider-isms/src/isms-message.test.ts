import { PesanError } from '@pesan/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ismsBodyLength, ismsSegments, prepareIsmsMessage } from './isms-message.js';

const rules = { provider: 'isms', maxBodyLength: 700, defaultRegion: 'MY' as const };

describe('prepareIsmsMessage', () => {
  it('writes the vendor fields', () => {
    expect(prepareIsmsMessage({ to: '+65 9123 4567', text: 'Hi', from: 'Shop1' }, rules)).toMatchObject({
      e164: '+6591234567',
      dstno: '6591234567',
      text: 'Hi',
      type: 1,
      senderId: 'Shop1',
      segments: { encoding: 'gsm7', segments: 1, credits: 1 },
    });
  });

  it('counts characters as code points', () => {
    expect(ismsBodyLength('a😀b')).toBe(3);
  });

  it('counts a lone surrogate as one character, as iterating the string does', () => {
    expect(ismsBodyLength('a\ud83d')).toBe(2);
    expect(ismsBodyLength('\ude00\ud83d\ude00\ud83d')).toBe(3);
  });

  it('counts what iterating the string counts, for any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(ismsBodyLength(text)).toBe([...text].length);
      }),
      { numRuns: 2000 },
    );
  });

  it('measures ASCII and other text the same way ismsSegments does (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 400 }),
        fc.constantFrom('auto', 'ucs2'),
        (text, encoding) => {
          const message = prepareIsmsMessage({ to: '+60123456789', text, encoding }, rules);
          expect(message.segments).toEqual(ismsSegments(text, encoding));
          expect(message.type).toBe(message.segments.encoding === 'gsm7' ? 1 : 2);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it.each([
    // Issue 9 case 6: type 1 is ASCII only, so `€` (GSM-7, not ASCII) goes as type 2.
    ['€'.repeat(77), 'ucs2', 77, 63, 2],
    [`${'x'.repeat(152)}{`, 'gsm7', 153, 153, 1],
    ['x'.repeat(153), 'gsm7', 153, 153, 1],
    ['a'.repeat(154), 'gsm7', 154, 153, 2],
    ['😀'.repeat(40), 'ucs2', 40, 63, 1],
    ['你'.repeat(63), 'ucs2', 63, 63, 1],
    ['你'.repeat(64), 'ucs2', 64, 63, 2],
    ['Hi', 'gsm7', 2, 153, 1],
  ] as const)(
    'bills %j by the pages: characters, 153 (type 1) or 63 (type 2) per credit',
    (text, encoding, units, perSegment, credits) => {
      expect(ismsSegments(text, 'auto')).toEqual({ encoding, units, perSegment, segments: credits, credits });
    },
  );

  it('bills forced ucs2 GSM text at 63 characters per credit', () => {
    expect(ismsSegments('a'.repeat(64), 'ucs2')).toMatchObject({ encoding: 'ucs2', credits: 2 });
  });

  it('never lets anything but digits into dstno, whatever the input (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.stringMatching(/^\+?[0-9 ;,()-]{1,24}$/),
          fc
            .tuple(
              fc.constantFrom('+60123456789', '0123456789'),
              fc.constantFrom(';', ',', '&dstno=', '\n'),
              fc.string({ maxLength: 12 }),
            )
            .map((parts) => parts.join('')),
        ),
        (to) => {
          try {
            const message = prepareIsmsMessage({ to, text: 'x' }, rules);
            expect(message.dstno).toMatch(/^[1-9]\d{6,14}$/);
          } catch (error) {
            expect(PesanError.isInstance(error)).toBe(true);
            // An empty or blank `to` fails the message schema first.
            expect(['INVALID_RECIPIENT', 'INVALID_MESSAGE']).toContain((error as PesanError).code);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('never sends type 1 for text outside ASCII, and never exceeds the body limit (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 800 }), (text) => {
        try {
          const message = prepareIsmsMessage({ to: '+60123456789', text }, rules);
          expect(ismsBodyLength(message.text)).toBeLessThanOrEqual(700);
          expect(message.type === 1).toBe(message.segments.encoding === 'gsm7');
          expect(message.type === 1).toBe(/^\p{ASCII}*$/u.test(text));
          expect(message.segments.credits).toBe(message.segments.segments);
          expect(message.segments.credits).toBe(
            Math.max(1, Math.ceil(ismsBodyLength(text) / (message.type === 1 ? 153 : 63))),
          );
        } catch (error) {
          expect(PesanError.isInstance(error)).toBe(true);
          expect((error as PesanError).code).toBe('INVALID_MESSAGE');
        }
      }),
      { numRuns: 500 },
    );
  });
});
