import { InternedNames } from '../slots/interned-names.js';
import { grown } from '../slots/slot-capacity.js';
import { SlotStringArena } from '../slots/slot-string-arena.js';
import { statusCodeOf, statusOfCode } from '../status/status-record-codes.js';
import type { IdempotencyRecord } from './idempotency-store.js';

type PendingRecord = Extract<IdempotencyRecord, { state: 'pending' }>;
type SentRecord = Extract<IdempotencyRecord, { state: 'sent' }>;

const PENDING_KEYS: ReadonlySet<string> = new Set(['state', 'since', 'fingerprint']);
const SENT_KEYS: ReadonlySet<string> = new Set(['state', 'result', 'at', 'fingerprint']);
const RESULT_KEYS: ReadonlySet<string> = new Set([
  'status',
  'messageId',
  'provider',
  'providerType',
  'to',
  'segments',
  'credits',
  'deliveryReports',
  'attempts',
  'raw',
]);

// A slot's flags. The form: how its value is kept.
const FORM_MASK = 0b11;
/** The value as given, on the JS heap. */
const FORM_AS_GIVEN = 0;
const FORM_PENDING = 1;
const FORM_SENT = 2;
// Which optional keys were there: an absent key and one set to `undefined` come back as they went in.
const HAS_FINGERPRINT = 1 << 2;
const HAS_MESSAGE_ID = 1 << 3;
const HAS_CREDITS = 1 << 4;
const CREDITS_DEFINED = 1 << 5;
const HAS_DELIVERY_REPORTS = 1 << 6;
const DELIVERY_REPORTS_DEFINED = 1 << 7;
const DELIVERY_REPORTS = 1 << 8;
const STATUS_SHIFT = 9;

// The numbers of a slot, four a slot.
const NUMBERS_PER_SLOT = 4;
const EXPIRES_AT = 0;
/** A sent record's `at`, a pending one's `since`. */
const AT = 1;
const SEGMENTS = 2;
const CREDITS = 3;

// The strings of a slot, and the bytes of its area: a campaign's key
// (`${uuid}:${index}`), a base64url SHA-256 fingerprint, a vendor's message
// id and an E.164 recipient fit.
const KEY = 0;
const FINGERPRINT = 1;
const MESSAGE_ID = 2;
const RECIPIENT = 3;
const STRING_FIELDS = 4;
const STRING_BYTES_PER_SLOT = 136;

const NO_NAME = -1;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function onlyKeys(value: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  for (const key in value) if (!allowed.has(key)) return false;
  return true;
}

function optional(value: unknown, type: 'string' | 'number' | 'boolean'): boolean {
  return value === undefined || typeof value === type;
}

/** Whether `value` is a `pending` record and nothing more: what a key holds while its send is under way. */
export function isBarePendingRecord(value: unknown): value is PendingRecord {
  return (
    isPlainObject(value) &&
    value.state === 'pending' &&
    typeof value.since === 'number' &&
    optional(value.fingerprint, 'string') &&
    onlyKeys(value, PENDING_KEYS)
  );
}

/**
 * Whether `value` is a `sent` record with a result that carries no attempts,
 * no vendor answer and nothing else the columns cannot give back as it was:
 * what a campaign keeps for each key it derives.
 */
export function isBareSentRecord(value: unknown): value is SentRecord {
  if (!isPlainObject(value) || value.state !== 'sent' || typeof value.at !== 'number') return false;
  if (!optional(value.fingerprint, 'string') || !onlyKeys(value, SENT_KEYS)) return false;
  const result = value.result;
  if (!isPlainObject(result) || !onlyKeys(result, RESULT_KEYS)) return false;
  const { attempts } = result;
  return (
    'raw' in result &&
    result.raw === undefined &&
    Array.isArray(attempts) &&
    attempts.length === 0 &&
    Object.getPrototypeOf(attempts) === Array.prototype &&
    statusCodeOf(result.status) >= 0 &&
    typeof result.provider === 'string' &&
    typeof result.providerType === 'string' &&
    typeof result.to === 'string' &&
    typeof result.segments === 'number' &&
    optional(result.messageId, 'string') &&
    optional(result.credits, 'number') &&
    optional(result.deliveryReports, 'boolean')
  );
}

/**
 * The keys, values and expiry times of {@link InMemoryIdempotencyStore}'s
 * slots, kept off the JS heap wherever they fit: a `pending` record and a
 * bare `sent` one (see {@link isBareSentRecord}; a campaign leaves one per
 * message) become numbers and flags in typed arrays, provider names a small
 * number each, and the key, fingerprint, message id and recipient latin1
 * bytes in a {@link SlotStringArena}. Any other value is kept as given, on
 * the JS heap. Reading a compact record builds a new one equal to the one
 * written.
 */
export class IdempotencyRecordColumns<Value> {
  private flags: Uint16Array;
  /** expiresAt, at (or since), segments, credits: {@link NUMBERS_PER_SLOT} a slot. */
  private numbers: Float64Array;
  /** A sent record's provider and provider type, as codes in {@link names}: two a slot. */
  private nameCodes: Int32Array;
  private readonly names = new InternedNames();
  private readonly strings: SlotStringArena;
  /** Values of the {@link FORM_AS_GIVEN} form, by slot. */
  private readonly asGiven = new Map<number, Value>();

  constructor(slots = 64) {
    this.flags = new Uint16Array(slots);
    this.numbers = new Float64Array(slots * NUMBERS_PER_SLOT);
    this.nameCodes = new Int32Array(slots * 2);
    this.strings = new SlotStringArena(STRING_FIELDS, STRING_BYTES_PER_SLOT, slots);
  }

  /** Slots the columns have room for. */
  get capacity(): number {
    return this.flags.length;
  }

