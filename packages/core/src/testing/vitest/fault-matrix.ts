import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PesanError } from '../../errors/pesan-error.js';
import { createMessenger } from '../../messenger/create-messenger.js';
import { createFakeProvider } from '../../messenger/fake-provider.js';
import type { OutboundMessage } from '../../provider/v1/outbound-message.js';
import type { ProviderV1 } from '../../provider/v1/provider-v1.js';
import type { SendResult } from '../../provider/v1/send-result.js';
import { failover } from '../../routing/failover.js';
import {
  describeFaultMatrixExpectation,
  FAULT_MATRIX_TIMEOUT_MS,
  type FaultMatrixCase,
  type FaultMatrixCaseOptions,
  type FaultMatrixOutcome,
  faultMatrixCases,
} from '../fault-matrix-cases.js';
import type { SandboxFaultInput } from '../sandbox/sandbox-fault.js';

/** A request the sandbox recorded, as far as the matrix reads it (the kit's `SandboxRecordedRequest` fits). */
export interface FaultMatrixRecordedRequest {
  /** Mirror index. */
  readonly mirror: number;
  /** E.g. `/isms_send_all_id.php`. */
  readonly path: string;
  /** The fault the request met. */
  readonly fault?: string;
  /** The answer, once the pages answered (absent while a `slow` request waits). */
  readonly answer?: unknown;
  /** Query and form parameters, when the sandbox records them (to tell sends from reads). */
  readonly parameters?: Readonly<Record<string, string>>;
}

/** The sandbox the matrix injects faults into: a vendor sandbox on the kit, with two or more mirrors. */
export interface FaultMatrixSandbox {
  /** Origin of every mirror; the matrix uses the first two. */
  readonly urls: readonly string[];
  /** Installs or clears a fault on one mirror, in the kit's vocabulary. */
  setFault(mirror: number, fault: SandboxFaultInput | undefined): Promise<void>;
  /** Requests the mirrors received, oldest first: a live view. */
  readonly requests: readonly FaultMatrixRecordedRequest[];
}

/** What one provider's matrix run needs, built around its sandbox. */
export interface FaultMatrixHarness {
  /** The sandbox behind the provider. */
  sandbox: FaultMatrixSandbox;
  /** A provider on a working sandbox account, sending to `baseUrls` in order with `timeoutMs` per try. */
  providerFor(baseUrls: readonly string[], options: { timeoutMs: number }): ProviderV1;
  /** The message every case sends, to a number the sandbox accepts. */
  message: OutboundMessage;
  /**
   * Which recorded requests are sends (default: every request). Reads the
   * provider makes on the way (a device check, a balance) may move on to the
   * next mirror after an `unknown` try; sends may not.
   */
  isSend?(request: FaultMatrixRecordedRequest): boolean;
  /**
   * Messages the vendor accepted so far (its ledger). Give it when the vendor
   * deduplicates retries, so a retried request is not counted twice. Default:
   * the send requests that reached the sandbox's pages.
   */
  accepted?(): number;
  /** Stops the sandbox. */
  close?(): Promise<void>;
}

/** What {@link describeFaultMatrix} takes: the rows' options, and a `setup` that starts the sandbox. */
export interface FaultMatrixOptions extends FaultMatrixCaseOptions {
  /** Starts the sandbox and returns the harness; run once, before the cases. */
  setup(): Promise<FaultMatrixHarness>;
}

/** Per-try timeout of the cases that are not about slowness. */
const ANSWERED_TIMEOUT_MS = 5_000;
/** Faults whose requests reach the sandbox's pages. */
const PROCESSING_FAULTS = new Set([
  'slow',
  'slowBody',
  'drop',
  'truncate',
  'shortBody',
  'badStatusLine',
  'contentType',
  'oversized',
]);
const SETTLE_POLL_MS = 10;
const SETTLE_ROUNDS = 500;
const MIRRORS = 2;

/** How one send through the matrix ended, and what reached the sandbox meanwhile. */
interface Observation {
  outcome: FaultMatrixOutcome;
  result?: SendResult;
  error?: PesanError;
  /** Requests recorded during the send. */
  requests: readonly FaultMatrixRecordedRequest[];
  /** Messages the vendor may have taken: requests that reached its pages (or its ledger's growth). */
  deliveries: number;
}

