import { PesanError } from '../errors/pesan-error.js';
import type { HttpTransport } from '../http/http-transport.js';
import type { Attempt } from '../provider/v1/attempt.js';
import type { Logger } from '../provider/v1/logger.js';
import type { SendContext } from '../provider/v1/send-context.js';
import type { SendWindowStore } from '../resilience/send-window-store.js';
import type { AbortFanout } from '../runtime/abort-fanout.js';
import { CALL_ABORT, CallAbort, type CarriesCallAbort } from '../runtime/call-abort.js';
import type { Clock } from '../runtime/clock.js';
import { startDeadline } from '../runtime/deadline.js';
import type { AttemptSink } from './provider-caller.js';

/** A provider-level attempt, for calls that recorded none of their own. */
export function providerAttempt(provider: string, startedAt: number, endedAt: number, error?: PesanError): Attempt {
  return {
    provider,
    outcome: error ? error.outcome : 'success',
    ...(error ? { errorCode: error.code, reason: error.message } : {}),
    durationMs: Math.max(0, endedAt - startedAt),
    startedAt: new Date(startedAt),
  };
}

/**
 * `context.signal`: the call's abort as an `AbortSignal`, made when first read.
 * One getter shared by every context, so V8 keeps contexts in fast mode (a
 * getter of each context's own, as an object literal writes it, costs about
 * 1 µs a context and slows every read of its fields). Enumerable, so a
 * provider that copies its context (`{ ...ctx }`) copies the signal.
 */
const SIGNAL_OF_CALL_ABORT: PropertyDescriptor = {
  get(this: CarriesCallAbort): AbortSignal | undefined {
    return this[CALL_ABORT]?.signal;
  },
  enumerable: true,
  configurable: true,
};

/** What every call of one messenger shares. */
export interface BoundedCallSettings {
  readonly clock: Clock;
  readonly links: AbortFanout;
  readonly timeoutMs: number;
  readonly logger: Logger;
  readonly endpointGuard: SendContext['endpointGuard'];
  readonly transport: HttpTransport;
  readonly sendWindows: SendWindowStore | undefined;
  readonly delivery: SendContext['delivery'];
}

/**
 * One provider call as the messenger makes it: bounded by
 * `providerTimeoutMs` on the clock whether or not the provider honours its
 * signal, aborted when the caller's signal aborts, and counting the attempts
 * the provider records.
 *
 * On expiry the call's abort fires, one `TIMEOUT` attempt (outcome
 * `unknown`) is recorded for the try that never ended, and {@link run}
 * rejects with that error even if the provider never settles; attempts the
 * abandoned call records later are dropped.
 *
 * The provider gets {@link context}: its `signal` is a getter that makes an
 * `AbortSignal` only if the provider reads it (see `CallAbort`); the
 * provider kit's transport listens to the call's abort directly.
 */
export class BoundedCall {
  /** When the call started, on the clock. */
  readonly startedAt: number;
  /** The context handed to the provider. */
  readonly context: SendContext & CarriesCallAbort;
  #recorded = 0;
  #over = false;
  #reject: ((error: PesanError) => void) | undefined;
  #expiredWith: PesanError | undefined;
  readonly #abort = new CallAbort();
  readonly #cancelDeadline: () => void;
  readonly #unlink: (() => void) | undefined;

  constructor(
    readonly provider: string,
    settings: BoundedCallSettings,
    signal: AbortSignal | undefined,
    sink: AttemptSink | undefined,
    /** A send (validated message, delivery mode, attempts) rather than a read. */
    send: boolean,
  ) {
    const { clock, timeoutMs } = settings;
    this.startedAt = clock.now();
    const abort = this.#abort;
    this.#unlink = signal ? settings.links.link(signal, abort) : undefined;
    const context: SendContext & CarriesCallAbort = {
      [CALL_ABORT]: abort,
      logger: settings.logger,
      endpointGuard: settings.endpointGuard,
      transport: settings.transport,
      sendWindows: settings.sendWindows,
      delivery: send ? settings.delivery : undefined,
      validated: send,
      recordAttempt:
        sink === undefined
          ? undefined
          : (attempt: Attempt) => {
              if (this.#over) return;
              this.#recorded += 1;
              sink(attempt);
            },
    };
    Object.defineProperty(context, 'signal', SIGNAL_OF_CALL_ABORT);
    this.context = context;
    this.#cancelDeadline = startDeadline(clock, timeoutMs, () => {
      const error = new PesanError('TIMEOUT', {
        message: `Provider "${provider}" did not answer within ${timeoutMs} ms; it may have accepted the request.`,
        outcome: 'unknown',
        provider,
        details: { timeoutMs },
      });
      // The try that never ended recorded nothing; earlier tries of the call may have.
      this.context.recordAttempt?.(providerAttempt(provider, this.startedAt, clock.now(), error));
      this.#expiredWith = error;
      abort.abort(error);
      this.#reject?.(error);
    });
  }

  /** Attempts the provider recorded through the context so far. */
  get recorded(): number {
    return this.#recorded;
  }

  /** `pending`, or the expiry's `TIMEOUT` if the call runs out first. */
  run<T>(pending: Promise<T>): Promise<T> {
    if (this.#expiredWith !== undefined) return Promise.reject(this.#expiredWith);
    return new Promise<T>((resolve, reject) => {
      this.#reject = reject;
      pending.then(resolve, reject);
    });
  }

  /** Ends the call: no more attempts, no timer, no link to the caller's signal. */
  end(): void {
    this.#over = true;
    this.#cancelDeadline();
    this.#unlink?.();
  }
}
