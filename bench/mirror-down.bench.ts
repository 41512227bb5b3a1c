/**
 * Added send latency once a mirror is down. One classic iSMS send through
 * `messenger.send`, sandboxes on loopback with two mirrors, `baseUrls` in
 * mirror order:
 *
 * - all mirrors up;
 * - mirror 1 refusing connections, its circuit kept closed
 *   (`failureThreshold: Number.MAX_SAFE_INTEGER`): every send tries mirror 1,
 *   is refused, then goes to mirror 2;
 * - mirror 1 refusing, its circuit open (`failureThreshold: 1`,
 *   `resetTimeoutMs: 3_600_000`, tripped before measuring): mirror 1 is
 *   skipped without a network call.
 *
 * A refused connect on loopback is about as cheap as a failure gets; a real
 * mirror that is down may instead time out, which an open circuit also skips.
 */
import { type Attempt, createMessenger, type Messenger } from '@pesan/core';
import { isms } from '@pesan/provider-isms';
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
const TRIPPING_BREAKER = { failureThreshold: 1, resetTimeoutMs: 3_600_000 };

const ALL_UP = 'all mirrors up';
const CLOSED = 'mirror 1 refusing, circuit closed';
const OPEN = 'mirror 1 refusing, circuit open';

const samples = new DurationSamples();
let healthy: IsmsSandbox;
let degraded: IsmsSandbox;
const messengers = new Map<string, Messenger>();

function messengerOf(name: string): Messenger {
  const messenger = messengers.get(name);
  if (messenger === undefined) throw new Error(`No messenger for "${name}"`);
  return messenger;
}

async function send(name: string): Promise<Attempt[]> {
  const result = await messengerOf(name).send({ to: TO, text: TEXT });
  return result.attempts ?? [];
}

function describeAttempts(attempts: readonly Attempt[]): string {
  return attempts.map((attempt) => `${attempt.endpoint ?? attempt.provider}:${attempt.outcome}`).join(', ');
}

/** Checks a scenario really does what its name says before it is measured. */
async function expectAttempts(name: string, outcomes: readonly Attempt['outcome'][]): Promise<void> {
  const attempts = await send(name);
  const seen = attempts.map((attempt) => attempt.outcome);
  if (seen.length !== outcomes.length || seen.some((outcome, index) => outcome !== outcomes[index])) {
    throw new Error(`${name}: expected attempts ${outcomes.join(', ')}, got ${describeAttempts(attempts)}`);
  }
}

beforeAll(async () => {
  const account = { username: USERNAME, password: PASSWORD, credits: Number.MAX_SAFE_INTEGER };
  healthy = await startIsmsSandbox({ accounts: [account], mirrors: 2, autoDeliver: false, maxRecords: 1_000 });
  degraded = await startIsmsSandbox({ accounts: [account], mirrors: 2, autoDeliver: false, maxRecords: 1_000 });
  await degraded.setFault(0, 'refuse');
  const provider = (sandbox: IsmsSandbox) =>
    isms({ id: 'isms', username: USERNAME, password: PASSWORD, baseUrls: [...sandbox.urls], timeoutMs: 10_000 });
  messengers.set(ALL_UP, createMessenger({ providers: [provider(healthy)], circuitBreaker: TRIPPING_BREAKER }));
  messengers.set(
    CLOSED,
    createMessenger({
      providers: [provider(degraded)],
      circuitBreaker: { failureThreshold: Number.MAX_SAFE_INTEGER, resetTimeoutMs: 3_600_000 },
    }),
  );
  messengers.set(OPEN, createMessenger({ providers: [provider(degraded)], circuitBreaker: TRIPPING_BREAKER }));

  // The first send to mirror 1 is refused and opens its circuit.
  await expectAttempts(OPEN, ['not_sent', 'success']);
  await expectAttempts(OPEN, ['skipped', 'success']);
  await expectAttempts(CLOSED, ['not_sent', 'success']);
  await expectAttempts(ALL_UP, ['success']);
  const tasks = [ALL_UP, CLOSED, OPEN].map((name) => [name, () => send(name)] as const);
  await new DurationSamples().interleave(tasks, WARM_UP_ROUNDS);
  await samples.interleave(tasks, MEASURED_ROUNDS);
  // Still what the names say after thousands of sends.
  await expectAttempts(CLOSED, ['not_sent', 'success']);
  await expectAttempts(OPEN, ['skipped', 'success']);
}, 60_000);

afterAll(async () => {
  if (messengers.size > 0) {
    console.log(
      comparisonTable(samples, {
        title: `Mirror down: messenger.send, classic iSMS, sandbox on loopback (2 mirrors), ${MEASURED_ROUNDS} interleaved rounds`,
        unit: { kind: 'latency' },
        tasks: [ALL_UP, CLOSED, OPEN],
        ratios: [
          { numerator: CLOSED, denominator: ALL_UP },
          { numerator: OPEN, denominator: ALL_UP },
        ],
        notes: ['"refusing" is a closed port on 127.0.0.1: a refused connect, the cheapest failure there is'],
      }),
    );
  }
  await Promise.all([...messengers.values()].map((messenger) => messenger.close()));
  await healthy?.stop();
  await degraded?.stop();
});

describe('mirror down (iSMS sandbox, 2 mirrors)', () => {
  for (const name of [ALL_UP, CLOSED, OPEN]) {
    bench(
      name,
      async () => {
        await send(name);
      },
      BENCH_OPTIONS,
    );
  }
});
