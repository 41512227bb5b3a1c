import type { SendWindowLimit } from './send-window-store.js';

/** Parts counted in a {@link SlidingSendWindow}, given back with {@link SlidingSendWindow.release} when nothing was sent. */
export interface SendWindowEntry {
  /** When the parts were counted. */
  readonly at: number;
  /** How many parts. */
  readonly parts: number;
}

/**
 * One sliding window of SMS parts: at most `maxCount` parts in any
 * `intervalMs`, as Android's `SmsUsageMonitor` counts them. Times are given
 * by the caller, so a simulated phone can count at the time it sends.
 * {@link MemorySendWindowStore} keeps one per key.
 *
 * Memory is bounded: an entry holds at least one part, so at most
 * `maxCount` entries are inside the window and older ones are dropped.
 */
export class SlidingSendWindow {
  readonly limit: Readonly<SendWindowLimit>;
  #entries: SendWindowEntry[] = [];

  constructor(limit: SendWindowLimit) {
    this.limit = Object.freeze({ maxCount: limit.maxCount, intervalMs: limit.intervalMs });
  }

  /** Parts counted in the window ending at `now`. */
  used(now: number): number {
    this.#prune(now);
    let used = 0;
    for (const entry of this.#entries) used += entry.parts;
    return used;
  }

  /**
   * The earliest time at or after `now` when `parts` more fit, or
   * `Infinity` when they never can (more parts than the limit).
   */
  freeAt(now: number, parts: number): number {
    if (parts > this.limit.maxCount) return Number.POSITIVE_INFINITY;
    let excess = this.used(now) + parts - this.limit.maxCount;
    if (excess <= 0) return now;
    // Oldest first: the window frees their parts as each one slides out.
    for (const entry of this.#entries) {
      excess -= entry.parts;
      if (excess <= 0) return entry.at + this.limit.intervalMs;
    }
    return Number.POSITIVE_INFINITY;
  }

  /** Counts `parts` at `now`; the caller checked {@link freeAt} first. */
  reserve(now: number, parts: number): SendWindowEntry {
    const entry: SendWindowEntry = { at: now, parts };
    this.#entries.push(entry);
    return entry;
  }

  /** Gives back an entry whose message was certainly not sent. */
  release(entry: SendWindowEntry): void {
    const index = this.#entries.indexOf(entry);
    if (index >= 0) this.#entries.splice(index, 1);
  }

  #prune(now: number): void {
    const horizon = now - this.limit.intervalMs;
    let drop = 0;
    while (drop < this.#entries.length && this.#entries[drop]!.at <= horizon) drop += 1;
    if (drop > 0) this.#entries = this.#entries.slice(drop);
  }
}
