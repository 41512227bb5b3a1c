import { layoutSegments, type SegmentOptions } from './segment-layout.js';

/** The result of {@link countSegments}; assignable to the provider contract's `SegmentInfo`. */
export interface SegmentCount {
  /** The encoding the text is sent in. */
  encoding: 'gsm7' | 'ucs2';
  /** Length in GSM-7 septets (extension characters count two) or UTF-16 code units. */
  units: number;
  /** Number of SMS parts; 1 for the empty text. */
  segments: number;
  /** Units per part used: the single-part size when `segments` is 1, else the multipart size. */
  perSegment: number;
}

/**
 * Counts the SMS parts of `text` by the GSM 03.38/03.40 rules, exactly as
 * {@link splitSegments} splits it: `countSegments(t).segments ===
 * splitSegments(t).length` always. Because grapheme clusters are never split
 * across parts, `segments` can exceed `ceil(units / perSegment)`.
 *
 * Throws `PesanError` `INVALID_MESSAGE` when `encoding: 'gsm7'` is forced on
 * text that GSM-7 cannot carry.
 *
 * @example
 * ```ts
 * countSegments('Hello');          // { encoding: 'gsm7', units: 5, segments: 1, perSegment: 160 }
 * countSegments('€'.repeat(80));    // { encoding: 'gsm7', units: 160, segments: 1, perSegment: 160 }
 * countSegments('你好'.repeat(40));  // { encoding: 'ucs2', units: 80, segments: 2, perSegment: 67 }
 * ```
 */
export function countSegments(text: string, options: SegmentOptions = {}): SegmentCount {
  const layout = layoutSegments(text, options);
  return {
    encoding: layout.encoding,
    units: layout.units,
    segments: layout.ends.length,
    perSegment: layout.perSegment,
  };
}
