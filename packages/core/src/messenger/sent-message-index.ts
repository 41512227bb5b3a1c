import { inject, injectable } from 'tsyringe';
import { TOKENS } from '../di/tokens.js';
import type { MessageStatus } from '../provider/v1/message-status.js';
import type { SendResult } from '../provider/v1/send-result.js';
import type { Clock } from '../runtime/clock.js';
import { MESSENGER_TOKENS } from './messenger-tokens.js';

/** Options of {@link SentMessageIndex}. */
export interface SentMessageIndexOptions {
  /** Most messages remembered; the oldest go first. Default 10 000. */
  maxEntries: number;
}

/** What the messenger remembers of one accepted message. */
export interface SentMessageRecord {
  messageId: string;
  provider: string;
  to: string;
  status: MessageStatus;
  at: Date;
}

/**
 * Which provider sent which message id, and its last known status, so
 * `getStatus(messageId)` knows whom to ask. Deliberately small and in memory:
 * the status store (webhooks and polling) replaces it.
 */
@injectable()
export class SentMessageIndex {
  private readonly records = new Map<string, SentMessageRecord>();

  constructor(
    @inject(MESSENGER_TOKENS.SentMessageIndexOptions) private readonly options: SentMessageIndexOptions,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  /** Remembers an accepted message; results without a `messageId` cannot be looked up and are ignored. */
  remember(result: SendResult): void {
    if (!result.messageId) return;
    this.put({
      messageId: result.messageId,
      provider: result.provider,
      to: result.to,
      status: result.status,
      at: new Date(this.clock.now()),
    });
  }

  /** The record of `messageId`, if remembered. */
  get(messageId: string): SentMessageRecord | undefined {
    return this.records.get(messageId);
  }

  /** Stores a newer status for a remembered message. */
  update(messageId: string, status: MessageStatus, at: Date): void {
    const record = this.records.get(messageId);
    if (record) this.put({ ...record, status, at });
  }

  private put(record: SentMessageRecord): void {
    this.records.delete(record.messageId);
    this.records.set(record.messageId, record);
    for (const oldest of this.records.keys()) {
      if (this.records.size <= this.options.maxEntries) break;
      this.records.delete(oldest);
    }
  }
}
