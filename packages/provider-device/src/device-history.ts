import { type CountryCode, type InboundMessage, toE164 } from '@pesan/core';
import { parseVendorTime } from './vendor-time.js';

/**
 * Field names accepted in `get_history` records, first found wins. The page
 * documents the request but not the records, so these are the names such
 * gateways use (and the ones `check_status` and `send_sms` use on the same
 * page: `message_id`, `phone_number`, `message`, `created_at`, `sim_slot`).
 */
export const DEVICE_HISTORY_FIELDS = Object.freeze({
  id: ['id', 'message_id', 'sms_id', 'msg_id'],
  from: ['phone_number', 'sender', 'from', 'number', 'address', 'phone', 'mobile'],
  text: ['message', 'body', 'text', 'content', 'sms'],
  at: ['received_at', 'created_at', 'date', 'timestamp', 'time', 'datetime', 'sent_at'],
  direction: ['type', 'direction', 'box'],
  to: ['to', 'receiver', 'sim_number'],
} as const);

/** Keys under `data` that may hold the list of records, when `data` is not the list itself. */
const LIST_KEYS = ['messages', 'history', 'records', 'items', 'sms', 'data'] as const;

/** Record types that are not incoming, skipped even though the request asked for `incoming`. */
const OUTGOING = /^(outgoing|outbox|sent|out|mt)$/i;

/** How to read records. */
export interface DeviceHistoryOptions {
  /** For national numbers. */
  defaultRegion: CountryCode;
  /** The gateway's offset for times without a zone, minutes east of UTC. */
  utcOffsetMinutes: number;
}

/** What reading a history answer gave: the messages, and how many records could not be read. */
export interface DeviceHistoryReading {
  /** Incoming messages, oldest first, de-duplicated. */
  messages: InboundMessage[];
  /** Records skipped because they had no sender, text or time pesan could read. */
  unreadable: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(record: Record<string, unknown>, names: readonly string[]): unknown {
  for (const name of names) {
    const value = record[name];
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The list of records in `data`: the array itself, or the first array under a known key. */
export function historyRecords(data: unknown): unknown[] {
  if (Array.isArray(data)) return data;
  if (!isRecord(data)) return [];
  for (const key of LIST_KEYS) {
    const value = data[key];
    if (Array.isArray(value)) return value;
  }
  return [];
}

/**
 * A sender as E.164 when it is a phone number; a sender that is not one (an
 * alphanumeric sender such as a bank's) is kept as the gateway wrote it.
 */
function sender(value: string, defaultRegion: CountryCode): string {
  const trimmed = value.trim();
  if (/[A-Za-z]/.test(trimmed)) return trimmed;
  try {
    return toE164(trimmed, defaultRegion);
  } catch {
    return trimmed;
  }
}

function numericOrder(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined || !/^\d{1,15}$/.test(a) || !/^\d{1,15}$/.test(b)) return 0;
  return Number(a) - Number(b);
}

/**
 * Incoming messages from a `get_history` answer's `data`, received at or
 * after `since`, oldest first, de-duplicated by id (or by sender, time and
 * text when a record has none). `since` is inclusive because the gateway's
 * times have one-second resolution: a message in the same second as the
 * last one seen must not be lost (the messenger's poller drops repeats).
 */
export function readDeviceHistory(data: unknown, since: Date, options: DeviceHistoryOptions): DeviceHistoryReading {
  const messages: InboundMessage[] = [];
  const seen = new Set<string>();
  let unreadable = 0;
  const records = historyRecords(data);
  for (const record of records) {
    if (!isRecord(record)) {
      unreadable += 1;
      continue;
    }
    const direction = text(field(record, DEVICE_HISTORY_FIELDS.direction));
    if (direction !== undefined && OUTGOING.test(direction.trim())) continue;
    const from = text(field(record, DEVICE_HISTORY_FIELDS.from));
    const body = text(field(record, DEVICE_HISTORY_FIELDS.text));
    const at = parseVendorTime(field(record, DEVICE_HISTORY_FIELDS.at), options.utcOffsetMinutes);
    if (from === undefined || from.trim() === '' || body === undefined || at === undefined) {
      unreadable += 1;
      continue;
    }
    if (at.getTime() < since.getTime()) continue;
    const id = text(field(record, DEVICE_HISTORY_FIELDS.id));
    const normalisedFrom = sender(from, options.defaultRegion);
    const key = id !== undefined ? `id:${id}` : `${normalisedFrom}|${at.getTime()}|${body}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const to = text(field(record, DEVICE_HISTORY_FIELDS.to));
    let toE164Number: string | undefined;
    if (to !== undefined) {
      try {
        toE164Number = toE164(to, options.defaultRegion);
      } catch {
        toE164Number = undefined;
      }
    }
    messages.push({
      channel: 'sms',
      from: normalisedFrom,
      ...(toE164Number === undefined ? {} : { to: toE164Number }),
      text: body,
      at,
      ...(id === undefined ? {} : { vendorMessageId: id }),
      raw: record,
    });
  }
  // Within one second, numeric ids say which came first; otherwise the gateway's order is kept (stable sort).
  messages.sort((a, b) => a.at.getTime() - b.at.getTime() || numericOrder(a.vendorMessageId, b.vendorMessageId));
  return { messages, unreadable };
}
