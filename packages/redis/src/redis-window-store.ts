import type { WindowStore } from '@pesan/core';
import { openRedisConnection, type RedisConnection, type RedisConnectionOptions } from './redis-connection.js';
import { RedisScript } from './redis-script.js';

// Keeps the latest time: an older inbound message recorded late never moves a window back.
const RECORD = new RedisScript(`
local known = tonumber(redis.call('GET', KEYS[1]) or '-1')
if known >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[2])
return 1
`);

/** Options of {@link RedisWindowStore}. */
export interface RedisWindowStoreOptions extends RedisConnectionOptions {
  /** How long a contact's last inbound time is remembered after it, in milliseconds. Default 7 days. */
  ttlMs?: number;
}

/**
 * A {@link WindowStore} in Redis: one key per contact holding the time of
 * its last inbound WhatsApp message, expiring `ttlMs` after it. Share it
 * between the process that receives webhooks and the ones that send.
 */
export class RedisWindowStore implements WindowStore {
  readonly #connection: RedisConnection;
  readonly #ttlMs: number;

  constructor(options: RedisWindowStoreOptions) {
    this.#connection = openRedisConnection(options);
    this.#ttlMs = Math.max(1, options.ttlMs ?? 7 * 24 * 60 * 60 * 1000);
  }

  async recordInbound(contact: string, at: Date): Promise<void> {
    const time = at.getTime();
    if (!Number.isFinite(time) || time + this.#ttlMs <= Date.now()) return;
    await RECORD.run(this.#connection.client, [this.#key(contact)], [time, time + this.#ttlMs]);
  }

  async lastInbound(contact: string): Promise<Date | undefined> {
    const raw = await this.#connection.client.get(this.#key(contact));
    return raw === null ? undefined : new Date(Number(raw));
  }

  /** Closes the client when the store opened it from a URL. */
  close(): Promise<void> {
    return this.#connection.close();
  }

  #key(contact: string): string {
    return `${this.#connection.prefix}window:${contact}`;
  }
}
