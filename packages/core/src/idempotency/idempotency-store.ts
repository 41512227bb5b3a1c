import type { ErrorCode } from '../errors/error-codes.js';
import type { SendResult } from '../provider/v1/send-result.js';

/** An error kept so that a later send with the same key is refused instead of sent again. */
export interface RememberedError {
  code: ErrorCode;
  message: string;
  provider?: string;
  vendorCode?: string;
  vendorMessage?: string;
}

/**
 * What the messenger keeps per idempotency key.
 *
 * - `pending`: a send with this key is under way (possibly in another process).
 * - `sent`: the first send succeeded; later sends return `result`.
 * - `unknown`: the first send ended with outcome `unknown` (the vendor may
 *   have accepted it); later sends are refused with that error rather than
 *   risk a second message.
 *
 * `not_sent` and `rejected` failures are not kept: the key is freed so the
 * caller can retry once the cause is fixed.
 *
 * `fingerprint` (see `messageFingerprint`) identifies the message sent with
 * the key: a later send with the key and another message is refused with
 * `DUPLICATE`. Records without one (written by an older version) match any message.
 */
export type IdempotencyRecord =
  | { state: 'pending'; since: number; fingerprint?: string }
  | { state: 'sent'; result: SendResult; at: number; fingerprint?: string }
  | { state: 'unknown'; error: RememberedError; at: number; fingerprint?: string };

/** One key and the value to store with it, for {@link IdempotencyStore.setManyIfAbsent}. */
export interface IdempotencyEntry<Value = IdempotencyRecord> {
  key: string;
  value: Value;
}

/**
 * Where idempotency keys live. Every method is async so Redis or SQL fits.
 * A shared store must keep values as given (serialise to JSON and back;
 * `Date`s in `result.attempts` come back as strings unless revived).
 */
export interface IdempotencyStore<Value = IdempotencyRecord> {
  /** The value of a live key, if any. */
  get(key: string): Promise<Value | undefined>;
  /**
   * Stores `value` only when `key` is absent or expired, atomically (Redis
   * `SET NX PX`, SQL `INSERT ... ON CONFLICT DO NOTHING`). Resolves whether it stored.
   */
  setIfAbsent(key: string, value: Value, ttlMs: number): Promise<boolean>;
  /**
   * `setIfAbsent` for many keys in one round trip (a Redis pipeline, one SQL
   * statement); each key on its own is atomic, as in `setIfAbsent`. Resolves,
   * in the order given, whether each was stored. The keys are distinct.
   *
   * Optional: campaigns claim a vendor batch's keys with it. Without it the
   * messenger calls `setIfAbsent` for each key, concurrently.
   */
  setManyIfAbsent?(entries: readonly IdempotencyEntry<Value>[], ttlMs: number): Promise<boolean[]>;
  /** Stores `value`, replacing any previous one, for `ttlMs`. */
  set(key: string, value: Value, ttlMs: number): Promise<void>;
  /**
   * `set` for many keys in one round trip. Optional: campaigns record a
   * vendor batch's results with it; without it the messenger calls `set` for
   * each key, concurrently.
   */
  setMany?(entries: readonly IdempotencyEntry<Value>[], ttlMs: number): Promise<void>;
  /** Forgets `key`. */
  delete(key: string): Promise<void>;
}
