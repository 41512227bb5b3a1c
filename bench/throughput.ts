/**
 * Single-send throughput and latency against a raw undici request and a peer
 * library (issue 13 targets 1 and 2). The iSMS sandbox runs in a process of
 * its own (`soak-sandbox-process.ts`), so its work does not count against
 * the sender; this process only sends.
 *
 * Three ways to make the same classic iSMS send (`POST /isms_send_all_id.php`,
 * the provider's form fields), each to a recipient no other send used:
 *
 * - raw undici request: `undici.request(url, { method: 'POST', body })` with
 *   the form written by `URLSearchParams`, the answer read as text and
 *   checked for `2000 = SUCCESS`;
 * - `messenger.send` (`createMessenger` with one `isms` provider, default
 *   options, no idempotency key);
 * - notifme-sdk: `new NotifmeSdk(...)` with its `fallback` strategy and one
 *   custom SMS provider making the raw request above.
 *
 * Throughput: `PESAN_BENCH_SENDS` sends (default 20 000) per task and round,
 * `PESAN_BENCH_CONCURRENCY` in flight (default 64), `PESAN_BENCH_ROUNDS`
 * rounds (default 5) with the task order rotated each round; the median
 * round of each task is reported. Latency: `PESAN_BENCH_LATENCY_ROUNDS`
 * (default 3 000) interleaved rounds at concurrency 1, median per task, two
 * ways: from a settled event loop (two `setImmediate` turns before each timed
 * send, so what the previous send left to run, the next answer's socket
 * reads, notifme-sdk's own work, is not timed against the next task), and
 * back to back, as before; the two kinds of round alternate.
 *
 * Measure the built packages (`pnpm build` first), as `pnpm bench` does:
 *
 *   TSX_TSCONFIG_PATH=bench/tsconfig.dist.json node --import tsx bench/throughput.ts
 *   TSX_TSCONFIG_PATH=bench/tsconfig.dist.json PESAN_BENCH_ONLY=messenger node --cpu-prof --import tsx bench/throughput.ts
 *
 * Prints a table, then one line `THROUGHPUT_RESULT {json}`.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createMessenger } from '@pesan/core';
import { isms } from '@pesan/provider-isms';
import { request } from 'undici';
import { integerFromEnvironment, machineDescription, startSandboxProcess } from './bench-process.js';
import { BENCH_ACCOUNT } from './bench-settings.js';

export const RAW = 'raw undici request';
export const MESSENGER = 'messenger.send';
export const NOTIFME = 'notifme-sdk fallback';
const TASKS = [RAW, MESSENGER, NOTIFME] as const;
type TaskName = (typeof TASKS)[number];

/** What one run measured. */
export interface ThroughputResult {
  machine: string;
  node: string;
  date: string;
  sends: number;
  concurrency: number;
  rounds: number;
  /** Sends per second of each round, per task, in round order. */
  throughput: Partial<Record<TaskName, number[]>>;
  /** Median round, sends per second. */
  medianThroughput: Partial<Record<TaskName, number>>;
  /** Median round's CPU time of the sending process per send, in microseconds. */
  medianCpuMicrosPerSend: Partial<Record<TaskName, number>>;
  /** Median round's CPU time of the sandbox process per send, in microseconds: near 1 000 000 / rate, the server is the limit. */
  medianServerCpuMicrosPerSend: Partial<Record<TaskName, number>>;
  /** Median duration of one send at concurrency 1 started from a settled event loop, in microseconds. */
  medianLatencyMicros: Partial<Record<TaskName, number>>;
  /** Median duration of one send at concurrency 1, each started as the previous one returned, in microseconds. */
  medianBackToBackLatencyMicros: Partial<Record<TaskName, number>>;
  failed: number;
}

/** The part of notifme-sdk's API used here (the package ships no TypeScript types). */
interface NotifmeSdkInstance {
  logger: { mute(): void };
  send(notification: { sms: { from: string; to: string; text: string } }): Promise<{
    status: 'success' | 'error';
    errors?: Record<string, unknown>;
  }>;
}
interface NotifmeSdkOptions {
  channels: {
    sms: {
      multiProviderStrategy: 'fallback';
      providers: { type: 'custom'; id: string; send(request: { to: string; text: string }): Promise<string> }[];
    };
  };
}
// A CommonJS package with its class on `default`.
const NotifmeSdk = (
  createRequire(import.meta.url)('notifme-sdk') as {
    default: new (options: NotifmeSdkOptions) => NotifmeSdkInstance;
  }
).default;

const TEXT = 'Your verification code is 123456';
const PATH = '/isms_send_all_id.php';
const CLASSIC_TYPE = '1';

// +601110000000 onwards: valid, distinct Malaysian numbers; no send repeats one.
let nextRecipient = 0;
function freshRecipient(): string {
  const index = nextRecipient++;
  return `+6011${10_000_000 + (index % 10_000_000)}`;
}

