import { randomUUID } from 'node:crypto';
import {
  assertSendWindowArguments,
  type SendWindowLimit,
  type SendWindowReservation,
  type SendWindowStore,
} from '@pesan/core';
import { openRedisConnection, type RedisConnection, type RedisConnectionOptions } from './redis-connection.js';
import { RedisScript } from './redis-script.js';

// The window of one key is a sorted set: a member `<parts>:<id>` per
// reservation, scored by the server's clock (TIME) when it was counted, so
// instances with skewed clocks still share one window. Pruning, summing and
// adding happen in one script: no other instance counts in between.
const PARTS_OF = `
local function partsOf(member)
  return tonumber(string.match(member, '^(%d+):'))
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
`;

const RESERVE = new RedisScript(`${PARTS_OF}
local parts = tonumber(ARGV[1])
local maxCount = tonumber(ARGV[2])
local interval = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - interval)
local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local used = 0
for index = 1, #entries, 2 do used = used + partsOf(entries[index]) end
local excess = used + parts - maxCount
if excess <= 0 then
  redis.call('ZADD', KEYS[1], now, parts .. ':' .. ARGV[4])
  redis.call('PEXPIRE', KEYS[1], interval)
  return {1, used + parts, 0}
end
if parts <= maxCount then
  for index = 1, #entries, 2 do
    excess = excess - partsOf(entries[index])
    if excess <= 0 then return {0, used, tonumber(entries[index + 1]) + interval - now} end
  end
end
return {0, used, -1}
`);

const USED = new RedisScript(`${PARTS_OF}
local entries = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - tonumber(ARGV[1])), '+inf')
local used = 0
for index = 1, #entries do used = used + partsOf(entries[index]) end
return used
`);

// A reservation's member holds its parts, which release does not know: find it by its id.
const RELEASE = new RedisScript(`
local suffix = ':' .. ARGV[1]
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if string.sub(member, -#suffix) == suffix then return redis.call('ZREM', KEYS[1], member) end
end
return 0
`);

/** Options of {@link RedisSendWindowStore}. */
export type RedisSendWindowStoreOptions = RedisConnectionOptions;

/**
 * A {@link SendWindowStore} in Redis: one sorted set per key (a SIM:
 * `<provider id>/<device>/<slot>`) holding the reservations inside its
 * window, counted by one Lua script on the server's clock, so N instances
 * together never send more than a SIM's limit. Give it to the messenger as
 * `stores.sendWindows` (or to `deviceGateway({ sendWindows })`). A key
 * expires once its window is empty.
 */
export class RedisSendWindowStore implements SendWindowStore {
  readonly #connection: RedisConnection;

  constructor(options: RedisSendWindowStoreOptions) {
    this.#connection = openRedisConnection(options);
  }

  async reserve(key: string, parts: number, limit: SendWindowLimit): Promise<SendWindowReservation> {
    assertSendWindowArguments({ key, limit, parts });
    const id = randomUUID();
    const [granted, used, waitMs] = (await RESERVE.run(
      this.#connection.client,
      [this.#key(key)],
      [parts, limit.maxCount, limit.intervalMs, id],
    )) as [number, number, number];
    if (granted === 1) return { granted: true, id, used };
    return { granted: false, used, waitMs: waitMs < 0 ? Number.POSITIVE_INFINITY : Math.max(1, waitMs) };
  }

  async release(key: string, id: string): Promise<void> {
    if (typeof key !== 'string' || key === '' || typeof id !== 'string' || id === '') return;
    await RELEASE.run(this.#connection.client, [this.#key(key)], [id]);
  }

  async used(key: string, limit: SendWindowLimit): Promise<number> {
    assertSendWindowArguments({ key, limit });
    return (await USED.run(this.#connection.client, [this.#key(key)], [limit.intervalMs])) as number;
  }

  /** Closes the client when the store opened it from a URL. */
  close(): Promise<void> {
    return this.#connection.close();
  }

  #key(key: string): string {
    return `${this.#connection.prefix}send-window:${key}`;
  }
}
