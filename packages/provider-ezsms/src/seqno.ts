import { createHash } from 'node:crypto';

/** The vendor stores at most this many characters of a seqno. */
export const SEQNO_MAX_LENGTH = 20;

const PLAIN_KEY = /^[A-Za-z0-9_-]{1,20}$/;
const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * Derives the vendor's `seqno` from an idempotency key, deterministically, so
 * a retry of the same logical message carries the same seqno and the vendor
 * answers `1718` instead of sending twice.
 *
 * A key of at most 20 characters from `[A-Za-z0-9_-]` is used as it is (so it
 * can be found in the vendor's portal); any other key becomes the first 20
 * characters of the lower-case base32 of its SHA-256 (100 bits).
 */
export function seqnoFromIdempotencyKey(idempotencyKey: string): string {
  if (PLAIN_KEY.test(idempotencyKey)) return idempotencyKey;
  const digest = createHash('sha256').update(idempotencyKey, 'utf8').digest();
  return base32(digest).slice(0, SEQNO_MAX_LENGTH);
}

/**
 * The seqno of a grouped request (one `ISendSMSNoDR.aspx` call for several
 * messages): a hash over every message's key, in order, so the same chunk
 * retried dedupes. `undefined` when any message has no key: the chunk is then
 * sent without a seqno.
 */
export function seqnoForGroup(idempotencyKeys: readonly (string | undefined)[]): string | undefined {
  if (idempotencyKeys.length === 0 || idempotencyKeys.some((key) => key === undefined)) return undefined;
  if (idempotencyKeys.length === 1) return seqnoFromIdempotencyKey(idempotencyKeys[0] as string);
  const digest = createHash('sha256')
    .update(JSON.stringify(['group', ...idempotencyKeys]), 'utf8')
    .digest();
  return base32(digest).slice(0, SEQNO_MAX_LENGTH);
}

function base32(bytes: Uint8Array): string {
  let output = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) output += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return output;
}
