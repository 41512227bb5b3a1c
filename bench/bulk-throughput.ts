/**
 * Vendor batching against one request per recipient (issue 13 target 3):
 * `PESAN_BENCH_BULK` personalised messages (default 100 000) through
 * `messenger.sendCampaign`, two ways, against the iSMS sandbox in a process
 * of its own (`soak-sandbox-process.ts`), so the server's work does not
 * count against the sender:
 *
 * - iSMS JSON API (`api: 'json'`): 50 personalised messages per request;
 * - iSMS classic API: the classic form carries one text, so every recipient
 *   is a request of its own.
 *
 * Both have the same requests in flight: `limits: { isms: { concurrency:
 * PESAN_BENCH_IN_FLIGHT } }` (default 4), so the JSON batches go out 4 at a
 * time, and so do the classic single sends.
 *
 * A third task sends the same messages as raw undici requests of 50 to the
 * same JSON endpoint, with the same requests in flight and no pesan at all:
 * the most this sandbox on this machine takes. That rate over the classic
 * task's is the ceiling of the batching ratio: no sender of the batches can
 * beat it. An undici interceptor on the
 * providers' dispatcher counts the requests each campaign made, which
 * proves the batching. Each task is warmed up on 10 000 messages, then runs
 * `PESAN_BENCH_ROUNDS` rounds (default 1; the order alternates), each a
 * campaign of its own (a new campaign id). Reported: messages per second,
 * this process's CPU time per message (and the sandbox process's, which
 * shares the machine's cores), requests per campaign.
 *
 *   pnpm build && TSX_TSCONFIG_PATH=bench/tsconfig.dist.json node --import tsx bench/bulk-throughput.ts
 *   node --import tsx bench/bulk-throughput.ts          # from the sources (slower: tsx's transform)
 *   PESAN_BENCH_ONLY=json node --cpu-prof --import tsx bench/bulk-throughput.ts   # profile one task
 *
 * Prints a table, then one line `BULK_THROUGHPUT_RESULT {json}`.
 */
import { fileURLToPath } from 'node:url';
import { createMessenger, type Messenger, type OutboundMessage, sharedDispatcher } from '@pesan/core';
import { isms } from '@pesan/provider-isms';
import { request } from 'undici';
import { integerFromEnvironment, machineDescription, startSandboxProcess } from './bench-process.js';
import { BENCH_ACCOUNT } from './bench-settings.js';

export const JSON_BATCHED = 'isms json, 50 per request';
export const CLASSIC_PER_RECIPIENT = 'isms classic, 1 per request';
export const RAW_BATCHES = 'raw undici, 50 per request';
const TASKS = [JSON_BATCHED, CLASSIC_PER_RECIPIENT, RAW_BATCHES] as const;
type TaskName = (typeof TASKS)[number];

/** What one run measured. */
export interface BulkThroughputResult {
  machine: string;
  node: string;
  date: string;
  messages: number;
  /** Requests in flight at once, the same for every task. */
  inFlight: number;
  rounds: number;
  /** Messages per second of each round, per task, in round order. */
  messagesPerSecond: Partial<Record<TaskName, number[]>>;
  /** CPU time of this process (user + system) per message of each round, in microseconds. */
  cpuMicrosPerMessage: Partial<Record<TaskName, number[]>>;
  /** CPU time of the sandbox process per message of each round, in microseconds (not pesan's, but on the same cores). */
  sandboxCpuMicrosPerMessage: Partial<Record<TaskName, number[]>>;
  /** HTTP requests one campaign of `messages` made. */
  requestsPerCampaign: Partial<Record<TaskName, number>>;
  /** Best round's messages/s of the JSON task over the classic task's. */
  ratio?: number;
  /** Best round's messages/s of the raw batches over the classic task's: the most batching can gain here. */
  ceiling?: number;
  failed: number;
}

// Enough for the JIT to settle on the batched path (a first campaign of 20 000 ran at half speed).
const WARM_UP = 10_000;

