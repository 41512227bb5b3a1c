import type { Channel } from '../provider/v1/channel.js';

/** What a live code is checked against. */
export type OtpCodeRecord = OtpHashedCode | OtpNativeCode;

interface OtpCodeFields {
  /** Random id of this code (never derived from it). */
  id: string;
  /** Provider instance that sent the code; absent while the send is under way. */
  provider?: string;
  /** Channel the code went by. */
  channel: Channel;
  /** The vendor's id of the message that carried it, when known. */
  messageId?: string;
  /** When it was sent (ms since the epoch). */
  sentAt: number;
  /** When it stops being valid (ms since the epoch): valid strictly before. */
  expiresAt: number;
  /** Wrong codes tried so far. */
  attempts: number;
  /** The `idempotencyKey` of the send that made it, so a repeat returns the same answer. */
  idempotencyKey?: string;
}

/** A code the messenger made: only its keyed hash is kept. */
export interface OtpHashedCode extends OtpCodeFields {
  kind: 'hash';
  /** HMAC-SHA256 (keyed with the OTP secret) of the salt, number and code, base64url. */
  hash: string;
  /** Random per-code salt, base64url. */
  salt: string;
}

/** A code the provider's vendor made and checks (native OTP): the messenger never sees it. */
export interface OtpNativeCode extends OtpCodeFields {
  kind: 'native';
}

/**
 * What the messenger keeps per recipient: the live code (if any) and the
 * times of recent sends, for the cooldown and the per-window limit. Plain
 * JSON, so a shared store can serialise it as it is.
 */
export interface OtpEntry {
  /** Raised by one on every write; {@link OtpStore.compareAndSet} compares it. */
  version: number;
  /** Send times (ms since the epoch) still inside the window, oldest first. */
  sends: number[];
  /** The live code; absent once used (or before the first send succeeds). */
  code?: OtpCodeRecord;
}

/**
 * Where OTP state lives, one entry per recipient (E.164). Asynchronous so
 * that a shared store fits: in Redis, one key per recipient holding the
 * entry as JSON, written by a Lua script (or `WATCH`/`MULTI`) that compares
 * `version` and sets the value with its expiry in one step.
 */
export interface OtpStore {
  /** The entry of `key`, when there is a live one. */
  get(key: string): Promise<OtpEntry | undefined>;
  /**
   * Writes `entry` for `ttlMs` only when the stored entry's version is
   * `expectedVersion` (`0`: no live entry), atomically. Resolves whether it
   * wrote; `false` means another writer came first, and the caller reads again.
   */
  compareAndSet(key: string, expectedVersion: number, entry: OtpEntry, ttlMs: number): Promise<boolean>;
}
