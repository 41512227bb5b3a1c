/**
 * Resident memory while a large campaign streams through
 * `messenger.sendCampaign` from an async generator, one message at a time,
 * with the messenger's default options, to the iSMS sandbox (JSON API, 50
 * personalised messages per request) running in a child process
 * (`soak-sandbox-process.ts`), so this process's RSS is the sender's alone.
 *
 * A plain script, not a vitest bench: RSS must be measured in a process of its
 * own. `campaign-memory.bench.ts` compiles it into one JavaScript file and
 * runs that with plain `node` (as an application runs pesan); run the full
 * million with:
 *
 *   PESAN_BENCH_CAMPAIGN=1000000 pnpm bench bench/campaign-memory
 *
 * It also runs from source, where tsx's loader thread adds ~36 MiB of RSS:
 *
 *   PESAN_BENCH_CAMPAIGN=1000000 node --expose-gc --import tsx bench/campaign-memory.ts
 *
 * Environment:
 * - `PESAN_BENCH_CAMPAIGN`: recipients (default 1 000 000, at most 10 000 000);
 * - `PESAN_BENCH_WINDOW`: the campaign's `window`, messages in flight (default: sendCampaign's, 1 000);
 * - `PESAN_BENCH_STATUS_ENTRIES`: the messenger's in-memory status store
 *   limit (default: the messenger's own default, 100 000 records);
 * - `PESAN_BENCH_IDEMPOTENCY_ENTRIES`: the in-memory idempotency store limit
 *   (default: the messenger's own default, 100 000 keys);
 * - `PESAN_BENCH_HEAP_SNAPSHOT`: a file; a heap snapshot is written there at the end (slow).
 *
 * With `--expose-gc`, the live heap after a full collection at the end is
 * reported too (the loaded code, plus what the messenger's full stores keep
 * on the JS heap), with the array buffers then allocated (where the stores
 * keep their records, outside the JS heap: all reserved when a store is
 * made, resident only as records fill them); nothing calls `gc()` before that.
 *
 * Prints a table, then one line `CAMPAIGN_RESULT {json}` for the wrapper.
 */
import { writeHeapSnapshot } from 'node:v8';
import {
  createMessenger,
  InMemoryIdempotencyStore,
  MemoryStatusStore,
  type MessengerOptions,
  type OutboundMessage,
  sharedDispatcher,
} from '@pesan/core';
import { isms } from '@pesan/provider-isms';
import { integerFromEnvironment, startSandboxProcess } from './bench-process.js';
import { BENCH_ACCOUNT } from './bench-settings.js';

/** What one run measured; the wrapper parses it. */
export interface CampaignResult {
  /** `compiled` (plain node running JavaScript) or `tsx` (the TypeScript source under `--import tsx`). */
  runtime: 'compiled' | 'tsx';
  /** Flags the process runs with beyond `--expose-gc` (`PESAN_BENCH_NODE_FLAGS`). */
  nodeFlags: string[];
  recipients: number;
  window: number;
  sent: number;
  failed: number;
  durationMs: number;
  messagesPerSecond: number;
  baselineRssBytes: number;
  peakRssBytes: number;
  finalRssBytes: number;
  peakHeapUsedBytes: number;
  /** Heap used after a full collection once the campaign is over (only with `--expose-gc`). */
  liveHeapAfterBytes: number | undefined;
  /** `ArrayBuffer` memory after that collection (only with `--expose-gc`): the stores' records, outside the JS heap. */
  arrayBuffersAfterBytes: number | undefined;
  /** RSS after each tenth of the campaign, in bytes: a flat tail means memory stopped growing. */
  rssByTenth: number[];
  /** Most records the messenger's in-memory status store keeps. */
  statusStoreEntries: number;
  /** Most keys the messenger's in-memory idempotency store keeps. */
  idempotencyStoreEntries: number;
}

const MAX_RECIPIENTS = 10_000_000;
const STORE_DEFAULT_ENTRIES = 100_000;
const DEFAULT_WINDOW = 1_000;
// RSS is read after every this many settled messages.
const SAMPLE_EVERY = 500;

/** The campaign's recipients, made one at a time as the campaign asks for them (as a CSV stream would be read). */
async function* recipientsOf(total: number): AsyncGenerator<OutboundMessage> {
  for (let subscriber = 0; subscriber < total; subscriber++) {
    // +601110000000 to +601119999999: 10 million valid, distinct Malaysian numbers.
    yield { to: `+6011${10_000_000 + subscriber}`, text: `Hi #${subscriber}, our sale starts now` };
  }
}

