import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type IsmsSandbox, startIsmsSandbox } from '@pesan/provider-isms/sandbox';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix, redisUrl, testClient, testPrefix } from '../../redis/src/__fixtures__/redis-test-url.js';
import { CampaignLedger } from './campaign-ledger.js';
import { createCampaignQueue } from './campaign-queue.js';
import { type CampaignJobData, enqueueCampaign } from './enqueue-campaign.js';

const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = pathToFileURL(join(REPOSITORY, 'node_modules/tsx/dist/loader.mjs')).href;
const WORKER = fileURLToPath(new URL('./__fixtures__/campaign-worker-process.ts', import.meta.url));
const MESSAGES = 20_000;
// 50 messages a JSON request: 60 requests a second is 3 000 messages a second for both workers together.
const RATE_PER_MINUTE = 3600;

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(redisUrl === undefined)('worker processes killed mid-campaign (BullMQ, real Redis)', () => {
  let client: Redis;
  let prefix: string;
  let sandbox: IsmsSandbox;
  let queue: Queue<CampaignJobData>;
  let ledger: CampaignLedger;
  const children: ChildProcess[] = [];

  function startWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', TSX, WORKER], {
      cwd: REPOSITORY,
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: join(REPOSITORY, 'tsconfig.json'),
        STORE_PREFIX: prefix,
        QUEUE_NAME: queue.name,
        SANDBOX_URL: sandbox.urls[0],
        RATE_PER_MINUTE: String(RATE_PER_MINUTE),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker did not start: ${output}`)), 30_000);
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        if (output.includes('ready')) {
          clearTimeout(timer);
          resolve(child);
        }
      });
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`worker exited with ${code}: ${output}`));
      });
    });
  }

  beforeAll(async () => {
    client = testClient();
    prefix = testPrefix();
    sandbox = await startIsmsSandbox({
      accounts: [{ username: 'acme', password: 'acme-secret', credits: 1_000_000 }],
      autoDeliver: false,
      mirrors: 1,
    });
    const url = new URL(redisUrl!);
    queue = createCampaignQueue({
      connection: { host: url.hostname, port: Number(url.port), maxRetriesPerRequest: null },
      name: `pesan-test-${randomUUID()}`,
    });
    ledger = new CampaignLedger(redisUrl!);
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await queue?.obliterate({ force: true });
    await queue?.close();
    await ledger?.close();
    await sandbox?.stop();
    await deletePrefix(client, prefix);
    await client?.quit();
  });

  it('a worker killed (SIGKILL) mid-campaign of 20 000 and restarted: every message sent exactly once or reported unknown, and the two workers together stay under the rate', async () => {
    const campaignId = `crash-${randomUUID()}`;
    const messages = Array.from({ length: MESSAGES }, (_, index) => ({
      to: `+6012${String(3_000_000 + (index % 1000))}`,
      text: `message ${index}`,
    }));
    const enqueued = await enqueueCampaign(queue, messages, { campaignId, batchSize: 50 });
    expect(enqueued).toMatchObject({ messages: MESSAGES, jobs: 400 });

    const [doomed] = await Promise.all([startWorker(), startWorker()]);
    await until(async () => (await ledger.status(campaignId)).settled >= 4000, 120_000, 'a fifth settled');
    doomed!.kill('SIGKILL');
    await startWorker();
    await until(async () => (await ledger.status(campaignId)).done, 240_000, 'the campaign finished');

    const status = await ledger.status(campaignId);
    expect(status).toMatchObject({ total: MESSAGES, settled: MESSAGES, failed: 0 });
    expect(status.sent + status.unknown).toBe(MESSAGES);

    const sentAt = new Map<number, number>();
    for (const message of sandbox.messages) {
      const index = Number(/^message (\d+)$/.exec(message.text)![1]);
      sentAt.set(index, (sentAt.get(index) ?? 0) + 1);
    }
    const results = [];
    for (let from = 0; from < MESSAGES; from += 1000)
      results.push(...(await ledger.results(campaignId, { from, limit: 1000 })));
    expect(results).toHaveLength(MESSAGES);
    for (const result of results) {
      const count = sentAt.get(result.index) ?? 0;
      // Never twice; `sent` only when the sandbox has it; a message the sandbox never saw is `unknown`, never `sent`.
      expect(count, `message ${result.index}`).toBeLessThanOrEqual(1);
      if (result.state === 'sent') expect(count, `message ${result.index}`).toBe(1);
      else expect(result.state, `message ${result.index}`).toBe('unknown');
    }
    expect(sandbox.messages.length).toBeGreaterThanOrEqual(status.sent);

    // One shared bucket for every worker: no second holds more than the rate (60) plus the burst (2), give or
    // take the few requests whose arrival a busy event loop delayed after their token was granted.
    const times = sandbox.requests.map((request) => request.at.getTime()).sort((a, b) => a - b);
    let start = 0;
    let busiest = 0;
    for (let end = 0; end < times.length; end++) {
      while (times[end]! - times[start]! >= 1000) start += 1;
      busiest = Math.max(busiest, end - start + 1);
    }
    expect(busiest).toBeLessThanOrEqual(RATE_PER_MINUTE / 60 + 2 + 3);
    console.info(
      `campaign of ${MESSAGES}: ${status.sent} sent, ${status.unknown} unknown after the SIGKILL; ${times.length} requests, at most ${busiest} in one second (rate ${RATE_PER_MINUTE / 60}/s)`,
    );
  }, 400_000);
});
