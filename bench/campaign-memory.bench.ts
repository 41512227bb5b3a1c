/**
 * Runs `campaign-memory.ts` in a process of its own (RSS must not include
 * vitest or the other benchmarks) and prints what it measured.
 *
 * The script is compiled first into one JavaScript file (esbuild, as a
 * bundled application ships) and run with plain `node`: under `node --import
 * tsx`, tsx's module loader runs on a thread of its own, with its own V8
 * heap, which adds ~36 MiB of RSS that no application of pesan carries.
 * `PESAN_BENCH_TSX=1` runs the TypeScript source under tsx instead.
 * `PESAN_BENCH_NODE_FLAGS` adds V8 or Node flags to that process, to see what
 * an application's own choices do, e.g. a smaller young generation
 * (`--max-semi-space-size=4`) or a heap cap (`--max-old-space-size=128`).
 *
 * `pnpm bench` streams PESAN_BENCH_CAMPAIGN recipients, default 200 000 here
 * (the script's own default is 1 000 000), so the whole `pnpm bench` stays
 * within a few minutes on two cores. 200 000 is past the messenger's
 * default store limits (100 000 records each): the last tenths show where
 * memory levels off. The full million:
 *
 *   PESAN_BENCH_CAMPAIGN=1000000 pnpm bench bench/campaign-memory
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, bench, describe } from 'vitest';
import type { CampaignResult } from './campaign-memory.js';

const DEFAULT_RECIPIENTS = 200_000;
// At ~2 500 messages/s on a loaded machine, a million takes ~7 minutes; anything past this is stuck.
const CHILD_TIMEOUT_MS = 1_800_000;
const RESULT_PREFIX = 'CAMPAIGN_RESULT ';

const recipients = process.env.PESAN_BENCH_CAMPAIGN || String(DEFAULT_RECIPIENTS);
const underTsx = process.env.PESAN_BENCH_TSX === '1';
const nodeFlags = (process.env.PESAN_BENCH_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
const script = new URL('./campaign-memory.ts', import.meta.url);
const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
let table: string | undefined;

/** Compiles `campaign-memory.ts` and what it imports (pesan's sources included) into one ES module in `directory`. */
async function bundle(directory: string): Promise<string> {
  const outfile = join(directory, 'campaign-memory.mjs');
  await build({
    entryPoints: [fileURLToPath(script)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The @pesan/* paths and decorator settings of the sources.
    tsconfig: join(repositoryRoot, 'tsconfig.json'),
    // bench-process.ts finds the sandbox script beside itself.
    define: { 'import.meta.url': JSON.stringify(script.href) },
    // Bundled CommonJS dependencies call require() for Node's own modules.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

async function runCampaignProcess(): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'pesan-campaign-memory-'));
  try {
    const entry = underTsx ? ['--import', 'tsx', fileURLToPath(script)] : [await bundle(directory)];
    // --expose-gc only lets the script read the live heap after the campaign; nothing calls gc() before that.
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', ...nodeFlags, ...entry], {
      // tsx reads the @pesan/* paths from the root tsconfig.json.
      cwd: repositoryRoot,
      env: { ...process.env, PESAN_BENCH_CAMPAIGN: recipients },
      timeout: CHILD_TIMEOUT_MS,
      maxBuffer: 1_048_576,
    });
    const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_PREFIX));
    if (line === undefined) throw new Error(`campaign-memory.ts printed no result:\n${stdout}`);
    const result = JSON.parse(line.slice(RESULT_PREFIX.length)) as CampaignResult;
    if (result.failed > 0) throw new Error(`${result.failed} of ${result.recipients} campaign messages failed`);
    table = stdout.slice(0, stdout.indexOf(RESULT_PREFIX)).trimEnd();
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

afterAll(() => {
  if (table === undefined) return;
  console.log(
    [
      '',
      'Campaign memory: messenger.sendCampaign streaming from an async generator (default options, window 1 000),',
      'iSMS JSON API (50 per request), sandbox in a child process keeping only 100 records, own process',
      ...table.split('\n').map((line) => `  ${line}`),
      '',
    ].join('\n'),
  );
});

describe('campaign memory (own process)', () => {
  bench(`stream ${Number(recipients).toLocaleString('en-US')} recipients`, runCampaignProcess, {
    time: 0,
    iterations: 1,
    warmupTime: 0,
    warmupIterations: 0,
  });
});
