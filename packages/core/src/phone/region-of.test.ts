import { describe, expect, it } from 'vitest';
import { regionOf } from './region-of.js';
import { toE164 } from './to-e164.js';

describe('regionOf', () => {
  it.each([
    ['+60123456789', 'MY'],
    ['+6591234567', 'SG'],
    ['+628123456789', 'ID'],
    ['+14155552671', 'US'],
    ['+12042345678', 'CA'],
    ['+442079460958', 'GB'],
    ['+74951234567', 'RU'],
    ['+77012345678', 'KZ'],
  ])('finds the region of %s: %s', (e164, region) => {
    expect(regionOf(e164)).toBe(region);
  });

  it.each([['+80012345678'], ['60123456789'], ['abc'], ['']])('has no region for %j', (input) => {
    expect(regionOf(input)).toBeUndefined();
  });

  it('reads what toE164 writes', () => {
    expect(regionOf(toE164('012-345 6789'))).toBe('MY');
  });
});