  /** Makes room for `slots` slots, keeping what is stored. */
  grow(slots: number): void {
    if (slots <= this.capacity) return;
    this.flags = grown(this.flags, slots);
    this.numbers = grown(this.numbers, slots * NUMBERS_PER_SLOT);
    this.nameCodes = grown(this.nameCodes, slots * 2);
    this.strings.grow(slots);
  }

  /** Stores `key` with `value` until `expiresAt` in `slot`, replacing what it held. */
  write(slot: number, key: string, value: Value, expiresAt: number): void {
    this.clear(slot);
    this.numbers[slot * NUMBERS_PER_SLOT + EXPIRES_AT] = expiresAt;
    if (isBareSentRecord(value)) this.writeSent(slot, key, value);
    else if (isBarePendingRecord(value)) this.writePending(slot, key, value);
    else {
      this.flags[slot] = FORM_AS_GIVEN;
      this.strings.write(slot, [key]);
      this.asGiven.set(slot, value);
    }
  }

  /** Whether `slot` holds `key`. */
  holdsKey(slot: number, key: string): boolean {
    return this.strings.equals(slot, KEY, key);
  }

  keyOf(slot: number): string {
    return this.strings.read(slot, KEY)!;
  }

  expiresAt(slot: number): number {
    return this.numbers[slot * NUMBERS_PER_SLOT + EXPIRES_AT]!;
  }

  /** The value of `slot`: a compact record rebuilt, anything else as it was given. */
  valueOf(slot: number): Value {
    const flags = this.flags[slot]!;
    const form = flags & FORM_MASK;
    if (form === FORM_SENT) return this.sentRecord(slot, flags) as Value;
    if (form === FORM_PENDING) return this.pendingRecord(slot, flags) as Value;
    return this.asGiven.get(slot) as Value;
  }

  /** Lets go of what `slot` holds on the JS heap and of the names it counts in. */
  clear(slot: number): void {
    const form = this.flags[slot]! & FORM_MASK;
    if (form === FORM_SENT) {
      this.names.release(this.nameCodes[slot * 2]!);
      this.names.release(this.nameCodes[slot * 2 + 1]!);
      this.nameCodes[slot * 2] = NO_NAME;
      this.nameCodes[slot * 2 + 1] = NO_NAME;
    } else if (form === FORM_AS_GIVEN) {
      this.asGiven.delete(slot);
    }
    this.flags[slot] = FORM_AS_GIVEN;
    this.strings.clear(slot);
  }

  private writePending(slot: number, key: string, record: PendingRecord): void {
    this.flags[slot] = FORM_PENDING | ('fingerprint' in record ? HAS_FINGERPRINT : 0);
    this.numbers[slot * NUMBERS_PER_SLOT + AT] = record.since;
    this.strings.write(slot, [key, record.fingerprint]);
  }

  private writeSent(slot: number, key: string, record: SentRecord): void {
    const { result } = record;
    this.flags[slot] =
      FORM_SENT |
      (statusCodeOf(result.status) << STATUS_SHIFT) |
      ('fingerprint' in record ? HAS_FINGERPRINT : 0) |
      ('messageId' in result ? HAS_MESSAGE_ID : 0) |
      ('credits' in result ? HAS_CREDITS : 0) |
      (result.credits === undefined ? 0 : CREDITS_DEFINED) |
      ('deliveryReports' in result ? HAS_DELIVERY_REPORTS : 0) |
      (result.deliveryReports === undefined ? 0 : DELIVERY_REPORTS_DEFINED) |
      (result.deliveryReports === true ? DELIVERY_REPORTS : 0);
    const numbers = slot * NUMBERS_PER_SLOT;
    this.numbers[numbers + AT] = record.at;
    this.numbers[numbers + SEGMENTS] = result.segments;
    this.numbers[numbers + CREDITS] = result.credits ?? 0;
    this.nameCodes[slot * 2] = this.names.acquire(result.provider);
    this.nameCodes[slot * 2 + 1] = this.names.acquire(result.providerType);
    this.strings.write(slot, [key, record.fingerprint, result.messageId, result.to]);
  }

  private pendingRecord(slot: number, flags: number): PendingRecord {
    return {
      state: 'pending',
      since: this.numbers[slot * NUMBERS_PER_SLOT + AT]!,
      ...(flags & HAS_FINGERPRINT ? { fingerprint: this.strings.read(slot, FINGERPRINT) } : {}),
    };
  }

  private sentRecord(slot: number, flags: number): SentRecord {
    const numbers = slot * NUMBERS_PER_SLOT;
    return {
      state: 'sent',
      result: {
        status: statusOfCode(flags >> STATUS_SHIFT),
        ...(flags & HAS_MESSAGE_ID ? { messageId: this.strings.read(slot, MESSAGE_ID) } : {}),
        provider: this.names.nameOf(this.nameCodes[slot * 2]!),
        providerType: this.names.nameOf(this.nameCodes[slot * 2 + 1]!),
        to: this.strings.read(slot, RECIPIENT)!,
        segments: this.numbers[numbers + SEGMENTS]!,
        ...(flags & HAS_CREDITS
          ? { credits: flags & CREDITS_DEFINED ? this.numbers[numbers + CREDITS] : undefined }
          : {}),
        ...(flags & HAS_DELIVERY_REPORTS
          ? { deliveryReports: flags & DELIVERY_REPORTS_DEFINED ? (flags & DELIVERY_REPORTS) !== 0 : undefined }
          : {}),
        attempts: [],
        raw: undefined,
      },
      at: this.numbers[numbers + AT]!,
      ...(flags & HAS_FINGERPRINT ? { fingerprint: this.strings.read(slot, FINGERPRINT) } : {}),
    };
  }
}
