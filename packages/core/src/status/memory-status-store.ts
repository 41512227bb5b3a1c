import { type Clock, systemClock } from '../runtime/clock.js';
import { InternedNames } from '../slots/interned-names.js';
import { grown, grownCapacity, reservedSlots } from '../slots/slot-capacity.js';
import { NO_SLOT, SlotHashIndex } from '../slots/slot-hash-index.js';
import { SlotRecencyList } from '../slots/slot-recency-list.js';
import { SlotStringArena } from '../slots/slot-string-arena.js';
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
   * reports) counts 160 to 300 bytes, so the entry cap binds first, but huge
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

// What a record adds to `approximateBytes`. A slot's cells in the columns,
// the hash index and the string area (none on the JS heap): ~130 bytes once
// the store is full, up to twice that while the columns grow by doubling.
const RECORD_BYTES = 160;
// Strings that do not fit a slot's area stay on the JS heap, two bytes a
// character, in an array and a map entry; so do histories of two reports or
// more (measured on Node 20, 64-bit, heap after a full GC).
const OVERFLOW_OVERHEAD_BYTES = 80;
const HISTORY_OVERHEAD_BYTES = 48;
const HISTORY_ENTRY_BYTES = 40;

// The columns of `times`, three a slot.
const TIMES_PER_SLOT = 3;
const UPDATED_AT = 0;
const EXPIRES_AT = 1;
const CHECKED_AT = 2;
/** In a slot's code: the record has a `checkedAt`. */
const CHECKED_BIT = FREE_REPORT_BIT;
// The string fields of a slot, and the bytes of its area: a UUID message id,
// an E.164 recipient and a vendor status of 8 characters fit.
const MESSAGE_ID = 0;
const RECIPIENT = 1;
const VENDOR_STATUS = 2;
const STRING_FIELDS = 3;
const STRING_BYTES_PER_SLOT = 64;

/**
 * The reports of a record that has more than one, flat: for each, its
 * packed code (`packReport`), its time in milliseconds and its vendor status.
 */
type StoredHistory = (number | string | undefined)[];
const HISTORY_STRIDE = 3;

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
 * Records are kept in columns, one row (slot) a record, outside the JS heap
 * wherever they fit: times, codes and the order of last touch in typed
 * arrays, the provider as a number, the message id, recipient and vendor
 * status as bytes in a {@link SlotStringArena}, and a {@link SlotHashIndex}
 * over the slots instead of a `Map` keyed by string. A record whose only
 * report is the one it was created with (what every message a campaign
 * sends leaves) then has nothing on the JS heap: V8 sizes its heap at about
 * four times what is live on it, so each byte kept there costs several of
 * resident memory. Longer histories and strings that do not fit their area
 * stay on the JS heap. Reads build a new {@link StatusRecord} each time.
 */
