import { randomUUID } from 'node:crypto';
import { createMessenger, type Messenger } from '@pesan/core';
import { isms } from '@pesan/provider-isms';
import { type IsmsSandbox, startIsmsSandbox } from '@pesan/provider-isms/sandbox';
import { type RedisStores, redisStores } from '@pesan/redis';
import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deletePrefix, redisUrl, testClient, testPrefix } from '../../redis/src/__fixtures__/redis-test-url.js';
import { CampaignLedger } from './campaign-ledger.js';
import { createCampaignQueue } from './campaign-queue.js';
import { createWorker } from './campaign-worker.js';
import { type CampaignJobData, enqueueCampaign } from './enqueue-campaign.js';

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(redisUrl === undefined)('enqueueCampaign and createWorker (BullMQ, real Redis)', () => {
  let client: Redis;
  let prefix: string;
  let sandbox: IsmsSandbox;
  let queue: Queue<CampaignJobData>;
  let stores: RedisStores;
  let messenger: Messenger;
  let worker: Worker | undefined;
  let ledger: CampaignLedger;
  const connection = () => {
    const url = new URL(redisUrl!);
    return { host: url.hostname, port: Number(url.port), maxRetriesPerRequest: null };
  };

  beforeEach(async () => {
    client = testClient();
    prefix = testPrefix();
    sandbox = await startIsmsSandbox({
      accounts: [{ username: 'acme', password: 'acme-secret', credits: 100_000 }],
      autoDeliver: false,
      mirrors: 1,
    });
    queue = createCampaignQueue({ connection: connection(), name: `pesan-test-${randomUUID()}` });
    stores = redisStores({ url: redisUrl!, prefix });
    messenger = createMessenger({
      providers: [
        isms({ id: 'isms', username: 'acme', password: 'acme-secret', baseUrls: [...sandbox.urls], api: 'json' }),
      ],
      stores,
    });
    ledger = new CampaignLedger(redisUrl!);
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await queue.obliterate({ force: true });
    await queue.close();
    await messenger.close();
    await stores.close();
    await ledger.close();
    await sandbox.stop();
    await deletePrefix(client, prefix);
    await client.quit();
  });

  it('splits a campaign into jobs at the vendor batch size and records every result by campaign id', async () => {
    const provider = messenger.providers.get('isms')!;
    const messages = Array.from({ length: 120 }, (_, index) => ({
      to: `+6012${String(3_000_000 + index)}`,
      text: `m ${index}`,
    }));
    const enqueued = await enqueueCampaign(queue, messages, { campaignId: `c-${randomUUID()}`, provider });
    expect(enqueued).toMatchObject({ messages: 120, jobs: 3 });
    const jobs = await queue.getJobs(['waiting']);
    expect(jobs.map((job) => job.data.messages.length).sort()).toEqual([20, 50, 50]);
    expect(jobs.flatMap((job) => job.data.messages.map((message) => message.idempotencyKey)).sort()).toContain(
      `${enqueued.campaignId}:119`,
    );

    worker = createWorker(messenger, { connection: connection(), queueName: queue.name, concurrency: 2 });
    await until(async () => (await ledger.status(enqueued.campaignId)).done, 30_000);
    expect(await ledger.status(enqueued.campaignId)).toMatchObject({
      total: 120,
      settled: 120,
      sent: 120,
      failed: 0,
      unknown: 0,
    });
    const results = await ledger.results(enqueued.campaignId, { from: 100, limit: 50 });
    expect(results).toHaveLength(20);
    expect(results[0]).toMatchObject({ index: 100, state: 'sent', provider: 'isms' });
    expect(sandbox.messages).toHaveLength(120);
    // Batched (JSON requests of up to 50); how full each batch is, is the messenger's campaign dispatch's business.
    expect(sandbox.requests.length).toBeLessThan(120);

    // Enqueuing the same campaign again sends nothing twice.
    await enqueueCampaign(queue, messages, { campaignId: enqueued.campaignId, batchSize: 50 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await until(async () => (await queue.getJobCounts('waiting', 'active')).active === 0, 10_000);
    expect(sandbox.messages).toHaveLength(120);
  }, 60_000);

  it('at-least-once needs the idempotency store', () => {
    expect(() => createWorker(messenger, { connection: connection(), delivery: 'at-least-once' })).toThrow(
      /idempotency/,
    );
  });
});