export async function runBulkThroughput(): Promise<BulkThroughputResult> {
  const count = integerFromEnvironment('PESAN_BENCH_BULK', 100_000, 10_000_000);
  const inFlight = integerFromEnvironment('PESAN_BENCH_IN_FLIGHT', 4, 1_024);
  const rounds = integerFromEnvironment('PESAN_BENCH_ROUNDS', 1, 99);
  const only = process.env.PESAN_BENCH_ONLY;
  const tasks = TASKS.filter((task) => !only || task.toLowerCase().includes(only.toLowerCase()));
  if (tasks.length === 0) throw new Error(`PESAN_BENCH_ONLY=${only} names no task (${TASKS.join(', ')})`);

  // +601110000000 onwards: valid, distinct Malaysian numbers, each with its own text.
  const messages: OutboundMessage[] = Array.from({ length: count }, (_, index) => ({
    to: `+6011${10_000_000 + index}`,
    text: `Hi customer ${index}, your order has shipped`,
  }));

  const sandbox = await startSandboxProcess();
  let requests = 0;
  // The shared keep-alive agent the providers use by default, counting the requests it dispatches.
  const dispatcher = sharedDispatcher().compose((dispatch) => (options, handler) => {
    requests += 1;
    return dispatch(options, handler);
  });
  const messengerFor = (api: 'json' | 'classic'): Messenger =>
    createMessenger({
      providers: [isms({ id: 'isms', ...BENCH_ACCOUNT, api, dispatcher, baseUrls: [sandbox.urls[0]!] })],
      // The same requests in flight for both: a JSON batch or a classic send is one request.
      limits: { isms: { concurrency: inFlight } },
    });
  const messengers: Record<Exclude<TaskName, typeof RAW_BATCHES>, Messenger> = {
    [JSON_BATCHED]: messengerFor('json'),
    [CLASSIC_PER_RECIPIENT]: messengerFor('classic'),
  };
  const rawBatches = (batch: readonly OutboundMessage[]) =>
    sendRawBatches(sandbox.urls[0]!, batch, inFlight, () => {
      requests += 1;
    });

  let failed = 0;
  const campaign = async (task: TaskName, batch: readonly OutboundMessage[]) => {
    const before = requests;
    const startedAt = performance.now();
    const sandboxBefore = await sandbox.cpuUsage();
    const cpuBefore = process.cpuUsage();
    const summary = task === RAW_BATCHES ? await rawBatches(batch) : await messengers[task].sendCampaign(batch);
    const cpu = process.cpuUsage(cpuBefore);
    const seconds = (performance.now() - startedAt) / 1000;
    const sandboxAfter = await sandbox.cpuUsage();
    failed += summary.failed;
    const sandboxCpu = sandboxAfter.user - sandboxBefore.user + sandboxAfter.system - sandboxBefore.system;
    return {
      messagesPerSecond: batch.length / seconds,
      cpuMicrosPerMessage: (cpu.user + cpu.system) / batch.length,
      sandboxCpuMicrosPerMessage: sandboxCpu / batch.length,
      requests: requests - before,
    };
  };

  const messagesPerSecond: Partial<Record<TaskName, number[]>> = {};
  const cpuMicrosPerMessage: Partial<Record<TaskName, number[]>> = {};
  const sandboxCpuMicrosPerMessage: Partial<Record<TaskName, number[]>> = {};
  const requestsPerCampaign: Partial<Record<TaskName, number>> = {};
  try {
    // Connections, lazy modules and JIT in place before anything is measured.
    for (const task of tasks) await campaign(task, messages.slice(0, Math.min(WARM_UP, count)));
    for (let round = 0; round < rounds; round++) {
      for (let position = 0; position < tasks.length; position++) {
        const task = tasks[(round + position) % tasks.length]!;
        const measured = await campaign(task, messages);
        messagesPerSecond[task] = [...(messagesPerSecond[task] ?? []), measured.messagesPerSecond];
        cpuMicrosPerMessage[task] = [...(cpuMicrosPerMessage[task] ?? []), measured.cpuMicrosPerMessage];
        sandboxCpuMicrosPerMessage[task] = [
          ...(sandboxCpuMicrosPerMessage[task] ?? []),
          measured.sandboxCpuMicrosPerMessage,
        ];
        requestsPerCampaign[task] = measured.requests;
      }
    }
  } finally {
    await Promise.all(Object.values(messengers).map((messenger) => messenger.close()));
    await sandbox.stop();
  }
  if (failed > 0) throw new Error(`${failed} messages failed`);
  const best = (task: TaskName) => Math.max(...(messagesPerSecond[task] ?? [Number.NaN]));
  const ratio = best(JSON_BATCHED) / best(CLASSIC_PER_RECIPIENT);
  const ceiling = best(RAW_BATCHES) / best(CLASSIC_PER_RECIPIENT);
  return {
    machine: machineDescription(),
    node: process.version,
    date: new Date().toISOString(),
    messages: count,
    inFlight,
    rounds,
    messagesPerSecond,
    cpuMicrosPerMessage,
    sandboxCpuMicrosPerMessage,
    requestsPerCampaign,
    ...(Number.isFinite(ratio) ? { ratio } : {}),
    ...(Number.isFinite(ceiling) ? { ceiling } : {}),
    failed,
  };
}

