/**
 * The iSMS sandbox in a process of its own, for `soak-memory.ts` and
 * `throughput.ts`: the soak measures the sender's heap and the throughput
 * benchmark the sender's speed, so the server's memory, garbage and CPU
 * time must not be in them. Started with `child_process.fork`; sends `{ urls }` to its parent
 * once listening and stops when the parent says `stop` or goes away.
 */
import { startIsmsSandbox } from '@pesan/provider-isms/sandbox';
import { BENCH_ACCOUNT } from './bench-settings.js';

/** What the sandbox process sends its parent once it listens. */
export interface SoakSandboxReady {
  urls: string[];
}

/** The sandbox process's answer to `cpu`: its own CPU time so far, so a benchmark can tell the server's share. */
export interface SoakSandboxCpu {
  cpu: NodeJS.CpuUsage;
}

if (!process.send) throw new Error('soak-sandbox-process.ts runs as a child: fork() it');

const sandbox = await startIsmsSandbox({
  accounts: [{ ...BENCH_ACCOUNT, credits: Number.MAX_SAFE_INTEGER }],
  mirrors: 1,
  autoDeliver: false,
  // The sandbox keeps only the newest records: its own memory stays flat over any soak.
  maxRecords: 100,
});

async function stop(): Promise<void> {
  await sandbox.stop();
  process.disconnect?.();
}

process.on('message', (message) => {
  if (message === 'stop') void stop();
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() } satisfies SoakSandboxCpu);
});
process.on('disconnect', () => void sandbox.stop());
process.send({ urls: [...sandbox.urls] } satisfies SoakSandboxReady);
