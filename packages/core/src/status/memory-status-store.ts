import { type Clock, systemClock } from '../runtime/clock.js';
import { applyStatusUpdate } from './apply-status-update.js';
import { isFinalStatus } from './status-order.js';
import { appliedOf, FREE_REPORT_BIT, packReport, scopeOf, sourceOf, statusOf } from './status-record-codes.js';
import type { StatusApplyResult, StatusHistoryEntry, StatusRecord, StatusStore, StatusUpdate } from './status-store.js';

/** Options of {@link MemoryStatusStore}. */
export interface MemoryStatusStoreOptions {
  /** Most records kept; the least recently touched go first. Default 100 000. */
  maxEntries?: number;
  /**
   * Most memory the records may take, roughly, in bytes (see
   * {@link MemoryStatusStore.approximateBytes}); the least recently touched
   * go first. Default 128 MiB: a typical record (short id, one or two
   * reports) takes 230 to 400 bytes, so the entry cap binds first, but huge
   * ids or long histories cannot grow the store past it.
   */
  maxBytes?: number;
  /** How long a record lives after its last change. Default 7 days. */
  ttlMs?: number;
  /** Time source (tests pass a fake). */
  clock?: Clock;
}

/** Default {@link MemoryStatusStoreOptions.maxBytes}: 128 MiB, room for the default 100 000 typical records. */
export const DEFAULT_STATUS_STORE_MAX_BYTES = 128 * 1024 * 1024;

// Costs measured on Node 20 (64-bit, heap after a full GC, 100 000 records):
// a record's map entry, its cells in the columns (38 bytes of them in typed
// arrays, outside the JS heap) and the headers of its two strings; the array
// of a history of two reports or more; one report in it. Characters are
// counted apart, two bytes each.
const RECORD_OVERHEAD_BYTES = 200;
const HISTORY_OVERHEAD_BYTES = 48;
const HISTORY_ENTRY_BYTES = 40;

const INITIAL_SLOTS = 64;
/** The end of the list of slots by last touch. */
const NONE = -1;
// The columns of `times`, three a slot.
const TIMES_PER_SLOT = 3;
const UPDATED_AT = 0;
const EXPIRES_AT = 1;
const CHECKED_AT = 2;
/** In a slot's code: the record has a `checkedAt`. */
const CHECKED_BIT = FREE_REPORT_BIT;

/**
 * The reports of a record that has more than one, flat: for each, its
 * packed code (`packReport`), its time in milliseconds and its vendor status.
 */
type StoredHistory = (number | string | undefined)[];
const HISTORY_STRIDE = 3;

function keyOf(provider: string, messageId: string): string {
  return `${provider}\u0000${messageId}`;
}

/** Whether the record's one report is its current state, so the record's own fields can stand for it. */
function currentIsOnlyReport(record: StatusRecord): boolean {
  const [only, ...later] = record.history;
  return (
    only !== undefined &&
    later.length === 0 &&
    only.applied &&
    only.status === record.status &&
    only.scope === record.scope &&
    only.vendorStatus === record.vendorStatus &&
    only.at.getTime() === record.updatedAt.getTime()
  );
}

/** What a record keeps beyond its strings and times. */
interface EncodedRecord {
  /** A slot's code: current status and scope, the only report's source, {@link CHECKED_BIT}. */
  code: number;
  history: StoredHistory | undefined;
}

function encodeRecord(record: StatusRecord): EncodedRecord {
  const onlyReport = currentIsOnlyReport(record);
  const source = onlyReport ? record.history[0]!.source : 'send';
  return {
    code: packReport(record.status, record.scope, source, true) | (record.checkedAt === undefined ? 0 : CHECKED_BIT),
    history: onlyReport ? undefined : storedHistory(record.history),
  };
}

function storedHistory(history: readonly StatusHistoryEntry[]): StoredHistory {
  // Sized up front: an array grown by push keeps room for more than twice what it holds.
  const stored: StoredHistory = new Array(history.length * HISTORY_STRIDE);
  history.forEach((entry, index) => {
    const at = index * HISTORY_STRIDE;
    stored[at] = packReport(entry.status, entry.scope, entry.source, entry.applied);
    stored[at + 1] = entry.at.getTime();
    stored[at + 2] = entry.vendorStatus;
  });
  return stored;
}

/**
 * The default status store: one process, bounded by entries, approximate
 * bytes and age. Updates are synchronous inside, so `apply` is atomic per
 * message.
 *
 * Records are kept in columns, one row (slot) a record: a record whose only
 * report is the one it was created with (what every message a campaign
 * sends leaves) is a few array cells and the two strings it needs, its key
 * and its recipient. Reads build a new {@link StatusRecord} each time.
 */