function reachedPages(request: FaultMatrixRecordedRequest): boolean {
  return request.fault === undefined || PROCESSING_FAULTS.has(request.fault);
}

function outcomes(row: FaultMatrixCase): readonly FaultMatrixOutcome[] {
  return typeof row.expect.outcome === 'string' ? [row.expect.outcome] : row.expect.outcome;
}

async function settled(requests: () => readonly FaultMatrixRecordedRequest[]): Promise<void> {
  for (let round = 0; round < SETTLE_ROUNDS; round++) {
    if (requests().every((request) => !reachedPages(request) || request.answer !== undefined)) return;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
  }
}

/** Sends with `row`'s fault on the first two mirrors; clears it and waits for the pages to finish. */
async function observe(
  harness: FaultMatrixHarness,
  row: FaultMatrixCase,
  send: () => Promise<SendResult>,
): Promise<Observation> {
  const { sandbox } = harness;
  const before = sandbox.requests.length;
  const acceptedBefore = harness.accepted?.();
  for (let mirror = 0; mirror < MIRRORS; mirror++) await sandbox.setFault(mirror, row.fault);
  let observation: Pick<Observation, 'outcome' | 'result' | 'error'>;
  try {
    const result = await send();
    observation = { outcome: 'sent', result };
  } catch (thrown) {
    if (!PesanError.isInstance(thrown)) throw thrown;
    observation = { outcome: thrown.outcome, error: thrown };
  } finally {
    for (let mirror = 0; mirror < MIRRORS; mirror++) await sandbox.setFault(mirror, undefined);
  }
  const ofThisCase = () => sandbox.requests.slice(before);
  await settled(ofThisCase);
  const requests = ofThisCase();
  const isSend = harness.isSend ?? (() => true);
  const deliveries =
    acceptedBefore === undefined
      ? requests.filter((request) => reachedPages(request) && isSend(request)).length
      : (harness.accepted?.() ?? 0) - acceptedBefore;
  return { ...observation, requests, deliveries };
}

function explain(observation: Observation): string {
  const { error, requests } = observation;
  const seen = requests.map(
    (request) => `${request.mirror}:${request.path}${request.fault ? `[${request.fault}]` : ''}`,
  );
  return `${error ? `${error.code} (${error.outcome}): ${error.message}` : 'sent'}; requests ${seen.join(', ') || 'none'}`;
}

function checkOutcome(row: FaultMatrixCase, observation: Observation, how: string): void {
  expect(outcomes(row), `${how}: outcome; ${explain(observation)}`).toContain(observation.outcome);
  if (row.expect.code !== undefined && observation.error !== undefined) {
    expect(observation.error.code, `${how}: code; ${explain(observation)}`).toBe(row.expect.code);
  }
  expect(
    observation.deliveries,
    `${how}: messages the vendor may have taken; ${explain(observation)}`,
  ).toBeLessThanOrEqual(1);
  if (observation.outcome === 'not_sent') {
    expect(observation.deliveries, `${how}: not_sent, yet the vendor's pages ran; ${explain(observation)}`).toBe(0);
  }
}

async function sendDirectly(harness: FaultMatrixHarness, row: FaultMatrixCase, timeoutMs: number): Promise<void> {
  const urls = harness.sandbox.urls.slice(0, MIRRORS);
  const provider = harness.providerFor(urls, { timeoutMs });
  const observation = await observe(harness, row, () => provider.send(harness.message));
  checkOutcome(row, observation, 'provider.send');
  if (observation.outcome === 'unknown' && !provider.capabilities.idempotent) {
    const isSend = harness.isSend ?? (() => true);
    const later = observation.requests.filter((request) => isSend(request) && request.mirror > 0);
    expect(later, `provider.send: a mirror was tried after an unknown try; ${explain(observation)}`).toEqual([]);
  }
}