/** The result as the table `pnpm bench` prints. */
export function bulkThroughputTable(result: BulkThroughputResult): string {
  const lines = [
    `Vendor batching: ${result.messages.toLocaleString('en-US')} personalised messages per messenger.sendCampaign, iSMS sandbox in its own process on loopback`,
    `${result.machine}; Node ${result.node}; ${result.date}`,
    `${result.inFlight} requests in flight for every task; best of ${result.rounds} round(s)`,
  ];
  for (const task of TASKS) {
    const rates = result.messagesPerSecond[task];
    if (!rates) continue;
    const cpu = result.cpuMicrosPerMessage[task]!;
    const sandboxCpu = result.sandboxCpuMicrosPerMessage[task]!;
    const bestRound = rates.indexOf(Math.max(...rates));
    const shown = rates.map((value) => Math.round(value).toLocaleString('en-US')).join(', ');
    lines.push(
      `  ${task.padEnd(28)} ${Math.round(rates[bestRound]!).toLocaleString('en-US').padStart(7)} messages/s  ${cpu[bestRound]!.toFixed(1).padStart(6)} µs CPU per message (sandbox ${sandboxCpu[bestRound]!.toFixed(1)} µs)  ${String(result.requestsPerCampaign[task]).padStart(7)} requests  (rounds: ${shown})`,
    );
  }
  if (result.ratio !== undefined) {
    lines.push(`  ${JSON_BATCHED} / ${CLASSIC_PER_RECIPIENT} = ${result.ratio.toFixed(1)}x messages/s (target >= 20x)`);
  }
  if (result.ceiling !== undefined) {
    lines.push(
      `  ceiling: ${RAW_BATCHES} / ${CLASSIC_PER_RECIPIENT} = ${result.ceiling.toFixed(1)}x (no sender of the batches can do better on this sandbox and machine)`,
    );
  }
  return lines.join('\n');
}

/**
 * The same messages as raw undici requests of 50 to the JSON endpoint,
 * `inFlight` at a time, each answer checked: no validation, no idempotency,
 * no status records. `onRequest` counts the requests.
 */
async function sendRawBatches(
  origin: string,
  messages: readonly OutboundMessage[],
  inFlight: number,
  onRequest: () => void,
): Promise<{ failed: number }> {
  const url = `${origin}/isms_send_json.php`;
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < messages.length) {
      const batch = messages.slice(next, next + 50);
      next += batch.length;
      onRequest();
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          un: BENCH_ACCOUNT.username,
          pwd: BENCH_ACCOUNT.password,
          type: '1',
          agreedterm: 'YES',
          messages: batch.map((message) => ({ dstno: message.to.slice(1), msg: message.text })),
        }),
      });
      const answer = (await response.body.json()) as { total_failed?: number };
      if (response.statusCode !== 200 || typeof answer.total_failed !== 'number') {
        throw new Error(`Unexpected sandbox answer ${response.statusCode}: ${JSON.stringify(answer)}`);
      }
      failed += answer.total_failed;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { failed };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await runBulkThroughput();
  console.log(bulkThroughputTable(result));
  console.log(`BULK_THROUGHPUT_RESULT ${JSON.stringify(result)}`);
}