async function runCampaign(
  recipients: number,
  window: number,
  statusEntries: number,
  idempotencyEntries: number,
): Promise<CampaignResult> {
  const sandbox = await startSandboxProcess();
  const stores: MessengerOptions['stores'] = {
    ...(statusEntries === STORE_DEFAULT_ENTRIES
      ? {}
      : { status: new MemoryStatusStore({ maxEntries: statusEntries }) }),
    ...(idempotencyEntries === STORE_DEFAULT_ENTRIES
      ? {}
      : { idempotency: new InMemoryIdempotencyStore({ maxEntries: idempotencyEntries }) }),
  };
  const messenger = createMessenger({
    providers: [isms({ id: 'isms', ...BENCH_ACCOUNT, baseUrls: [...sandbox.urls], api: 'json', timeoutMs: 10_000 })],
    stores,
  });
  try {
    // One small campaign first, so connections and lazy modules are in place before the baseline.
    await messenger.sendCampaign([{ to: '+60123456789', text: 'warm up' }]);
    const baselineRssBytes = process.memoryUsage.rss();
    let peakRssBytes = baselineRssBytes;
    let peakHeapUsedBytes = process.memoryUsage().heapUsed;
    const rssByTenth: number[] = [];
    const tenth = Math.max(1, Math.floor(recipients / 10));
    let settled = 0;
    const startedAt = performance.now();
    const summary = await messenger.sendCampaign(recipientsOf(recipients), {
      window,
      onResult: () => {
        settled += 1;
        if (settled % SAMPLE_EVERY !== 0 && settled % tenth !== 0) return;
        const { rss, heapUsed } = process.memoryUsage();
        peakRssBytes = Math.max(peakRssBytes, rss);
        peakHeapUsedBytes = Math.max(peakHeapUsedBytes, heapUsed);
        if (settled % tenth === 0 && rssByTenth.length < 10) rssByTenth.push(rss);
      },
    });
    const durationMs = performance.now() - startedAt;
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
    const finalRssBytes = process.memoryUsage.rss();
    let liveHeapAfterBytes: number | undefined;
    let arrayBuffersAfterBytes: number | undefined;
    if (globalThis.gc) {
      globalThis.gc();
      ({ heapUsed: liveHeapAfterBytes, arrayBuffers: arrayBuffersAfterBytes } = process.memoryUsage());
    }
    const snapshot = process.env.PESAN_BENCH_HEAP_SNAPSHOT;
    if (snapshot) writeHeapSnapshot(snapshot);
    return {
      runtime: process.execArgv.some((argument) => argument.includes('tsx')) ? 'tsx' : 'compiled',
      nodeFlags: process.execArgv.filter(
        (flag) => flag.startsWith('--') && flag !== '--expose-gc' && flag !== '--import',
      ),
      recipients,
      window,
      sent: summary.sent,
      failed: summary.failed,
      durationMs,
      messagesPerSecond: (summary.sent / durationMs) * 1000,
      baselineRssBytes,
      peakRssBytes,
      finalRssBytes,
      peakHeapUsedBytes,
      liveHeapAfterBytes,
      arrayBuffersAfterBytes,
      rssByTenth,
      statusStoreEntries: statusEntries,
      idempotencyStoreEntries: idempotencyEntries,
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
    [
      'runtime',
      result.runtime === 'tsx' ? 'TypeScript source under node --import tsx' : 'compiled JavaScript, plain node',
    ],
    ['node flags', result.nodeFlags.join(' ') || 'none'],
    ['recipients', result.recipients.toLocaleString('en-US')],
    ['sent / failed', `${result.sent.toLocaleString('en-US')} / ${result.failed.toLocaleString('en-US')}`],
    ['window', `${result.window.toLocaleString('en-US')} messages in flight (50 per request)`],
    ['status store limit', `${result.statusStoreEntries.toLocaleString('en-US')} records`],
    ['idempotency store limit', `${result.idempotencyStoreEntries.toLocaleString('en-US')} keys`],
    ['duration', `${(result.durationMs / 1000).toFixed(1)} s (${Math.round(result.messagesPerSecond)} messages/s)`],
    ['RSS before campaign', mebibytes(result.baselineRssBytes)],
    ['peak RSS', mebibytes(result.peakRssBytes)],
    ['RSS growth (peak - before)', mebibytes(result.peakRssBytes - result.baselineRssBytes)],
    ['peak heap used', mebibytes(result.peakHeapUsedBytes)],
    ...(result.liveHeapAfterBytes === undefined
      ? []
      : [['live heap after the campaign (full GC)', mebibytes(result.liveHeapAfterBytes)] as [string, string]]),
    ...(result.arrayBuffersAfterBytes === undefined
      ? []
      : [['array buffers then (allocated)', mebibytes(result.arrayBuffersAfterBytes)] as [string, string]]),
    ['RSS after each tenth', `${result.rssByTenth.map((rss) => (rss / 1_048_576).toFixed(0)).join(', ')} MiB`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

async function main(): Promise<void> {
  const recipients = integerFromEnvironment('PESAN_BENCH_CAMPAIGN', 1_000_000, MAX_RECIPIENTS);
  const window = integerFromEnvironment('PESAN_BENCH_WINDOW', DEFAULT_WINDOW, 1_000_000);
  const statusEntries = integerFromEnvironment('PESAN_BENCH_STATUS_ENTRIES', STORE_DEFAULT_ENTRIES, MAX_RECIPIENTS);
  const idempotencyEntries = integerFromEnvironment(
    'PESAN_BENCH_IDEMPOTENCY_ENTRIES',
    STORE_DEFAULT_ENTRIES,
    MAX_RECIPIENTS,
  );
  const result = await runCampaign(recipients, window, statusEntries, idempotencyEntries);
  console.log(campaignTable(result));
  console.log(`CAMPAIGN_RESULT ${JSON.stringify(result)}`);
  // The shared keep-alive agent would otherwise hold the process open for its idle timeout.
  await sharedDispatcher().close();
}

await main();
