import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_SLOT } from './slot-hash-index.js';
import { SlotRecencyList } from './slot-recency-list.js';

function order(list: SlotRecencyList): number[] {
  const slots: number[] = [];
  for (let slot = list.oldest; slot !== NO_SLOT; slot = list.newerThan(slot)) slots.push(slot);
  return slots;
}

describe('SlotRecencyList', () => {
  it('orders slots from least to most recently used', () => {
    const list = new SlotRecencyList(2);
    expect(list.oldest).toBe(NO_SLOT);
    list.grow(4);
    for (const slot of [0, 1, 2, 3]) list.append(slot);
    list.touch(1);
    list.remove(2);
    expect(order(list)).toEqual([0, 3, 1]);
    expect([list.oldest, list.newest]).toEqual([0, 1]);
  });

  it('agrees with an array model through appends, touches and removals', () => {
    const operation = fc.record({ kind: fc.constantFrom('use', 'remove'), slot: fc.integer({ min: 0, max: 7 }) });
    return fc.assert(
      fc.property(fc.array(operation, { maxLength: 80 }), (operations) => {
        const list = new SlotRecencyList(1);
        list.grow(8);
        let model: number[] = [];
        for (const { kind, slot } of operations) {
          const held = model.includes(slot);
          if (kind === 'use') {
            if (held) list.touch(slot);
            else list.append(slot);
            model = [...model.filter((other) => other !== slot), slot];
          } else if (held) {
            list.remove(slot);
            model = model.filter((other) => other !== slot);
          }
          expect(order(list)).toEqual(model);
          expect(list.newest).toBe(model.at(-1) ?? NO_SLOT);
        }
      }),
      { numRuns: 200 },
    );
  });
});
