import type { SuppressionEntry, SuppressionStore } from './suppression-store.js';

/**
 * The default {@link SuppressionStore}: a map in this process. Opt-outs are
 * lost on restart and not shared between processes; use a shared store
 * (`@pesan/redis`) when that matters. Unbounded on purpose: forgetting an
 * opt-out would send to someone who asked not to be contacted.
 */
export class MemorySuppressionStore implements SuppressionStore {
  // Insertion order is the order of `add`: re-adding moves a number to the end.
  private readonly entries = new Map<string, SuppressionEntry>();

  async add(entry: SuppressionEntry): Promise<void> {
    this.entries.delete(entry.number);
    this.entries.set(entry.number, { ...entry });
  }

  async remove(number: string): Promise<boolean> {
    return this.entries.delete(number);
  }

  async has(number: string): Promise<boolean> {
    return this.entries.has(number);
  }

  async get(number: string): Promise<SuppressionEntry | undefined> {
    const entry = this.entries.get(number);
    return entry === undefined ? undefined : { ...entry };
  }

  async list(options: { limit?: number } = {}): Promise<SuppressionEntry[]> {
    const limit = options.limit === undefined ? this.entries.size : Math.max(0, Math.floor(options.limit));
    const all = [...this.entries.values()];
    const newestFirst: SuppressionEntry[] = [];
    for (let index = all.length - 1; index >= 0 && newestFirst.length < limit; index--) {
      newestFirst.push({ ...all[index]! });
    }
    return newestFirst;
  }

  /** Numbers on the list. */
  get size(): number {
    return this.entries.size;
  }
}
