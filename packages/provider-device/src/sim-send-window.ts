import type { SimSendLimit } from './device-options.js';

/** A claim on a SIM's window, given back with {@link SimSendWindow.release} when nothing was sent. */
export interface SimReservation {
  /** When the parts were counted. */
  readonly at: number;
  /** How many parts. */
  readonly parts: number;
}

/**
 * The sliding window of one SIM: at most `maxCount` SMS parts in any
 * `intervalMs`, as Android's `SmsUsageMonitor` counts them. Sends are
 * counted when they start (so concurrent sends cannot overshoot) and given
 * back only when the gateway certainly did not queue them.
 *
 * Memory is bounded: an entry holds at least one part, so at most
 * `maxCount` entries are inside the window and older ones are dropped.
 */
export class SimSendWindow {
  readonly limit: Readonly<SimSendLimit>;
  #entries: SimReservation[] = [];

  constructor(limit: SimSendLimit) {
    this.limit = Object.freeze({ ...limit });
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
    this.#prune(now);
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
  reserve(now: number, parts: number): SimReservation {
    const reservation: SimReservation = { at: now, parts };
    this.#entries.push(reservation);
    return reservation;
  }

  /** Gives back a reservation whose message was certainly not queued. */
  release(reservation: SimReservation): void {
    const index = this.#entries.indexOf(reservation);
    if (index >= 0) this.#entries.splice(index, 1);
  }

  #prune(now: number): void {
    const horizon = now - this.limit.intervalMs;
    let drop = 0;
    while (drop < this.#entries.length && this.#entries[drop]!.at <= horizon) drop += 1;
    if (drop > 0) this.#entries = this.#entries.slice(drop);
  }
}
