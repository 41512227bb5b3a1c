import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import { fromUcs2Hex, toUcs2Hex } from './ucs2-hex.js';

describe('toUcs2Hex / fromUcs2Hex', () => {
  it.each([
    ['ABC', '004100420043'],
    ['😀', 'D83DDE00'],
    ['你好', '4F60597D'],
    ['€', '20AC'],
    ['', ''],
  ])('encodes %j as big-endian upper-case hex %s', (text, hex) => {
    expect(toUcs2Hex(text)).toBe(hex);
    expect(fromUcs2Hex(hex)).toBe(text);
  });

  it('reads lower case and keeps a leading FEFF as a character', () => {
    expect(fromUcs2Hex('d83dde00')).toBe('😀');
    expect(fromUcs2Hex('FEFF0041')).toBe('\uFEFFA');
  });

  it.each([['ABC'], ['00410'], ['004100'], ['zz00'], [' 0041'], ['0x0041']])('throws INVALID_MESSAGE for %j', (hex) => {
    expect(() => fromUcs2Hex(hex)).toThrow(expect.objectContaining({ code: 'INVALID_MESSAGE' }));
    expect(() => fromUcs2Hex(hex)).toThrow(PesanError);
  });

  it('round-trips any string, four digits per UTF-16 unit', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (text) => {
        const hex = toUcs2Hex(text);
        expect(hex).toMatch(/^[0-9A-F]*$/);
        expect(hex).toHaveLength(text.length * 4);
        expect(fromUcs2Hex(hex)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips even lone surrogates', () => {
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((value) => String.fromCharCode(value));
    fc.assert(
      fc.property(fc.string({ unit: codeUnit }), (text) => {
        expect(fromUcs2Hex(toUcs2Hex(text))).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});
