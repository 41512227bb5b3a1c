import type { MessageStatus, StatusScope } from '../provider/v1/message-status.js';
import type { StatusHistoryEntry } from './status-store.js';

/**
 * A report's status, scope, source and whether it was applied, packed into
 * one small integer, so a stored record keeps a number instead of four
 * fields. The tables' order is the code: append, never reorder.
 */
const STATUSES: readonly MessageStatus[] = [
  'unknown',
  'queued',
  'sent',
  'delivered',
  'read',
  'failed',
  'expired',
  'rejected',
];
const SCOPES: readonly StatusScope[] = ['platform', 'carrier', 'handset'];
const SOURCES: readonly StatusHistoryEntry['source'][] = ['send', 'webhook', 'poll'];

const SCOPE_SHIFT = 3;
const SOURCE_SHIFT = 5;
const APPLIED_BIT = 1 << 7;
/** The first bit {@link packReport} leaves free. */
export const FREE_REPORT_BIT = 1 << 8;

function codeOf<Value extends string>(table: readonly Value[], value: Value, what: string): number {
  const code = table.indexOf(value);
  if (code < 0) throw new RangeError(`Not a status ${what}: ${JSON.stringify(value)}`);
  return code;
}

/** A report as a number below {@link FREE_REPORT_BIT}. */
export function packReport(
  status: MessageStatus,
  scope: StatusScope,
  source: StatusHistoryEntry['source'],
  applied: boolean,
): number {
  return (
    codeOf(STATUSES, status, 'status') |
    (codeOf(SCOPES, scope, 'scope') << SCOPE_SHIFT) |
    (codeOf(SOURCES, source, 'source') << SOURCE_SHIFT) |
    (applied ? APPLIED_BIT : 0)
  );
}

export function statusOf(packed: number): MessageStatus {
  return STATUSES[packed & 0b111]!;
}

export function scopeOf(packed: number): StatusScope {
  return SCOPES[(packed >> SCOPE_SHIFT) & 0b11]!;
}

export function sourceOf(packed: number): StatusHistoryEntry['source'] {
  return SOURCES[(packed >> SOURCE_SHIFT) & 0b11]!;
}

export function appliedOf(packed: number): boolean {
  return (packed & APPLIED_BIT) !== 0;
}

/** The code of `status` (below 8), or -1 when it is not a status the codes know. */
export function statusCodeOf(status: unknown): number {
  return STATUSES.indexOf(status as MessageStatus);
}

/** The status of a code from {@link statusCodeOf}. */
export function statusOfCode(code: number): MessageStatus {
  return STATUSES[code]!;
}
