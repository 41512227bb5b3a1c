/** How many callbacks the sandbox pushes at once, and how many may wait. */
export interface CallbackQueueLimits {
  /** Pushes in flight at once. */
  concurrency: number;
  /** Pushes waiting for a slot; beyond this a push is dropped and counted. */
  maxQueued: number;
}

/** The sandbox's limits: 4 pushes at once, at most 10 000 waiting. */
export const SANDBOX_CALLBACK_LIMITS: Readonly<CallbackQueueLimits> = Object.freeze({
  concurrency: 4,
  maxQueued: 10_000,
});

interface Job {
  run: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * Runs callback pushes with bounded concurrency and a bounded queue, so a
 * burst of accepted messages (or a callback URL that hangs) cannot open
 * thousands of sockets or grow memory without end. A push beyond the queue is
 * dropped: its promise rejects and `dropped` counts it. `stop()` rejects what
 * is queued and waits for the pushes in flight (their requests are aborted by
 * the caller's signal).
 */
export class SandboxCallbackQueue {
  readonly #limits: CallbackQueueLimits;
  readonly #queue: Job[] = [];
  readonly #running = new Set<Promise<void>>();
  readonly #idleWaiters: (() => void)[] = [];
  #dropped = 0;
  #stopped = false;

  constructor(limits: CallbackQueueLimits = SANDBOX_CALLBACK_LIMITS) {
    if (!Number.isInteger(limits.concurrency) || limits.concurrency < 1) {
      throw new RangeError('callback concurrency must be a positive integer');
    }
    if (!Number.isInteger(limits.maxQueued) || limits.maxQueued < 0) {
      throw new RangeError('callback queue size must be a non-negative integer');
    }
    this.#limits = { ...limits };
  }

  /** Pushes dropped because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Pushes waiting for a slot. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Pushes in flight. */
  get running(): number {
    return this.#running.size;
  }

  /** Queues a push; settles with its outcome, or rejects when dropped or stopped. */
  push<T>(run: () => Promise<T>): Promise<T> {
    if (this.#stopped) return Promise.reject(new Error('sandbox stopped'));
    if (this.#running.size >= this.#limits.concurrency && this.#queue.length >= this.#limits.maxQueued) {
      this.#dropped += 1;
      return Promise.reject(
        new Error(`callback dropped: ${this.#limits.maxQueued} callbacks are already waiting to be pushed`),
      );
    }
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      this.#pump();
    });
  }

  /** Resolves once nothing is queued or in flight. */
  idle(): Promise<void> {
    if (this.#running.size === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Rejects every queued push and waits for the ones in flight to settle. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const job of this.#queue.splice(0)) job.reject(new Error('sandbox stopped'));
    await Promise.allSettled([...this.#running]);
    this.#notifyIdle();
  }

  #pump(): void {
    while (!this.#stopped && this.#running.size < this.#limits.concurrency && this.#queue.length > 0) {
      const job = this.#queue.shift() as Job;
      const running: Promise<void> = Promise.resolve()
        .then(job.run)
        .then(job.resolve, job.reject)
        .finally(() => {
          this.#running.delete(running);
          this.#pump();
          this.#notifyIdle();
        });
      this.#running.add(running);
    }
  }

  #notifyIdle(): void {
    if (this.#running.size !== 0 || this.#queue.length !== 0) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}
