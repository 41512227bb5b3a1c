import { describe, expect, it } from 'vitest';
import { grownCapacity, reservedSlots } from './slot-capacity.js';

describe('slot capacity', () => {
  it('reserves one slot more than the bound, up to 131 072, and at least one', () => {
    expect(reservedSlots(100_000)).toBe(100_001);
    expect(reservedSlots(2)).toBe(3);
    expect(reservedSlots(10_000_000)).toBe(131_072);
    expect(reservedSlots(0)).toBe(1);
    expect(reservedSlots(-5)).toBe(1);
    expect(reservedSlots(2.5)).toBe(3);
  });

  it('grows by doubling, up to one slot more than the bound', () => {
    expect(grownCapacity(131_072, 131_073, 10_000_000)).toBe(262_144);
    expect(grownCapacity(131_072, 131_073, 200_000)).toBe(200_001);
    expect(grownCapacity(4, 9, 100)).toBe(9);
  });
});
