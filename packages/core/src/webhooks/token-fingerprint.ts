import { createHash } from 'node:crypto';

/**
 * A short, stable stand-in for a secret in logs: the first 8 hex digits of
 * its SHA-256. Enough to tell an old token from the current one, useless for
 * recovering either.
 */
export function tokenFingerprint(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 8)}`;
}
