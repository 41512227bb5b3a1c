import type {
  MessageStatus,
  StatusApplyResult,
  StatusHistoryEntry,
  StatusRecord,
  StatusStore,
  StatusUpdate,
} from '@pesan/core';
import { openRedisConnection, type RedisConnection, type RedisConnectionOptions } from './redis-connection.js';
import { RedisScript } from './redis-script.js';

/** Options of {@link RedisStatusStore}. */
export interface RedisStatusStoreOptions extends RedisConnectionOptions {
  /** How long a record lives after its last change, in milliseconds. Default 7 days. */
  ttlMs?: number;
  /** Most reports kept in a record's history; the oldest go first. Default 50. */
  maxHistory?: number;
}

// The same total order as core's `statusAdvances` (status-order.ts), so that
// callbacks applied in any order on any instance end in the same status.
const APPLY = new RedisScript(`
local P = {unknown=0, queued=1, sent=2, failed=3, expired=4, rejected=5, delivered=6, read=7}
local FINAL = {delivered=true, read=true, failed=true, expired=true, rejected=true}
local u = cjson.decode(ARGV[1])
local ttl = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
local member = ARGV[4]
local entry = {status=u.status, scope=u.scope, vendorStatus=u.vendorStatus, at=u.at, applied=true, source=u.source}
local raw = redis.call('GET', KEYS[1])
local rec
local changed = true
local previous = nil
if not raw then
  rec = {messageId=u.messageId, provider=u.provider, to=u.to, status=u.status, scope=u.scope,
    vendorStatus=u.vendorStatus, updatedAt=u.at, history={entry}}
else
  rec = cjson.decode(raw)
  previous = rec.status
  for _, h in ipairs(rec.history) do
    if h.status == u.status and h.scope == u.scope and h.vendorStatus == u.vendorStatus then
      return '{"duplicate":true,"changed":false,"previous":' .. cjson.encode(previous) .. ',"record":' .. raw .. '}'
    end
  end
  changed = P[u.status] > P[rec.status]
  entry.applied = changed
  if rec.to == nil then rec.to = u.to end
  table.insert(rec.history, entry)
  while #rec.history > cap do table.remove(rec.history, 1) end
  if changed then
    rec.status = u.status
    rec.scope = u.scope
    rec.vendorStatus = u.vendorStatus
    rec.updatedAt = u.at
  end
end
local encoded = cjson.encode(rec)
redis.call('SET', KEYS[1], encoded, 'PX', ttl)
redis.call('HSET', KEYS[2], u.provider, rec.updatedAt)
redis.call('PEXPIRE', KEYS[2], ttl)
if FINAL[rec.status] then
  redis.call('ZREM', KEYS[3], member)
  redis.call('ZREM', KEYS[4], member)
else
  local score = rec.checkedAt or -1
  redis.call('ZADD', KEYS[3], score, member)
  redis.call('ZADD', KEYS[4], score, member)
end
local head = '{"duplicate":false,"changed":' .. tostring(changed)
if previous then head = head .. ',"previous":' .. cjson.encode(previous) end
return head .. ',"record":' .. encoded .. '}'
`);

const MARK_CHECKED = new RedisScript(`
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local rec = cjson.decode(raw)
rec.checkedAt = tonumber(ARGV[1])
redis.call('SET', KEYS[1], cjson.encode(rec), 'KEEPTTL')
redis.call('ZADD', KEYS[2], 'XX', ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], 'XX', ARGV[1], ARGV[2])
return 1
`);

/** A record as kept in Redis: times in milliseconds since the epoch. */
interface StoredRecord {
  messageId: string;
  provider: string;
  to?: string;
  status: MessageStatus;
  scope: StatusRecord['scope'];
  vendorStatus?: string;
  updatedAt: number;
  checkedAt?: number;
  history: (Omit<StatusHistoryEntry, 'at'> & { at: number })[];
}

function toRecord(stored: StoredRecord): StatusRecord {
  const record: StatusRecord = {
    messageId: stored.messageId,
    provider: stored.provider,
    status: stored.status,
    scope: stored.scope,
    updatedAt: new Date(stored.updatedAt),
    history: stored.history.map((entry) => ({
      status: entry.status,
      scope: entry.scope,
      ...(entry.vendorStatus === undefined ? {} : { vendorStatus: entry.vendorStatus }),
      at: new Date(entry.at),
      applied: entry.applied,
      source: entry.source,
    })),
  };
  if (stored.to !== undefined) record.to = stored.to;
  if (stored.vendorStatus !== undefined) record.vendorStatus = stored.vendorStatus;
  if (stored.checkedAt !== undefined) record.checkedAt = new Date(stored.checkedAt);
  return record;
}

function part(value: string): string {
  return encodeURIComponent(value);
}

/**
 * A {@link StatusStore} in Redis: one key per message (provider and id)
 * holding the record as JSON. `apply` is one Lua script, the same monotonic
 * merge and total order as the in-memory store, so concurrent callbacks on
 * different instances can never move a status backwards. Histories are
 * capped (`maxHistory`), records expire `ttlMs` after their last change, and
 * sorted sets index the records that are not final for the pollers.
 */
