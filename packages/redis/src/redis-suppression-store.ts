import type { SuppressionEntry, SuppressionStore } from '@pesan/core';
import { openRedisConnection, type RedisConnection, type RedisConnectionOptions } from './redis-connection.js';
import { RedisScript } from './redis-script.js';

// Entries in a hash by number; the order of adds in a sorted set scored by a counter.
const ADD = new RedisScript(`
local order = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], order, ARGV[1])
return order
`);

const REMOVE = new RedisScript(`
local removed = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return removed
`);

/** Options of {@link RedisSuppressionStore}. */
export type RedisSuppressionStoreOptions = RedisConnectionOptions;

/**
 * A {@link SuppressionStore} (the opt-out list) in Redis, shared by the
 * process that receives opt-out keywords and every process that sends.
 * Entries never expire: an opt-out lasts until it is removed.
 */
export class RedisSuppressionStore implements SuppressionStore {
  readonly #connection: RedisConnection;

  constructor(options: RedisSuppressionStoreOptions) {
    this.#connection = openRedisConnection(options);
  }

  async add(entry: SuppressionEntry): Promise<void> {
    await ADD.run(this.#connection.client, this.#keys(), [entry.number, JSON.stringify(entry)]);
  }

  async remove(number: string): Promise<boolean> {
    const [entries, order] = this.#keys();
    return (await REMOVE.run(this.#connection.client, [entries, order], [number])) === 1;
  }

  async has(number: string): Promise<boolean> {
    return (await this.#connection.client.hexists(this.#keys()[0], number)) === 1;
  }

  async get(number: string): Promise<SuppressionEntry | undefined> {
    const raw = await this.#connection.client.hget(this.#keys()[0], number);
    return raw === null ? undefined : (JSON.parse(raw) as SuppressionEntry);
  }

  async list(options: { limit?: number } = {}): Promise<SuppressionEntry[]> {
    const limit = options.limit === undefined ? undefined : Math.max(0, Math.floor(options.limit));
    if (limit === 0) return [];
    const [entries, order] = this.#keys();
    const numbers = await this.#connection.client.zrevrange(order, 0, limit === undefined ? -1 : limit - 1);
    if (numbers.length === 0) return [];
    const raws = await this.#connection.client.hmget(entries, ...numbers);
    return raws.filter((raw): raw is string => raw !== null).map((raw) => JSON.parse(raw) as SuppressionEntry);
  }

  /** Closes the client when the store opened it from a URL. */
  close(): Promise<void> {
    return this.#connection.close();
  }

  #keys(): [string, string, string] {
    const prefix = this.#connection.prefix;
    return [`${prefix}suppression`, `${prefix}suppression:order`, `${prefix}suppression:sequence`];
  }
}
