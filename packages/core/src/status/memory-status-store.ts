import { type Clock, systemClock } from '../runtime/clock.js';
import { applyStatusUpdate } from './apply-status-update.js';
import { isFinalStatus } from './status-order.js';
import type { StatusApplyResult, StatusHistoryEntry, StatusRecord, StatusStore, StatusUpdate } from './status-store.js';

/** Options of {@link MemoryStatusStore}. */
export interface MemoryStatusStoreOptions {
  /** Most records kept; the least recently touched go first. Default 100 000. */
  maxEntries?: number;
  /**
   * Most memory the records may take, roughly, in bytes (see
   * {@link MemoryStatusStore.approximateBytes}); the least recently touched
   * go first. Default 128 MiB: a typical record (short id, two reports)
   * takes about 1 KB, so the entry cap binds first, but huge ids or long
   * histories cannot grow the store past it.
   */
  maxBytes?: number;
  /** How long a record lives after its last change. Default 7 days. */
  ttlMs?: number;
  /** Time source (tests pass a fake). */
  clock?: Clock;
}

interface Entry {
  record: StatusRecord;
  expiresAt: number;
  /** {@link approximateBytes} of the record when it was stored. */
  bytes: number;
}

/** Default {@link MemoryStatusStoreOptions.maxBytes}: 128 MiB, room for the default 100 000 typical records. */
export const DEFAULT_STATUS_STORE_MAX_BYTES = 128 * 1024 * 1024;

// Rough V8 heap costs (measured on Node 20): the record, its entry, dates, arrays
// and map slots; one history entry and its date.
const RECORD_OVERHEAD_BYTES = 600;
const HISTORY_ENTRY_OVERHEAD_BYTES = 150;

function keyOf(provider: string, messageId: string): string {
  return `${provider}\u0000${messageId}`;
}

/**
 * What a record costs, roughly: fixed overheads plus two bytes a character
 * of its strings. (Measured: a record with a 60 000-character id costs about
 * 118 KB, the id's characters being held by the key and the record.)
 */
function approximateBytes(record: StatusRecord): number {
  const characters =
    record.provider.length + record.messageId.length + (record.to?.length ?? 0) + (record.vendorStatus?.length ?? 0);
  let bytes = RECORD_OVERHEAD_BYTES + 2 * characters;
  for (const entry of record.history) bytes += HISTORY_ENTRY_OVERHEAD_BYTES + 2 * (entry.vendorStatus?.length ?? 0);
  return bytes;
}

/**
 * The default status store: one process, bounded by entries, approximate
 * bytes and age. Updates are synchronous inside, so `apply` is atomic per
 * message.
 */
export class MemoryStatusStore implements StatusStore {
  private readonly entries = new Map<string, Entry>();
  /** message id → providers holding a record of it (almost always one). */
  private readonly providersById = new Map<string, string[]>();
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private bytes = 0;
  private readonly ttlMs: number;
  private readonly clock: Clock;

  constructor(options: MemoryStatusStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? 100_000;
    this.maxBytes = options.maxBytes ?? DEFAULT_STATUS_STORE_MAX_BYTES;
    this.ttlMs = options.ttlMs ?? 7 * 24 * 60 * 60 * 1000;
    this.clock = options.clock ?? systemClock;
  }

  async get(messageId: string, provider?: string): Promise<StatusRecord | undefined> {
    return this.find(messageId, provider)?.record;
  }

  async apply(update: StatusUpdate): Promise<StatusApplyResult> {
    const key = keyOf(update.provider, update.messageId);
    const existing = this.live(key);
    const result = applyStatusUpdate(existing?.record, update);
    if (!result.duplicate) {
      // Re-inserting moves the key to the end of the Map: least recently touched first.
      this.entries.delete(key);
      const bytes = approximateBytes(result.record);
      this.bytes += bytes - (existing?.bytes ?? 0);
      this.entries.set(key, { record: result.record, expiresAt: this.clock.now() + this.ttlMs, bytes });
      const providers = this.providersById.get(update.messageId) ?? [];
      if (!providers.includes(update.provider))
        this.providersById.set(update.messageId, [...providers, update.provider]);
      this.evict();
    }
    return result;
  }

  async history(messageId: string, provider?: string): Promise<StatusHistoryEntry[]> {
    return [...(this.find(messageId, provider)?.record.history ?? [])];
  }

  async pending(options: { provider?: string; limit: number; notCheckedSince?: Date }): Promise<StatusRecord[]> {
    const cutoff = options.notCheckedSince?.getTime() ?? Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    const found: StatusRecord[] = [];
    for (const { record, expiresAt } of this.entries.values()) {
      if (expiresAt <= now || isFinalStatus(record.status)) continue;
      if (options.provider !== undefined && record.provider !== options.provider) continue;
      if (record.checkedAt && record.checkedAt.getTime() >= cutoff) continue;
      found.push(record);
    }
    // Never checked first, then the longest unchecked: one message that never moves cannot starve the rest.
    found.sort((a, b) => (a.checkedAt?.getTime() ?? -1) - (b.checkedAt?.getTime() ?? -1));
    return found.slice(0, Math.max(0, options.limit));
  }

  async markChecked(messageId: string, provider: string, at: Date): Promise<void> {
    const entry = this.live(keyOf(provider, messageId));
    if (entry) entry.record = { ...entry.record, checkedAt: at };
  }

  /** Number of records held. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Roughly how much memory the records take, in bytes: two bytes a
   * character of their strings plus fixed overheads per record and per
   * history entry. What `maxBytes` bounds.
   */
  get approximateBytes(): number {
    return this.bytes;
  }

  private find(messageId: string, provider: string | undefined): Entry | undefined {
    if (provider !== undefined) return this.live(keyOf(provider, messageId));
    let newest: Entry | undefined;
    for (const candidate of this.providersById.get(messageId) ?? []) {
      const entry = this.live(keyOf(candidate, messageId));
      if (entry && (!newest || entry.record.updatedAt > newest.record.updatedAt)) newest = entry;
    }
    return newest;
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.clock.now()) {
      this.remove(key, entry.record);
      return undefined;
    }
    return entry;
  }

  private remove(key: string, record: StatusRecord): void {
    const entry = this.entries.get(key);
    if (entry) this.bytes -= entry.bytes;
    this.entries.delete(key);
    const others = (this.providersById.get(record.messageId) ?? []).filter((provider) => provider !== record.provider);
    if (others.length > 0) this.providersById.set(record.messageId, others);
    else this.providersById.delete(record.messageId);
  }

  private evict(): void {
    for (const [key, { record }] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) return;
      this.remove(key, record);
    }
  }
}
