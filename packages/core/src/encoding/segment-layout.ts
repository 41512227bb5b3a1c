import type { EncodingPreference } from '../provider/v1/encoding-preference.js';
import { chooseEncoding, type TextEncoding } from './encoding-choice.js';
import { gsm7SeptetsOfCodeUnit } from './gsm7-alphabet.js';
import { type PartSizes, resolvePartSizes } from './part-sizes.js';

/** Options of `countSegments` and `splitSegments`. */
export interface SegmentOptions {
  /** `auto` (default) picks GSM-7 when every character fits, else UCS-2. */
  encoding?: EncodingPreference;
  /**
   * Units per part, per encoding; missing encodings keep the GSM 03.40
   * defaults (160/153 septets, 70/67 UTF-16 units).
   */
  partSizes?: Partial<PartSizes>;
}

/** Where the parts of a text end. Shared by the counter and the splitter so they always agree. */
export interface SegmentLayout {
  encoding: TextEncoding;
  units: number;
  perSegment: number;
  /** UTF-16 index where each part ends; the last is `text.length`. */
  ends: number[];
}

let graphemeSegmenter: Intl.Segmenter | undefined;

function graphemesOf(text: string): Intl.Segments {
  graphemeSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return graphemeSegmenter.segment(text);
}

function isHighSurrogate(codeUnit: number): boolean {
  return codeUnit >= 0xd800 && codeUnit <= 0xdbff;
}

function isLowSurrogate(codeUnit: number): boolean {
  return codeUnit >= 0xdc00 && codeUnit <= 0xdfff;
}

// chooseEncoding has checked every code unit of GSM-7 text is in the tables.
function septetsAt(text: string, index: number): number {
  return gsm7SeptetsOfCodeUnit(text.charCodeAt(index)) ?? 1;
}

function unitsOf(text: string, encoding: TextEncoding): number {
  if (encoding === 'ucs2') return text.length;
  let septets = 0;
  for (let index = 0; index < text.length; index++) septets += septetsAt(text, index);
  return septets;
}

/** The furthest index such that `text[start, end)` holds at most `perSegment` units. */
function fill(text: string, start: number, perSegment: number, encoding: TextEncoding): number {
  if (encoding === 'ucs2') return Math.min(start + perSegment, text.length);
  let end = start;
  let used = 0;
  while (end < text.length && used + septetsAt(text, end) <= perSegment) used += septetsAt(text, end++);
  return end;
}

/**
 * Places `text` into SMS parts. A text that fits the single-part size is one
 * part. Otherwise each part takes as many whole grapheme clusters as fit, so a
 * surrogate pair, a GSM escape pair, an emoji with its modifiers or a flag
 * never straddles two parts: a cluster that does not fit the rest of a part
 * starts the next one. A cluster larger than a whole part starts a new part
 * and is cut at code-point boundaries (never inside a surrogate pair).
 */
export function layoutSegments(text: string, options: SegmentOptions = {}): SegmentLayout {
  const encoding = chooseEncoding(text, options.encoding);
  const sizes = resolvePartSizes(options.partSizes)[encoding];
  const units = unitsOf(text, encoding);
  if (units <= sizes.single) return { encoding, units, perSegment: sizes.single, ends: [text.length] };

  // Only the clusters around each cut matter, so look them up there instead
  // of walking every cluster of a long text.
  const graphemes = graphemesOf(text);
  const perSegment = sizes.multi;
  const ends: number[] = [];
  let start = 0;
  for (;;) {
    let end = fill(text, start, perSegment, encoding);
    if (end >= text.length) break;
    const cluster = graphemes.containing(end)!;
    if (cluster.index > start) {
      end = cluster.index;
    } else if (isHighSurrogate(text.charCodeAt(end - 1)) && isLowSurrogate(text.charCodeAt(end))) {
      // Inside a cluster longer than a whole part: cut it between code points.
      end -= 1;
    }
    ends.push(end);
    start = end;
  }
  ends.push(text.length);
  return { encoding, units, perSegment, ends };
}