async function sendThroughMessenger(
  harness: FaultMatrixHarness,
  row: FaultMatrixCase,
  timeoutMs: number,
): Promise<void> {
  const urls = harness.sandbox.urls.slice(0, MIRRORS);
  const provider = harness.providerFor(urls, { timeoutMs });
  const fallback = createFakeProvider({
    id: `${provider.id}-fault-matrix-fallback`,
    capabilities: { ...provider.capabilities, idempotent: false },
  });
  const messenger = createMessenger({
    providers: [provider, fallback],
    route: failover(provider.id, fallback.id),
    delivery: 'at-most-once',
  });
  try {
    const observation = await observe(harness, row, () => messenger.send(harness.message));
    const failedOver = observation.result?.provider === fallback.id;
    const how = 'messenger (at-most-once, failover to a second provider)';
    const seen = { ...observation, deliveries: observation.deliveries + fallback.calls.length };
    if (failedOver) {
      // The messenger's outcome is the fallback's success: check the primary's failure instead.
      expect(outcomes(row), `${how}: failed over, so the primary must have said not_sent`).toContain('not_sent');
      expect(observation.deliveries, `${how}: failed over after the vendor's pages ran; ${explain(observation)}`).toBe(
        0,
      );
      expect(fallback.calls).toHaveLength(1);
      return;
    }
    checkOutcome(row, seen, how);
    expect(
      observation.outcome,
      `${how}: a not_sent failure must fail over to the next provider; ${explain(observation)}`,
    ).not.toBe('not_sent');
    expect(fallback.calls, `${how}: the second provider was called; ${explain(observation)}`).toHaveLength(0);
    if (observation.result !== undefined) expect(observation.result.provider).toBe(provider.id);
  } finally {
    await messenger.close();
  }
}

function title(row: FaultMatrixCase): string {
  const expected = describeFaultMatrixExpectation(row.expect);
  const failover = outcomes(row).includes('not_sent') ? 'fails over' : 'no failover';
  return `${row.name}: ${row.description} -> ${expected}, ${failover}${row.reason ? ` (${row.reason})` : ''}`;
}

/**
 * The fault matrix as a vitest suite: every transport fault a vendor's
 * servers can show (refused, reset before and after the request is written,
 * slow headers and body past the timeout, HTML 200/502/503/504 pages,
 * truncated, cut-short, malformed, mislabelled and oversized answers) and
 * every code of the vendor's table, each set on the sandbox's first two
 * mirrors and run twice: through `provider.send`, and through a messenger
 * that fails over to a second provider under at-most-once delivery.
 *
 * Each case asserts the outcome class (and code), the messenger's decision
 * (fail over after `not_sent` only), that a `not_sent` claim comes with no
 * request processed by the vendor's pages, that no mirror is tried after an
 * `unknown` try (unless the provider deduplicates), and that at most one
 * message reached a vendor across mirrors and providers.
 *
 * A vendor that reads a case differently says so in `cases`, with its reason:
 * `{ 'vendorCode:1701': { expect: { outcome: 'sent' }, reason: '1701 is success' } }`,
 * or `{ 'truncated answer': { skip: 'the vendor answers one character' } }`.
 * Skipped cases appear in the report as skipped, with the reason.
 *
 * @example
 * ```ts
 * describeFaultMatrix('acme', {
 *   vendorCodes: ACME_CODES,
 *   async setup() {
 *     const sandbox = await startAcmeSandbox({ mirrors: 2 });
 *     return {
 *       sandbox,
 *       providerFor: (baseUrls, { timeoutMs }) => acme({ apiKey: 'test-key', baseUrls: [...baseUrls], timeoutMs }),
 *       message: { to: '+60123456789', text: 'fault matrix' },
 *       close: () => sandbox.stop(),
 *     };
 *   },
 * });
 * ```
 */
export function describeFaultMatrix(name: string, options: FaultMatrixOptions): void {
  const rows = faultMatrixCases(options);
  const shortTimeoutMs = options.timeoutMs ?? FAULT_MATRIX_TIMEOUT_MS;
  describe(`fault matrix: ${name}`, () => {
    let harness: FaultMatrixHarness;

    beforeAll(async () => {
      harness = await options.setup();
      if (harness.sandbox.urls.length < MIRRORS) {
        throw new Error(`Fault matrix: the sandbox needs at least ${MIRRORS} mirrors`);
      }
    });

    afterAll(async () => {
      await harness?.close?.();
    });

    for (const row of rows) {
      if (row.skip !== undefined) {
        it.skip(`${row.name}: skipped, ${row.skip}`, () => {});
        continue;
      }
      it(title(row), async () => {
        const timeoutMs = row.short ? shortTimeoutMs : ANSWERED_TIMEOUT_MS;
        await sendDirectly(harness, row, timeoutMs);
        await sendThroughMessenger(harness, row, timeoutMs);
      });
    }
  });
}