export class MemoryStatusStore implements StatusStore {
  /** `${provider}\0${messageId}` → slot. */
  private readonly slots = new Map<string, number>();
  /**
   * Slots from least to most recently touched, linked through {@link older}
   * and {@link newer} (-1 ends the list). Not the Map's own order: evicting
   * from the front of a Map walks past every entry deleted since its last
   * rehash, tens of thousands once a store is full.
   */
  private oldest = NONE;
  private newest = NONE;
  /** Providers holding records, with how many each: a read without a provider looks at each. */
  private readonly recordsByProvider = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly providers: string[] = [];
  private readonly recipients: (string | undefined)[] = [];
  private readonly vendorStatuses: (string | undefined)[] = [];
  /** Every report, for records with more than one; `undefined` when the record's own fields are its only report. */
  private readonly histories: (StoredHistory | undefined)[] = [];
  /** Each slot's {@link EncodedRecord.code}. */
  private codes = new Uint16Array(INITIAL_SLOTS);
  /** updatedAt, expiresAt, checkedAt in milliseconds, {@link TIMES_PER_SLOT} a slot. */
  private times = new Float64Array(INITIAL_SLOTS * TIMES_PER_SLOT);
  /** What each record adds to {@link approximateBytes}. */
  private sizes = new Uint32Array(INITIAL_SLOTS);
  private older = new Int32Array(INITIAL_SLOTS);
  private newer = new Int32Array(INITIAL_SLOTS);
  private readonly freeSlots: number[] = [];
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
    const slot = this.find(messageId, provider);
    return slot === undefined ? undefined : this.recordAt(slot);
  }

  async apply(update: StatusUpdate): Promise<StatusApplyResult> {
    const key = keyOf(update.provider, update.messageId);
    const slot = this.live(key);
    const result = applyStatusUpdate(slot === undefined ? undefined : this.recordAt(slot), update);
    if (result.duplicate) return result;
    // Encoded before anything changes: a status the codes do not know throws here.
    const encoded = encodeRecord(result.record);
    const previousBytes = slot === undefined ? 0 : this.sizes[slot]!;
    const target = slot ?? this.allocate(update.provider);
    if (slot === undefined) this.slots.set(key, target);
    else this.unlink(slot);
    this.linkNewest(target);
    this.bytes +=
      this.write(
        target,
        slot === undefined ? key : this.keys[slot]!,
        result.record,
        encoded,
        this.clock.now() + this.ttlMs,
      ) - previousBytes;
    this.evict();
    return result;
  }

  async history(messageId: string, provider?: string): Promise<StatusHistoryEntry[]> {
    const slot = this.find(messageId, provider);
    return slot === undefined ? [] : this.historyAt(slot);
  }

  async pending(options: { provider?: string; limit: number; notCheckedSince?: Date }): Promise<StatusRecord[]> {
    const cutoff = options.notCheckedSince?.getTime() ?? Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    const found: number[] = [];
    for (let slot = this.oldest; slot !== NONE; slot = this.newer[slot]!) {
      if (this.timeAt(slot, EXPIRES_AT) <= now || isFinalStatus(statusOf(this.codes[slot]!))) continue;
      if (options.provider !== undefined && this.providers[slot] !== options.provider) continue;
      if (this.checked(slot) && this.timeAt(slot, CHECKED_AT) >= cutoff) continue;
      found.push(slot);
    }
    // Never checked first, then the longest unchecked: one message that never moves cannot starve the rest.
    const lastChecked = (slot: number) => (this.checked(slot) ? this.timeAt(slot, CHECKED_AT) : -1);
    found.sort((a, b) => lastChecked(a) - lastChecked(b));
    return found.slice(0, Math.max(0, options.limit)).map((slot) => this.recordAt(slot));
  }

  async markChecked(messageId: string, provider: string, at: Date): Promise<void> {
    const slot = this.live(keyOf(provider, messageId));
    if (slot === undefined) return;
    this.times[slot * TIMES_PER_SLOT + CHECKED_AT] = at.getTime();
    this.codes[slot] = this.codes[slot]! | CHECKED_BIT;
  }

  /** Number of records held. */
  get size(): number {
    return this.slots.size;
  }

  /**
   * Roughly how much memory the records take, in bytes: a fixed overhead per
   * record and per report beyond the first, plus two bytes a character of
   * the strings a record holds (its key, recipient and vendor statuses). What `maxBytes` bounds.
   */
  get approximateBytes(): number {
    return this.bytes;
  }

  private find(messageId: string, provider: string | undefined): number | undefined {
    if (provider !== undefined) return this.live(keyOf(provider, messageId));
    let newest: number | undefined;
    for (const candidate of this.recordsByProvider.keys()) {
      const slot = this.live(keyOf(candidate, messageId));
      if (slot === undefined) continue;
      if (newest === undefined || this.timeAt(slot, UPDATED_AT) > this.timeAt(newest, UPDATED_AT)) newest = slot;
    }
    return newest;
  }

  private live(key: string): number | undefined {
    const slot = this.slots.get(key);
    if (slot !== undefined && this.timeAt(slot, EXPIRES_AT) <= this.clock.now()) {
      this.remove(key, slot);
      return undefined;
    }
    return slot;
  }

  private timeAt(slot: number, column: number): number {
    return this.times[slot * TIMES_PER_SLOT + column]!;
  }

  private checked(slot: number): boolean {
    return (this.codes[slot]! & CHECKED_BIT) !== 0;
  }

  private recordAt(slot: number): StatusRecord {
    const provider = this.providers[slot]!;
    const code = this.codes[slot]!;
    const record: StatusRecord = {
      messageId: this.keys[slot]!.slice(provider.length + 1),
      provider,
      to: this.recipients[slot],
      status: statusOf(code),
      scope: scopeOf(code),
      vendorStatus: this.vendorStatuses[slot],
      updatedAt: new Date(this.timeAt(slot, UPDATED_AT)),
      history: this.historyAt(slot),
    };
    if (this.checked(slot)) record.checkedAt = new Date(this.timeAt(slot, CHECKED_AT));
    return record;
  }

  private historyAt(slot: number): StatusHistoryEntry[] {
    const stored = this.histories[slot];
    if (stored === undefined) {
      const code = this.codes[slot]!;
      return [
        {
          status: statusOf(code),
          scope: scopeOf(code),
          vendorStatus: this.vendorStatuses[slot],
          at: new Date(this.timeAt(slot, UPDATED_AT)),
          applied: true,
          source: sourceOf(code),
        },
      ];
    }
    const history: StatusHistoryEntry[] = [];
    for (let index = 0; index < stored.length; index += HISTORY_STRIDE) {
      const code = stored[index] as number;
      history.push({
        status: statusOf(code),
        scope: scopeOf(code),
        vendorStatus: stored[index + 2] as string | undefined,
        at: new Date(stored[index + 1] as number),
        applied: appliedOf(code),
        source: sourceOf(code),
      });
    }
    return history;
  }

  /** Stores `record` in `slot`; returns what it adds to {@link approximateBytes}. */
  private write(slot: number, key: string, record: StatusRecord, encoded: EncodedRecord, expiresAt: number): number {
    this.keys[slot] = key;
    this.providers[slot] = record.provider;
    this.recipients[slot] = record.to;
    this.vendorStatuses[slot] = record.vendorStatus;
    this.histories[slot] = encoded.history;
    this.codes[slot] = encoded.code;
    const times = slot * TIMES_PER_SLOT;
    this.times[times + UPDATED_AT] = record.updatedAt.getTime();
    this.times[times + EXPIRES_AT] = expiresAt;
    this.times[times + CHECKED_AT] = record.checkedAt?.getTime() ?? 0;
    let bytes =
      RECORD_OVERHEAD_BYTES + 2 * (key.length + (record.to?.length ?? 0) + (record.vendorStatus?.length ?? 0));
    if (encoded.history !== undefined) {
      bytes += HISTORY_OVERHEAD_BYTES;
      for (const entry of record.history) bytes += HISTORY_ENTRY_BYTES + 2 * (entry.vendorStatus?.length ?? 0);
    }
    this.sizes[slot] = bytes;
    return bytes;
  }

  /** A free slot for a new record of `provider`. */
  private allocate(provider: string): number {
    this.recordsByProvider.set(provider, (this.recordsByProvider.get(provider) ?? 0) + 1);
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    const slot = this.keys.length;
    if (slot >= this.codes.length) this.grow(slot + 1);
    return slot;
  }

  private grow(needed: number): void {
    // A record is written before the eviction that makes room for it: one slot more than maxEntries.
    const capacity = Math.max(needed, Math.min(this.codes.length * 2, this.maxEntries + 1));
    const codes = new Uint16Array(capacity);
    codes.set(this.codes);
    this.codes = codes;
    const times = new Float64Array(capacity * TIMES_PER_SLOT);
    times.set(this.times);
    this.times = times;
    const sizes = new Uint32Array(capacity);
    sizes.set(this.sizes);
    this.sizes = sizes;
    const older = new Int32Array(capacity);
    older.set(this.older);
    this.older = older;
    const newer = new Int32Array(capacity);
    newer.set(this.newer);
    this.newer = newer;
  }

  private linkNewest(slot: number): void {
    this.older[slot] = this.newest;
    this.newer[slot] = NONE;
    if (this.newest === NONE) this.oldest = slot;
    else this.newer[this.newest] = slot;
    this.newest = slot;
  }

  private unlink(slot: number): void {
    const older = this.older[slot]!;
    const newer = this.newer[slot]!;
    if (older === NONE) this.oldest = newer;
    else this.newer[older] = newer;
    if (newer === NONE) this.newest = older;
    else this.older[newer] = older;
  }

  private remove(key: string, slot: number): void {
    this.slots.delete(key);
    this.unlink(slot);
    this.bytes -= this.sizes[slot]!;
    const provider = this.providers[slot]!;
    const remaining = (this.recordsByProvider.get(provider) ?? 1) - 1;
    if (remaining > 0) this.recordsByProvider.set(provider, remaining);
    else this.recordsByProvider.delete(provider);
    // Let go of the strings; the slot is reused by the next new record.
    this.keys[slot] = '';
    this.providers[slot] = '';
    this.recipients[slot] = undefined;
    this.vendorStatuses[slot] = undefined;
    this.histories[slot] = undefined;
    this.freeSlots.push(slot);
  }

  private evict(): void {
    while (this.oldest !== NONE && (this.slots.size > this.maxEntries || this.bytes > this.maxBytes)) {
      this.remove(this.keys[this.oldest]!, this.oldest);
    }
  }
}
