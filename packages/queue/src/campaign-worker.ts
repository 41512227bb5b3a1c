import type { CampaignItem, IdempotencyStore, Messenger, OutboundMessage, PesanError, SendResult } from '@pesan/core';
import { type ConnectionOptions, type Job, Worker, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { CampaignLedger, type CampaignMessageResult, type LedgerConnection } from './campaign-ledger.js';
import type { CampaignJobData } from './enqueue-campaign.js';

/** Default queue name of `createWorker` and `createCampaignQueue`. */
export const DEFAULT_CAMPAIGN_QUEUE = 'pesan-campaigns';

/** Options of {@link createWorker}. */
export interface CampaignWorkerOptions {
  /** BullMQ's connection (ioredis options, or an ioredis client with `maxRetriesPerRequest: null`). */
  connection: ConnectionOptions;
  /** The queue's name. Default `pesan-campaigns`. */
  queueName?: string;
  /** Jobs this worker runs at once. Default 1. */
  concurrency?: number;
  /** Where results are recorded. Default: `connection`. */
  ledger?: LedgerConnection;
  /**
   * `at-most-once` (default): a job run again after its worker died never
   * sends again a message whose first try may have reached the vendor: the
   * idempotency store answers for it, and a send left in doubt is recorded
   * `unknown`, not retried. `at-least-once`: such messages are sent again
   * (they may arrive twice); needs `idempotency`, the messenger's store.
   */
  delivery?: 'at-most-once' | 'at-least-once';
  /** The messenger's idempotency store (`stores.idempotency`), for `at-least-once`. */
  idempotency?: IdempotencyStore;
  /** Other BullMQ worker options (`lockDuration`, `stalledInterval`, `maxStalledCount`, ...). */
  workerOptions?: Omit<WorkerOptions, 'connection' | 'concurrency'>;
}

/** What a job returns (its BullMQ `returnvalue`). */
export interface CampaignJobSummary {
  campaignId: string;
  /** Messages of the job with a result recorded by this run. */
  recorded: number;
  /** Messages skipped because an earlier run recorded them. */
  skipped: number;
}

function resultOf(
  index: number,
  to: string,
  item: { ok: true; result: SendResult } | { ok: false; error: PesanError },
): CampaignMessageResult {
  if (item.ok) {
    return { index, to, state: 'sent', messageId: item.result.messageId, provider: item.result.provider };
  }
  return {
    index,
    to,
    state: item.error.outcome === 'unknown' ? 'unknown' : 'failed',
    provider: item.error.provider,
    errorCode: item.error.code,
    error: item.error.message,
  };
}

/**
 * A BullMQ worker that sends the jobs of `enqueueCampaign` through
 * `messenger.sendCampaign` (batched at the vendor's size, the messenger's
 * rate limits, which are shared when its stores are `@pesan/redis`'s) and
 * records every message's result by campaign id. Run as many as you like,
 * on as many machines; close it with `worker.close()`.
 */
export function createWorker(
  messenger: Messenger,
  options: CampaignWorkerOptions,
): Worker<CampaignJobData, CampaignJobSummary> {
  if (options.delivery === 'at-least-once' && options.idempotency === undefined) {
    throw new TypeError(
      '@pesan/queue: delivery "at-least-once" needs `idempotency`, the messenger\'s idempotency store',
    );
  }
  const ledgerConnection =
    options.ledger ??
    (options.connection instanceof Redis ? options.connection.duplicate() : (options.connection as LedgerConnection));
  const ledger = new CampaignLedger(ledgerConnection);

  const process = async (job: Job<CampaignJobData>): Promise<CampaignJobSummary> => {
    const { campaignId, first, messages } = job.data;
    const indexes = messages.map((_, offset) => first + offset);
    const done = await ledger.recorded(campaignId, indexes);
    const todo = messages
      .map((message, offset) => ({ message, index: first + offset }))
      .filter((entry) => !done.has(entry.index));
    if (todo.length === 0) return { campaignId, recorded: 0, skipped: messages.length };
    if (options.delivery === 'at-least-once' && options.idempotency) {
      // A message without a result was in flight when a worker died: forget the doubt and send it again.
      for (const { message } of todo) {
        const key = message.idempotencyKey;
        if (key === undefined) continue;
        const record = await options.idempotency.get(key);
        if (record !== undefined && record.state !== 'sent') await options.idempotency.delete(key);
      }
    }
    let recorded = 0;
    const record = async (
      position: number,
      item: CampaignItem | { ok: true; result: SendResult } | { ok: false; error: PesanError },
    ) => {
      const entry = todo[position]!;
      if (await ledger.record(campaignId, resultOf(entry.index, entry.message.to, item))) recorded += 1;
    };
    const batch: OutboundMessage[] = todo.map((entry) => entry.message);
    if (typeof messenger.sendCampaign === 'function') {
      await messenger.sendCampaign(batch, {
        campaignId,
        onResult: (item) => record(item.index, item),
        onProgress: (progress) => {
          void job.updateProgress({ settled: progress.settled, of: batch.length }).catch(() => {});
        },
      });
    } else {
      const result = await messenger.sendBulk(batch);
      for (const [position, item] of result.items.entries()) await record(position, item);
    }
    return { campaignId, recorded, skipped: messages.length - todo.length };
  };

  const worker = new Worker<CampaignJobData, CampaignJobSummary>(options.queueName ?? DEFAULT_CAMPAIGN_QUEUE, process, {
    ...options.workerOptions,
    connection: options.connection,
    concurrency: Math.max(1, Math.floor(options.concurrency ?? 1)),
  });
  worker.on('closed', () => {
    void ledger.close();
    if (options.ledger === undefined && ledgerConnection instanceof Redis) void ledgerConnection.quit().catch(() => {});
  });
  return worker;
}
