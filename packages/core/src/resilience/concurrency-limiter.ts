import { PesanError } from '../errors/pesan-error.js';
import type { Clock } from '../runtime/clock.js';

interface Waiter {
  /** Hands the waiter a slot; false when it already gave up (timed out or aborted). */
  tryGrant(): boolean;
}

/**
 * At most `max` calls at once; others wait in arrival order, each for at
 * most `maxWaitMs`, then fail with `RATE_LIMITED` (`not_sent`).
 */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly waiters: Waiter[] = [];

  constructor(
    private readonly max: number,
    private readonly clock: Clock,
    private readonly provider?: string,
  ) {
    if (!(Number.isInteger(max) && max > 0)) throw new RangeError('concurrency must be a positive integer');
  }

  /** Calls running now. */
  get active(): number {
    return this.running;
  }

  /** Calls waiting for a slot. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Waits for a slot; resolves with the function that frees it (calling it twice is harmless). */
  async acquire(maxWaitMs: number, signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.running < this.max && this.waiters.length === 0) return this.occupy();
    if (maxWaitMs <= 0) throw this.refusal(maxWaitMs);
    const timer = new AbortController();
    const onAbort = () => timer.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await new Promise<() => void>((resolve, reject) => {
        let settled = false;
        const waiter: Waiter = {
          tryGrant: () => {
            if (settled) return false;
            settled = true;
            timer.abort('slot granted');
            resolve(this.occupy());
            return true;
          },
        };
        // Gives up synchronously, so a release can never hand a slot to a waiter that already left.
        const giveUp = (error: unknown) => {
          if (settled) return;
          settled = true;
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(error);
        };
        this.waiters.push(waiter);
        this.clock.sleep(maxWaitMs, timer.signal).then(
          () => giveUp(this.refusal(maxWaitMs)),
          () => giveUp(signal?.reason ?? this.refusal(maxWaitMs)),
        );
      });
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private occupy(): () => void {
    this.running += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running -= 1;
      // Bounded by the queue length: each waiter is shifted once.
      for (let next = this.waiters.shift(); next; next = this.waiters.shift()) {
        if (next.tryGrant()) break;
      }
    };
  }

  private refusal(maxWaitMs: number): PesanError {
    return new PesanError('RATE_LIMITED', {
      message: `Concurrency limit (${this.max})${this.provider ? ` of provider "${this.provider}"` : ''} reached; no slot within ${maxWaitMs} ms`,
      provider: this.provider,
      details: { limit: 'concurrency', concurrency: this.max, maxWaitMs },
    });
  }
}
