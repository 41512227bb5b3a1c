/**
 * The highest index below which everything has settled, from indexes that
 * settle in any order. Holds only the indexes settled ahead of the first gap,
 * so memory stays bounded by the messages in flight.
 */
export class SettledPrefix {
  readonly #ahead = new Set<number>();
  #last: number;

  /** `start`: the first index of this run (everything before it settled earlier). */
  constructor(start: number) {
    this.#last = start - 1;
  }

  settle(index: number): void {
    if (index <= this.#last) return;
    this.#ahead.add(index);
    while (this.#ahead.delete(this.#last + 1)) this.#last++;
  }

  /** Highest index such that it and every index before it settled; `start - 1` when none. */
  get last(): number {
    return this.#last;
  }
}
