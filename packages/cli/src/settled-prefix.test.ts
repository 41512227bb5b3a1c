import { describe, expect, it } from 'vitest';
import { SettledPrefix } from './settled-prefix.js';

describe('SettledPrefix', () => {
  it('advances over indexes settled in any order, from the resume point', () => {
    const prefix = new SettledPrefix(10);
    expect(prefix.last).toBe(9);
    prefix.settle(12);
    prefix.settle(11);
    expect(prefix.last).toBe(9);
    prefix.settle(10);
    expect(prefix.last).toBe(12);
    prefix.settle(5);
    expect(prefix.last).toBe(12);
  });
});
