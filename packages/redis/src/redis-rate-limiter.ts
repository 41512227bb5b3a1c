import { type RateLimit, type RateLimiterStore, type RateReservation, rateLimitBurst } from '@pesan/core';
import { openRedisConnection, type RedisConnection, type RedisConnectionOptions } from './redis-connection.js';
import { RedisScript } from './redis-script.js';

// A token bucket on the server's clock (TIME), so instances with skewed clocks still share one rate.
// A token is counted when reserved: waiters on every instance are served in arrival order.
const RESERVE = new RedisScript(`
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local perMs = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local maxWait = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
if now > at then
  tokens = math.min(burst, tokens + (now - at) * perMs)
  at = now
end
local wait = 0
if tokens < 1 then wait = math.ceil((1 - tokens) / perMs) end
if wait > maxWait then return {0, wait} end
tokens = tokens - 1
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'at', string.format('%.3f', at))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / perMs) + 60000)
return {1, wait}
`);

/** Options of {@link RedisRateLimiter}. */
export type RedisRateLimiterOptions = RedisConnectionOptions;

/**
 * A {@link RateLimiterStore} in Redis: one token bucket per key (a provider
 * id, or `provider/sim` for a SIM) in a Lua script, so N instances together
 * never exceed a vendor's rate. Give it to the messenger as
 * `stores.rateLimiter`; `limits[provider].ratePerMinute` then counts across
 * every messenger on the same Redis.
 */
export class RedisRateLimiter implements RateLimiterStore {
  readonly #connection: RedisConnection;

  constructor(options: RedisRateLimiterOptions) {
    this.#connection = openRedisConnection(options);
  }

  async reserve(key: string, limit: RateLimit, maxWaitMs: number): Promise<RateReservation> {
    if (!(limit.ratePerMinute > 0)) throw new RangeError('ratePerMinute must be a positive number');
    const [granted, waitMs] = (await RESERVE.run(
      this.#connection.client,
      [`${this.#connection.prefix}rate:${key}`],
      [limit.ratePerMinute / 60_000, rateLimitBurst(limit), Math.max(0, maxWaitMs)],
    )) as [number, number];
    return { granted: granted === 1, waitMs };
  }

  /** Closes the client when the limiter opened it from a URL. */
  close(): Promise<void> {
    return this.#connection.close();
  }
}
