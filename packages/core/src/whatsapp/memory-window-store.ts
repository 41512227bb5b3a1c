import type { Clock } from '../runtime/clock.js';
import { systemClock } from '../runtime/clock.js';
import type { WindowStore } from './window-store.js';

/** Options of {@link MemoryWindowStore}. */
export interface MemoryWindowStoreOptions {
  /** Time source for expiry. Default: the system clock. */
  clock?: Clock;
  /**
   * How long a contact's last inbound time is remembered, in milliseconds.
   * Default 7 days: longer than the 24 h window, so the store can tell a
   * closed window from a contact it never heard of.
   */
  ttlMs?: number;
  /** Most contacts held; beyond it the least recently written is forgotten. Default 100 000. */
  maxEntries?: number;
}

/** Default {@link MemoryWindowStoreOptions.ttlMs}: 7 days. */
export const DEFAULT_WINDOW_STORE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Default {@link MemoryWindowStoreOptions.maxEntries}. */
export const DEFAULT_WINDOW_STORE_MAX_ENTRIES = 100_000;

/**
 * The default {@link WindowStore}: a bounded map in this process, each entry
 * expiring `ttlMs` after the inbound message it records. Each messenger has
 * its own unless one is passed as `stores.windows`; use a shared store when
 * webhooks and sends run in different processes.
 */
export class MemoryWindowStore implements WindowStore {
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  // Insertion order is write order: the first key is the least recently written.
  readonly #entries = new Map<string, number>();

  constructor(options: MemoryWindowStoreOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#ttlMs = Math.max(1, options.ttlMs ?? DEFAULT_WINDOW_STORE_TTL_MS);
    this.#maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_WINDOW_STORE_MAX_ENTRIES);
  }

  /** Contacts held now, expired ones included until they are next read or evicted. */
  get size(): number {
    return this.#entries.size;
  }

  async recordInbound(contact: string, at: Date): Promise<void> {
    const time = at.getTime();
    if (!Number.isFinite(time)) return;
    const known = this.#entries.get(contact);
    if (known !== undefined && known >= time) return;
    this.#entries.delete(contact);
    this.#entries.set(contact, time);
    // Bounded: removes the least recently written entries until the cap holds.
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(oldest);
    }
  }

  async lastInbound(contact: string): Promise<Date | undefined> {
    const time = this.#entries.get(contact);
    if (time === undefined) return undefined;
    if (time + this.#ttlMs <= this.#clock.now()) {
      this.#entries.delete(contact);
      return undefined;
    }
    return new Date(time);
  }
}
