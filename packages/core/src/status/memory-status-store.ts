import { type Clock, systemClock } from '../runtime/clock.js';
import { applyStatusUpdate } from './apply-status-update.js';
import { isFinalStatus } from './status-order.js';
import type { StatusApplyResult, StatusHistoryEntry, StatusRecord, StatusStore, StatusUpdate } from './status-store.js';

/** Options of {@link MemoryStatusStore}. */
export interface MemoryStatusStoreOptions {
  /** Most records kept; the least recently touched go first. Default 100 000. */
  maxEntries?: number;
  /** How long a record lives after its last change. Default 7 days. */
  ttlMs?: number;
  /** Time source (tests pass a fake). */
  clock?: Clock;
}

interface Entry {
  record: StatusRecord;
  expiresAt: number;
}

/**
 * The default status store: one process, bounded by entries and age. Updates
 * are synchronous inside, so `apply` is atomic per message.
 */
export class MemoryStatusStore implements StatusStore {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly clock: Clock;

  constructor(options: MemoryStatusStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? 100_000;
    this.ttlMs = options.ttlMs ?? 7 * 24 * 60 * 60 * 1000;
    this.clock = options.clock ?? systemClock;
  }

  async get(messageId: string): Promise<StatusRecord | undefined> {
    return this.live(messageId)?.record;
  }

  async apply(update: StatusUpdate): Promise<StatusApplyResult> {
    const result = applyStatusUpdate(this.live(update.messageId)?.record, update);
    if (!result.duplicate) {
      // Re-inserting moves the key to the end of the Map: least recently touched first.
      this.entries.delete(update.messageId);
      this.entries.set(update.messageId, { record: result.record, expiresAt: this.clock.now() + this.ttlMs });
      this.evict();
    }
    return result;
  }

  async history(messageId: string): Promise<StatusHistoryEntry[]> {
    return [...(this.live(messageId)?.record.history ?? [])];
  }

  async pending(options: { provider?: string; limit: number }): Promise<StatusRecord[]> {
    const found: StatusRecord[] = [];
    for (const { record } of this.entries.values()) {
      if (found.length >= options.limit) break;
      if (isFinalStatus(record.status)) continue;
      if (options.provider !== undefined && record.provider !== options.provider) continue;
      found.push(record);
    }
    return found;
  }

  /** Number of records held. */
  get size(): number {
    return this.entries.size;
  }

  private live(messageId: string): Entry | undefined {
    const entry = this.entries.get(messageId);
    if (entry && entry.expiresAt <= this.clock.now()) {
      this.entries.delete(messageId);
      return undefined;
    }
    return entry;
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) return;
      this.entries.delete(key);
    }
  }
}