/** The request an application would write by hand: the provider's form, undici's top-level `request`. */
async function rawIsmsSend(url: string, to: string, text: string): Promise<string> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      un: BENCH_ACCOUNT.username,
      pwd: BENCH_ACCOUNT.password,
      dstno: to.slice(1),
      msg: text,
      type: CLASSIC_TYPE,
      agreedterm: 'YES',
    }).toString(),
  });
  const answer = await response.body.text();
  if (response.statusCode !== 200 || !answer.startsWith('2000 = SUCCESS')) {
    throw new Error(`Unexpected sandbox answer ${response.statusCode}: ${answer}`);
  }
  return answer;
}

/** Two turns of the event loop: what the last send left to run (socket reads, timers cleared, a peer's own work) runs now, untimed. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** What one throughput round measured. */
interface RoundMeasure {
  sendsPerSecond: number;
  /** CPU time of this process (user + system) per send, in microseconds: the sender's own cost, whatever the load. */
  cpuMicrosPerSend: number;
}

/** `count` sends of `send`, `concurrency` at a time. */
async function throughputOf(
  send: (to: string) => Promise<unknown>,
  count: number,
  concurrency: number,
  onFailure: (error: unknown) => void,
): Promise<RoundMeasure> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      try {
        await send(freshRecipient());
      } catch (error) {
        onFailure(error);
      }
    }
  };
  const startedAt = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  return {
    sendsPerSecond: (count / (performance.now() - startedAt)) * 1000,
    cpuMicrosPerSend: (cpu.user + cpu.system) / count,
  };
}

export async function runThroughput(): Promise<ThroughputResult> {
  const sends = integerFromEnvironment('PESAN_BENCH_SENDS', 20_000, 1_000_000);
  const concurrency = integerFromEnvironment('PESAN_BENCH_CONCURRENCY', 64, 4_096);
  const rounds = integerFromEnvironment('PESAN_BENCH_ROUNDS', 5, 99);
  const latencyRounds = integerFromEnvironment('PESAN_BENCH_LATENCY_ROUNDS', 3_000, 1_000_000);
  const only = process.env.PESAN_BENCH_ONLY;
  const tasks = TASKS.filter((task) => !only || task.toLowerCase().includes(only.toLowerCase()));
  if (tasks.length === 0) throw new Error(`PESAN_BENCH_ONLY=${only} names no task (${TASKS.join(', ')})`);

  const sandbox = await startSandboxProcess();
  const url = `${sandbox.urls[0]}${PATH}`;
  const messenger = createMessenger({
    providers: [isms({ id: 'isms', ...BENCH_ACCOUNT, baseUrls: [sandbox.urls[0]!] })],
  });
  const notifme = new NotifmeSdk({
    channels: {
      sms: {
        multiProviderStrategy: 'fallback',
        providers: [
          {
            type: 'custom',
            id: 'isms-raw',
            send: async (sms) => {
              const answer = await rawIsmsSend(url, sms.to, sms.text);
              return answer.slice(answer.lastIndexOf('=') + 1).trim();
            },
          },
        ],
      },
    },
  });
  // Its default logger writes a line per send to the console.
  notifme.logger.mute();
  const senders: Record<TaskName, (to: string) => Promise<unknown>> = {
    [RAW]: (to) => rawIsmsSend(url, to, TEXT),
    [MESSENGER]: (to) => messenger.send({ to, text: TEXT }),
    [NOTIFME]: async (to) => {
      const result = await notifme.send({ sms: { from: 'pesan', to, text: TEXT } });
      if (result.status !== 'success') throw new Error(`notifme-sdk: ${JSON.stringify(result.errors)}`);
    },
  };

  let failed = 0;
  let firstFailure: unknown;
  const onFailure = (error: unknown) => {
    failed += 1;
    firstFailure ??= error;
  };
  const throughput: Record<string, number[]> = {};
  const cpuPerSend: Record<string, number[]> = {};
  const serverCpuPerSend: Record<string, number[]> = {};
  const latencies: Record<string, number[]> = {};
  const backToBackLatencies: Record<string, number[]> = {};
  for (const task of tasks) {
    throughput[task] = [];
    cpuPerSend[task] = [];
    serverCpuPerSend[task] = [];
    latencies[task] = [];
    backToBackLatencies[task] = [];
  }
  try {
    // Connections, lazy modules and JIT in place before anything is measured.
    for (const task of tasks) await throughputOf(senders[task], Math.min(2_000, sends), concurrency, onFailure);
    for (let round = 0; round < rounds; round++) {
      for (let position = 0; position < tasks.length; position++) {
        const task = tasks[(round + position) % tasks.length]!;
        const serverBefore = await sandbox.cpuUsage();
        const measured = await throughputOf(senders[task], sends, concurrency, onFailure);
        const serverAfter = await sandbox.cpuUsage();
        throughput[task]!.push(measured.sendsPerSecond);
        cpuPerSend[task]!.push(measured.cpuMicrosPerSend);
        const serverMicros = serverAfter.user + serverAfter.system - serverBefore.user - serverBefore.system;
        serverCpuPerSend[task]!.push(serverMicros / sends);
      }
    }
    // Settled and back-to-back rounds alternate, so the machine's slower and faster moments fall on both.
    for (let round = 0; round < 2 * (latencyRounds + 200); round++) {
      const settled = round % 2 === 0;
      const measured = settled ? latencies : backToBackLatencies;
      for (let position = 0; position < tasks.length; position++) {
        const task = tasks[(Math.floor(round / 2) + position) % tasks.length]!;
        if (settled) await settle();
        const startedAt = performance.now();
        try {
          await senders[task](freshRecipient());
        } catch (error) {
          onFailure(error);
        }
        // The first 200 rounds of each kind are warm-up at concurrency 1.
        if (round >= 400) measured[task]!.push((performance.now() - startedAt) * 1000);
      }
    }
  } finally {
    await messenger.close();
    await sandbox.stop();
  }
  if (failed > 0) throw new Error(`${failed} sends failed; the first: ${String(firstFailure)}`);

  const medianThroughput: Partial<Record<TaskName, number>> = {};
  const medianLatencyMicros: Partial<Record<TaskName, number>> = {};
  const medianBackToBackLatencyMicros: Partial<Record<TaskName, number>> = {};
  const medianCpuMicrosPerSend: Partial<Record<TaskName, number>> = {};
  const medianServerCpuMicrosPerSend: Partial<Record<TaskName, number>> = {};
  for (const task of tasks) {
    medianCpuMicrosPerSend[task] = median(cpuPerSend[task]!);
    medianServerCpuMicrosPerSend[task] = median(serverCpuPerSend[task]!);
    medianThroughput[task] = median(throughput[task]!);
    medianLatencyMicros[task] = median(latencies[task]!);
    medianBackToBackLatencyMicros[task] = median(backToBackLatencies[task]!);
  }
  return {
    machine: machineDescription(),
    node: process.version,
    date: new Date().toISOString(),
    sends,
    concurrency,
    rounds,
    throughput,
    medianThroughput,
    medianCpuMicrosPerSend,
    medianServerCpuMicrosPerSend,
    medianLatencyMicros,
    medianBackToBackLatencyMicros,
    failed,
  };
}

