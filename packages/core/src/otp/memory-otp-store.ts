import type { Logger } from '../provider/v1/logger.js';
import { type Clock, systemClock } from '../runtime/clock.js';
import type { OtpEntry, OtpStore } from './otp-store.js';

/** Default {@link MemoryOtpStoreOptions.maxEntries}. */
export const DEFAULT_OTP_STORE_MAX_ENTRIES = 100_000;

/** Options of {@link MemoryOtpStore}. */
export interface MemoryOtpStoreOptions {
  /** Time source for expiry. Default: the system clock. */
  clock?: Clock;
  /** Most recipients held; beyond it the least recently written is forgotten (with a warning). Default 100 000. */
  maxEntries?: number;
  /** Warned once per eviction burst: a forgotten recipient's code and send count are gone. */
  logger?: Logger;
}

interface Stored {
  entry: OtpEntry;
  expiresAt: number;
}

function copy(entry: OtpEntry): OtpEntry {
  return structuredClone(entry);
}

/**
 * The default {@link OtpStore}: a bounded map in this process, each entry
 * expiring after its TTL. Codes and send counts do not survive a restart
 * and are not shared between processes; use a shared store for that.
 */
export class MemoryOtpStore implements OtpStore {
  readonly #clock: Clock;
  readonly #maxEntries: number;
  readonly #logger: Logger | undefined;
  // Insertion order is write order: the first key is the least recently written.
  readonly #entries = new Map<string, Stored>();
  #evicting = false;
  #lastSweep = Number.NEGATIVE_INFINITY;

  constructor(options: MemoryOtpStoreOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#maxEntries = Math.max(1, Math.floor(options.maxEntries ?? DEFAULT_OTP_STORE_MAX_ENTRIES));
    this.#logger = options.logger;
  }

  /** Recipients held now, expired ones included until they are next touched or evicted. */
  get size(): number {
    return this.#entries.size;
  }

  /** Every live entry by recipient, as copies: what the store holds, for tests and inspection. */
  entries(): [string, OtpEntry][] {
    const now = this.#clock.now();
    return [...this.#entries]
      .filter(([, stored]) => stored.expiresAt > now)
      .map(([key, stored]) => [key, copy(stored.entry)]);
  }

  async get(key: string): Promise<OtpEntry | undefined> {
    const stored = this.#live(key);
    return stored === undefined ? undefined : copy(stored.entry);
  }

  async compareAndSet(key: string, expectedVersion: number, entry: OtpEntry, ttlMs: number): Promise<boolean> {
    // Check and write happen in one synchronous step: no other call can run between them.
    const current = this.#live(key)?.entry.version ?? 0;
    if (current !== expectedVersion) return false;
    this.#entries.delete(key);
    this.#entries.set(key, { entry: copy(entry), expiresAt: this.#clock.now() + Math.max(1, ttlMs) });
    this.#evict();
    return true;
  }

  #live(key: string): Stored | undefined {
    const stored = this.#entries.get(key);
    if (stored === undefined) return undefined;
    if (stored.expiresAt <= this.#clock.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return stored;
  }

  #evict(): void {
    if (this.#entries.size <= this.#maxEntries) {
      this.#evicting = false;
      return;
    }
    const now = this.#clock.now();
    // A pass over the map for expired entries: at most once a second.
    if (now - this.#lastSweep >= 1000) {
      this.#lastSweep = now;
      for (const [key, stored] of this.#entries) {
        if (stored.expiresAt <= now) this.#entries.delete(key);
      }
    }
    let early = 0;
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(oldest);
      early += 1;
    }
    if (early > 0 && !this.#evicting) {
      this.#evicting = true;
      this.#logger?.warn(
        'pesan: the in-memory OTP store is full: recipients are forgotten before their codes and send limits expire. Raise its maxEntries or use a shared store.',
        { maxEntries: this.#maxEntries },
      );
    }
  }
}
