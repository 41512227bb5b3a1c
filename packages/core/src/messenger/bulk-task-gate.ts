type Task = () => Promise<void>;

/**
 * Runs tasks at most `limit` at a time, in the order they were given. Tasks
 * never reject (they report their own outcome); `idle()` resolves once none
 * is running or waiting.
 */
export class BulkTaskGate {
  private running = 0;
  private readonly waiting: Task[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Tasks running or waiting. */
  get size(): number {
    return this.running + this.waiting.length;
  }

  run(task: Task): void {
    if (this.running < this.limit) this.start(task);
    else this.waiting.push(task);
  }

  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private start(task: Task): void {
    this.running += 1;
    void task()
      .catch(() => {})
      .then(() => {
        this.running -= 1;
        const next = this.waiting.shift();
        if (next) this.start(next);
        else if (this.running === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      });
  }
}
