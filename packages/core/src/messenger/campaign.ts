import type { PesanError } from '../errors/pesan-error.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { SendResult } from '../provider/v1/send-result.js';

/**
 * What a campaign sends: an array, or any iterable or async iterable of
 * messages (a CSV parser's records, a database cursor), read lazily: the
 * campaign takes the next message only when its window has room.
 */
export type CampaignSource = readonly OutboundMessage[] | Iterable<OutboundMessage> | AsyncIterable<OutboundMessage>;

/** One settled message: its 0-based position in the source, and its result or error. */
export type CampaignItem =
  | { index: number; to: string; ok: true; result: SendResult }
  | { index: number; to: string; ok: false; error: PesanError };

/** How far a campaign is; counts are this run's only (messages skipped by `resumeFrom` are not counted). */
export interface CampaignProgress {
  /** Messages settled so far (sent + failed). */
  settled: number;
  sent: number;
  failed: number;
  /** Messages settled per second since the campaign started. */
  ratePerSecond: number;
  /** Seconds left at the current rate; only when the source's length is known (an array). */
  etaSeconds?: number;
}

/** Options of `messenger.sendCampaign`. */
export interface CampaignOptions {
  /**
   * Prefix of each message's idempotency key, `${campaignId}:${index}`, for
   * messages that have none. Default: a new id. Pass the same id (and
   * `resumeFrom`) to resume a campaign: a message the first run settled is
   * then answered from the idempotency store instead of sent again.
   */
  campaignId?: string;
  /**
   * Called once per settled message, with its index in the source. Awaited,
   * and never called again before the previous call finished; a slow
   * callback slows the campaign down (backpressure), it does not buffer
   * results. A callback that throws stops the campaign like `signal` does
   * and `sendCampaign` rejects with its error once the messages in flight settle.
   */
  onResult?: (item: CampaignItem) => void | Promise<void>;
  /** Called as messages settle, at most 4 times a second, and once at the end. */
  onProgress?: (progress: CampaignProgress) => void;
  /**
   * Cancels the campaign: no message is read from the source or sent after
   * it aborts. Requests in flight are aborted by the usual rules of a send's
   * signal (an answer that may have been lost is reported as `unknown`).
   * Messages that were certainly not sent because of the cancellation are
   * not reported and stay unsettled, so `lastSettledIndex` stops before
   * them and a resumed run sends them. The promise resolves with the summary.
   */
  signal?: AbortSignal;
  /** Skips the messages whose index is lower: a previous run settled them. Default 0. */
  resumeFrom?: number;
  /**
   * Most messages taken from the source and not yet settled, whatever the
   * campaign's length: what bounds its memory. Default 1 000.
   */
  window?: number;
  /**
   * Most requests (a batch, or a single send) in flight at once per
   * provider. Default: the provider's `limits[id].concurrency`, else the
   * messenger's `bulkConcurrency` (4). A provider's `limits` apply on top.
   */
  concurrency?: number;
}

/** What a campaign did (this run). */
export interface CampaignSummary {
  sent: number;
  failed: number;
  /** Failed messages by error code. */
  failedByCode: Record<string, number>;
  /** Credits the vendors reported for the sent messages. */
  credits: number;
  /** Total cost, when the results report one. */
  cost?: number;
  /**
   * Highest index such that every index up to it has settled (in this run, or
   * before `resumeFrom`); -1 when none has. Resume with `resumeFrom: lastSettledIndex + 1`.
   */
  lastSettledIndex: number;
}
