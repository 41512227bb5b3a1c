/** What one task's recorded durations add up to. */
export interface DurationSummary {
  /** Calls recorded. */
  count: number;
  /** Mean duration of one call, in milliseconds. */
  meanMs: number;
  /** Median duration of one call, in milliseconds. */
  medianMs: number;
}

/** A named task to time. */
export type TimedTask = readonly [name: string, task: () => Promise<unknown>];

/**
 * Durations of tasks measured in interleaved rounds (A, B, C, then B, C, A,
 * ...), so JIT warm-up, garbage collection and other drift in a run fall on
 * every task alike. Measured one block per task, as vitest's bench does, the
 * first block of a file came out ~15 % slower here whatever it ran: too much
 * for ratios of near-equal tasks.
 */
export class DurationSamples {
  readonly #byTask = new Map<string, number[]>();

  /** Runs `rounds` rounds of every task once, rotating the order each round, and records each call's duration. */
  async interleave(tasks: readonly TimedTask[], rounds: number): Promise<void> {
    for (let round = 0; round < rounds; round++) {
      for (let position = 0; position < tasks.length; position++) {
        const [name, task] = tasks[(round + position) % tasks.length]!;
        const startedAt = performance.now();
        await task();
        this.#record(name, performance.now() - startedAt);
      }
    }
  }

  /** Summary of the calls recorded under `name`; throws when there are none. */
  summary(name: string): DurationSummary {
    const samples = this.#byTask.get(name) ?? [];
    if (samples.length === 0) throw new Error(`No samples were recorded for "${name}"`);
    const sorted = [...samples].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    const medianMs = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
    const meanMs = samples.reduce((total, sample) => total + sample, 0) / samples.length;
    return { count: samples.length, meanMs, medianMs };
  }

  #record(name: string, durationMs: number): void {
    const samples = this.#byTask.get(name) ?? [];
    samples.push(durationMs);
    this.#byTask.set(name, samples);
  }
}
