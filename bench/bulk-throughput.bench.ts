/**
 * Runs `bulk-throughput.ts` in a process of its own and prints what it
 * measured: vendor batching (iSMS JSON API, 50 personalised messages per
 * request) against one request per recipient (iSMS classic), each a
 * `messenger.sendCampaign` of PESAN_BENCH_BULK messages (default 100 000)
 * with the same requests in flight, against the iSMS sandbox in a third
 * process. See `packages/core/docs/benchmarks.md`.
 *
 * The child measures the packages as they ship: `bench/tsconfig.dist.json`
 * points tsx at each package's built `dist/` (`pnpm bench` builds first), as
 * `throughput.bench.ts` does; tsx's transform of the sources adds CPU per
 * closure that published JavaScript does not have.
 *
 *   pnpm bench bench/bulk-throughput
 *   pnpm build && TSX_TSCONFIG_PATH=bench/tsconfig.dist.json node --import tsx bench/bulk-throughput.ts
 */
import { afterAll, bench, describe } from 'vitest';
import { indentedTable, runBuiltBenchScript } from './bench-process.js';
import type { BulkThroughputResult } from './bulk-throughput.js';

// 100 000 messages one request each take minutes on a busy machine.
const CHILD_TIMEOUT_MS = 1_800_000;
const RESULT_PREFIX = 'BULK_THROUGHPUT_RESULT ';

let table: string | undefined;

async function runBulkThroughputProcess(): Promise<void> {
  const run = await runBuiltBenchScript<BulkThroughputResult>(
    new URL('./bulk-throughput.ts', import.meta.url),
    RESULT_PREFIX,
    CHILD_TIMEOUT_MS,
  );
  if (run.result.failed > 0) throw new Error(`${run.result.failed} messages failed`);
  table = run.table;
}

afterAll(() => {
  if (table !== undefined) console.log(indentedTable(table));
});

describe('vendor batching vs one request per recipient (sandbox in its own process)', () => {
  bench('isms json (50 per request) vs isms classic (1 per request)', runBulkThroughputProcess, {
    time: 0,
    iterations: 1,
    warmupTime: 0,
    warmupIterations: 0,
  });
});
