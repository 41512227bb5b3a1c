import { randomUUID } from 'node:crypto';
import type { CampaignSource, OutboundMessage, ProviderV1 } from '@pesan/core';
import type { JobsOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { CampaignLedger, type LedgerConnection } from './campaign-ledger.js';

/** What one job carries: a batch of the campaign, each message with its idempotency key. */
export interface CampaignJobData {
  campaignId: string;
  /** Index in the source of `messages[0]`. */
  first: number;
  messages: OutboundMessage[];
}

/** Default {@link EnqueueCampaignOptions.batchSize} without a provider. */
export const DEFAULT_CAMPAIGN_BATCH_SIZE = 50;

/** Options of {@link enqueueCampaign}. */
export interface EnqueueCampaignOptions {
  /**
   * Names the campaign: its results, progress and each message's idempotency
   * key (`${campaignId}:${index}`, unless the message has its own). Enqueuing
   * the same id again sends nothing twice. Default: a new UUID. Letters,
   * digits, `_`, `.` and `-` only.
   */
  campaignId?: string;
  /** Messages per job. Default: `provider.capabilities.maxBatch`, else 50. */
  batchSize?: number;
  /** The provider the campaign goes to: its vendor batch size sizes the jobs. */
  provider?: Pick<ProviderV1, 'capabilities'>;
  /** Where results are recorded (the workers' Redis). Default: the queue's connection. */
  ledger?: LedgerConnection;
  /** BullMQ options for every job (priority, delay, ...). `jobId` and `attempts` are set by the queue. */
  jobOptions?: Omit<JobsOptions, 'jobId'>;
}

/** What {@link enqueueCampaign} did. */
export interface EnqueuedCampaign {
  campaignId: string;
  /** Messages enqueued. */
  messages: number;
  /** Jobs enqueued. */
  jobs: number;
}

const JOBS_PER_ADD = 100;

/**
 * Splits a campaign into jobs of `batchSize` messages (the provider's vendor
 * batch size), each message carrying its idempotency key, and adds them to
 * `queue`, reading the source lazily. Workers made by `createWorker` send
 * them; `campaignStatus` and `campaignResults` answer by campaign id.
 */
export async function enqueueCampaign(
  queue: Queue<CampaignJobData>,
  source: CampaignSource,
  options: EnqueueCampaignOptions = {},
): Promise<EnqueuedCampaign> {
  const campaignId = options.campaignId ?? randomUUID();
  if (!/^[\w.-]{1,200}$/.test(campaignId)) {
    throw new RangeError('campaignId: letters, digits, "_", "." and "-" only, 1 to 200 characters');
  }
  const batchSize = Math.max(
    1,
    Math.floor(options.batchSize ?? options.provider?.capabilities.maxBatch ?? DEFAULT_CAMPAIGN_BATCH_SIZE),
  );
  let index = 0;
  let jobs = 0;
  let batch: OutboundMessage[] = [];
  let pending: { name: string; data: CampaignJobData; opts: JobsOptions }[] = [];
  const flushBatch = () => {
    if (batch.length === 0) return;
    const first = index - batch.length;
    pending.push({
      name: 'campaign-batch',
      data: { campaignId, first, messages: batch },
      // A fixed job id: enqueuing the same campaign again adds nothing twice.
      opts: {
        removeOnComplete: 1000,
        removeOnFail: 5000,
        ...options.jobOptions,
        jobId: `${campaignId}-${first}`,
        attempts: 1,
      },
    });
    jobs += 1;
    batch = [];
  };
  const flushJobs = async () => {
    if (pending.length === 0) return;
    await queue.addBulk(pending);
    pending = [];
  };
  for await (const message of source as AsyncIterable<OutboundMessage>) {
    batch.push({ ...message, idempotencyKey: message.idempotencyKey ?? `${campaignId}:${index}` });
    index += 1;
    if (batch.length >= batchSize) flushBatch();
    if (pending.length >= JOBS_PER_ADD) await flushJobs();
  }
  flushBatch();
  await flushJobs();
  const connection = options.ledger ?? ledgerConnectionOf(queue);
  const ledger = new CampaignLedger(connection);
  try {
    await ledger.enqueued(campaignId, index, jobs);
  } finally {
    await ledger.close();
    // A copy of the queue's client was made for this call only.
    if (options.ledger === undefined && connection instanceof Redis) await connection.quit();
  }
  return { campaignId, messages: index, jobs };
}

/** The ledger connection of a queue: its ioredis options, or a copy of its client. */
export function ledgerConnectionOf(queue: { opts: { connection?: unknown } }): LedgerConnection {
  const connection = queue.opts.connection as LedgerConnection | { duplicate?: () => unknown } | undefined;
  if (connection && typeof (connection as { duplicate?: unknown }).duplicate === 'function') {
    return (connection as { duplicate: () => LedgerConnection }).duplicate();
  }
  if (connection === undefined) throw new TypeError('@pesan/queue: the queue has no connection; pass `ledger`');
  return connection as LedgerConnection;
}
