import { inject, injectable } from 'tsyringe';
import { TOKENS } from '../di/tokens.js';
import { PesanError } from '../errors/pesan-error.js';
import { ResolvedMessengerOptions } from '../messenger/resolved-messenger-options.js';
import type { Logger } from '../provider/v1/logger.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { SendResult } from '../provider/v1/send-result.js';
import type { Clock } from '../runtime/clock.js';
import type { IdempotencyEntry, IdempotencyRecord, IdempotencyStore } from './idempotency-store.js';
import { messageFingerprint } from './message-fingerprint.js';

/** Options of {@link IdempotencyGuard}. */
export interface IdempotencyGuardOptions {
  /** How long a key is remembered. Default 24 h, as long as vendor deduplication windows. */
  idempotencyTtlMs: number;
}

/** How a send ended, as the guard records it. */
export type SendOutcome = { ok: true; result: SendResult } | { ok: false; error: PesanError };

/**
 * The answer to "may I send with this key?": either this caller owns the key
 * and must `settle` it, or the answer is already decided (the first result, a
 * wait for a send in flight, or a refusal).
 */
export type IdempotencyClaim =
  | { kind: 'owner'; settle(outcome: SendOutcome): Promise<void> }
  | { kind: 'replay'; result: Promise<SendResult> };

/** A claim of {@link IdempotencyGuard.claimMany}: as `claim`'s, or the error `claim` would have thrown. */
export type IdempotencyBatchClaim = IdempotencyClaim | { kind: 'failed'; error: PesanError };

/** How the send of a claimed key ended, for {@link IdempotencyGuard.settleMany}. */
export interface IdempotencySettlement {
  readonly key: string;
  readonly outcome: SendOutcome;
}

/** A key to claim and the message it is for (validated, as it will be sent). */
export interface IdempotencyRequest {
  readonly key: string;
  readonly message: OutboundMessage;
}

/**
 * A key being sent in this process. Its promise, which concurrent
 * duplicates wait on, is made only when one asks: most keys never have one.
 */
class InFlight {
  private outcome: SendOutcome | undefined;
  private waiting:
    | { promise: Promise<SendResult>; resolve(result: SendResult): void; reject(error: PesanError): void }
    | undefined;

  constructor(readonly fingerprint: string) {}

  get promise(): Promise<SendResult> {
    if (this.waiting) return this.waiting.promise;
    let resolve!: (result: SendResult) => void;
    let reject!: (error: PesanError) => void;
    const promise = new Promise<SendResult>((onResolve, onReject) => {
      resolve = onResolve;
      reject = onReject;
    });
    // Whoever asked may stop waiting; a rejection must not surface as unhandled.
    promise.catch(() => {});
    this.waiting = { promise, resolve, reject };
    if (this.outcome?.ok) resolve(this.outcome.result);
    else if (this.outcome) reject(this.outcome.error);
    return promise;
  }

  resolve(result: SendResult): void {
    this.outcome = { ok: true, result };
    this.waiting?.resolve(result);
  }

  reject(error: PesanError): void {
    this.outcome = { ok: false, error };
    this.waiting?.reject(error);
  }
}

function inFlight(fingerprint: string): InFlight {
  return new InFlight(fingerprint);
}

/** The record of a key claimed at `since` and being sent. */
function pendingRecord(fingerprint: string, since: number): IdempotencyRecord {
  return { state: 'pending', since, fingerprint };
}

function keyReused(key: string): PesanError {
  return new PesanError('DUPLICATE', {
    message: 'idempotency key reused with a different message',
    outcome: 'rejected',
    retryable: false,
    details: { idempotencyKey: key },
  });
}

/** The record a send settled at `at` leaves: its result, or its `unknown` error; none (the key is freed) otherwise. */
function finalRecord(entry: InFlight, outcome: SendOutcome, at: number): IdempotencyRecord | undefined {
  if (outcome.ok) return { state: 'sent', result: outcome.result, at, fingerprint: entry.fingerprint };
  if (outcome.error.outcome !== 'unknown') return undefined;
  const { code, message, provider, vendorCode, vendorMessage } = outcome.error;
  const error = { code, message, provider, vendorCode, vendorMessage };
  return { state: 'unknown', error, at, fingerprint: entry.fingerprint };
}

/**
 * The messenger's idempotency: the same `idempotencyKey` sends at most once.
 *
 * - The key belongs to one message (its `messageFingerprint`): a send with
 *   the key and a different message is refused with `DUPLICATE`, outcome
 *   `rejected`, and nothing is sent. The rules below are for the same message.
 * - A second send with a key whose first send succeeded gets the first
 *   result; nothing is sent.
 * - A concurrent duplicate in this process waits for the first and gets the
 *   same result, or the same error.
 * - A failure with outcome `not_sent` or `rejected` frees the key: nothing
 *   reached a vendor, so a later retry is allowed.
 * - A failure with outcome `unknown` is remembered for the TTL: a vendor may
 *   have billed it, so a later send with the key is refused with that error
 *   instead of risking a second message. Use a new key to send anyway.
 * - A key that is `pending` in the store but not in flight here (another
 *   process, or one that crashed mid-send) is refused with `DUPLICATE`,
 *   outcome `unknown`.
 */
