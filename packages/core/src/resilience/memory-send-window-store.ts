import { type Clock, systemClock } from '../runtime/clock.js';
import {
  assertSendWindowArguments,
  type SendWindowLimit,
  type SendWindowReservation,
  type SendWindowStore,
} from './send-window-store.js';
import { type SendWindowEntry, SlidingSendWindow } from './sliding-send-window.js';

/** Options of {@link MemorySendWindowStore}. */
export interface MemorySendWindowStoreOptions {
  /** Time source. Default: the system clock. */
  clock?: Clock;
}

interface KeyedWindow {
  window: SlidingSendWindow;
  /** Granted reservations still inside the window, oldest first. */
  readonly reservations: Map<string, SendWindowEntry>;
}

/**
 * A {@link SendWindowStore} in this process: the in-memory twin of a shared
 * store, and what the device gateway uses when it is given none. One
 * {@link SlidingSendWindow} per key, kept for the life of the store (one per
 * SIM); a key's reservations are forgotten as they slide out of its window.
 */
export class MemorySendWindowStore implements SendWindowStore {
  readonly #clock: Clock;
  readonly #windows = new Map<string, KeyedWindow>();
  #sequence = 0;

  constructor(options: MemorySendWindowStoreOptions = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  async reserve(key: string, parts: number, limit: SendWindowLimit): Promise<SendWindowReservation> {
    assertSendWindowArguments({ key, limit, parts });
    const keyed = this.#windowOf(key, limit);
    const now = this.#clock.now();
    this.#forgetExpired(keyed, now);
    const freeAt = keyed.window.freeAt(now, parts);
    if (freeAt > now) return { granted: false, waitMs: freeAt - now, used: keyed.window.used(now) };
    this.#sequence += 1;
    const id = String(this.#sequence);
    keyed.reservations.set(id, keyed.window.reserve(now, parts));
    return { granted: true, id, used: keyed.window.used(now) };
  }

  async release(key: string, id: string): Promise<void> {
    const keyed = this.#windows.get(key);
    const entry = keyed?.reservations.get(id);
    if (keyed === undefined || entry === undefined) return;
    keyed.window.release(entry);
    keyed.reservations.delete(id);
  }

  async used(key: string, limit: SendWindowLimit): Promise<number> {
    assertSendWindowArguments({ key, limit });
    if (!this.#windows.has(key)) return 0;
    return this.#windowOf(key, limit).window.used(this.#clock.now());
  }

  /** The window of `key` under `limit`. */
  #windowOf(key: string, limit: SendWindowLimit): KeyedWindow {
    const known = this.#windows.get(key);
    if (known === undefined) {
      const created: KeyedWindow = { window: new SlidingSendWindow(limit), reservations: new Map() };
      this.#windows.set(key, created);
      return created;
    }
    const { maxCount, intervalMs } = known.window.limit;
    if (maxCount !== limit.maxCount || intervalMs !== limit.intervalMs) {
      // A new configuration counts this key under another limit: the parts already counted still count.
      known.window = new SlidingSendWindow(limit);
      for (const [id, entry] of known.reservations) {
        known.reservations.set(id, known.window.reserve(entry.at, entry.parts));
      }
    }
    return known;
  }

  #forgetExpired(keyed: KeyedWindow, now: number): void {
    const horizon = now - keyed.window.limit.intervalMs;
    for (const [id, entry] of keyed.reservations) {
      if (entry.at > horizon) break;
      keyed.reservations.delete(id);
    }
  }
}
