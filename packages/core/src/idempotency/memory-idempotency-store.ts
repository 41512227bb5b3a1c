import type { Logger } from '../provider/v1/logger.js';
import { type Clock, systemClock } from '../runtime/clock.js';
import { grownCapacity, reservedSlots } from '../slots/slot-capacity.js';
import { NO_SLOT, SlotHashIndex } from '../slots/slot-hash-index.js';
import { SlotRecencyList } from '../slots/slot-recency-list.js';
import { IdempotencyRecordColumns } from './idempotency-record-columns.js';
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

// Looking for expired keys costs a pass over every key: at most once a second.
const SWEEP_INTERVAL_MS = 1000;

/**
 * The default {@link IdempotencyStore}: a table in this process, least
 * recently used evicted first, each key expiring after its TTL. Keys do not
 * survive a restart and are not shared between processes; use a shared
 * store for that.
 *
 * When full, expired keys are dropped first; only then is the least recently
 * used live key evicted, and a send with that key is no longer recognised as
 * a repeat. Size `maxEntries` above the keys one TTL brings in.
 *
 * Keys and the records a send leaves (`pending`, then a bare `sent`) are
 * kept outside the JS heap, in typed arrays and a byte area per slot (see
 * {@link IdempotencyRecordColumns}), found through a {@link SlotHashIndex}
 * and ordered by a {@link SlotRecencyList}: V8 sizes its heap at about four
 * times what is live on it, so 100 000 keys on the JS heap would cost
 * hundreds of megabytes of resident memory. Other values stay on the JS heap.
 */
export class InMemoryIdempotencyStore<Value = IdempotencyRecord> implements IdempotencyStore<Value> {
  private readonly index: SlotHashIndex;
  private readonly recency: SlotRecencyList;
  private readonly columns: IdempotencyRecordColumns<Value>;
  private readonly freeSlots: number[] = [];
  /** Slots ever handed out; the free ones among them are in {@link freeSlots}. */
  private usedSlots = 0;
  private readonly maxEntries: number;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly onEvict: ((eviction: IdempotencyEviction) => void) | undefined;
  private lastSweep = Number.NEGATIVE_INFINITY;
  private burst = 0;
  private evictedTotal = 0;

  constructor(options: InMemoryIdempotencyStoreOptions = {}) {
    this.maxEntries = Math.max(1, Math.floor(options.maxEntries ?? DEFAULT_IDEMPOTENCY_MAX_ENTRIES));
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
    this.onEvict = options.onEvict;
    const slots = reservedSlots(this.maxEntries);
    this.index = new SlotHashIndex(slots);
    this.recency = new SlotRecencyList(slots);
    this.columns = new IdempotencyRecordColumns<Value>(slots);
  }

  /** Live keys (expired ones may still be counted until touched). */
  get size(): number {
    return this.index.size;
  }

  /** Keys evicted before their TTL since the store was made. */
  get evicted(): number {
    return this.evictedTotal;
  }

  async get(key: string): Promise<Value | undefined> {
    const slot = this.live(key);
    if (slot === NO_SLOT) return undefined;
    this.recency.touch(slot);
    return this.columns.valueOf(slot);
  }

  async setIfAbsent(key: string, value: Value, ttlMs: number): Promise<boolean> {
    if (this.live(key) !== NO_SLOT) return false;
    this.write(key, value, ttlMs);
    return true;
  }

  async setManyIfAbsent(entries: readonly IdempotencyEntry<Value>[], ttlMs: number): Promise<boolean[]> {
    const stored: boolean[] = new Array(entries.length);
    for (let position = 0; position < entries.length; position++) {
      const { key, value } = entries[position]!;
      stored[position] = this.live(key) === NO_SLOT;
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
    const slot = this.find(key);
    if (slot !== NO_SLOT) this.remove(slot);
  }

  /** The slot holding `key`, expired or not. */
  private find(key: string): number {
    return this.index.find(this.index.hash(key), (slot) => this.columns.holdsKey(slot, key));
  }

  /** The slot of `key` if it has not expired; an expired one is removed. */
  private live(key: string): number {
    const slot = this.find(key);
    if (slot === NO_SLOT || this.columns.expiresAt(slot) > this.clock.now()) return slot;
    this.remove(slot);
    return NO_SLOT;
  }

  private write(key: string, value: Value, ttlMs: number): void {
    const now = this.clock.now();
    let slot = this.find(key);
    if (slot === NO_SLOT) {
      slot = this.allocate();
      this.index.add(slot, this.index.hash(key));
      this.recency.append(slot);
    } else {
      this.recency.touch(slot);
    }
    this.columns.write(slot, key, value, now + Math.max(0, ttlMs));
    // Room to spare ends a burst; exactly full (a key rewritten in place) does not.
    if (this.size < this.maxEntries) this.burst = 0;
    if (this.size <= this.maxEntries) return;
    if (now - this.lastSweep >= SWEEP_INTERVAL_MS) {
      this.lastSweep = now;
      this.removeExpired(now);
      if (this.size <= this.maxEntries) {
        this.burst = 0;
        return;
      }
    }
    while (this.size > this.maxEntries) this.evictOldest(now);
  }

  private removeExpired(now: number): void {
    for (let slot = this.recency.oldest; slot !== NO_SLOT; ) {
      const next = this.recency.newerThan(slot);
      if (this.columns.expiresAt(slot) <= now) this.remove(slot);
      slot = next;
    }
  }

  private evictOldest(now: number): void {
    const oldest = this.recency.oldest;
    const remainingMs = this.columns.expiresAt(oldest) - now;
    // The key is only made into a string for a hook that asks for it.
    const key = remainingMs > 0 && this.onEvict !== undefined ? this.columns.keyOf(oldest) : '';
    this.remove(oldest);
    if (remainingMs > 0) this.evictedEarly(key, remainingMs);
  }

  /** A free slot. */
  private allocate(): number {
    const slot = this.freeSlots.pop() ?? this.usedSlots++;
    if (slot >= this.columns.capacity) {
      const capacity = grownCapacity(this.columns.capacity, slot + 1, this.maxEntries);
      this.columns.grow(capacity);
      this.recency.grow(capacity);
    }
    return slot;
  }

  private remove(slot: number): void {
    this.index.delete(slot);
    this.recency.remove(slot);
    this.columns.clear(slot);
    this.freeSlots.push(slot);
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
