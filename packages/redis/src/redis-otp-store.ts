import type { OtpEntry, OtpStore } from '@pesan/core';
import { openRedisConnection, type RedisConnection, type RedisConnectionOptions } from './redis-connection.js';
import { RedisScript } from './redis-script.js';

// One hash per recipient: `version` beside the entry's JSON, compared and written in one step.
const COMPARE_AND_SET = new RedisScript(`
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if current ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[2], 'entry', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`);

/** Options of {@link RedisOtpStore}. */
export type RedisOtpStoreOptions = RedisConnectionOptions;

/**
 * An {@link OtpStore} in Redis: one key per recipient holding the entry and
 * its version, written by a Lua script that compares the version and sets
 * the value with its expiry in one step. A code sent by one instance
 * verifies on any other.
 */
export class RedisOtpStore implements OtpStore {
  readonly #connection: RedisConnection;

  constructor(options: RedisOtpStoreOptions) {
    this.#connection = openRedisConnection(options);
  }

  async get(key: string): Promise<OtpEntry | undefined> {
    const raw = await this.#connection.client.hget(this.#key(key), 'entry');
    return raw === null ? undefined : (JSON.parse(raw) as OtpEntry);
  }

  async compareAndSet(key: string, expectedVersion: number, entry: OtpEntry, ttlMs: number): Promise<boolean> {
    const written = await COMPARE_AND_SET.run(
      this.#connection.client,
      [this.#key(key)],
      [expectedVersion, entry.version, JSON.stringify(entry), Math.max(1, Math.ceil(ttlMs))],
    );
    return written === 1;
  }

  /** Closes the client when the store opened it from a URL. */
  close(): Promise<void> {
    return this.#connection.close();
  }

  #key(key: string): string {
    return `${this.#connection.prefix}otp:${key}`;
  }
}
