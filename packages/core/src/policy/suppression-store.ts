/** One number on the suppression list: who opted out, how and when. */
export interface SuppressionEntry {
  /** The number in E.164. */
  readonly number: string;
  /** `keyword`: the person sent an opt-out keyword; `manual`: the application added it. */
  readonly reason: 'keyword' | 'manual';
  /** The opt-out keyword as normalised (`STOP`, `BATAL SEMUA`), for `reason: 'keyword'`. */
  readonly keyword?: string;
  /** Provider instance the keyword came through. */
  readonly providerId?: string;
  /** When it was added, in milliseconds since the epoch. */
  readonly at: number;
}

/**
 * Where the numbers that opted out live (`messenger.suppression`, the
 * `optOuts()` policy). Async, so it can live in Redis (`@pesan/redis`) and be
 * shared by the process that receives webhooks and the ones that send.
 * Numbers are E.164; the messenger normalises them before it calls the store.
 */
export interface SuppressionStore {
  /** Adds (or replaces) the entry of `entry.number`. */
  add(entry: SuppressionEntry): Promise<void>;
  /** Removes a number; `true` when it was on the list. */
  remove(number: string): Promise<boolean>;
  /** Whether a number is on the list. */
  has(number: string): Promise<boolean>;
  /** The entry of a number, when it is on the list. */
  get(number: string): Promise<SuppressionEntry | undefined>;
  /** Entries, most recently added first; at most `limit` (default: all). */
  list(options?: { limit?: number }): Promise<SuppressionEntry[]>;
}
