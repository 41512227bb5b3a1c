import { openRedisConnection, type RedisConnectionOptions } from './redis-connection.js';
import { RedisIdempotencyStore } from './redis-idempotency-store.js';
import { RedisOtpStore } from './redis-otp-store.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';
import { RedisSendWindowStore } from './redis-send-window-store.js';
import { RedisStatusStore } from './redis-status-store.js';
import { RedisSuppressionStore } from './redis-suppression-store.js';
import { RedisWindowStore } from './redis-window-store.js';

/** Options of {@link redisStores}: the connection, plus each store's own settings. */
export interface RedisStoresOptions extends RedisConnectionOptions {
  /** See {@link RedisIdempotencyStoreOptions.pendingWaitMs}. */
  pendingWaitMs?: number;
  /** How long a status record lives after its last change. Default 7 days. */
  statusTtlMs?: number;
  /** Most reports kept per status record. Default 50. */
  maxStatusHistory?: number;
  /** How long a contact's last inbound WhatsApp time is remembered. Default 7 days. */
  windowTtlMs?: number;
}

/** Every pesan store on one Redis connection: pass it as the messenger's `stores`. */
export interface RedisStores {
  readonly idempotency: RedisIdempotencyStore;
  readonly status: RedisStatusStore;
  readonly otp: RedisOtpStore;
  readonly windows: RedisWindowStore;
  readonly suppression: RedisSuppressionStore;
  /** The shared token buckets of `limits[provider].ratePerMinute`. */
  readonly rateLimiter: RedisRateLimiter;
  /** The shared sliding windows of SMS parts per SIM (the device gateway's `simLimit`). */
  readonly sendWindows: RedisSendWindowStore;
  /** Closes the connection when it was opened from `url`; a given client is left open. */
  close(): Promise<void>;
}

/**
 * All of pesan's stores on one Redis connection (a `url`, or an ioredis
 * `client`), so one line switches a messenger to Redis:
 *
 * ```ts
 * const messenger = createMessenger({ providers, limits, stores: redisStores({ url: process.env.REDIS_URL }) });
 * ```
 *
 * Messengers on the same Redis (and `prefix`) then share idempotency keys,
 * statuses, OTP codes, WhatsApp windows, the opt-out list, rate limits and
 * the device gateway's per-SIM send limits.
 */
export function redisStores(options: RedisStoresOptions): RedisStores {
  const connection = openRedisConnection(options);
  const shared = { client: connection.client, prefix: connection.prefix };
  return {
    idempotency: new RedisIdempotencyStore({ ...shared, pendingWaitMs: options.pendingWaitMs }),
    status: new RedisStatusStore({ ...shared, ttlMs: options.statusTtlMs, maxHistory: options.maxStatusHistory }),
    otp: new RedisOtpStore(shared),
    windows: new RedisWindowStore({ ...shared, ttlMs: options.windowTtlMs }),
    suppression: new RedisSuppressionStore(shared),
    rateLimiter: new RedisRateLimiter(shared),
    sendWindows: new RedisSendWindowStore(shared),
    close: () => connection.close(),
  };
}
