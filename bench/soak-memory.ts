/**
 * Soak: does the messenger keep anything per send? 200 000 `messenger.send`
 * calls (iSMS classic, each with its own idempotency key and the
 * application's long-lived abort signal) against the iSMS sandbox running in
 * a child process, with the heap measured after full garbage collections at
 * 0, 50k, 100k, 150k and 200k sends.
 *
 * The messenger's stores (idempotency and status) are capped at 50 000
 * entries each here, so from 100 000 sends on they are full and their maps
 * have grown to their final size (a V8 `Map` that keeps evicting its oldest
 * key doubles its table once, about a third past its limit: with the
 * messenger's default of 100 000 entries that step, ~3.5 MiB per map, falls
 * between the 100k and 150k checkpoints). From there the heap must stay flat:
 * the script fails (exit code 1) when the heap after GC grew by more than 5 %
 * between the half-way checkpoint and the end, or when more than 1 % of the
 * sends failed.
 *
 *   pnpm bench:soak
 *   node --expose-gc --import tsx bench/soak-memory.ts
 *
 * Environment:
 * - `PESAN_SOAK_SENDS`: sends (default 200 000, at most 10 000 000);
 * - `PESAN_SOAK_CONCURRENCY`: sends in flight at once (default 16);
 * - `PESAN_SOAK_SIGNAL`: `app` (default) passes one long-lived
 *   `AbortSignal` to every send, as an application with a shutdown signal
 *   does; `none` passes none;
 * - `PESAN_SOAK_STORE_ENTRIES`: most entries of each store (default 50 000;
 *   the messenger's own default is 100 000); a small value fills them at
 *   once, so any per-send retention stands out sooner;
 * - `PESAN_SOAK_MAX_GROWTH`: the allowed growth, as a fraction (default 0.05);
 * - `PESAN_SOAK_HEAP_SNAPSHOTS`: a directory; a heap snapshot is written there
 *   at every checkpoint (slow, and each file is several times the heap).
 *
 * Prints a table, then one line `SOAK_RESULT {json}`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { createMessenger, MemoryStatusStore, sharedDispatcher } from '@pesan/core';
import { isms } from '@pesan/provider-isms';
import { integerFromEnvironment, startSandboxProcess } from './bench-process.js';
import { BENCH_ACCOUNT } from './bench-settings.js';

/** The heap at one checkpoint. */
export interface SoakCheckpoint {
  sends: number;
  /** `heapUsed` after full garbage collections. */
  heapUsedBytes: number;
  rssBytes: number;
}

/** What one run measured. */
export interface SoakResult {
  sends: number;
  concurrency: number;
  signal: 'app' | 'none';
  /** Most entries of the idempotency and the status store. */
  storeEntries: number;
  failed: number;
  durationMs: number;
  sendsPerSecond: number;
  checkpoints: SoakCheckpoint[];
  /** Peak resident set size of this process over its whole life. */
  peakRssBytes: number;
  /** Heap growth from the half-way checkpoint to the end, as a fraction of the half-way heap. */
  secondHalfGrowth: number;
  /** The same growth per send of the second half, in bytes. */
  secondHalfBytesPerSend: number;
  maxGrowth: number;
  passed: boolean;
}

const MAX_SENDS = 10_000_000;
const CHECKPOINTS = 4;
const WARM_UP_SENDS = 1_000;
// A few sends may meet a keep-alive socket the sandbox just closed on a starved machine; more means a broken run.
const MAX_FAILED_FRACTION = 0.01;
// Full, and past their maps' one growth step, well before the half-way checkpoint of 200 000 sends.
const DEFAULT_STORE_ENTRIES = 50_000;

const collectGarbage = (globalThis as { gc?: () => void }).gc;

function fractionFromEnvironment(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(Number.isFinite(value) && value >= 0)) throw new RangeError(`${name} must be a fraction >= 0, got ${raw}`);
  return value;
}

