/**
 * `@pesan/redis`: pesan's stores in Redis (ioredis), so several processes
 * act as one messenger: `redisStores({ url })` for all of them at once.
 */
export {
  DEFAULT_REDIS_PREFIX,
  openRedisConnection,
  type RedisConnection,
  type RedisConnectionOptions,
} from './redis-connection.js';
export {
  DEFAULT_PENDING_WAIT_MS,
  RedisIdempotencyStore,
  type RedisIdempotencyStoreOptions,
} from './redis-idempotency-store.js';
export { RedisOtpStore, type RedisOtpStoreOptions } from './redis-otp-store.js';
export { RedisRateLimiter, type RedisRateLimiterOptions } from './redis-rate-limiter.js';
export { RedisSendWindowStore, type RedisSendWindowStoreOptions } from './redis-send-window-store.js';
export { RedisStatusStore, type RedisStatusStoreOptions } from './redis-status-store.js';
export { type RedisStores, type RedisStoresOptions, redisStores } from './redis-stores.js';
export { RedisSuppressionStore, type RedisSuppressionStoreOptions } from './redis-suppression-store.js';
export { RedisWindowStore, type RedisWindowStoreOptions } from './redis-window-store.js';
