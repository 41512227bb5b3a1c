import { describe, expect, it } from 'vitest';
import { ezsmsSegments } from './ezsms-segments.js';

describe('ezsmsSegments', () => {
  it.each([
    ['a'.repeat(160), { encoding: 'gsm7', units: 160, segments: 1, perSegment: 160 }],
    ['a'.repeat(161), { encoding: 'gsm7', units: 161, segments: 2, perSegment: 153 }],
    ['€'.repeat(80), { encoding: 'gsm7', units: 160, segments: 1, perSegment: 160 }],
    ['你'.repeat(70), { encoding: 'ucs2', units: 70, segments: 1, perSegment: 70 }],
    ['你'.repeat(71), { encoding: 'ucs2', units: 71, segments: 2, perSegment: 67 }],
  ])('counts %j', (text, expected) => {
    expect(ezsmsSegments({ to: 'x', text })).toEqual(expected);
  });

  it('counts forced UCS-2 text in UTF-16 units', () => {
    expect(ezsmsSegments({ to: 'x', text: 'Hello', encoding: 'ucs2' })).toMatchObject({ encoding: 'ucs2', units: 5 });
  });

  it('counts binary in bytes, UDH included, 140 per part', () => {
    expect(ezsmsSegments({ to: 'x', binary: { hex: '00'.repeat(134), udh: '050003010201' } })).toEqual({
      encoding: 'binary',
      units: 140,
      segments: 1,
      perSegment: 140,
    });
    expect(ezsmsSegments({ to: 'x', binary: { hex: '00'.repeat(141) } })).toMatchObject({ units: 141, segments: 2 });
  });
});