@injectable()
export class IdempotencyGuard {
  private readonly inFlight = new Map<string, InFlight>();

  constructor(
    @inject(TOKENS.IdempotencyStore) private readonly store: IdempotencyStore,
    @inject(ResolvedMessengerOptions) private readonly options: IdempotencyGuardOptions,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  /** Claims `key` for sending `message` (validated, as it will be sent). */
  async claim(key: string, message: OutboundMessage): Promise<IdempotencyClaim> {
    const fingerprint = messageFingerprint(message);
    const joined = this.join(key, fingerprint);
    if (joined) return joined;
    const entry = this.register(key, fingerprint);
    try {
      const stored = await this.store.setIfAbsent(key, this.pending(fingerprint), this.options.idempotencyTtlMs);
      return await this.decide(key, entry, stored);
    } catch (error) {
      throw this.abandon(key, entry, error);
    }
  }

  /**
   * Claims many keys as `claim` does each, in one round trip to a store
   * with `setManyIfAbsent` (keys already taken cost a read each, as in
   * `claim`). Answers in the order of `requests`; never rejects: a key the
   * store failed to claim is `failed`, with the error `claim` would throw.
   * A key given twice is claimed once; the second waits for the first.
   */
  async claimMany(requests: readonly IdempotencyRequest[]): Promise<IdempotencyBatchClaim[]> {
    const claims: IdempotencyBatchClaim[] = new Array(requests.length);
    const positions: number[] = [];
    const entries: InFlight[] = [];
    const records: IdempotencyEntry[] = [];
    // One reading for the batch: its keys are claimed in the same instant, in one round trip.
    const since = this.clock.now();
    for (let position = 0; position < requests.length; position++) {
      const { key, message } = requests[position]!;
      const fingerprint = messageFingerprint(message);
      const joined = this.join(key, fingerprint);
      if (joined) {
        claims[position] = joined;
        continue;
      }
      positions.push(position);
      entries.push(this.register(key, fingerprint));
      records.push({ key, value: pendingRecord(fingerprint, since) });
    }
    if (records.length === 0) return claims;
    let stored: boolean[];
    try {
      stored = await this.setManyIfAbsent(records);
    } catch (error) {
      for (let owned = 0; owned < records.length; owned++) {
        claims[positions[owned]!] = {
          kind: 'failed',
          error: this.abandon(records[owned]!.key, entries[owned]!, error),
        };
      }
      return claims;
    }
    // Taken keys need a read each; those reads run together (a pending key may be waited for).
    const taken: Promise<void>[] = [];
    for (let owned = 0; owned < records.length; owned++) {
      const { key } = records[owned]!;
      const entry = entries[owned]!;
      const position = positions[owned]!;
      if (stored[owned]) {
        claims[position] = { kind: 'owner', settle: (outcome) => this.settle(key, entry, outcome) };
        continue;
      }
      taken.push(
        this.decide(key, entry, false).then(
          (claim) => {
            claims[position] = claim;
          },
          (error: unknown) => {
            claims[position] = { kind: 'failed', error: this.abandon(key, entry, error) };
          },
        ),
      );
    }
    await Promise.all(taken);
    return claims;
  }

  /** The claim of a key already in flight in this process: its result, or a refusal for another message. */
  private join(key: string, fingerprint: string): IdempotencyClaim | undefined {
    const running = this.inFlight.get(key);
    if (!running) return undefined;
    if (running.fingerprint === fingerprint) return { kind: 'replay', result: running.promise };
    const refused = inFlight(fingerprint);
    refused.reject(keyReused(key));
    return { kind: 'replay', result: refused.promise };
  }

  /** Registers a key as in flight, before the first await, so a concurrent claim in this process waits for it. */
  private register(key: string, fingerprint: string): InFlight {
    const entry = inFlight(fingerprint);
    this.inFlight.set(key, entry);
    return entry;
  }

  private pending(fingerprint: string): IdempotencyRecord {
    return pendingRecord(fingerprint, this.clock.now());
  }

  private async setManyIfAbsent(records: readonly IdempotencyEntry[]): Promise<boolean[]> {
    const ttlMs = this.options.idempotencyTtlMs;
    if (!this.store.setManyIfAbsent) {
      return Promise.all(records.map(({ key, value }) => this.store.setIfAbsent(key, value, ttlMs)));
    }
    const stored = await this.store.setManyIfAbsent(records, ttlMs);
    if (!Array.isArray(stored) || stored.length !== records.length) {
      throw new TypeError(`setManyIfAbsent answered ${String(stored?.length)} values for ${records.length} keys`);
    }
    return stored;
  }

  /** Owner when `stored`; otherwise the key's record decides (a replay or a refusal). */
  private async decide(key: string, entry: InFlight, stored: boolean): Promise<IdempotencyClaim> {
    // Twice at most: a key may expire between a failed setIfAbsent and the get.
    for (let round = 0; ; round++) {
      if (stored) return { kind: 'owner', settle: (outcome) => this.settle(key, entry, outcome) };
      const existing = await this.store.get(key);
      if (existing !== undefined) {
        this.inFlight.delete(key);
        if (existing.fingerprint !== undefined && existing.fingerprint !== entry.fingerprint) {
          entry.reject(keyReused(key));
        } else if (existing.state === 'sent') entry.resolve(existing.result);
        else entry.reject(this.refusal(key, existing));
        return { kind: 'replay', result: entry.promise };
      }
      if (round === 1) {
        throw new PesanError('DUPLICATE', {
          message: `Idempotency key ${JSON.stringify(key)} could not be claimed`,
          outcome: 'unknown',
          retryable: true,
          details: { idempotencyKey: key },
        });
      }
      stored = await this.store.setIfAbsent(key, this.pending(entry.fingerprint), this.options.idempotencyTtlMs);
    }
  }

  /** Forgets a key whose claim failed; the error to report (a store failure means nothing was sent). */
  private abandon(key: string, entry: InFlight, error: unknown): PesanError {
    this.inFlight.delete(key);
    const failure = PesanError.isInstance(error)
      ? error
      : new PesanError('UNKNOWN', {
          message: 'The idempotency store failed; nothing was sent',
          outcome: 'not_sent',
          cause: error,
          details: { idempotencyKey: key },
        });
    entry.reject(failure);
    return failure;
  }

  /**
   * Settles many keys this guard gave out as `owner` (what each claim's
   * `settle` does), writing their records in one round trip to a store with
   * `setMany`. A key not in flight here is skipped.
   */
  async settleMany(settlements: readonly IdempotencySettlement[]): Promise<void> {
    const entries: (InFlight | undefined)[] = new Array(settlements.length);
    const writes: IdempotencyEntry[] = [];
    const forgotten: string[] = [];
    // One reading for the batch: its sends ended together, and their records are written in one round trip.
    const at = this.clock.now();
    for (let position = 0; position < settlements.length; position++) {
      const { key, outcome } = settlements[position]!;
      const entry = this.inFlight.get(key);
      entries[position] = entry;
      if (!entry) continue;
      const record = finalRecord(entry, outcome, at);
      if (record) writes.push({ key, value: record });
      else forgotten.push(key);
    }
    const ttlMs = this.options.idempotencyTtlMs;
    try {
      if (writes.length > 0) {
        if (this.store.setMany) await this.store.setMany(writes, ttlMs);
        else await Promise.all(writes.map(({ key, value }) => this.store.set(key, value, ttlMs)));
      }
      if (forgotten.length > 0) await Promise.all(forgotten.map((key) => this.store.delete(key)));
    } catch (error) {
      // The sends themselves are over; a store failure must not change their results.
      this.logger.error('pesan: the idempotency store failed to record sends', {
        idempotencyKeys: settlements.length,
        firstKey: settlements[0]?.key,
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      for (let position = 0; position < settlements.length; position++) {
        const entry = entries[position];
        if (!entry) continue;
        const { key, outcome } = settlements[position]!;
        this.inFlight.delete(key);
        if (outcome.ok) entry.resolve(outcome.result);
        else entry.reject(outcome.error);
      }
    }
  }

  private async settle(key: string, entry: InFlight, outcome: SendOutcome): Promise<void> {
    // The store is updated before waiters are released, so a send that starts
    // after the first one ends finds the final record, never `pending`.
    try {
      const record = finalRecord(entry, outcome, this.clock.now());
      if (record) await this.store.set(key, record, this.options.idempotencyTtlMs);
      else await this.store.delete(key);
    } catch (error) {
      // The send itself is over; a store failure must not change its result.
      this.logger.error('pesan: the idempotency store failed to record a send', {
        idempotencyKey: key,
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      this.inFlight.delete(key);
      if (outcome.ok) entry.resolve(outcome.result);
      else entry.reject(outcome.error);
    }
  }

  private refusal(key: string, record: Exclude<IdempotencyRecord, { state: 'sent' }>): PesanError {
    if (record.state === 'pending') {
      return new PesanError('DUPLICATE', {
        message: `A send with idempotency key ${JSON.stringify(key)} is in progress elsewhere or was interrupted; not sending again`,
        outcome: 'unknown',
        retryable: true,
        details: { idempotencyKey: key },
      });
    }
    return new PesanError(record.error.code, {
      message: `An earlier send with idempotency key ${JSON.stringify(key)} ended with an unknown outcome (${record.error.message}); not sending again`,
      outcome: 'unknown',
      retryable: false,
      provider: record.error.provider,
      vendorCode: record.error.vendorCode,
      vendorMessage: record.error.vendorMessage,
      details: { idempotencyKey: key, replayed: true },
    });
  }
}
