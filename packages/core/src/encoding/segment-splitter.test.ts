import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GSM7_BASIC_ALPHABET, GSM7_EXTENSION_ALPHABET, gsm7Septets } from './gsm7-alphabet.js';
import { DEFAULT_PART_SIZES, type PartSizes } from './part-sizes.js';
import { countSegments } from './segment-counter.js';
import { splitSegments } from './segment-splitter.js';

const gsmCharacter = fc.constantFrom(...GSM7_BASIC_ALPHABET.keys(), ...GSM7_EXTENSION_ALPHABET.keys());
const extensionHeavy = fc.constantFrom('a', ' ', '€', '{', '|', '^', '\f', '\r\n');
const emojiAndText = fc.constantFrom('a', '你', 'ç', '😀', '👍🏽', '👨‍👩‍👧', '🇲🇾', 'e\u0301', '€', ' ');

/** Texts that exercise GSM-7, UCS-2, surrogate pairs and long grapheme clusters, up to a few parts long. */
const text = fc.oneof(
  fc.string({ unit: gsmCharacter, maxLength: 500 }),
  fc.string({ unit: extensionHeavy, maxLength: 400 }),
  fc.string({ unit: emojiAndText, maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

const size = fc.integer({ min: 2, max: 170 });
const partSizes: fc.Arbitrary<PartSizes | undefined> = fc.option(
  fc.record({
    gsm7: fc.record({ single: size, multi: size }),
    ucs2: fc.record({ single: size, multi: size }),
  }),
  { nil: undefined },
);
const encoding = fc.constantFrom('auto' as const, 'ucs2' as const);

function unitsOf(part: string, partEncoding: 'gsm7' | 'ucs2'): number {
  return partEncoding === 'gsm7' ? gsm7Septets(part)! : part.length;
}

function splitsSurrogatePair(input: string, cut: number): boolean {
  const before = input.charCodeAt(cut - 1);
  const after = input.charCodeAt(cut);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

/** The rule written plainly, cluster by cluster: the splitter must agree with it. */
function referenceSplit(input: string, partEncoding: 'gsm7' | 'ucs2', single: number, multi: number): string[] {
  if (unitsOf(input, partEncoding) <= single) return [input];
  const parts: string[] = [];
  let current = '';
  let used = 0;
  const place = (piece: string) => {
    const size = unitsOf(piece, partEncoding);
    if (used + size > multi) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += piece;
    used += size;
  };
  for (const { segment } of segmenter.segment(input)) {
    if (unitsOf(segment, partEncoding) <= multi) {
      place(segment);
      continue;
    }
    if (used > 0) {
      parts.push(current);
      current = '';
      used = 0;
    }
    for (const codePoint of segment) place(codePoint);
  }
  parts.push(current);
  return parts;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

describe('splitSegments', () => {
  it('joins back to the text, as many parts as countSegments says, none over the part size', () => {
    fc.assert(
      fc.property(text, encoding, partSizes, (input, preference, sizes) => {
        const options = { encoding: preference, partSizes: sizes };
        const count = countSegments(input, options);
        const parts = splitSegments(input, options);
        expect(parts.join('')).toBe(input);
        expect(parts).toHaveLength(count.segments);
        for (const part of parts) expect(unitsOf(part, count.encoding)).toBeLessThanOrEqual(count.perSegment);
        expect(parts.reduce((total, part) => total + unitsOf(part, count.encoding), 0)).toBe(count.units);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the cluster-by-cluster definition', () => {
    fc.assert(
      fc.property(text, encoding, partSizes, (input, preference, sizes) => {
        const options = { encoding: preference, partSizes: sizes };
        const count = countSegments(input, options);
        const size = (sizes ?? DEFAULT_PART_SIZES)[count.encoding];
        expect(splitSegments(input, options)).toEqual(referenceSplit(input, count.encoding, size.single, size.multi));
      }),
      { numRuns: 500 },
    );
  });

  it('never counts fewer parts than the true minimum', () => {
    fc.assert(
      fc.property(text, encoding, partSizes, (input, preference, sizes) => {
        const count = countSegments(input, { encoding: preference, partSizes: sizes });
        const minimum = count.segments === 1 ? 1 : Math.ceil(count.units / count.perSegment);
        expect(count.segments).toBeGreaterThanOrEqual(minimum);
        expect(count.segments).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('only cuts between grapheme clusters, unless a cluster is longer than a part', () => {
    fc.assert(
      fc.property(text, encoding, partSizes, (input, preference, sizes) => {
        const options = { encoding: preference, partSizes: sizes };
        const count = countSegments(input, options);
        const clusterAt = new Map<number, string>();
        for (const { segment, index } of segmenter.segment(input)) clusterAt.set(index, segment);
        const clusters = [...clusterAt.entries()];
        let cut = 0;
        for (const part of splitSegments(input, options).slice(0, -1)) {
          cut += part.length;
          if (clusterAt.has(cut)) continue;
          const [, cluster] = clusters.findLast(([index]) => index < cut)!;
          expect(unitsOf(cluster, count.encoding)).toBeGreaterThan(count.perSegment);
          expect(splitsSurrogatePair(input, cut)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
