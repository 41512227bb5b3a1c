/**
 * How many SMS parts the sandbox bills per recipient. An approximation of the
 * vendor's own rule, which the spec does not give: text counts characters
 * (160, then 153 per part), Unicode counts UTF-16 units (70, then 67), binary
 * counts bytes (140 per part, UDH included).
 */
export function sandboxParts(encoding: 'text' | 'unicode' | 'binary', length: number): number {
  if (encoding === 'binary') return Math.max(1, Math.ceil(length / 140));
  const [single, multi] = encoding === 'text' ? [160, 153] : [70, 67];
  return length <= single ? 1 : Math.ceil(length / multi);
}