export class RedisStatusStore implements StatusStore {
  readonly #connection: RedisConnection;
  readonly #ttlMs: number;
  readonly #maxHistory: number;

  constructor(options: RedisStatusStoreOptions) {
    this.#connection = openRedisConnection(options);
    this.#ttlMs = Math.max(1, Math.ceil(options.ttlMs ?? 7 * 24 * 60 * 60 * 1000));
    this.#maxHistory = Math.max(1, Math.floor(options.maxHistory ?? 50));
  }

  async get(messageId: string, provider?: string): Promise<StatusRecord | undefined> {
    const stored = await this.#find(messageId, provider);
    return stored === undefined ? undefined : toRecord(stored);
  }

  async apply(update: StatusUpdate): Promise<StatusApplyResult> {
    const payload = JSON.stringify({ ...update, at: update.at.getTime() });
    const answer = (await APPLY.run(
      this.#connection.client,
      [
        this.#recordKey(update.provider, update.messageId),
        this.#idKey(update.messageId),
        this.#pendingKey(),
        this.#pendingKey(update.provider),
      ],
      [payload, this.#ttlMs, this.#maxHistory, member(update.provider, update.messageId)],
    )) as string;
    const parsed = JSON.parse(answer) as {
      duplicate: boolean;
      changed: boolean;
      previous?: MessageStatus;
      record: StoredRecord;
    };
    const result: StatusApplyResult = {
      record: toRecord(parsed.record),
      changed: parsed.changed,
      duplicate: parsed.duplicate,
    };
    if (parsed.previous !== undefined) result.previous = parsed.previous;
    return result;
  }

  async history(messageId: string, provider?: string): Promise<StatusHistoryEntry[]> {
    const stored = await this.#find(messageId, provider);
    return stored === undefined ? [] : toRecord(stored).history;
  }

  async pending(options: { provider?: string; limit: number; notCheckedSince?: Date }): Promise<StatusRecord[]> {
    const limit = Math.max(0, Math.floor(options.limit));
    if (limit === 0) return [];
    const client = this.#connection.client;
    const index = this.#pendingKey(options.provider);
    const max = options.notCheckedSince === undefined ? '+inf' : `(${options.notCheckedSince.getTime()}`;
    const found: StatusRecord[] = [];
    let offset = 0;
    // Bounded: each round either fills the answer or reads a page further; expired members are dropped as met.
    for (let round = 0; round < 100 && found.length < limit; round++) {
      const members = await client.zrangebyscore(index, '-inf', max, 'LIMIT', offset, limit - found.length);
      if (members.length === 0) break;
      const raws = await client.mget(...members.map((name) => this.#recordKey(...unmember(name))));
      const gone: string[] = [];
      raws.forEach((raw, position) => {
        if (raw === null) gone.push(members[position]!);
        else found.push(toRecord(JSON.parse(raw) as StoredRecord));
      });
      if (gone.length > 0) {
        await client.zrem(this.#pendingKey(), ...gone);
        for (const name of gone) await client.zrem(this.#pendingKey(unmember(name)[0]), name);
      }
      offset += members.length - gone.length;
    }
    return found;
  }

  async markChecked(messageId: string, provider: string, at: Date): Promise<void> {
    await MARK_CHECKED.run(
      this.#connection.client,
      [this.#recordKey(provider, messageId), this.#pendingKey(), this.#pendingKey(provider)],
      [at.getTime(), member(provider, messageId)],
    );
  }

  /** Closes the client when the store opened it from a URL. */
  close(): Promise<void> {
    return this.#connection.close();
  }

  async #find(messageId: string, provider: string | undefined): Promise<StoredRecord | undefined> {
    const client = this.#connection.client;
    if (provider !== undefined) {
      const raw = await client.get(this.#recordKey(provider, messageId));
      return raw === null ? undefined : (JSON.parse(raw) as StoredRecord);
    }
    const providers = await client.hgetall(this.#idKey(messageId));
    // The most recently updated record first; a provider whose record expired is skipped.
    const candidates = Object.entries(providers).sort((a, b) => Number(b[1]) - Number(a[1]));
    for (const [candidate] of candidates) {
      const raw = await client.get(this.#recordKey(candidate, messageId));
      if (raw !== null) return JSON.parse(raw) as StoredRecord;
    }
    return undefined;
  }

  #recordKey(provider: string, messageId: string): string {
    return `${this.#connection.prefix}status:${part(provider)}:${part(messageId)}`;
  }

  #idKey(messageId: string): string {
    return `${this.#connection.prefix}status-providers:${part(messageId)}`;
  }

  #pendingKey(provider?: string): string {
    return provider === undefined
      ? `${this.#connection.prefix}status-pending`
      : `${this.#connection.prefix}status-pending:${part(provider)}`;
  }
}

function member(provider: string, messageId: string): string {
  return `${part(provider)}:${part(messageId)}`;
}

function unmember(name: string): [string, string] {
  const [provider = '', messageId = ''] = name.split(':');
  return [decodeURIComponent(provider), decodeURIComponent(messageId)];
}
