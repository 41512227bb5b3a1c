import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import type { SegmentInfo } from '../provider/v1/segment-info.js';
import { countSegments, type SegmentCount } from './segment-counter.js';
import { splitSegments } from './segment-splitter.js';

const chinese = '你';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isms = { gsm7: { single: 153, multi: 153 }, ucs2: { single: 63, multi: 63 } };

function expectCount(text: string, expected: SegmentCount, options?: Parameters<typeof countSegments>[1]) {
  expect(countSegments(text, options)).toEqual(expected);
  expect(splitSegments(text, options)).toHaveLength(expected.segments);
  expect(splitSegments(text, options).join('')).toBe(text);
}

describe('countSegments', () => {
  it('counts plain GSM-7 text', () => {
    expectCount('Hello', { encoding: 'gsm7', units: 5, segments: 1, perSegment: 160 });
  });

  it('counts the empty text as one empty part', () => {
    expectCount('', { encoding: 'gsm7', units: 0, segments: 1, perSegment: 160 });
    expect(splitSegments('')).toEqual(['']);
    expectCount('', { encoding: 'ucs2', units: 0, segments: 1, perSegment: 70 }, { encoding: 'ucs2' });
  });

  it.each([['€'], ['{'], ['}'], ['|'], ['^'], ['\\'], ['['], [']'], ['~'], ['\f']])(
    'counts the extension character %j as two septets',
    (character) => {
      expectCount(character, { encoding: 'gsm7', units: 2, segments: 1, perSegment: 160 });
    },
  );

  it('keeps Ç in GSM-7 but sends ç as UCS-2', () => {
    expectCount('Ç', { encoding: 'gsm7', units: 1, segments: 1, perSegment: 160 });
    expectCount('ç', { encoding: 'ucs2', units: 1, segments: 1, perSegment: 70 });
  });

  it.each([
    ['😀', 2],
    ['👍🏽', 4],
    ['👨‍👩‍👧', 8],
    ['🇲🇾', 4],
  ])('counts the emoji %s in UTF-16 units', (emoji, units) => {
    expectCount(emoji, { encoding: 'ucs2', units, segments: 1, perSegment: 70 });
  });

  it('switches to the multipart size at the GSM-7 boundaries 160/161 and 306/307', () => {
    expectCount('a'.repeat(160), { encoding: 'gsm7', units: 160, segments: 1, perSegment: 160 });
    expectCount('a'.repeat(161), { encoding: 'gsm7', units: 161, segments: 2, perSegment: 153 });
    expectCount('a'.repeat(306), { encoding: 'gsm7', units: 306, segments: 2, perSegment: 153 });
    expectCount('a'.repeat(307), { encoding: 'gsm7', units: 307, segments: 3, perSegment: 153 });
    expectCount('€'.repeat(80), { encoding: 'gsm7', units: 160, segments: 1, perSegment: 160 });
    expectCount(`${'€'.repeat(80)}a`, { encoding: 'gsm7', units: 161, segments: 2, perSegment: 153 });
  });

  it('switches to the multipart size at the UCS-2 boundaries 70/71 and 134/135', () => {
    expectCount(chinese.repeat(70), { encoding: 'ucs2', units: 70, segments: 1, perSegment: 70 });
    expectCount(chinese.repeat(71), { encoding: 'ucs2', units: 71, segments: 2, perSegment: 67 });
    expectCount(chinese.repeat(134), { encoding: 'ucs2', units: 134, segments: 2, perSegment: 67 });
    expectCount(chinese.repeat(135), { encoding: 'ucs2', units: 135, segments: 3, perSegment: 67 });
  });

  it('moves an extension character straddling the 153 boundary whole to the next part', () => {
    const text = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
    expectCount(text, { encoding: 'gsm7', units: 306, segments: 3, perSegment: 153 });
    expect(splitSegments(text)).toEqual(['a'.repeat(152), `€${'a'.repeat(151)}`, 'a']);
  });

  it('moves an emoji straddling the 67 boundary whole to the next part', () => {
    const text = `${chinese.repeat(66)}😀${chinese.repeat(66)}`;
    expectCount(text, { encoding: 'ucs2', units: 134, segments: 3, perSegment: 67 });
    expect(splitSegments(text)).toEqual([chinese.repeat(66), `😀${chinese.repeat(65)}`, chinese]);
  });

  it('never splits a skin-tone emoji, a ZWJ family or a flag', () => {
    for (const emoji of ['👍🏽', '👨‍👩‍👧', '🇲🇾']) {
      const text = `${chinese.repeat(65)}${emoji}${chinese.repeat(10)}`;
      const parts = splitSegments(text);
      expect(parts[0]).toBe(chinese.repeat(65));
      expect(parts[1]?.startsWith(emoji)).toBe(true);
      expect(countSegments(text).segments).toBe(2);
    }
  });

  it('counts Malay text as GSM-7', () => {
    const text =
      'Terima kasih kerana menggunakan perkhidmatan kami. Kod pengesahan anda ialah 123456. Jangan kongsi kod ini.';
    expectCount(text, { encoding: 'gsm7', units: text.length, segments: 1, perSegment: 160 });
  });

  it('counts Chinese text as UCS-2', () => {
    const text =
      '您的验证码是123456，请勿泄露。感谢您使用我们的服务，祝您生活愉快！如有疑问请联系客服热线，我们将竭诚为您服务。';
    expect(text).toHaveLength(58);
    expectCount(text, { encoding: 'ucs2', units: 58, segments: 1, perSegment: 70 });
    expectCount(text + text, { encoding: 'ucs2', units: 116, segments: 2, perSegment: 67 });
  });

  it('counts Malay text with an emoji as UCS-2', () => {
    expectCount('Selamat Hari Raya 🌙', { encoding: 'ucs2', units: 20, segments: 1, perSegment: 70 });
  });

  it('honours a forced encoding', () => {
    expectCount('Hello', { encoding: 'ucs2', units: 5, segments: 1, perSegment: 70 }, { encoding: 'ucs2' });
    expectCount('{x}', { encoding: 'gsm7', units: 5, segments: 1, perSegment: 160 }, { encoding: 'gsm7' });
  });

  it('throws INVALID_MESSAGE when GSM-7 is forced on text it cannot carry', () => {
    for (const text of ['ça va', 'hi 😀', '你好']) {
      let caught: unknown;
      try {
        countSegments(text, { encoding: 'gsm7' });
      } catch (error) {
        caught = error;
      }
      expect(PesanError.isInstance(caught)).toBe(true);
      expect((caught as PesanError).code).toBe('INVALID_MESSAGE');
      expect((caught as PesanError).message).toMatch(/GSM-7/);
    }
    expect(() => splitSegments('ç', { encoding: 'gsm7' })).toThrow(PesanError);
  });

  it('takes vendor part sizes (iSMS bills 153 and 63 per part)', () => {
    expectCount('a'.repeat(153), { encoding: 'gsm7', units: 153, segments: 1, perSegment: 153 }, { partSizes: isms });
    expectCount('a'.repeat(154), { encoding: 'gsm7', units: 154, segments: 2, perSegment: 153 }, { partSizes: isms });
    expectCount(chinese.repeat(63), { encoding: 'ucs2', units: 63, segments: 1, perSegment: 63 }, { partSizes: isms });
    expectCount(chinese.repeat(64), { encoding: 'ucs2', units: 64, segments: 2, perSegment: 63 }, { partSizes: isms });
  });

  it('keeps the default sizes for an encoding missing from partSizes', () => {
    const partSizes = { ucs2: { single: 63, multi: 63 } };
    expectCount('a'.repeat(160), { encoding: 'gsm7', units: 160, segments: 1, perSegment: 160 }, { partSizes });
  });

  it('rejects part sizes that cannot hold a surrogate or escape pair', () => {
    for (const size of [0, 1, 1.5, Number.NaN, -3]) {
      expect(() => countSegments('a', { partSizes: { gsm7: { single: 160, multi: size } } })).toThrow(
        expect.objectContaining({ code: 'INVALID_CONFIG' }),
      );
    }
  });

  it('cuts a grapheme cluster longer than a whole part at code points, never inside a surrogate pair', () => {
    const longFamily = `👍${'\u200D👍'.repeat(40)}`; // one cluster of 121 UTF-16 units
    const text = `ab${longFamily}`;
    const parts = splitSegments(text);
    expect(parts.join('')).toBe(text);
    expect(parts[0]).toBe('ab');
    expect(parts).toHaveLength(countSegments(text).segments);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(67);
      expect(part).not.toMatch(LONE_SURROGATE);
    }
    const combining = `e${'\u0301'.repeat(100)}`;
    expect(splitSegments(combining).map((part) => part.length)).toEqual([67, 34]);
  });

  it('returns a value the provider contract accepts as SegmentInfo', () => {
    const info: SegmentInfo = countSegments('Hello');
    expect(info.segments).toBe(1);
  });
});
