import type { Clock } from './clock.js';

interface PendingSleep {
  readonly due: number;
  readonly order: number;
  readonly resolve: () => void;
}

/** Lets promise continuations (and the sleeps they start) run before time moves on. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A {@link Clock} that only moves when told to. `sleep()` resolves when
 * {@link FakeClock.advance} passes its due time, so rate limits, circuit
 * breakers and timeouts are tested without waiting and without timed
 * assertions.
 *
 * @example
 * ```ts
 * const clock = new FakeClock();
 * const done = clock.sleep(1000);
 * await clock.advance(1000); // `done` is resolved now
 * ```
 */
export class FakeClock implements Clock {
  private current: number;
  private sleeps: PendingSleep[] = [];
  private counter = 0;

  /** @param start Milliseconds since the epoch the clock starts at (default 2024-01-01T00:00:00Z). */
  constructor(start = Date.UTC(2024, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const entry: PendingSleep = {
        due: this.current + Math.max(0, ms),
        order: this.counter++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.sleeps = this.sleeps.filter((sleep) => sleep !== entry);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleeps.push(entry);
    });
  }

  /** Sleeps not yet resolved. */
  get pendingSleeps(): number {
    return this.sleeps.length;
  }

  /**
   * Moves time forward by `ms`, resolving due sleeps in order and letting the
   * code they wake up run (and start new sleeps) before moving further.
   */
  async advance(ms: number): Promise<void> {
    const target = this.current + Math.max(0, ms);
    await settle();
    // Bounded: code that keeps sleeping 0 ms forever would otherwise hang the test.
    for (let round = 0; round < 100_000; round++) {
      const next = this.nextDue();
      if (next === undefined || next.due > target) {
        this.current = target;
        await settle();
        return;
      }
      this.sleeps = this.sleeps.filter((sleep) => sleep !== next);
      this.current = Math.max(this.current, next.due);
      next.resolve();
      await settle();
    }
    throw new Error('FakeClock.advance: more than 100000 sleeps resolved; is something sleeping in a loop?');
  }

  /** Lets pending promise continuations run without moving time. */
  async flush(): Promise<void> {
    await settle();
  }

  private nextDue(): PendingSleep | undefined {
    let best: PendingSleep | undefined;
    for (const sleep of this.sleeps) {
      if (!best || sleep.due < best.due || (sleep.due === best.due && sleep.order < best.order)) best = sleep;
    }
    return best;
  }
}
