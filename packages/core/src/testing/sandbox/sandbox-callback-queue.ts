import { SandboxTimers } from './sandbox-timers.js';

/** How many callbacks a sandbox pushes at once, how many may wait, and how often a failed push is tried again. */
export interface SandboxCallbackLimits {
  /** Pushes in flight at once. */
  concurrency: number;
  /** Pushes waiting for a slot; beyond this a push is dropped and counted. */
  maxQueued: number;
  /** Further tries of a push that fails (or whose result `retryWhen` refuses), 0 to 10. Default 0. */
  retries?: number;
  /** Wait before each further try, at most 60 000 ms. Default 0. */
  retryDelayMs?: number;
}

/** Per-push settings of {@link SandboxCallbackQueue.push}. */
export interface SandboxCallbackPushOptions<T> {
  /** Tries the push again (within `retries`) when this returns true for its result, e.g. a 5xx status. */
  retryWhen?(result: T): boolean;
}

/** The sandboxes' limits: 4 pushes at once, at most 10 000 waiting, no retries. */
export const SANDBOX_CALLBACK_LIMITS: Readonly<SandboxCallbackLimits> = Object.freeze({
  concurrency: 4,
  maxQueued: 10_000,
});

/** Why a push was not made: the queue was full (`dropped`) or the queue stopped (`stopped`). */
export class SandboxCallbackRejected extends Error {
  constructor(
    readonly reason: 'dropped' | 'stopped',
    message: string,
  ) {
    super(message);
    this.name = 'SandboxCallbackRejected';
  }
}

interface Job {
  run: (attempt: number) => Promise<unknown>;
  retryWhen: ((result: unknown) => boolean) | undefined;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

const MAX_RETRIES = 10;
const MAX_RETRY_DELAY_MS = 60_000;

function check(value: number | undefined, name: string, min: number, max: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
    throw new RangeError(`callback ${name} must be an integer from ${min} to ${max}`);
  }
}

/**
 * Runs a sandbox's callback pushes with bounded concurrency, a bounded queue
 * and bounded retries, so a burst of accepted messages (or a callback URL that
 * hangs) cannot open thousands of sockets or grow memory without end. A push
 * beyond the queue is dropped: its promise rejects and `dropped` counts it.
 * `stop()` rejects what is queued and waits for the pushes in flight (abort
 * their requests with a signal of your own).
 */
export class SandboxCallbackQueue {
  readonly #limits: Required<SandboxCallbackLimits>;
  readonly #queue: Job[] = [];
  readonly #running = new Set<Promise<void>>();
  readonly #idleWaiters: (() => void)[] = [];
  readonly #timers = new SandboxTimers();
  #dropped = 0;
  #stopped = false;

  constructor(limits: SandboxCallbackLimits = SANDBOX_CALLBACK_LIMITS) {
    check(limits.concurrency, 'concurrency', 1, 1_000);
    check(limits.maxQueued, 'queue size', 0, 10_000_000);
    check(limits.retries, 'retries', 0, MAX_RETRIES);
    check(limits.retryDelayMs, 'retry delay', 0, MAX_RETRY_DELAY_MS);
    this.#limits = { retries: 0, retryDelayMs: 0, ...limits };
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

  /**
   * Queues a push; `run` gets the try number (1, 2, ...). Settles with the
   * last try's outcome; rejects with {@link SandboxCallbackRejected} when
   * dropped or stopped.
   */
  push<T>(run: (attempt: number) => Promise<T>, options: SandboxCallbackPushOptions<T> = {}): Promise<T> {
    if (this.#stopped) return Promise.reject(new SandboxCallbackRejected('stopped', 'sandbox stopped'));
    if (this.#running.size >= this.#limits.concurrency && this.#queue.length >= this.#limits.maxQueued) {
      this.#dropped += 1;
      return Promise.reject(
        new SandboxCallbackRejected(
          'dropped',
          `callback dropped: ${this.#limits.maxQueued} callbacks are already waiting to be pushed`,
        ),
      );
    }
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({
        run,
        retryWhen: options.retryWhen as ((result: unknown) => boolean) | undefined,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.#pump();
    });
  }

  /** Resolves once nothing is queued or in flight. */
  idle(): Promise<void> {
    if (this.#running.size === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Rejects every queued push, ends retry waits, and waits for the pushes in flight to settle. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const job of this.#queue.splice(0)) job.reject(new SandboxCallbackRejected('stopped', 'sandbox stopped'));
    this.#timers.clear();
    await Promise.allSettled([...this.#running]);
    this.#notifyIdle();
  }

  async #tries(job: Job): Promise<unknown> {
    const tries = 1 + this.#limits.retries;
    let outcome: { result: unknown } | { error: unknown } = { error: new Error('callback not pushed') };
    for (let attempt = 1; attempt <= tries; attempt++) {
      if (attempt > 1) {
        await this.#timers.delay(this.#limits.retryDelayMs);
        if (this.#stopped) break;
      }
      try {
        const result = await job.run(attempt);
        outcome = { result };
        if (job.retryWhen === undefined || !job.retryWhen(result)) break;
      } catch (error) {
        outcome = { error };
      }
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.result;
  }

  #pump(): void {
    while (!this.#stopped && this.#running.size < this.#limits.concurrency && this.#queue.length > 0) {
      const job = this.#queue.shift() as Job;
      const running: Promise<void> = this.#tries(job)
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
