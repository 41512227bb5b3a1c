import { PesanError } from '../errors/pesan-error.js';

/** How many SMS parts one sender (a SIM) may send in a sliding window. */
export interface SendWindowLimit {
  /** Parts per window: an integer > 0. */
  maxCount: number;
  /** Window length in milliseconds: an integer > 0. */
  intervalMs: number;
}

/** What {@link SendWindowStore.reserve} answers. */
export type SendWindowReservation =
  | {
      /** The parts are counted. */
      readonly granted: true;
      /** Names the reservation for {@link SendWindowStore.release}. */
      readonly id: string;
      /** Parts in the window now, these included. */
      readonly used: number;
    }
  | {
      /** Nothing was counted: the parts do not fit now. */
      readonly granted: false;
      /**
       * Milliseconds until enough parts slide out of the window for these to
       * fit (if nobody takes them first); `Infinity` when they never can,
       * being more than `maxCount`.
       */
      readonly waitMs: number;
      /** Parts in the window now. */
      readonly used: number;
    };

/**
 * Sliding windows of SMS parts that several processes can share, keyed by
 * sender (the device gateway uses provider id, phone and SIM slot), so that
 * N messengers together never send more than `maxCount` parts in any
 * `intervalMs` from one SIM. Parts are counted when a send starts and given
 * back only when the message was certainly not sent.
 *
 * `reserve` must be atomic (Redis: one Lua script), so concurrent
 * reservations from any number of instances cannot overshoot. Pass one as
 * the messenger's `stores.sendWindows`, or to a provider that takes it.
 */
export interface SendWindowStore {
  /**
   * Counts `parts` in window `key` if they fit under `limit` now, and
   * otherwise counts nothing and says how long until they would. Throws
   * `PesanError` `INVALID_CONFIG` for an empty key, parts that are not an
   * integer > 0, or a limit that is not two integers > 0.
   */
  reserve(key: string, parts: number, limit: SendWindowLimit): Promise<SendWindowReservation>;
  /** Gives back a granted reservation (a message that was certainly not sent); an unknown or expired one is ignored. */
  release(key: string, id: string): Promise<void>;
  /** Parts counted in window `key` now (`limit.intervalMs` is the window's length). */
  used(key: string, limit: SendWindowLimit): Promise<number>;
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/**
 * Checks the arguments of {@link SendWindowStore.reserve} (of `used` when
 * `parts` is left out), as every store must: `PesanError` `INVALID_CONFIG`
 * naming what is wrong, never the values.
 */
export function assertSendWindowArguments(request: { key: string; limit: SendWindowLimit; parts?: number }): void {
  const problems: string[] = [];
  if (typeof request.key !== 'string' || request.key === '') problems.push('key must be a non-empty string');
  if ('parts' in request && !isPositiveInteger(request.parts)) problems.push('parts must be an integer > 0');
  if (!isPositiveInteger(request.limit?.maxCount)) problems.push('limit.maxCount must be an integer > 0');
  if (!isPositiveInteger(request.limit?.intervalMs)) problems.push('limit.intervalMs must be an integer > 0');
  if (problems.length === 0) return;
  throw new PesanError('INVALID_CONFIG', {
    message: `Invalid send window request: ${problems.join('; ')}`,
    details: { problems },
  });
}
