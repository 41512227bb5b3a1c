/**
 * The timers of one sandbox, so `stop()` can cancel every one: delays resolve
 * at once and scheduled callbacks are dropped.
 */
export class SandboxTimers {
  readonly #pending = new Map<NodeJS.Timeout, () => void>();
  #cleared = false;

  /** Resolves after `ms`, or as soon as the timers are cleared. */
  delay(ms: number): Promise<void> {
    if (this.#cleared) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(timer);
        resolve();
      }, ms);
      this.#pending.set(timer, resolve);
    });
  }

  /** Runs `run` after `ms` unless cancelled (call the returned function) or cleared first. */
  after(ms: number, run: () => void): () => void {
    if (this.#cleared) return () => {};
    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      run();
    }, ms);
    this.#pending.set(timer, () => {});
    return () => {
      clearTimeout(timer);
      this.#pending.delete(timer);
    };
  }

  /** Cancels every timer; pending delays resolve now, later ones at once. */
  clear(): void {
    this.#cleared = true;
    for (const [timer, settle] of this.#pending) {
      clearTimeout(timer);
      settle();
    }
    this.#pending.clear();
  }
}
