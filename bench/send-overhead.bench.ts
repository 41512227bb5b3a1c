/**
 * Messenger overhead per send: the same classic iSMS send
 * (`POST /isms_send_all_id.php`, same form body) three ways, against one
 * sandbox mirror on loopback, over the same keep-alive undici Agent (core's
 * `sharedDispatcher()`, which the provider's default transport uses):
 *
 * - raw undici request: `Dispatcher.request()`, what undici's top-level
 *   `request()` calls (undici is a dependency of `@pesan/core`, not of the
 *   workspace root, so it is reached through the agent core hands out);
 * - `isms` provider `send` alone: options, message preparation, transport
 *   (timeouts, attempts, error classification), answer parsing;
 * - `messenger.send` without an idempotency key: validation, E.164,
 *   routing, circuit breaker, idempotency key made up, events, status store.
 *
 * The sandbox runs in the same process, so every call also pays for the
 * server's side; the ratios are of whole round trips.
 */
import { createMessenger, type Messenger, sharedDispatcher } from '@pesan/core';
import { type IsmsProvider, isms } from '@pesan/provider-isms';
import { type IsmsSandbox, startIsmsSandbox } from '@pesan/provider-isms/sandbox';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { BENCH_ACCOUNT, SINGLE_SEND } from './bench-settings.js';
import { comparisonTable } from './comparison-table.js';
import { DurationSamples } from './duration-samples.js';

const { username: USERNAME, password: PASSWORD } = BENCH_ACCOUNT;
const {
  to: TO,
  text: TEXT,
  warmUpRounds: WARM_UP_ROUNDS,
  measuredRounds: MEASURED_ROUNDS,
  benchOptions: BENCH_OPTIONS,
} = SINGLE_SEND;

const RAW = 'raw undici request';
const PROVIDER = 'isms provider.send';
const MESSENGER = 'messenger.send';

const samples = new DurationSamples();
let sandbox: IsmsSandbox;
let provider: IsmsProvider;
let messenger: Messenger;
let formBody: string;

async function rawSend(): Promise<void> {
  const response = await sharedDispatcher().request({
    origin: sandbox.url,
    path: '/isms_send_all_id.php',
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: formBody,
  });
  const answer = await response.body.text();
  if (response.statusCode !== 200 || !answer.startsWith('2000 = SUCCESS')) {
    throw new Error(`Unexpected sandbox answer ${response.statusCode}: ${answer}`);
  }
}

async function providerSend(): Promise<void> {
  await provider.send({ to: TO, text: TEXT });
}

async function messengerSend(): Promise<void> {
  await messenger.send({ to: TO, text: TEXT });
}

beforeAll(async () => {
  sandbox = await startIsmsSandbox({
    accounts: [{ username: USERNAME, password: PASSWORD, credits: Number.MAX_SAFE_INTEGER }],
    mirrors: 1,
    autoDeliver: false,
    maxRecords: 1_000,
  });
  provider = isms({
    id: 'isms',
    username: USERNAME,
    password: PASSWORD,
    baseUrls: [...sandbox.urls],
    timeoutMs: 10_000,
  });
  messenger = createMessenger({ providers: [provider] });
  // The provider's own form, so the raw request is byte for byte what the provider sends.
  await provider.send({ to: TO, text: TEXT });
  const sent = sandbox.requests.at(-1);
  if (sent === undefined) throw new Error('The sandbox recorded no request');
  formBody = new URLSearchParams({ ...sent.parameters, pwd: PASSWORD }).toString();
  const tasks = [
    [RAW, rawSend],
    [PROVIDER, providerSend],
    [MESSENGER, messengerSend],
  ] as const;
  await new DurationSamples().interleave(tasks, WARM_UP_ROUNDS);
  await samples.interleave(tasks, MEASURED_ROUNDS);
}, 60_000);

afterAll(async () => {
  console.log(
    comparisonTable(samples, {
      title: `Send overhead: one classic iSMS send, sandbox on loopback (1 mirror), same keep-alive agent, ${MEASURED_ROUNDS} interleaved rounds`,
      unit: { kind: 'latency' },
      tasks: [RAW, PROVIDER, MESSENGER],
      ratios: [
        { numerator: MESSENGER, denominator: RAW },
        { numerator: PROVIDER, denominator: RAW },
        { numerator: MESSENGER, denominator: PROVIDER },
      ],
    }),
  );
  await messenger?.close();
  await sandbox?.stop();
});

describe('send overhead (iSMS sandbox, loopback)', () => {
  bench(RAW, rawSend, BENCH_OPTIONS);
  bench(PROVIDER, providerSend, BENCH_OPTIONS);
  bench(MESSENGER, messengerSend, BENCH_OPTIONS);
});
