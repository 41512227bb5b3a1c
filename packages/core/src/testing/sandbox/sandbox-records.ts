import { PesanError } from '../../errors/pesan-error.js';

/**
 * What a sandbox keeps for assertions (requests, messages, pushes): the
 * newest `max` records, oldest first, so a long run cannot grow memory
 * without end. `total` counts every record ever added.
 */
export class SandboxRecords<T> {
  readonly #items: T[] = [];
  readonly #max: number;
  #total = 0;

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) {
      throw new PesanError('INVALID_CONFIG', { message: 'A sandbox keeps a whole number of records, at least one' });
    }
    this.#max = max;
  }

  /** The kept records, oldest first: a live view. */
  get items(): readonly T[] {
    return this.#items;
  }

  /** Records added since the start, including those no longer kept. */
  get total(): number {
    return this.#total;
  }

  /** Adds records, dropping the oldest beyond the bound; returns the last one added. */
  add(...records: T[]): T | undefined {
    this.#items.push(...records);
    this.#total += records.length;
    const excess = this.#items.length - this.#max;
    if (excess > 0) this.#items.splice(0, excess);
    return records.at(-1);
  }
}
