import { setTimeout as sleep } from 'node:timers/promises';
import type { IdempotencyRecord, IdempotencyStore } from '@pesan/core';
import { openRedisConnection, type RedisConnection, type RedisConnectionOptions } from './redis-connection.js';

/** Options of {@link RedisIdempotencyStore}. */
export interface RedisIdempotencyStoreOptions extends RedisConnectionOptions {
  /**
   * How long `get` waits, at most, for a key another instance is sending with
   * (`pending`) to reach its result, in milliseconds. A duplicate then
   * returns the first result instead of being refused. A key pending for
   * longer than this (its sender probably died) is answered at once.
   * Default 10 000; 0 does not wait.
   */
  pendingWaitMs?: number;
}

/** Default {@link RedisIdempotencyStoreOptions.pendingWaitMs}. */
export const DEFAULT_PENDING_WAIT_MS = 10_000;

function revive(value: IdempotencyRecord): IdempotencyRecord {
  if (value.state === 'sent') {
    for (const attempt of value.result.attempts ?? []) {
      if (typeof attempt.startedAt === 'string') attempt.startedAt = new Date(attempt.startedAt);
    }
  }
  return value;
}

/**
 * An {@link IdempotencyStore} in Redis, one key per idempotency key holding
 * the record as JSON with the TTL. The claim is `SET NX PX`, so of many
 * instances sending with one key exactly one sends; the first result is kept
 * for the TTL and returned to every later duplicate, and a concurrent
 * duplicate on another instance waits (bounded by `pendingWaitMs`) for it.
 * `setManyIfAbsent` sends one `SET NX PX` per key in one pipeline: one round
 * trip for a campaign's batch, each key claimed atomically on its own;
 * `setMany` records the batch's results the same way.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  readonly #connection: RedisConnection;
  readonly #pendingWaitMs: number;

  constructor(options: RedisIdempotencyStoreOptions) {
    this.#connection = openRedisConnection(options);
    this.#pendingWaitMs = Math.max(0, options.pendingWaitMs ?? DEFAULT_PENDING_WAIT_MS);
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    const startedAt = Date.now();
    let pauseMs = 10;
    // Bounded by pendingWaitMs: a pending key is read again until it settles or the wait runs out.
    for (;;) {
      const record = await this.#read(key);
      if (record?.state !== 'pending') return record;
      const waitUntil = Math.min(startedAt, record.since) + this.#pendingWaitMs;
      const left = waitUntil - Date.now();
      if (left <= 0) return record;
      await sleep(Math.min(pauseMs, left));
      pauseMs = Math.min(pauseMs * 2, 250);
    }
  }

  async setIfAbsent(key: string, value: IdempotencyRecord, ttlMs: number): Promise<boolean> {
    const answer = await this.#connection.client.set(this.#key(key), JSON.stringify(value), 'PX', ttl(ttlMs), 'NX');
    return answer === 'OK';
  }

  async setManyIfAbsent(
    entries: readonly { key: string; value: IdempotencyRecord }[],
    ttlMs: number,
  ): Promise<boolean[]> {
    if (entries.length === 0) return [];
    const pipeline = this.#connection.client.pipeline();
    const milliseconds = ttl(ttlMs);
    for (const { key, value } of entries) pipeline.set(this.#key(key), JSON.stringify(value), 'PX', milliseconds, 'NX');
    const answers = await pipeline.exec();
    if (answers === null || answers.length !== entries.length) {
      throw new Error(`Redis answered ${answers?.length ?? 0} replies to ${entries.length} SET NX commands`);
    }
    return answers.map(([error, answer]) => {
      if (error) throw error;
      return answer === 'OK';
    });
  }

  async set(key: string, value: IdempotencyRecord, ttlMs: number): Promise<void> {
    await this.#connection.client.set(this.#key(key), JSON.stringify(value), 'PX', ttl(ttlMs));
  }

  async setMany(entries: readonly { key: string; value: IdempotencyRecord }[], ttlMs: number): Promise<void> {
    if (entries.length === 0) return;
    const pipeline = this.#connection.client.pipeline();
    const milliseconds = ttl(ttlMs);
    for (const { key, value } of entries) pipeline.set(this.#key(key), JSON.stringify(value), 'PX', milliseconds);
    const answers = await pipeline.exec();
    for (const [error] of answers ?? []) if (error) throw error;
  }

  async delete(key: string): Promise<void> {
    await this.#connection.client.del(this.#key(key));
  }

  /** Closes the client when the store opened it from a URL. */
  close(): Promise<void> {
    return this.#connection.close();
  }

  async #read(key: string): Promise<IdempotencyRecord | undefined> {
    const raw = await this.#connection.client.get(this.#key(key));
    return raw === null ? undefined : revive(JSON.parse(raw) as IdempotencyRecord);
  }

  #key(key: string): string {
    return `${this.#connection.prefix}idempotency:${key}`;
  }
}

function ttl(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs));
}