/** The result as the table `pnpm bench` prints. */
export function throughputTable(result: ThroughputResult): string {
  const { medianThroughput: rate, medianLatencyMicros: latency } = result;
  const lines = [
    `Single sends, classic iSMS, sandbox in its own process on loopback`,
    `${result.machine}; Node ${result.node}; ${result.date}`,
    `throughput: ${result.sends.toLocaleString('en-US')} sends per task and round, concurrency ${result.concurrency}, median of ${result.rounds} rounds`,
  ];
  for (const task of TASKS) {
    const rounds = result.throughput[task];
    if (!rounds) continue;
    const shown = rounds.map((value) => Math.round(value).toLocaleString('en-US')).join(', ');
    const cpu = result.medianCpuMicrosPerSend[task]!.toFixed(0);
    const server = result.medianServerCpuMicrosPerSend[task]!.toFixed(0);
    lines.push(
      `  ${task.padEnd(22)} ${Math.round(rate[task]!).toLocaleString('en-US').padStart(7)} sends/s  ${cpu.padStart(4)} µs CPU per send (sandbox ${server.padStart(3)})  (rounds: ${shown})`,
    );
  }
  const ratio = (top: TaskName, bottom: TaskName) =>
    rate[top] !== undefined && rate[bottom] !== undefined
      ? lines.push(`  ${top} / ${bottom} = ${(rate[top]! / rate[bottom]!).toFixed(2)}x sends/s`)
      : undefined;
  ratio(MESSENGER, RAW);
  ratio(NOTIFME, RAW);
  ratio(MESSENGER, NOTIFME);
  const latencyLines = (title: string, medians: Partial<Record<TaskName, number>>) => {
    lines.push(title);
    for (const task of TASKS) {
      if (medians[task] !== undefined) lines.push(`  ${task.padEnd(22)} ${medians[task]!.toFixed(0).padStart(5)} µs`);
    }
    for (const task of [MESSENGER, NOTIFME] as const) {
      if (medians[task] !== undefined && medians[RAW] !== undefined) {
        const added = medians[task]! - medians[RAW]!;
        lines.push(`  ${task} adds ${added >= 0 ? '+' : '-'}${Math.abs(added).toFixed(0)} µs over ${RAW}`);
      }
    }
  };
  latencyLines('latency at concurrency 1 from a settled event loop: median per send', latency);
  latencyLines('latency at concurrency 1, back to back: median per send', result.medianBackToBackLatencyMicros);
  return lines.join('\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await runThroughput();
  console.log(throughputTable(result));
  console.log(`THROUGHPUT_RESULT ${JSON.stringify(result)}`);
}
