import { layoutSegments, type SegmentOptions } from './segment-layout.js';

/**
 * Splits `text` into the texts of its SMS parts (without concatenation
 * headers), the way {@link countSegments} counts them: whole grapheme clusters
 * per part, no part over the part size, and `parts.join('') === text`. The
 * empty text is one empty part, `['']`.
 *
 * @example
 * ```ts
 * splitSegments('a'.repeat(152) + '€'); // ['a' x 152, '€']: the escape pair moves whole
 * ```
 */
export function splitSegments(text: string, options: SegmentOptions = {}): string[] {
  const { ends } = layoutSegments(text, options);
  const parts: string[] = [];
  let start = 0;
  for (const end of ends) {
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts;
}
