import { inject, injectable } from 'tsyringe';
import { TOKENS } from '../di/tokens.js';
import { PesanError } from '../errors/pesan-error.js';
import { ResolvedMessengerOptions } from '../messenger/resolved-messenger-options.js';
import type { Logger } from '../provider/v1/logger.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { SendResult } from '../provider/v1/send-result.js';
import type { Clock } from '../runtime/clock.js';
import type { IdempotencyRecord, IdempotencyStore } from './idempotency-store.js';
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

interface InFlight {
  readonly fingerprint: string;
  readonly promise: Promise<SendResult>;
  resolve(result: SendResult): void;
  reject(error: PesanError): void;
}

function inFlight(fingerprint: string): InFlight {
  let resolve!: (result: SendResult) => void;
  let reject!: (error: PesanError) => void;
  const promise = new Promise<SendResult>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  // Nobody may be waiting; a rejection must not surface as unhandled.
  promise.catch(() => {});
  return { fingerprint, promise, resolve, reject };
}

function keyReused(key: string): PesanError {
  return new PesanError('DUPLICATE', {
    message: 'idempotency key reused with a different message',
    outcome: 'rejected',
    retryable: false,
    details: { idempotencyKey: key },
  });
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
    const running = this.inFlight.get(key);
    if (running) {
      if (running.fingerprint === fingerprint) return { kind: 'replay', result: running.promise };
      const refused = inFlight(fingerprint);
      refused.reject(keyReused(key));
      return { kind: 'replay', result: refused.promise };
    }
    // Registered before the first await, so a concurrent claim in this process waits for this one.
    const entry = inFlight(fingerprint);
    this.inFlight.set(key, entry);
    try {
      // Twice at most: a key may expire between a failed setIfAbsent and the get.
      for (let round = 0; round < 2; round++) {
        const pending: IdempotencyRecord = { state: 'pending', since: this.clock.now(), fingerprint };
        if (await this.store.setIfAbsent(key, pending, this.options.idempotencyTtlMs)) {
          return { kind: 'owner', settle: (outcome) => this.settle(key, entry, outcome) };
        }
        const existing = await this.store.get(key);
        if (existing === undefined) continue;
        this.inFlight.delete(key);
        if (existing.fingerprint !== undefined && existing.fingerprint !== fingerprint) entry.reject(keyReused(key));
        else if (existing.state === 'sent') entry.resolve(existing.result);
        else entry.reject(this.refusal(key, existing));
        return { kind: 'replay', result: entry.promise };
      }
      throw new PesanError('DUPLICATE', {
        message: `Idempotency key ${JSON.stringify(key)} could not be claimed`,
        outcome: 'unknown',
        retryable: true,
        details: { idempotencyKey: key },
      });
    } catch (error) {
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
      throw failure;
    }
  }

  private async settle(key: string, entry: InFlight, outcome: SendOutcome): Promise<void> {
    // The store is updated before waiters are released, so a send that starts
    // after the first one ends finds the final record, never `pending`.
    try {
      if (outcome.ok) {
        await this.store.set(
          key,
          { state: 'sent', result: outcome.result, at: this.clock.now(), fingerprint: entry.fingerprint },
          this.options.idempotencyTtlMs,
        );
      } else if (outcome.error.outcome === 'unknown') {
        const { code, message, provider, vendorCode, vendorMessage } = outcome.error;
        const error = { code, message, provider, vendorCode, vendorMessage };
        await this.store.set(
          key,
          { state: 'unknown', error, at: this.clock.now(), fingerprint: entry.fingerprint },
          this.options.idempotencyTtlMs,
        );
      } else {
        await this.store.delete(key);
      }
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
