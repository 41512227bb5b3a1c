import { inject, injectable } from 'tsyringe';
import { TOKENS } from '../di/tokens.js';
import { PesanError } from '../errors/pesan-error.js';
import { HttpTransport } from '../http/http-transport.js';
import type { Attempt } from '../provider/v1/attempt.js';
import type { BulkResult } from '../provider/v1/bulk-result.js';
import type { Logger } from '../provider/v1/logger.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { CallContext, SendContext } from '../provider/v1/send-context.js';
import type { SendResult } from '../provider/v1/send-result.js';
import { EndpointCircuitBreakers } from '../resilience/endpoint-circuit-breakers.js';
import { ProviderLimiter } from '../resilience/provider-limiter.js';
import { AbortFanout } from '../runtime/abort-fanout.js';
import { CALL_ABORT, CallAbort, type CarriesCallAbort } from '../runtime/call-abort.js';
import type { Clock } from '../runtime/clock.js';
import { startDeadline } from '../runtime/deadline.js';
import { providerFailure } from './provider-failure.js';
import { ResolvedMessengerOptions } from './resolved-messenger-options.js';

function noop(): void {}

/** Receives each attempt of one call as it ends. */
export type AttemptSink = (attempt: Attempt) => void;

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

function carriedAttempts(error: PesanError): Attempt[] {
  const attempts = error.details?.attempts;
  return Array.isArray(attempts) ? (attempts as Attempt[]) : [];
}

/**
 * Calls one provider the way the messenger always does: through its rate
 * limit and concurrency cap, with the circuit breakers as endpoint guard, the
 * delivery mode, the abort signal and an attempt recorder in the context.
 *
 * Every call is bounded by `providerTimeoutMs` on the injected clock, whether or not
 * the provider honours its signal: on expiry the call's signal is aborted
 * and the call fails with `TIMEOUT`, outcome `unknown`.
 *
 * Attempts are never double-counted: what the provider records through
 * `ctx.recordAttempt` (normally the transport, one per endpoint) is used; only
 * when it recorded nothing does the caller add the attempts the provider
 * returned or threw, or else one provider-level attempt.
 */
@injectable()
export class ProviderCaller {
  // Links each call's signal to its caller's without AbortSignal.any, which leaks in Node 20.
  private readonly links = new AbortFanout();

  constructor(
    @inject(ProviderLimiter) private readonly limiter: ProviderLimiter,
    @inject(EndpointCircuitBreakers) private readonly guard: EndpointCircuitBreakers,
    @inject(ResolvedMessengerOptions) private readonly options: ResolvedMessengerOptions,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(TOKENS.HttpTransport) private readonly transport: HttpTransport,
  ) {}

  /** `provider.send` with limits, guard and attempts. Rejects with a `PesanError`. */
  async send(
    provider: ProviderV1,
    message: OutboundMessage,
    signal: AbortSignal,
    sink: AttemptSink,
  ): Promise<SendResult> {
    return this.limited(provider, signal, sink, async (context, recorded) => {
      const startedAt = this.clock.now();
      try {
        const result = await this.bounded(provider, context, (bounded) => provider.send(message, bounded));
        if (recorded() === 0) {
          if (result.attempts?.length) for (const attempt of result.attempts) sink(attempt);
          else sink(providerAttempt(provider.id, startedAt, this.clock.now()));
        }
        return result;
      } catch (thrown) {
        throw this.failed(provider, thrown, startedAt, recorded, sink);
      }
    });
  }

  /**
   * `provider.sendBulk` for one chunk. The chunk's attempts go to `sink`
   * once; per-item attempts are up to the caller.
   */
  async sendBulk(
    provider: ProviderV1,
    messages: OutboundMessage[],
    signal: AbortSignal,
    sink: AttemptSink,
  ): Promise<{ result: BulkResult; recordedAttempts: number }> {
    const sendBulk = provider.sendBulk;
    if (!sendBulk) throw new TypeError(`provider "${provider.id}" has no sendBulk`);
    return this.limited(provider, signal, sink, async (context, recorded) => {
      const startedAt = this.clock.now();
      try {
        const result = await this.bounded(provider, context, (bounded) => sendBulk.call(provider, messages, bounded));
        return { result, recordedAttempts: recorded() };
      } catch (thrown) {
        throw this.failed(provider, thrown, startedAt, recorded, sink);
      }
    });
  }

