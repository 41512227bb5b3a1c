/** What reading a callback body came to. */
export type BodyRead =
  | { body: string }
  | { refused: 'too-large' }
  | { refused: 'timeout' }
  | { refused: 'unreadable'; error: unknown };

/**
 * Whether a declared `Content-Length` is over `limit`, so the body can be
 * refused before a byte of it is read. An absent or unreadable header says
 * nothing: the reader still counts what arrives.
 */
export function declaredTooLarge(contentLength: string | null | undefined, limit: number): boolean {
  if (!contentLength || !/^\s*\d+\s*$/.test(contentLength)) return false;
  return Number(contentLength) > limit;
}
