import { type Clock, systemClock } from '../runtime/clock.js';
import { type RateLimit, type RateLimiterStore, type RateReservation, rateLimitBurst } from './rate-limiter-store.js';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Options of {@link MemoryRateLimiterStore}. */
export interface MemoryRateLimiterStoreOptions {
  /** Time source. Default: the system clock. */
  clock?: Clock;
}

/**
 * A {@link RateLimiterStore} in this process: the in-memory twin of a shared
 * store, the same token bucket as the messenger's own limits. Buckets are
 * kept per key for the life of the store (one per provider or SIM).
 */
export class MemoryRateLimiterStore implements RateLimiterStore {
  readonly #clock: Clock;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: MemoryRateLimiterStoreOptions = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  async reserve(key: string, limit: RateLimit, maxWaitMs: number): Promise<RateReservation> {
    if (!(limit.ratePerMinute > 0)) throw new RangeError('ratePerMinute must be a positive number');
    const burst = rateLimitBurst(limit);
    const perMs = limit.ratePerMinute / 60_000;
    const now = this.#clock.now();
    const bucket = this.#buckets.get(key) ?? { tokens: burst, updatedAt: now };
    const elapsed = now - bucket.updatedAt;
    if (elapsed > 0) bucket.tokens = Math.min(burst, bucket.tokens + elapsed * perMs);
    bucket.updatedAt = now;
    this.#buckets.set(key, bucket);
    const waitMs = bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) / perMs);
    if (waitMs > maxWaitMs) return { granted: false, waitMs };
    bucket.tokens -= 1;
    return { granted: true, waitMs };
  }
}
