import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SlotString, SlotStringArena } from './slot-string-arena.js';

describe('SlotStringArena', () => {
  it('reads back each field, undefined ones included', () => {
    const arena = new SlotStringArena(3, 32, 2);
    arena.write(0, ['1700000001', undefined, 'DELIVRD']);
    arena.write(1, ['', '+60123456789', undefined]);
    expect([0, 1, 2].map((field) => arena.read(0, field))).toEqual(['1700000001', undefined, 'DELIVRD']);
    expect([0, 1, 2].map((field) => arena.read(1, field))).toEqual(['', '+60123456789', undefined]);
    expect(arena.equals(0, 0, '1700000001')).toBe(true);
    expect(arena.equals(0, 0, '1700000002')).toBe(false);
    expect(arena.equals(0, 1, '')).toBe(false);
    expect(arena.overflowCharacters(0)).toBe(0);
  });

  it('keeps what does not fit, or is not latin1, on the JS heap', () => {
    const arena = new SlotStringArena(2, 16, 1);
    arena.write(0, ['a'.repeat(20), 'b']);
    expect(arena.read(0, 0)).toBe('a'.repeat(20));
    expect(arena.overflowCharacters(0)).toBe(21);
    arena.write(0, ['ключ', undefined]);
    expect(arena.read(0, 0)).toBe('ключ');
    expect(arena.equals(0, 0, 'ключ')).toBe(true);
    arena.write(0, ['é', 'ÿ']);
    expect(arena.overflowCharacters(0)).toBe(0);
    expect([arena.read(0, 0), arena.read(0, 1)]).toEqual(['é', 'ÿ']);
  });

  it('keeps every slot as written through any mix of writes, clears and growth', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.string({ maxLength: 300 }),
    );
    const field = fc.option(text, { nil: undefined });
    const operation = fc.record({
      slot: fc.integer({ min: 0, max: 9 }),
      values: fc.tuple(field, field, field),
      clear: fc.boolean(),
    });
    return fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), (operations) => {
        const arena = new SlotStringArena(3, 24, 1);
        const model = new Map<number, SlotString[]>();
        for (const { slot, values, clear } of operations) {
          arena.grow(slot + 1);
          if (clear && model.has(slot)) {
            arena.clear(slot);
            model.delete(slot);
          } else {
            arena.write(slot, values);
            model.set(slot, values);
          }
        }
        for (const [slot, values] of model) {
          values.forEach((value, index) => {
            expect(arena.read(slot, index)).toBe(value);
            if (value !== undefined) expect(arena.equals(slot, index, value)).toBe(true);
            expect(arena.equals(slot, index, `${value ?? ''}?`)).toBe(false);
          });
        }
      }),
      { numRuns: 150 },
    );
  });
});