/** `heapUsed` after the collector has nothing left to free (weak references are cleared between turns). */
async function heapAfterGc(): Promise<number> {
  if (!collectGarbage) throw new Error('run node with --expose-gc');
  for (let round = 0; round < 3; round++) {
    collectGarbage();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

interface SoakSettings {
  total: number;
  concurrency: number;
  signalMode: 'app' | 'none';
  maxGrowth: number;
  /** Most entries of the idempotency and the status store. */
  storeEntries: number;
}

async function runSoak({ total, concurrency, signalMode, maxGrowth, storeEntries }: SoakSettings) {
  const snapshots = process.env.PESAN_SOAK_HEAP_SNAPSHOTS;
  if (snapshots) mkdirSync(snapshots, { recursive: true });
  const sandbox = await startSandboxProcess();
  const messenger = createMessenger({
    providers: [
      isms({
        id: 'isms',
        ...BENCH_ACCOUNT,
        baseUrls: sandbox.urls,
        timeoutMs: 10_000,
      }),
    ],
    idempotencyMaxEntries: storeEntries,
    stores: { status: new MemoryStatusStore({ maxEntries: storeEntries }) },
  });
  // What an application passes to every send so that its own shutdown stops them; never aborted here.
  const application = new AbortController();
  const options = signalMode === 'app' ? { signal: application.signal } : {};
  let failed = 0;
  let firstFailure: unknown;

  const sendRange = async (from: number, to: number, prefix: string) => {
    let next = from;
    const worker = async () => {
      while (next < to) {
        const index = next++;
        try {
          await messenger.send(
            {
              // +601110000000 onwards: valid, distinct Malaysian numbers.
              to: `+6011${10_000_000 + (index % 10_000_000)}`,
              text: `Your code is ${String(index % 1_000_000).padStart(6, '0')}`,
              idempotencyKey: `${prefix}-${index}`,
            },
            options,
          );
        } catch (error) {
          failed += 1;
          firstFailure ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, to - from) }, worker));
  };

  try {
    // Connections, lazy modules and JIT in place before the first checkpoint.
    await sendRange(0, WARM_UP_SENDS, 'warm-up');
    const checkpoints: SoakCheckpoint[] = [];
    const checkpoint = async (sends: number) => {
      const heapUsedBytes = await heapAfterGc();
      checkpoints.push({ sends, heapUsedBytes, rssBytes: process.memoryUsage().rss });
      if (snapshots) writeHeapSnapshot(join(snapshots, `soak-${String(sends).padStart(8, '0')}.heapsnapshot`));
    };
    await checkpoint(0);
    const startedAt = performance.now();
    let sendsDone = 0;
    for (let round = 1; round <= CHECKPOINTS; round++) {
      const until = Math.round((total * round) / CHECKPOINTS);
      await sendRange(sendsDone, until, 'soak');
      sendsDone = until;
      await checkpoint(sendsDone);
    }
    const durationMs = performance.now() - startedAt;
    const half = checkpoints[CHECKPOINTS / 2]!;
    const end = checkpoints[CHECKPOINTS]!;
    const secondHalfGrowth = (end.heapUsedBytes - half.heapUsedBytes) / half.heapUsedBytes;
    const result: SoakResult = {
      sends: total,
      concurrency,
      signal: signalMode,
      storeEntries,
      failed,
      durationMs,
      sendsPerSecond: (total / durationMs) * 1000,
      checkpoints,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      secondHalfGrowth,
      secondHalfBytesPerSend: (end.heapUsedBytes - half.heapUsedBytes) / (end.sends - half.sends),
      maxGrowth,
      passed: failed <= total * MAX_FAILED_FRACTION && secondHalfGrowth <= maxGrowth,
    };
    if (firstFailure !== undefined) console.error('first failed send:', firstFailure);
    return result;
  } finally {
    await messenger.close();
    await sandbox.stop();
  }
}

const mebibytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;

function soakTable(result: SoakResult): string {
  const rows: [string, string][] = [
    ['sends', `${result.sends.toLocaleString('en-US')} (${result.concurrency} at once, signal: ${result.signal})`],
    ['store limits', `${result.storeEntries.toLocaleString('en-US')} entries (idempotency, status)`],
    ['failed', result.failed.toLocaleString('en-US')],
    ['duration', `${(result.durationMs / 1000).toFixed(1)} s (${Math.round(result.sendsPerSecond)} sends/s)`],
    ...result.checkpoints.map((point): [string, string] => [
      `heap after GC at ${point.sends.toLocaleString('en-US')}`,
      `${mebibytes(point.heapUsedBytes)} (RSS ${mebibytes(point.rssBytes)})`,
    ]),
    ['peak RSS', mebibytes(result.peakRssBytes)],
    [
      'second half growth',
      `${(result.secondHalfGrowth * 100).toFixed(2)} % (${result.secondHalfBytesPerSend.toFixed(1)} bytes per send)`,
    ],
    [
      'verdict',
      result.passed
        ? `flat: within ${(result.maxGrowth * 100).toFixed(0)} %`
        : result.failed > result.sends * MAX_FAILED_FRACTION
          ? `FAILED: more than ${MAX_FAILED_FRACTION * 100} % of the sends failed`
          : `FAILED: grew more than ${(result.maxGrowth * 100).toFixed(0)} %`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

async function main(): Promise<void> {
  if (!collectGarbage) {
    console.error('soak-memory.ts measures the heap after GC: run it with node --expose-gc --import tsx');
    process.exitCode = 2;
    return;
  }
  const total = integerFromEnvironment('PESAN_SOAK_SENDS', 200_000, MAX_SENDS);
  const concurrency = integerFromEnvironment('PESAN_SOAK_CONCURRENCY', 16, 1_000);
  const signalMode = process.env.PESAN_SOAK_SIGNAL === 'none' ? 'none' : 'app';
  const maxGrowth = fractionFromEnvironment('PESAN_SOAK_MAX_GROWTH', 0.05);
  const storeEntries = integerFromEnvironment('PESAN_SOAK_STORE_ENTRIES', DEFAULT_STORE_ENTRIES, MAX_SENDS);
  const result = await runSoak({ total, concurrency, signalMode, maxGrowth, storeEntries });
  console.log(soakTable(result));
  console.log(`SOAK_RESULT ${JSON.stringify(result)}`);
  // The shared keep-alive agent would otherwise hold the process open for its idle timeout.
  await sharedDispatcher().close();
  if (!result.passed) process.exitCode = 1;
}

await main();