export class MemoryStatusStore implements StatusStore {
  private readonly index: SlotHashIndex;
  private readonly recency: SlotRecencyList;
  /** Providers holding records: a read without a provider looks at each. */
  private readonly providers = new InternedNames();
  private readonly strings: SlotStringArena;
  /** Every report, for records with more than one; none when the record's own fields are its only report. */
  private readonly histories = new Map<number, StoredHistory>();
  /** Each slot's provider, as its code in {@link providers}. */
  private providerCodes: Int32Array;
  /** Each slot's {@link EncodedRecord.code}. */
  private codes: Uint16Array;
  /** updatedAt, expiresAt, checkedAt in milliseconds, {@link TIMES_PER_SLOT} a slot. */
  private times: Float64Array;
  /** What each record adds to {@link approximateBytes}. */
  private sizes: Uint32Array;
  private readonly freeSlots: number[] = [];
  /** Slots ever handed out; the free ones among them are in {@link freeSlots}. */
  private usedSlots = 0;
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
    const slots = reservedSlots(this.maxEntries);
    this.index = new SlotHashIndex(slots);
    this.recency = new SlotRecencyList(slots);
    this.strings = new SlotStringArena(STRING_FIELDS, STRING_BYTES_PER_SLOT, slots);
    this.providerCodes = new Int32Array(slots);
    this.codes = new Uint16Array(slots);
    this.times = new Float64Array(slots * TIMES_PER_SLOT);
    this.sizes = new Uint32Array(slots);
  }

  async get(messageId: string, provider?: string): Promise<StatusRecord | undefined> {
    const slot = this.find(messageId, provider);
    return slot === NO_SLOT ? undefined : this.recordAt(slot);
  }

  async apply(update: StatusUpdate): Promise<StatusApplyResult> {
    const slot = this.live(update.messageId, update.provider);
    const result = applyStatusUpdate(slot === NO_SLOT ? undefined : this.recordAt(slot), update);
    if (result.duplicate) return result;
    // Encoded before anything changes: a status the codes do not know throws here.
    const encoded = encodeRecord(result.record);
    const previousBytes = slot === NO_SLOT ? 0 : this.sizes[slot]!;
    let target = slot;
    if (slot === NO_SLOT) {
      target = this.allocate(update.provider);
      this.index.add(target, this.index.hash(update.messageId, this.providerCodes[target]!));
      this.recency.append(target);
    } else {
      this.recency.touch(slot);
    }
    this.bytes += this.write(target, result.record, encoded, this.clock.now() + this.ttlMs) - previousBytes;
    this.evict();
    return result;
  }

  async history(messageId: string, provider?: string): Promise<StatusHistoryEntry[]> {
    const slot = this.find(messageId, provider);
    return slot === NO_SLOT ? [] : this.historyAt(slot);
  }

  async pending(options: { provider?: string; limit: number; notCheckedSince?: Date }): Promise<StatusRecord[]> {
    const cutoff = options.notCheckedSince?.getTime() ?? Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    const provider = options.provider === undefined ? undefined : this.providers.codeOf(options.provider);
    if (options.provider !== undefined && provider === undefined) return [];
    const found: number[] = [];
    for (let slot = this.recency.oldest; slot !== NO_SLOT; slot = this.recency.newerThan(slot)) {
      if (this.timeAt(slot, EXPIRES_AT) <= now || isFinalStatus(statusOf(this.codes[slot]!))) continue;
      if (provider !== undefined && this.providerCodes[slot] !== provider) continue;
      if (this.checked(slot) && this.timeAt(slot, CHECKED_AT) >= cutoff) continue;
      found.push(slot);
    }
    // Never checked first, then the longest unchecked: one message that never moves cannot starve the rest.
    const lastChecked = (slot: number) => (this.checked(slot) ? this.timeAt(slot, CHECKED_AT) : -1);
    found.sort((a, b) => lastChecked(a) - lastChecked(b));
    return found.slice(0, Math.max(0, options.limit)).map((slot) => this.recordAt(slot));
  }

  async markChecked(messageId: string, provider: string, at: Date): Promise<void> {
    const slot = this.live(messageId, provider);
    if (slot === NO_SLOT) return;
    this.times[slot * TIMES_PER_SLOT + CHECKED_AT] = at.getTime();
    this.codes[slot] = this.codes[slot]! | CHECKED_BIT;
  }

  /** Number of records held. */
  get size(): number {
    return this.index.size;
  }

  /**
   * Roughly how much memory the records take, in bytes: a fixed share of the
   * columns per record, plus, for what stays on the JS heap (strings too
   * long for a record's area, histories of two reports or more), an
   * overhead and two bytes a character. What `maxBytes` bounds.
   */
  get approximateBytes(): number {
    return this.bytes;
  }

  /** The live record of `messageId` at `provider`, or at any provider (the most recently updated). */
  private find(messageId: string, provider: string | undefined): number {
    if (provider !== undefined) return this.live(messageId, provider);
    let newest = NO_SLOT;
    for (const [candidate] of this.providers.entries()) {
      const slot = this.live(messageId, candidate);
      if (slot === NO_SLOT) continue;
      if (newest === NO_SLOT || this.timeAt(slot, UPDATED_AT) > this.timeAt(newest, UPDATED_AT)) newest = slot;
    }
    return newest;
  }

  /** The slot of a record that has not expired; an expired one is removed. */
  private live(messageId: string, provider: string): number {
    const providerCode = this.providers.codeOf(provider);
    if (providerCode === undefined) return NO_SLOT;
    const slot = this.index.find(
      this.index.hash(messageId, providerCode),
      (candidate) =>
        this.providerCodes[candidate] === providerCode && this.strings.equals(candidate, MESSAGE_ID, messageId),
    );
    if (slot !== NO_SLOT && this.timeAt(slot, EXPIRES_AT) <= this.clock.now()) {
      this.remove(slot);
      return NO_SLOT;
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
    const code = this.codes[slot]!;
    const record: StatusRecord = {
      messageId: this.strings.read(slot, MESSAGE_ID)!,
      provider: this.providers.nameOf(this.providerCodes[slot]!),
      to: this.strings.read(slot, RECIPIENT),
      status: statusOf(code),
      scope: scopeOf(code),
      vendorStatus: this.strings.read(slot, VENDOR_STATUS),
      updatedAt: new Date(this.timeAt(slot, UPDATED_AT)),
      history: this.historyAt(slot),
    };
    if (this.checked(slot)) record.checkedAt = new Date(this.timeAt(slot, CHECKED_AT));
    return record;
  }

  private historyAt(slot: number): StatusHistoryEntry[] {
    const stored = this.histories.get(slot);
    if (stored === undefined) {
      const code = this.codes[slot]!;
      return [
        {
          status: statusOf(code),
          scope: scopeOf(code),
          vendorStatus: this.strings.read(slot, VENDOR_STATUS),
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
  private write(slot: number, record: StatusRecord, encoded: EncodedRecord, expiresAt: number): number {
    this.strings.write(slot, [record.messageId, record.to, record.vendorStatus]);
    if (encoded.history === undefined) this.histories.delete(slot);
    else this.histories.set(slot, encoded.history);
    this.codes[slot] = encoded.code;
    const times = slot * TIMES_PER_SLOT;
    this.times[times + UPDATED_AT] = record.updatedAt.getTime();
    this.times[times + EXPIRES_AT] = expiresAt;
    this.times[times + CHECKED_AT] = record.checkedAt?.getTime() ?? 0;
    const overflow = this.strings.overflowCharacters(slot);
    let bytes = RECORD_BYTES + (overflow > 0 ? OVERFLOW_OVERHEAD_BYTES + 2 * overflow : 0);
    if (encoded.history !== undefined) {
      bytes += HISTORY_OVERHEAD_BYTES;
      for (const entry of record.history) bytes += HISTORY_ENTRY_BYTES + 2 * (entry.vendorStatus?.length ?? 0);
    }
    this.sizes[slot] = bytes;
    return bytes;
  }

  /** A free slot for a new record of `provider`. */
  private allocate(provider: string): number {
    const slot = this.freeSlots.pop() ?? this.usedSlots++;
    if (slot >= this.codes.length) this.grow(slot + 1);
    this.providerCodes[slot] = this.providers.acquire(provider);
    return slot;
  }

  private grow(needed: number): void {
    const capacity = grownCapacity(this.codes.length, needed, this.maxEntries);
    this.codes = grown(this.codes, capacity);
    this.times = grown(this.times, capacity * TIMES_PER_SLOT);
    this.sizes = grown(this.sizes, capacity);
    this.providerCodes = grown(this.providerCodes, capacity);
    this.recency.grow(capacity);
    this.strings.grow(capacity);
  }

  private remove(slot: number): void {
    this.index.delete(slot);
    this.recency.remove(slot);
    this.bytes -= this.sizes[slot]!;
    this.providers.release(this.providerCodes[slot]!);
    // Let go of what is on the JS heap; the slot is reused by the next new record.
    this.strings.clear(slot);
    this.histories.delete(slot);
    this.freeSlots.push(slot);
  }

  private evict(): void {
    while (this.recency.oldest !== NO_SLOT && (this.index.size > this.maxEntries || this.bytes > this.maxBytes)) {
      this.remove(this.recency.oldest);
    }
  }
}
