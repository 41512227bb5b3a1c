import { inject, injectable } from 'tsyringe';
import { TOKENS } from '../di/tokens.js';
import { PesanError } from '../errors/pesan-error.js';
import { EventBus } from '../events/event-bus.js';
import type { Attempt } from '../provider/v1/attempt.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { SendResult } from '../provider/v1/send-result.js';
import type { RoutePlan } from '../routing/route-plan.js';
import type { Clock } from '../runtime/clock.js';
import { withFields } from '../runtime/with-fields.js';
import type { DeliveryMode } from './delivery-mode.js';
import { nextStepAfter, wouldFallBackToSms } from './delivery-policy.js';
import { type AttemptSink, ProviderCaller } from './provider-caller.js';
import { providerFailure } from './provider-failure.js';
import { ResolvedMessengerOptions } from './resolved-messenger-options.js';

/** Where one message is on its route. */
export interface RouteRun {
  readonly plan: RoutePlan;
  /** The message as validated (events and results carry it). */
  readonly message: OutboundMessage;
  /** Index of the candidate to try next. */
  index: number;
  /** Every attempt so far, skipped providers first. */
  readonly attempts: Attempt[];
  /** Every provider error so far. */
  readonly errors: PesanError[];
  /** Candidates already retried once after `unknown`; made at the first retry (most runs have none). */
  retried?: Set<number>;
}

/** Records that the run's current candidate had its one retry after `unknown`. */
export function markRetried(run: RouteRun): void {
  run.retried ??= new Set();
  run.retried.add(run.index);
}

/** Whether any error of the run so far ended `unknown`: a vendor may have the message. */
function mayHaveSent(run: RouteRun): boolean {
  return run.errors.some((error) => error.outcome === 'unknown');
}

/** `error` of a WhatsApp leg that would have fallen back to SMS, saying why there was no SMS leg. */
function withFallbackGap(run: RouteRun, error: PesanError): PesanError {
  const gap = run.plan.smsFallbackGap;
  if (gap === undefined || !wouldFallBackToSms(error)) return error;
  const whatsapp = run.plan.candidates.some(
    (candidate) => candidate.provider === error.provider && candidate.message.channel === 'whatsapp',
  );
  if (!whatsapp) return error;
  return error.with({ message: `${error.message} (${gap})` });
}

/**
 * Walks a route plan for one message, applying the delivery semantics
 * (`nextStepAfter`) after each failure.
 *
 * Which error is thrown when the message is not sent:
 * - the route stopped on a decisive error (`rejected`, `unknown` under
 *   `at-most-once`, or any error after an earlier `unknown` under
 *   `at-most-once`): that error;
 * - the route ran out and only one provider was tried: that provider's last error;
 * - the route ran out after two or more providers: `ALL_PROVIDERS_FAILED`.
 *
 * Whichever it is, its outcome is `unknown` when any error of the run was
 * `unknown` (a vendor may have the message), so the caller and the
 * idempotency guard never treat a possibly sent message as not sent. Every
 * thrown error carries `details.attempts` and `details.errors`.
 */
