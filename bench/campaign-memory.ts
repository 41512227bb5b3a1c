/**
 * Resident memory while streaming a large campaign through `messenger.sendBulk`
 * against the iSMS sandbox on loopback (JSON API, 50 messages per request).
 *
 * A plain script, not a vitest bench: RSS must be measured in a process of its
 * own. `campaign-memory.bench.ts` runs it for `pnpm bench` with a bounded
 * count; run the full million with:
 *
 *   PESAN_BENCH_CAMPAIGN=1000000 node --import tsx bench/campaign-memory.ts
 *
 * Environment:
 * - `PESAN_BENCH_CAMPAIGN`: recipients (default 1 000 000, at most 10 000 000);
 * - `PESAN_BENCH_CHUNK`: messages per `sendBulk` call (default 1 000);
 * - `PESAN_BENCH_STATUS_ENTRIES`: the messenger's in-memory status store
 *   limit (default: the messenger's own default, 100 000 records).
 *
 * Prints a table, then one line `CAMPAIGN_RESULT {json}` for the wrapper.
 */
import { createMessenger, MemoryStatusStore, type OutboundMessage, sharedDispatcher } from '@pesan/core';
import { isms } from '@pesan/provider-isms';
import { startIsmsSandbox } from '@pesan/provider-isms/sandbox';

/** What one run measured; the wrapper parses it. */
export interface CampaignResult {
  recipients: number;
  chunkSize: number;
  sent: number;
  failed: number;
  requests: number;
  durationMs: number;
  messagesPerSecond: number;
  baselineRssBytes: number;
  peakRssBytes: number;
  finalRssBytes: number;
  peakHeapUsedBytes: number;
  /** RSS after each tenth of the campaign, in bytes: a flat tail means memory stopped growing. */
  rssByTenth: number[];
  /** Most records the messenger's in-memory status store keeps. */
  statusStoreEntries: number;
}

const MAX_RECIPIENTS = 10_000_000;
const JSON_BATCH = 50;
const STATUS_STORE_DEFAULT_ENTRIES = 100_000;

function integerFromEnvironment(name: string, fallback: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`${name} must be an integer from 1 to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/**
 * The streaming pattern we recommend: recipients come from a cursor (here,
 * generated) one chunk at a time, so the application never holds the whole
 * list; each chunk is awaited before the next is read.
 */
async function* campaignChunks(total: number, chunkSize: number): AsyncGenerator<OutboundMessage[]> {
  for (let start = 0; start < total; start += chunkSize) {
    const size = Math.min(chunkSize, total - start);
    const chunk: OutboundMessage[] = new Array(size);
    for (let offset = 0; offset < size; offset++) {
      const subscriber = start + offset;
      // +601110000000 to +601119999999: 10 million valid, distinct Malaysian numbers.
      chunk[offset] = {
        to: `+6011${10_000_000 + subscriber}`,
        text: `Hi #${subscriber}, our sale starts now`,
      };
    }
    yield chunk;
  }
}

async function runCampaign(recipients: number, chunkSize: number, statusEntries: number): Promise<CampaignResult> {
  const sandbox = await startIsmsSandbox({
    accounts: [{ username: 'bench', password: 'bench-password', credits: Number.MAX_SAFE_INTEGER }],
    mirrors: 1,
    autoDeliver: false,
    // The sandbox keeps only the newest records, so its memory stays flat and RSS is the messenger's.
    maxRecords: 100,
  });
  const messenger = createMessenger({
    providers: [
      isms({
        id: 'isms',
        username: 'bench',
        password: 'bench-password',
        baseUrls: [...sandbox.urls],
        api: 'json',
        timeoutMs: 10_000,
      }),
    ],
    ...(statusEntries === STATUS_STORE_DEFAULT_ENTRIES
      ? {}
      : { stores: { status: new MemoryStatusStore({ maxEntries: statusEntries }) } }),
  });
  try {
    // One small send first, so connections and lazy modules are in place before the baseline.
    await messenger.sendBulk([{ to: '+60123456789', text: 'warm up' }]);
    const baselineRssBytes = process.memoryUsage().rss;
    let peakRssBytes = baselineRssBytes;
    let peakHeapUsedBytes = process.memoryUsage().heapUsed;
    const rssByTenth: number[] = [];
    const tenth = Math.max(1, Math.floor(recipients / 10));
    let nextTenth = tenth;
    let sent = 0;
    let failed = 0;
    let done = 0;
    let requests = 0;
    const startedAt = performance.now();
    for await (const chunk of campaignChunks(recipients, chunkSize)) {
      const { totals } = await messenger.sendBulk(chunk);
      sent += totals.sent;
      failed += totals.failed;
      done += chunk.length;
      requests += Math.ceil(chunk.length / JSON_BATCH);
      const { rss, heapUsed } = process.memoryUsage();
      peakRssBytes = Math.max(peakRssBytes, rss);
      peakHeapUsedBytes = Math.max(peakHeapUsedBytes, heapUsed);
      while (done >= nextTenth && rssByTenth.length < 10) {
        rssByTenth.push(rss);
        nextTenth += tenth;
      }
    }
    const durationMs = performance.now() - startedAt;
    return {
      recipients,
      chunkSize,
      sent,
      failed,
      requests,
      durationMs,
      messagesPerSecond: (sent / durationMs) * 1000,
      baselineRssBytes,
      peakRssBytes,
      finalRssBytes: process.memoryUsage().rss,
      peakHeapUsedBytes,
      rssByTenth,
      statusStoreEntries: statusEntries,
    };
  } finally {
    await messenger.close();
    await sandbox.stop();
  }
}

const mebibytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MiB`;

/** A readable table of one result. */
function campaignTable(result: CampaignResult): string {
  const rows: [string, string][] = [
    ['recipients', result.recipients.toLocaleString('en-US')],
    ['sent / failed', `${result.sent.toLocaleString('en-US')} / ${result.failed.toLocaleString('en-US')}`],
    ['status store limit', `${result.statusStoreEntries.toLocaleString('en-US')} records`],
    ['sendBulk chunk', `${result.chunkSize} messages (${Math.ceil(result.chunkSize / JSON_BATCH)} requests of 50)`],
    ['duration', `${(result.durationMs / 1000).toFixed(1)} s (${Math.round(result.messagesPerSecond)} messages/s)`],
    ['RSS before campaign', mebibytes(result.baselineRssBytes)],
    ['peak RSS', mebibytes(result.peakRssBytes)],
    ['RSS growth (peak - before)', mebibytes(result.peakRssBytes - result.baselineRssBytes)],
    ['peak heap used', mebibytes(result.peakHeapUsedBytes)],
    ['RSS after each tenth', `${result.rssByTenth.map((rss) => (rss / 1_048_576).toFixed(0)).join(', ')} MiB`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

async function main(): Promise<void> {
  const recipients = integerFromEnvironment('PESAN_BENCH_CAMPAIGN', 1_000_000, MAX_RECIPIENTS);
  const chunkSize = integerFromEnvironment('PESAN_BENCH_CHUNK', 1_000, 100_000);
  const statusEntries = integerFromEnvironment(
    'PESAN_BENCH_STATUS_ENTRIES',
    STATUS_STORE_DEFAULT_ENTRIES,
    MAX_RECIPIENTS,
  );
  const result = await runCampaign(recipients, chunkSize, statusEntries);
  console.log(campaignTable(result));
  console.log(`CAMPAIGN_RESULT ${JSON.stringify(result)}`);
  // The shared keep-alive agent would otherwise hold the process open for its idle timeout.
  await sharedDispatcher().close();
}

await main();
