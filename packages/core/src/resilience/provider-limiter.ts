import { inject, injectable } from 'tsyringe';
import { TOKENS } from '../di/tokens.js';
import { PesanError } from '../errors/pesan-error.js';
import { ResolvedMessengerOptions } from '../messenger/resolved-messenger-options.js';
import type { Clock } from '../runtime/clock.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import type { RateLimiterStore } from './rate-limiter-store.js';
import { TokenBucket } from './token-bucket.js';

/** Limits of one provider. Each is off unless given. */
export interface ProviderLimit {
  /** Sustained provider calls per minute (one `sendBulk` chunk is one call). */
  ratePerMinute?: number;
  /** Calls allowed at once after a quiet spell; default one second's worth of `ratePerMinute`. */
  burst?: number;
  /** Most calls in flight at once. */
  concurrency?: number;
  /**
   * Longest a send waits for a token and a slot together before it fails with
   * `RATE_LIMITED` (`not_sent`, so the route fails over). Default 10 000.
   */
  maxWaitMs?: number;
}

/** Limits by provider id. */
export type ProviderLimits = Record<string, ProviderLimit>;

/** Default {@link ProviderLimit.maxWaitMs}. */
export const DEFAULT_MAX_WAIT_MS = 10_000;

interface Limiter {
  readonly maxWaitMs: number;
  readonly bucket?: { take(maxWaitMs: number, signal?: AbortSignal): Promise<void> };
  readonly concurrency?: ConcurrencyLimiter;
}

/** Applies each provider's rate limit and concurrency cap before a call. */
@injectable()
export class ProviderLimiter {
  private readonly limiters = new Map<string, Limiter>();

  constructor(
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(ResolvedMessengerOptions) options: { limits: ProviderLimits; rateLimiter?: RateLimiterStore },
  ) {
    for (const [provider, limit] of Object.entries(options.limits)) {
      const rate =
        limit.ratePerMinute === undefined ? undefined : { ratePerMinute: limit.ratePerMinute, burst: limit.burst };
      this.limiters.set(provider, {
        maxWaitMs: Math.max(0, limit.maxWaitMs ?? DEFAULT_MAX_WAIT_MS),
        bucket:
          rate === undefined
            ? undefined
            : options.rateLimiter
              ? sharedBucket(options.rateLimiter, provider, rate, clock)
              : new TokenBucket(rate, clock, provider),
        concurrency:
          limit.concurrency === undefined ? undefined : new ConcurrencyLimiter(limit.concurrency, clock, provider),
      });
    }
  }

  /**
   * Waits until `provider` may be called; resolves with the function to call
   * when the call ends. Rejects with `RATE_LIMITED` when the wait would be
   * longer than the provider's `maxWaitMs`.
   */
  /** Whether `provider` has any limit; without one, {@link acquire} need not be awaited. */
  limits(provider: string): boolean {
    return this.limiters.has(provider);
  }

  async acquire(provider: string, signal?: AbortSignal): Promise<() => void> {
    const limiter = this.limiters.get(provider);
    if (!limiter) return () => {};
    const startedAt = this.clock.now();
    // The slot first: a token taken while waiting for a slot would be wasted.
    const release = limiter.concurrency ? await limiter.concurrency.acquire(limiter.maxWaitMs, signal) : () => {};
    try {
      const left = limiter.maxWaitMs - (this.clock.now() - startedAt);
      await limiter.bucket?.take(Math.max(0, left), signal);
      return release;
    } catch (error) {
      release();
      throw error;
    }
  }
}

/** A bucket kept in a shared {@link RateLimiterStore}, so that every messenger using the store counts against one rate. */
function sharedBucket(
  store: RateLimiterStore,
  provider: string,
  limit: { ratePerMinute: number; burst?: number },
  clock: Clock,
): { take(maxWaitMs: number, signal?: AbortSignal): Promise<void> } {
  return {
    async take(maxWaitMs, signal) {
      const reservation = await store.reserve(provider, limit, maxWaitMs);
      if (!reservation.granted) {
        throw new PesanError('RATE_LIMITED', {
          message: `Shared rate limit of provider "${provider}" needs a ${reservation.waitMs} ms wait, more than maxWaitMs ${maxWaitMs}`,
          provider,
          details: { limit: 'rate', waitMs: reservation.waitMs, maxWaitMs },
        });
      }
      // A token taken and then abandoned is not given back: the other instances may already count on its absence.
      if (reservation.waitMs > 0) await clock.sleep(reservation.waitMs, signal);
    },
  };
}