@injectable()
export class RouteExecutor {
  constructor(
    @inject(ResolvedMessengerOptions) options: ResolvedMessengerOptions,
    @inject(ProviderCaller) private readonly caller: ProviderCaller,
    @inject(TOKENS.EventBus) private readonly events: EventBus,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {
    this.providers = options.providers;
    this.delivery = options.delivery;
  }

  private readonly providers: ReadonlyMap<string, ProviderV1>;
  private readonly delivery: DeliveryMode;

  /**
   * A run at the first candidate, skipped providers recorded as `skipped`
   * attempts. Throws `NO_ROUTE` when no candidate is left.
   */
  start(plan: RoutePlan, message: OutboundMessage): RouteRun {
    const run: RouteRun = { plan, message, index: 0, attempts: [], errors: [], retried: undefined };
    if (plan.skipped.length > 0) this.recordSkipped(run);
    if (plan.candidates.length === 0) {
      const reasons = [...plan.skipped.map((entry) => `${entry.provider}: ${entry.reason}`), ...plan.notes];
      throw new PesanError('NO_ROUTE', {
        message: `No provider can carry this message${reasons.length ? `: ${reasons.join('; ')}` : ''}`,
        details: { skipped: plan.skipped, notes: plan.notes, attempts: run.attempts, errors: [] },
      });
    }
    return run;
  }

  /** The plan's skipped providers as `skipped` attempts of `run`. */
  private recordSkipped(run: RouteRun): void {
    const sink = this.sink(run);
    const now = this.clock.now();
    for (const skipped of run.plan.skipped) {
      sink({
        provider: skipped.provider,
        outcome: 'skipped',
        reason: skipped.reason,
        durationMs: 0,
        startedAt: new Date(now),
      });
    }
  }

  /** Tries candidates from `run.index` on until one accepts the message. */
  async run(run: RouteRun, signal: AbortSignal): Promise<SendResult> {
    const sink = this.sink(run);
    // Bounded: each round moves `index` forward or spends the candidate's single retry.
    while (run.index < run.plan.candidates.length) {
      const candidate = run.plan.candidates[run.index]!;
      const provider = this.providers.get(candidate.provider)!;
      try {
        const result = await this.caller.send(provider, candidate.message, signal, sink);
        return this.finish(run, result);
      } catch (thrown) {
        this.advance(run, providerFailure(thrown, provider.id), signal);
      }
    }
    throw this.exhausted(run);
  }

  /**
   * Records `error` of the current candidate and moves `run` to the next
   * one to try, or throws the error to report.
   */
  advance(run: RouteRun, error: PesanError, signal: AbortSignal): void {
    run.errors.push(error);
    const candidate = run.plan.candidates[run.index]!;
    const provider = this.providers.get(candidate.provider)!;
    const fallbackIndex = run.plan.candidates.findIndex(
      (entry, index) => index > run.index && entry.smsFallback && !candidate.smsFallback,
    );
    const step = nextStepAfter(error, {
      delivery: this.delivery,
      idempotentProvider: provider.capabilities.idempotent,
      alreadyRetried: run.retried?.has(run.index) === true,
      smsFallbackAvailable: fallbackIndex >= 0 && (candidate.message.channel ?? 'sms') === 'whatsapp',
      aborted: signal.aborted,
      mayHaveSent: mayHaveSent(run),
    });
    if (step === 'retry-same') {
      markRetried(run);
      this.events.emit('failover', { from: provider.id, to: provider.id, error, message: run.message });
      return;
    }
    const nextIndex = step === 'next' ? run.index + 1 : step === 'sms-fallback' ? fallbackIndex : -1;
    if (nextIndex < 0) throw this.decisive(run, error);
    run.index = nextIndex;
    const next = run.plan.candidates[nextIndex];
    if (!next) throw this.exhausted(run);
    this.events.emit('failover', { from: provider.id, to: next.provider, error, message: run.message });
  }

  /** Records each attempt on the run and emits it. */
  sink(run: RouteRun): AttemptSink {
    return (attempt) => {
      run.attempts.push(attempt);
      // No payload is built for an event nobody listens to.
      if (this.events.listenerCount('attempt') === 0) return;
      this.events.emit('attempt', { attempt, to: run.message.to, idempotencyKey: run.message.idempotencyKey });
    };
  }

  /** The provider's result with the run's attempts and the message's metadata. */
  finish(run: RouteRun, result: SendResult): SendResult {
    const metadata = run.message.metadata ?? result.metadata;
    const attempts = [...run.attempts];
    return metadata ? withFields(result, { attempts, metadata }) : { ...result, attempts };
  }

  private decisive(run: RouteRun, reported: PesanError): PesanError {
    const error = withFallbackGap(run, reported);
    const details = { ...error.details, attempts: [...run.attempts], errors: [...run.errors] };
    if (error.outcome === 'unknown' || !mayHaveSent(run)) return error.with({ details });
    return error.with({
      outcome: 'unknown',
      message: `${error.message} (an earlier attempt ended with an unknown outcome: the message may have been sent)`,
      details,
    });
  }

  private exhausted(run: RouteRun): PesanError {
    const last = run.errors.at(-1);
    const providersTried = new Set(run.errors.map((error) => error.provider));
    if (last && providersTried.size === 1) return this.decisive(run, last);
    const summary = run.errors.map((error) => `${error.provider ?? '?'}: ${error.code} (${error.message})`).join('; ');
    return new PesanError('ALL_PROVIDERS_FAILED', {
      message: `All ${providersTried.size} providers failed: ${summary}`,
      // `unknown` when any provider may have accepted it, so the caller does not resend blindly.
      outcome: mayHaveSent(run) ? 'unknown' : 'not_sent',
      details: { attempts: [...run.attempts], errors: [...run.errors] },
    });
  }
}
