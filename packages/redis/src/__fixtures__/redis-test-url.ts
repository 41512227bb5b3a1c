import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * The Redis the tests use: `PESAN_REDIS_URL` (`.ci/redis` starts one and
 * sets it). Outside CI, tests that need Redis skip when it is not set; in CI
 * they must run, so a missing URL fails.
 */
export const redisUrl: string | undefined = process.env.PESAN_REDIS_URL;

if (redisUrl === undefined) {
  if (process.env.CI) {
    throw new Error('PESAN_REDIS_URL is not set: in CI the Redis tests must run (source .ci/redis to start a server)');
  }
  console.warn(
    'Redis tests skipped: PESAN_REDIS_URL is not set. Start one with `source .ci/redis` (or `redis-server --port 6390 --save ""` and PESAN_REDIS_URL=redis://127.0.0.1:6390).',
  );
}

/** A fresh key prefix, so tests never see each other's keys. */
export function testPrefix(): string {
  return `pesan-test:${randomUUID()}:`;
}

/** Deletes every key under `prefix`. */
export async function deletePrefix(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  // Bounded by the keys under the prefix: SCAN ends when the cursor comes back to 0.
  for (let round = 0; round < 10_000; round++) {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await client.del(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
}

/** A client of the test Redis. */
export function testClient(): Redis {
  if (redisUrl === undefined) throw new Error('PESAN_REDIS_URL is not set');
  return new Redis(redisUrl);
}
