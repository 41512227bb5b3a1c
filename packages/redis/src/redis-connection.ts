import { Redis } from 'ioredis';

/** How a store reaches Redis: an existing ioredis client, or a URL to connect to. */
export interface RedisConnectionOptions {
  /** An ioredis client to use (the store never closes it). */
  client?: Redis;
  /** A Redis URL (`redis://127.0.0.1:6379/0`): the store opens its own client and closes it in `close()`. */
  url?: string;
  /** Put in front of every key, so several applications can share one database. Default `pesan:`. */
  prefix?: string;
}

/** Default {@link RedisConnectionOptions.prefix}. */
export const DEFAULT_REDIS_PREFIX = 'pesan:';

/** A client and whether the store that asked for it owns it. */
export interface RedisConnection {
  readonly client: Redis;
  readonly prefix: string;
  /** Closes the client when it was opened from a URL; leaves a given one alone. */
  close(): Promise<void>;
}

/** The client of `options`: the given one, or a new one for `url`. */
export function openRedisConnection(options: RedisConnectionOptions): RedisConnection {
  const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  if (options.client) {
    const client = options.client;
    return { client, prefix, close: async () => {} };
  }
  if (!options.url) throw new TypeError('@pesan/redis: pass either `client` (an ioredis client) or `url`');
  const client = new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: 3 });
  let closed = false;
  return {
    client,
    prefix,
    async close() {
      if (closed) return;
      closed = true;
      await client.quit().catch(() => client.disconnect());
    },
  };
}
