import { type Clock, systemClock } from '../runtime/clock.js';
import type { IdempotencyRecord, IdempotencyStore } from './idempotency-store.js';

/** Options of {@link InMemoryIdempotencyStore}. */
export interface InMemoryIdempotencyStoreOptions {
  /** Most keys kept; the least recently used goes first. Default 10 000. */
  maxEntries?: number;
  /** Time source for expiry. */
  clock?: Clock;
}

interface Entry<Value> {
  value: Value;
  expiresAt: number;
}

/**
 * The default {@link IdempotencyStore}: a map in this process, least recently
 * used evicted first, each key expiring after its TTL. Keys do not survive a
 * restart and are not shared between processes; use a shared store for that.
 */
export class InMemoryIdempotencyStore<Value = IdempotencyRecord> implements IdempotencyStore<Value> {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly entries = new Map<string, Entry<Value>>();
  private readonly maxEntries: number;
  private readonly clock: Clock;

  constructor(options: InMemoryIdempotencyStoreOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 10_000);
    this.clock = options.clock ?? systemClock;
  }

  /** Live keys (expired ones may still be counted until touched). */
  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<Value | undefined> {
    const entry = this.live(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  async setIfAbsent(key: string, value: Value, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.write(key, value, ttlMs);
    return true;
  }

  async set(key: string, value: Value, ttlMs: number): Promise<void> {
    this.write(key, value, ttlMs);
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  private live(key: string): Entry<Value> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private write(key: string, value: Value, ttlMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.clock.now() + Math.max(0, ttlMs) });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }
}
