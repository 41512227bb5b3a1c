import type { Clock } from '../../runtime/clock.js';

/**
 * A clock whose timers fire only when a test says so: per-try timeouts are
 * triggered deterministically, never by waiting.
 */
export class ManualClock implements Clock {
  #now = 1_700_000_000_000;
  readonly #sleepers = new Set<() => void>();

  now(): number {
    return this.#now;
  }

  sleep(_ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const wake = () => {
        this.#sleepers.delete(wake);
        resolve();
      };
      signal?.addEventListener(
        'abort',
        () => {
          this.#sleepers.delete(wake);
          reject(signal.reason);
        },
        { once: true },
      );
      this.#sleepers.add(wake);
    });
  }

  /** Moves time on and fires every pending timer. */
  expireTimers(advanceMs = 1_000): void {
    this.#now += advanceMs;
    for (const wake of [...this.#sleepers]) wake();
  }
}
