import { PesanError } from '../errors/pesan-error.js';

/** Furthest ahead `sendAt` may be: 35 days. */
export const MAX_SEND_AT_AHEAD_MS = 35 * 24 * 60 * 60 * 1000;

/**
 * `sendAt` in milliseconds since the epoch, checked against `now`: a time in
 * the past, or more than 35 days ahead, is `INVALID_MESSAGE` (nothing is held
 * or sent).
 */
export function sendAtTime(sendAt: Date | string | number, now: number): number {
  const at = sendAt instanceof Date ? sendAt.getTime() : typeof sendAt === 'number' ? sendAt : Date.parse(sendAt);
  if (!Number.isFinite(at)) {
    throw new PesanError('INVALID_MESSAGE', { message: `sendAt is not a time: ${String(sendAt)}` });
  }
  if (at < now) {
    throw new PesanError('INVALID_MESSAGE', {
      message: `sendAt ${new Date(at).toISOString()} is in the past`,
      details: { sendAt: new Date(at).toISOString(), now: new Date(now).toISOString() },
    });
  }
  if (at - now > MAX_SEND_AT_AHEAD_MS) {
    throw new PesanError('INVALID_MESSAGE', {
      message: `sendAt ${new Date(at).toISOString()} is more than 35 days ahead`,
      details: { sendAt: new Date(at).toISOString(), now: new Date(now).toISOString() },
    });
  }
  return at;
}
