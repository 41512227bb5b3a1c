import type { MessageStatus, StatusScope } from '../provider/v1/message-status.js';

/** One status a message was reported in, applied or not. */
export interface StatusHistoryEntry {
  status: MessageStatus;
  scope: StatusScope;
  /** The vendor's own value. */
  vendorStatus?: string;
  /** When the vendor says it happened (or when it was observed). */
  at: Date;
  /** Whether it moved the current status. A late lower status is kept but not applied. */
  applied: boolean;
  /** Where it came from. */
  source: 'send' | 'webhook' | 'poll';
}

/** What pesan knows about one message. */
export interface StatusRecord {
  /** The vendor's message id. */
  messageId: string;
  /** Provider instance id. */
  provider: string;
  /** Recipient in E.164, when known. */
  to?: string;
  /** Current status: the highest reported so far (see `statusAdvances`). */
  status: MessageStatus;
  scope: StatusScope;
  vendorStatus?: string;
  /** When the record last changed. */
  updatedAt: Date;
  /** Every distinct report, oldest first. */
  history: StatusHistoryEntry[];
  /** When a poller last asked the provider about this message. */
  checkedAt?: Date;
}

/** A report to apply. */
export interface StatusUpdate {
  messageId: string;
  provider: string;
  to?: string;
  status: MessageStatus;
  scope: StatusScope;
  vendorStatus?: string;
  at: Date;
  source: StatusHistoryEntry['source'];
}

/** What applying a report did. */
export interface StatusApplyResult {
  record: StatusRecord;
  /** The current status moved. */
  changed: boolean;
  /** The same report was applied before; nothing was recorded. */
  duplicate: boolean;
  /** The current status before this report. */
  previous?: MessageStatus;
}

/**
 * Where statuses live. Async, so a Redis or SQL store fits; `apply` must be
 * atomic per message (a Redis store would use a Lua script or WATCH/MULTI,
 * SQL a row lock).
 *
 * Records are keyed by provider and message id together: two vendors may
 * hand out the same numeric id. Reads without a provider find the id at any
 * provider (the most recently updated record when several have it).
 */
export interface StatusStore {
  /** The record of a message, if any. */
  get(messageId: string, provider?: string): Promise<StatusRecord | undefined>;
  /** Applies a report monotonically; creates the record for unseen ids. */
  apply(update: StatusUpdate): Promise<StatusApplyResult>;
  /** Every report of a message, oldest first (empty when unknown). */
  history(messageId: string, provider?: string): Promise<StatusHistoryEntry[]>;
  /**
   * Records that are not final, least recently checked first (never checked
   * before all), skipping those checked at or after `notCheckedSince`.
   */
  pending(options: { provider?: string; limit: number; notCheckedSince?: Date }): Promise<StatusRecord[]>;
  /** Notes that a poller asked the provider about a message, so the others get their turn. */
  markChecked(messageId: string, provider: string, at: Date): Promise<void>;
}
