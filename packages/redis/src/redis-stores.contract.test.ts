import {
  describeIdempotencyStoreContract,
  describeOtpStoreContract,
  describeRateLimiterStoreContract,
  describeSendWindowStoreContract,
  describeStatusStoreContract,
  describeStoreContract,
  describeWindowStoreContract,
  suppressionStoreContract,
} from '@pesan/core/testing/vitest';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe } from 'vitest';
import { deletePrefix, redisUrl, testClient, testPrefix } from './__fixtures__/redis-test-url.js';
import { RedisIdempotencyStore } from './redis-idempotency-store.js';
import { RedisOtpStore } from './redis-otp-store.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';
import { RedisSendWindowStore } from './redis-send-window-store.js';
import { RedisStatusStore } from './redis-status-store.js';
import { RedisSuppressionStore } from './redis-suppression-store.js';
import { RedisWindowStore } from './redis-window-store.js';

describe.skipIf(redisUrl === undefined)('Redis stores against a real redis-server', () => {
  let client: Redis;
  const prefixes = new WeakMap<object, string>();
  beforeAll(() => {
    client = testClient();
  });
  afterAll(async () => {
    await client?.quit();
  });

  function harness<Store extends object>(make: (options: { client: Redis; prefix: string }) => Store) {
    return {
      create: () => {
        const prefix = testPrefix();
        const store = make({ client, prefix });
        prefixes.set(store, prefix);
        return store;
      },
      dispose: (store: Store) => deletePrefix(client, prefixes.get(store)!),
    };
  }

  describeIdempotencyStoreContract(
    'RedisIdempotencyStore',
    harness((options) => new RedisIdempotencyStore(options)),
  );
  describeStatusStoreContract(
    'RedisStatusStore',
    harness((options) => new RedisStatusStore(options)),
  );
  describeOtpStoreContract(
    'RedisOtpStore',
    harness((options) => new RedisOtpStore(options)),
  );
  describeWindowStoreContract(
    'RedisWindowStore',
    harness((options) => new RedisWindowStore(options)),
  );
  describeRateLimiterStoreContract(
    'RedisRateLimiter',
    harness((options) => new RedisRateLimiter(options)),
  );
  describeSendWindowStoreContract(
    'RedisSendWindowStore',
    harness((options) => new RedisSendWindowStore(options)),
  );
  describeStoreContract(
    'RedisSuppressionStore: SuppressionStore contract',
    suppressionStoreContract,
    harness((options) => new RedisSuppressionStore(options)),
  );
});
