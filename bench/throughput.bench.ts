/**
 * Runs `throughput.ts` in a process of its own and prints what it measured:
 * `messenger.send`, a raw undici request and notifme-sdk's fallback strategy,
 * sending classic iSMS messages to distinct recipients at concurrency 64
 * (median of 3 rounds of 20 000 sends each) and at concurrency 1, against
 * the iSMS sandbox in a third process. See `packages/core/docs/benchmarks.md`.
 *
 * The child measures the packages as they ship: `bench/tsconfig.dist.json`
 * points tsx at each package's built `dist/` (`pnpm bench` builds first).
 * Run from sources, tsx's transform (it keeps function names with a
 * `defineProperty` call per closure made) cost pesan 30-70 µs of CPU a send
 * (measured here, Node 20.20) that the published JavaScript does not have.
 *
 *   pnpm bench bench/throughput
 *   pnpm build && TSX_TSCONFIG_PATH=bench/tsconfig.dist.json node --import tsx bench/throughput.ts
 */
import { afterAll, bench, describe } from 'vitest';
import { indentedTable, runBuiltBenchScript } from './bench-process.js';
import type { ThroughputResult } from './throughput.js';

// Three tasks, three rounds of 20 000 sends plus warm-up and 3 000 latency rounds: minutes on a busy machine.
const CHILD_TIMEOUT_MS = 900_000;
const RESULT_PREFIX = 'THROUGHPUT_RESULT ';

let table: string | undefined;

async function runThroughputProcess(): Promise<void> {
  const run = await runBuiltBenchScript<ThroughputResult>(
    new URL('./throughput.ts', import.meta.url),
    RESULT_PREFIX,
    CHILD_TIMEOUT_MS,
  );
  if (run.result.failed > 0) throw new Error(`${run.result.failed} sends failed`);
  table = run.table;
}

afterAll(() => {
  if (table !== undefined) console.log(indentedTable(table));
});

describe('single-send throughput (sandbox in its own process)', () => {
  bench('messenger.send vs raw undici vs notifme-sdk', runThroughputProcess, {
    time: 0,
    iterations: 1,
    warmupTime: 0,
    warmupIterations: 0,
  });
});
