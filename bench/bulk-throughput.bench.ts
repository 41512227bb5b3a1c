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
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, bench, describe } from 'vitest';
import type { BulkThroughputResult } from './bulk-throughput.js';

// 100 000 messages one request each take minutes on a busy machine.
const CHILD_TIMEOUT_MS = 1_800_000;
const RESULT_PREFIX = 'BULK_THROUGHPUT_RESULT ';

const script = fileURLToPath(new URL('./bulk-throughput.ts', import.meta.url));
const DIST_TSCONFIG = fileURLToPath(new URL('./tsconfig.dist.json', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
let table: string | undefined;

async function runBulkThroughputProcess(): Promise<void> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
    // The @pesan/* paths of this tsconfig lead to the built packages, not their sources.
    cwd: repositoryRoot,
    env: { ...process.env, TSX_TSCONFIG_PATH: DIST_TSCONFIG },
    timeout: CHILD_TIMEOUT_MS,
    maxBuffer: 1_048_576,
  });
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_PREFIX));
  if (line === undefined) throw new Error(`bulk-throughput.ts printed no result:\n${stdout}`);
  const result = JSON.parse(line.slice(RESULT_PREFIX.length)) as BulkThroughputResult;
  if (result.failed > 0) throw new Error(`${result.failed} messages failed`);
  table = stdout.slice(0, stdout.indexOf(RESULT_PREFIX)).trimEnd();
}

afterAll(() => {
  if (table !== undefined) console.log(['', ...table.split('\n').map((line) => `  ${line}`), ''].join('\n'));
});

describe('vendor batching vs one request per recipient (sandbox in its own process)', () => {
  bench('isms json (50 per request) vs isms classic (1 per request)', runBulkThroughputProcess, {
    time: 0,
    iterations: 1,
    warmupTime: 0,
    warmupIterations: 0,
  });
});
