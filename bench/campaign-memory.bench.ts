/**
 * Runs `campaign-memory.ts` in a process of its own (RSS must not include
 * vitest or the other benchmarks) and prints what it measured.
 *
 * `pnpm bench` streams PESAN_BENCH_CAMPAIGN recipients, default 200 000 here
 * (the script's own default is 1 000 000), so the whole `pnpm bench` stays
 * within a few minutes on two cores. 200 000 is past the messenger's
 * default status store limit (100 000 records): the last tenths show where
 * memory levels off. The full million (~80 s on its own here):
 *
 *   PESAN_BENCH_CAMPAIGN=1000000 pnpm bench bench/campaign-memory
 *   PESAN_BENCH_CAMPAIGN=1000000 node --import tsx bench/campaign-memory.ts
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, bench, describe } from 'vitest';
import type { CampaignResult } from './campaign-memory.js';

const DEFAULT_RECIPIENTS = 200_000;
// At ~10 000 messages/s here, a million takes ~90 s; anything past this is stuck.
const CHILD_TIMEOUT_MS = 1_200_000;
const RESULT_PREFIX = 'CAMPAIGN_RESULT ';

const recipients = process.env.PESAN_BENCH_CAMPAIGN || String(DEFAULT_RECIPIENTS);
const script = fileURLToPath(new URL('./campaign-memory.ts', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
let table: string | undefined;

async function runCampaignProcess(): Promise<void> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
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
}

afterAll(() => {
  if (table === undefined) return;
  console.log(
    [
      '',
      'Campaign memory: messenger.sendCampaign streaming from an async generator (window 1 000),',
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
