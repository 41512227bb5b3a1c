import type { Logger } from '../provider/v1/logger.js';
import { type Clock, systemClock } from '../runtime/clock.js';
import { CompactSentRecord } from './compact-sent-record.js';
import type { IdempotencyEntry, IdempotencyRecord, IdempotencyStore } from './idempotency-store.js';

/** Default of {@link InMemoryIdempotencyStoreOptions.maxEntries}. */
export const DEFAULT_IDEMPOTENCY_MAX_ENTRIES = 100_000;

/** Told about each key evicted before its TTL ran out, to make room. */
export interface IdempotencyEviction {
  key: string;
  /** How long the key had left to live, in milliseconds. */
  remainingMs: number;
  /** Keys evicted early since the store last had room, this one included. */
  inBurst: number;
}

/** Options of {@link InMemoryIdempotencyStore}. */
export interface InMemoryIdempotencyStoreOptions {
  /** Most keys kept; the least recently used goes first. Default 100 000. */
  maxEntries?: number;
  /** Time source for expiry. */
  clock?: Clock;
  /**
   * Warned once per eviction burst (keys evicted before their TTL, until the
   * store has room to spare again): such a key no longer protects against a
   * second send.
   */
  logger?: Logger;
  /** Called for every key evicted before its TTL (metrics). */
  onEvict?: (eviction: IdempotencyEviction) => void;
}

interface Entry<Value> {
  value: Value;
  expiresAt: number;
}

/** What the map holds for a key: a campaign's bare `sent` records in a compact form, anything else as given. */
type StoredEntry<Value> = Entry<Value> | CompactSentRecord;

function storedValue<Value>(entry: StoredEntry<Value>): Value {
  return entry instanceof CompactSentRecord ? (entry.record() as Value) : entry.value;
}

// Looking for expired keys costs a pass over the map: at most once a second.
const SWEEP_INTERVAL_MS = 1000;

/**
 * The default {@link IdempotencyStore}: a map in this process, least recently
 * used evicted first, each key expiring after its TTL. Keys do not survive a
 * restart and are not shared between processes; use a shared store for that.
 *
 * When full, expired keys are dropped first; only then is the least recently
 * used live key evicted, and a send with that key is no longer recognised as
 * a repeat. Size `maxEntries` above the keys one TTL brings in.
 */
export class InMemoryIdempotencyStore<Value = IdempotencyRecord> implements IdempotencyStore<Value> {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly entries = new Map<string, StoredEntry<Value>>();
  private readonly maxEntries: number;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly onEvict: ((eviction: IdempotencyEviction) => void) | undefined;
  /**
   * Where eviction goes on from: every entry it has passed is deleted, so its
   * next one is the least recently used. A new iteration from the front
   * would walk past every entry deleted since the Map's last rehash (tens of
   * thousands once the store is full) for each key evicted.
   */
  private evictionCursor: Iterator<[string, StoredEntry<Value>]> | undefined;
  private lastSweep = Number.NEGATIVE_INFINITY;
  private burst = 0;
  private evictedTotal = 0;

  constructor(options: InMemoryIdempotencyStoreOptions = {}) {
    this.maxEntries = Math.max(1, Math.floor(options.maxEntries ?? DEFAULT_IDEMPOTENCY_MAX_ENTRIES));
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
    this.onEvict = options.onEvict;
  }

  /** Live keys (expired ones may still be counted until touched). */
  get size(): number {
    return this.entries.size;
  }

  /** Keys evicted before their TTL since the store was made. */
  get evicted(): number {
    return this.evictedTotal;
  }

  async get(key: string): Promise<Value | undefined> {
    const entry = this.live(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return storedValue(entry);
  }

  async setIfAbsent(key: string, value: Value, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.write(key, value, ttlMs);
    return true;
  }

  async setManyIfAbsent(entries: readonly IdempotencyEntry<Value>[], ttlMs: number): Promise<boolean[]> {
    const stored: boolean[] = new Array(entries.length);
    for (let position = 0; position < entries.length; position++) {
      const { key, value } = entries[position]!;
      stored[position] = this.live(key) === undefined;
      if (stored[position]) this.write(key, value, ttlMs);
    }
    return stored;
  }

  async set(key: string, value: Value, ttlMs: number): Promise<void> {
    this.write(key, value, ttlMs);
  }

  async setMany(entries: readonly IdempotencyEntry<Value>[], ttlMs: number): Promise<void> {
    for (const { key, value } of entries) this.write(key, value, ttlMs);
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  private live(key: string): StoredEntry<Value> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private write(key: string, value: Value, ttlMs: number): void {
    const now = this.clock.now();
    this.entries.delete(key);
    const expiresAt = now + Math.max(0, ttlMs);
    this.entries.set(key, CompactSentRecord.of(value, expiresAt) ?? { value, expiresAt });
    // Room to spare ends a burst; exactly full (a key rewritten in place) does not.
    if (this.entries.size < this.maxEntries) {
      this.burst = 0;
      // An idle iterator would keep the tables the Map grows out of.
      this.evictionCursor = undefined;
    }
    if (this.entries.size <= this.maxEntries) return;
    if (now - this.lastSweep >= SWEEP_INTERVAL_MS) {
      this.lastSweep = now;
      for (const [candidate, entry] of this.entries) {
        if (entry.expiresAt <= now) this.entries.delete(candidate);
      }
      if (this.entries.size <= this.maxEntries) {
        this.burst = 0;
        return;
      }
    }
    while (this.entries.size > this.maxEntries) {
      const [oldest, entry] = this.leastRecentlyUsed();
      this.entries.delete(oldest);
      if (entry.expiresAt > now) this.evictedEarly(oldest, entry.expiresAt - now);
    }
  }

  /** The least recently used entry; only called to delete it. */
  private leastRecentlyUsed(): [string, StoredEntry<Value>] {
    let next = this.evictionCursor?.next();
    // A finished iterator sees nothing added later: start again from the front.
    if (next === undefined || next.done) {
      this.evictionCursor = this.entries.entries();
      next = this.evictionCursor.next();
    }
    return next.value as [string, StoredEntry<Value>];
  }

  private evictedEarly(key: string, remainingMs: number): void {
    this.burst += 1;
    this.evictedTotal += 1;
    // A failing logger or metrics hook must not turn a store write into a failed send.
    try {
      if (this.burst === 1) {
        this.logger?.warn(
          'pesan: the in-memory idempotency store is full: keys are evicted before their TTL, and a send repeating an evicted key would be sent again. Raise idempotencyMaxEntries or use a shared store.',
          { maxEntries: this.maxEntries, remainingMs },
        );
      }
      this.onEvict?.({ key, remainingMs, inBurst: this.burst });
    } catch {
      // ignored, see above
    }
  }
}
