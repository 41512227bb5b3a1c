import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashString, NO_SLOT, SlotHashIndex } from './slot-hash-index.js';

/** An index over slots whose keys are kept in `keys`, as a store keeps them in its columns. */
function indexedKeys() {
  const index = new SlotHashIndex();
  const keys: string[] = [];
  const find = (key: string) => index.find(hashString(key), (slot) => keys[slot] === key);
  return { index, keys, find };
}

describe('hashString', () => {
  it('depends on every character and on the seed', () => {
    expect(hashString('abc')).toBe(hashString('abc'));
    expect(hashString('abc')).not.toBe(hashString('abd'));
    expect(hashString('abc', 1)).not.toBe(hashString('abc', 2));
    // The low bits pick the place: keys differing only in their last character spread out.
    const places = new Set(Array.from({ length: 64 }, (_, index) => hashString(`key:${index}`) & 63));
    expect(places.size).toBeGreaterThan(32);
  });
});

describe('SlotHashIndex', () => {
  it('hashes with a seed of its own, so colliding keys cannot be chosen in advance', () => {
    const hashes = new Set(Array.from({ length: 8 }, () => new SlotHashIndex().hash('the same key')));
    // Eight random 32-bit seeds agreeing by chance: about one in 2^200.
    expect(hashes.size).toBeGreaterThan(1);
    const index = new SlotHashIndex();
    expect(index.hash('key', 3)).toBe(index.hash('key', 3));
    expect(index.hash('key', 3)).not.toBe(index.hash('key', 4));
  });

  it('finds what was added and forgets what was deleted', () => {
    const { index, keys, find } = indexedKeys();
    keys.push('a', 'b', 'c');
    for (const [slot, key] of keys.entries()) index.add(slot, hashString(key));
    expect([find('a'), find('b'), find('c'), find('d')]).toEqual([0, 1, 2, NO_SLOT]);
    index.delete(1);
    expect([find('a'), find('b'), find('c')]).toEqual([0, NO_SLOT, 2]);
    expect(index.size).toBe(2);
  });

  it('keeps every key findable through colliding hashes and deletions in the middle of a probe run', () => {
    const index = new SlotHashIndex();
    const keys = ['x0', 'x1', 'x2', 'x3', 'x4'];
    // One hash for all: a single run of places, each deletion shifts the rest back.
    for (const slot of keys.keys()) index.add(slot, 7);
    const find = (key: string) => index.find(7, (slot) => keys[slot] === key);
    index.delete(1);
    index.delete(3);
    expect(keys.map(find)).toEqual([0, NO_SLOT, 2, NO_SLOT, 4]);
    index.add(3, 7);
    expect(find('x3')).toBe(3);
  });

  it('agrees with a Map through any mix of adds and deletes, across growth', () => {
    const operation = fc.record({ add: fc.boolean(), key: fc.integer({ min: 0, max: 300 }) });
    return fc.assert(
      fc.property(fc.array(operation, { maxLength: 600 }), fc.integer({ min: 0, max: 3 }), (operations, hashBits) => {
        const index = new SlotHashIndex();
        const keys: (string | undefined)[] = [];
        const freeSlots: number[] = [];
        const model = new Map<string, number>();
        // Few hash bits make long collision runs; 0 is the full hash.
        const hashOf = (key: string) => (hashBits === 0 ? hashString(key) : hashString(key) & ((1 << hashBits) - 1));
        const find = (key: string) => index.find(hashOf(key), (slot) => keys[slot] === key);
        for (const { add, key: number } of operations) {
          const key = `k${number}`;
          const held = model.get(key);
          if (add && held === undefined) {
            const slot = freeSlots.pop() ?? keys.length;
            keys[slot] = key;
            index.add(slot, hashOf(key));
            model.set(key, slot);
          } else if (!add && held !== undefined) {
            index.delete(held);
            keys[held] = undefined;
            freeSlots.push(held);
            model.delete(key);
          }
        }
        expect(index.size).toBe(model.size);
        for (let number = 0; number <= 300; number++) {
          expect(find(`k${number}`)).toBe(model.get(`k${number}`) ?? NO_SLOT);
        }
      }),
      { numRuns: 200 },
    );
  });
});
