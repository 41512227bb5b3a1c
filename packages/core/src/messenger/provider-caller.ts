import { inject, injectable } from 'tsyringe';
import { TOKENS } from '../di/tokens.js';
import { PesanError } from '../errors/pesan-error.js';
import { HttpTransport } from '../http/http-transport.js';
import type { Attempt } from '../provider/v1/attempt.js';
import type { BulkResult } from '../provider/v1/bulk-result.js';
import type { Logger } from '../provider/v1/logger.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { CallContext } from '../provider/v1/send-context.js';
import type { SendResult } from '../provider/v1/send-result.js';
import { EndpointCircuitBreakers } from '../resilience/endpoint-circuit-breakers.js';
import { ProviderLimiter } from '../resilience/provider-limiter.js';
import { AbortFanout } from '../runtime/abort-fanout.js';
import type { Clock } from '../runtime/clock.js';
import { BoundedCall, type BoundedCallSettings, providerAttempt } from './bounded-call.js';
import { providerFailure } from './provider-failure.js';
import { ResolvedMessengerOptions } from './resolved-messenger-options.js';

function noop(): void {}

/** Receives each attempt of one call as it ends. */
export type AttemptSink = (attempt: Attempt) => void;

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
  private readonly settings: BoundedCallSettings;

  constructor(
    @inject(ProviderLimiter) private readonly limiter: ProviderLimiter,
    @inject(EndpointCircuitBreakers) guard: EndpointCircuitBreakers,
    @inject(ResolvedMessengerOptions) options: ResolvedMessengerOptions,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Logger) logger: Logger,
    @inject(TOKENS.HttpTransport) transport: HttpTransport,
  ) {
    this.settings = {
      clock,
      // Links each call's abort to its caller's signal without AbortSignal.any, which leaks in Node 20.
      links: new AbortFanout(),
      timeoutMs: options.providerTimeoutMs,
      logger,
      endpointGuard: guard,
      transport,
      sendWindows: options.sendWindows,
      delivery: options.delivery,
    };
  }

  /** `provider.send` with limits, guard and attempts. Rejects with a `PesanError`. */
  async send(
    provider: ProviderV1,
    message: OutboundMessage,
    signal: AbortSignal,
    sink: AttemptSink,
  ): Promise<SendResult> {
    // A provider without limits is not awaited: that would only cost a turn of the microtask queue.
    const release = this.limiter.limits(provider.id) ? await this.acquire(provider, signal, sink) : noop;
    const call = new BoundedCall(provider.id, this.settings, signal, sink, true);
    try {
      const result = await call.run(provider.send(message, call.context));
      if (call.recorded === 0) {
        if (result.attempts?.length) for (const attempt of result.attempts) sink(attempt);
        else sink(providerAttempt(provider.id, call.startedAt, this.clock.now()));
      }
      return result;
    } catch (thrown) {
      throw this.failed(provider, thrown, call, sink);
    } finally {
      call.end();
      release();
    }
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
    const release = this.limiter.limits(provider.id) ? await this.acquire(provider, signal, sink) : noop;
    const call = new BoundedCall(provider.id, this.settings, signal, sink, true);
    try {
      const result = await call.run(sendBulk.call(provider, messages, call.context));
      return { result, recordedAttempts: call.recorded };
    } catch (thrown) {
      throw this.failed(provider, thrown, call, sink);
    } finally {
      call.end();
      release();
    }
  }

  /** A non-send call (balance, status): guard and signal, no rate limit. */
  async call<T>(provider: ProviderV1, signal: AbortSignal, run: (context: CallContext) => Promise<T>): Promise<T> {
    const call = new BoundedCall(provider.id, this.settings, signal, undefined, false);
    try {
      return await call.run(run(call.context));
    } catch (thrown) {
      throw providerFailure(thrown, provider.id);
    } finally {
      call.end();
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

  private failed(provider: ProviderV1, thrown: unknown, call: BoundedCall, sink: AttemptSink): PesanError {
    const error = providerFailure(thrown, provider.id);
    if (call.recorded === 0) {
      const carried = carriedAttempts(error);
      if (carried.length > 0) for (const attempt of carried) sink(attempt);
      else sink(providerAttempt(provider.id, call.startedAt, this.clock.now(), error));
    }
    return error;
  }
}
