import type { DependencyContainer } from 'tsyringe';
import type { ResolvedOtpOptions } from '../otp/otp-options.js';
import type { CountryCode } from '../phone/to-e164.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { CircuitBreakerOptions } from '../resilience/circuit-breaker.js';
import type { ProviderLimits } from '../resilience/provider-limiter.js';
import type { RateLimiterStore } from '../resilience/rate-limiter-store.js';
import type { SendWindowStore } from '../resilience/send-window-store.js';
import type { DeliveryMode } from './delivery-mode.js';

/**
 * The messenger's options after defaults: one service in the messenger's
 * container that each of its parts reads its own settings from, instead of
 * a token per option value.
 */
export class ResolvedMessengerOptions {
  constructor(
    /** Providers by id. */
    readonly providers: ReadonlyMap<string, ProviderV1>,
    /** The messenger's own child container, disposed on close. */
    readonly container: DependencyContainer,
    /** `at-most-once` (default) or `at-least-once`. */
    readonly delivery: DeliveryMode,
    /** Region for national numbers. */
    readonly defaultRegion: CountryCode,
    /** How long `close()` waits for in-flight sends. */
    readonly closeTimeoutMs: number,
    /** How long the first result of an idempotency key is kept. */
    readonly idempotencyTtlMs: number,
    /** Longest one provider call may take. */
    readonly providerTimeoutMs: number,
    /** Messages sent one by one at the same time by `sendBulk`. */
    readonly bulkConcurrency: number,
    /** Per-endpoint circuit breaker settings. */
    readonly circuitBreaker: CircuitBreakerOptions,
    /** Per-provider rate limits and concurrency caps. */
    readonly limits: ProviderLimits,
    /** `messenger.otp` settings; absent without `otp: { secret }`. */
    readonly otp?: ResolvedOtpOptions,
    /** Most SMS parts one message may need; absent: no limit. */
    readonly maxSegments?: number,
    /** Shared token buckets for `limits`; absent: each messenger keeps its own. */
    readonly rateLimiter?: RateLimiterStore,
    /** Shared send windows handed to providers in every call's context; absent: providers count their own. */
    readonly sendWindows?: SendWindowStore,
  ) {}
}
