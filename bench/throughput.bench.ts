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
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, bench, describe } from 'vitest';
import type { ThroughputResult } from './throughput.js';

// Three tasks, three rounds of 20 000 sends plus warm-up and 3 000 latency rounds: minutes on a busy machine.
const CHILD_TIMEOUT_MS = 900_000;
const RESULT_PREFIX = 'THROUGHPUT_RESULT ';

const script = fileURLToPath(new URL('./throughput.ts', import.meta.url));
const DIST_TSCONFIG = fileURLToPath(new URL('./tsconfig.dist.json', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
let table: string | undefined;

async function runThroughputProcess(): Promise<void> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
    // The @pesan/* paths of this tsconfig lead to the built packages, not their sources.
    cwd: repositoryRoot,
    env: { ...process.env, TSX_TSCONFIG_PATH: DIST_TSCONFIG },
    timeout: CHILD_TIMEOUT_MS,
    maxBuffer: 1_048_576,
  });
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_PREFIX));
  if (line === undefined) throw new Error(`throughput.ts printed no result:\n${stdout}`);
  const result = JSON.parse(line.slice(RESULT_PREFIX.length)) as ThroughputResult;
  if (result.failed > 0) throw new Error(`${result.failed} sends failed`);
  table = stdout.slice(0, stdout.indexOf(RESULT_PREFIX)).trimEnd();
}

afterAll(() => {
  if (table !== undefined) console.log(['', ...table.split('\n').map((line) => `  ${line}`), ''].join('\n'));
});

describe('single-send throughput (sandbox in its own process)', () => {
  bench('messenger.send vs raw undici vs notifme-sdk', runThroughputProcess, {
    time: 0,
    iterations: 1,
    warmupTime: 0,
    warmupIterations: 0,
  });
});