  /** A non-send call (balance, status): guard and signal, no rate limit. */
  async call<T>(provider: ProviderV1, signal: AbortSignal, run: (context: CallContext) => Promise<T>): Promise<T> {
    try {
      return await this.bounded(
        provider,
        {
          signal,
          logger: this.logger,
          endpointGuard: this.guard,
          transport: this.transport,
          sendWindows: this.options.sendWindows,
        },
        run,
      );
    } catch (thrown) {
      throw providerFailure(thrown, provider.id);
    }
  }

  /**
   * `call` with `context.signal` replaced by one that also aborts when
   * `timeoutMs` runs out; rejects with `TIMEOUT` then even if the call never settles.
   */
  private async bounded<Context extends CallContext, T>(
    provider: ProviderV1,
    context: Context,
    call: (context: Context) => Promise<T>,
  ): Promise<T> {
    const timeoutMs = this.options.providerTimeoutMs;
    const startedAt = this.clock.now();
    const record = context.recordAttempt;
    // One abort per call: it follows the caller's signal and fires on expiry. It becomes an
    // AbortSignal only if the provider reads `signal`; the provider kit listens without one.
    const callAbort = new CallAbort();
    const unlink = context.signal ? this.links.link(context.signal, callAbort) : undefined;
    let expire!: (error: PesanError) => void;
    // Rejected only on expiry; until then it costs no timer promise or listener of its own.
    const expired = new Promise<never>((_, reject) => {
      expire = reject;
    });
    const cancelDeadline = startDeadline(this.clock, timeoutMs, () => {
      const error = new PesanError('TIMEOUT', {
        message: `Provider "${provider.id}" did not answer within ${timeoutMs} ms; it may have accepted the request.`,
        outcome: 'unknown',
        provider: provider.id,
        details: { timeoutMs },
      });
      // The try that never ended recorded nothing; earlier tries of the call may have.
      record?.(providerAttempt(provider.id, startedAt, this.clock.now(), error));
      callAbort.abort(error);
      expire(error);
    });
    // A call abandoned on expiry may still record attempts: they no longer belong to this call.
    let over = false;
    const bounded: Context & CarriesCallAbort = {
      ...context,
      get signal(): AbortSignal {
        return callAbort.signal;
      },
      [CALL_ABORT]: callAbort,
      ...(record
        ? {
            recordAttempt: (attempt: Attempt) => {
              if (!over) record(attempt);
            },
          }
        : {}),
    };
    try {
      return await Promise.race([call(bounded), expired]);
    } finally {
      over = true;
      cancelDeadline();
      unlink?.();
    }
  }

  private async limited<T>(
    provider: ProviderV1,
    signal: AbortSignal,
    sink: AttemptSink,
    run: (context: SendContext, recorded: () => number) => Promise<T>,
  ): Promise<T> {
    let release = noop;
    // A provider without limits is not awaited: that would only cost a turn of the microtask queue.
    if (this.limiter.limits(provider.id)) release = await this.acquire(provider, signal, sink);
    let count = 0;
    // The messenger validated the message already: `validated` spares the provider a second pass.
    const context: SendContext = {
      signal,
      logger: this.logger,
      endpointGuard: this.guard,
      transport: this.transport,
      sendWindows: this.options.sendWindows,
      delivery: this.options.delivery,
      validated: true,
      recordAttempt: (attempt) => {
        count += 1;
        sink(attempt);
      },
    };
    try {
      return await run(context, () => count);
    } finally {
      release();
    }
  }

  /** Waits for the provider's rate limit and concurrency cap; a refusal is recorded and thrown as `not_sent`. */
  private async acquire(provider: ProviderV1, signal: AbortSignal, sink: AttemptSink): Promise<() => void> {
    const waitStartedAt = this.clock.now();
    try {
      return await this.limiter.acquire(provider.id, signal);
    } catch (thrown) {
      // Nothing left while waiting for a token or a slot: whatever the reason, not sent.
      const error = PesanError.isInstance(thrown)
        ? thrown.with({ provider: thrown.provider ?? provider.id, outcome: 'not_sent' })
        : new PesanError('TIMEOUT', {
            message: 'Aborted while waiting for the rate limit; nothing was sent',
            outcome: 'not_sent',
            provider: provider.id,
            cause: thrown,
          });
      sink(providerAttempt(provider.id, waitStartedAt, this.clock.now(), error));
      throw error;
    }
  }

  private failed(
    provider: ProviderV1,
    thrown: unknown,
    startedAt: number,
    recorded: () => number,
    sink: AttemptSink,
  ): PesanError {
    const error = providerFailure(thrown, provider.id);
    if (recorded() === 0) {
      const carried = carriedAttempts(error);
      if (carried.length > 0) for (const attempt of carried) sink(attempt);
      else sink(providerAttempt(provider.id, startedAt, this.clock.now(), error));
    }
    return error;
  }
}
