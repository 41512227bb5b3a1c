import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatVendorTime, parseVendorTime } from './vendor-time.js';

describe('parseVendorTime', () => {
  it.each([
    ['2025-11-25 10:00:00', 0, '2025-11-25T10:00:00.000Z'],
    ['2025-11-25 10:00:00', 480, '2025-11-25T02:00:00.000Z'],
    ['2025-11-25 10:00:00', -300, '2025-11-25T15:00:00.000Z'],
    ['2025-11-25T10:00', 0, '2025-11-25T10:00:00.000Z'],
    ['2025-11-25T10:00:00+07:00', 480, '2025-11-25T03:00:00.000Z'],
    ['2025-11-25T10:00:00Z', 480, '2025-11-25T10:00:00.000Z'],
    [1764064800, 480, '2025-11-25T10:00:00.000Z'],
    ['1764064800000', 480, '2025-11-25T10:00:00.000Z'],
  ])('reads %j at offset %i as %s', (value, offset, iso) => {
    expect(parseVendorTime(value, offset)?.toISOString()).toBe(iso);
  });

  it.each([['2025-02-30 10:00:00'], ['yesterday'], [''], [null], [-5], [{}]])('refuses %j', (value) => {
    expect(parseVendorTime(value, 0)).toBeUndefined();
  });

  it('reads back what it writes, at any offset, to the second', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2099, 0, 1) / 1000 }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        (seconds, offset) => {
          const date = new Date(seconds * 1000);
          expect(parseVendorTime(formatVendorTime(date, offset), offset)?.getTime()).toBe(date.getTime());
        },
      ),
    );
  });
});
