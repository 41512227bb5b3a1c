/** The settings of one shared token bucket. */
export interface RateLimit {
  /** Sustained takes per minute (> 0). */
  ratePerMinute: number;
  /** Takes allowed at once after a quiet spell. Default: one second's worth, at least 1. */
  burst?: number;
}

/** What {@link RateLimiterStore.reserve} answers. */
export interface RateReservation {
  /** Whether a token was reserved. `false`: the wait would exceed `maxWaitMs`, and nothing was taken. */
  granted: boolean;
  /** How long to wait, in milliseconds, before the token may be used (granted) or would have been (refused). */
  waitMs: number;
}

/**
 * Token buckets that several processes can share, keyed by name (a provider
 * id, or a provider and SIM), so that N messengers together never exceed a
 * vendor's rate. A shared store (Redis: one Lua script per reserve) must
 * reserve atomically: the token is counted when reserved, so waiters are
 * served in arrival order. Pass one as `stores.rateLimiter`; the messenger
 * then takes its `limits[provider].ratePerMinute` tokens from it instead of
 * from a bucket of its own.
 */
export interface RateLimiterStore {
  /** Reserves one token of bucket `key` unless the wait for it would exceed `maxWaitMs`. */
  reserve(key: string, limit: RateLimit, maxWaitMs: number): Promise<RateReservation>;
}

/** The burst of `limit`: one second's worth by default, at least 1. */
export function rateLimitBurst(limit: RateLimit): number {
  return Math.max(1, limit.burst ?? Math.floor(limit.ratePerMinute / 60));
}
