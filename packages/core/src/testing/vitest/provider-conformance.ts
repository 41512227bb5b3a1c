import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PesanError } from '../../errors/pesan-error.js';
import type { Attempt } from '../../provider/v1/attempt.js';
import type { BulkItem } from '../../provider/v1/bulk-result.js';
import type { Capabilities } from '../../provider/v1/capabilities.js';
import type { ProviderV1 } from '../../provider/v1/provider-v1.js';
import type { WebhookRequest } from '../../provider/v1/webhook-request.js';
import { expectPesanError } from '../expect-pesan-error.js';
import type { SandboxFaultInput } from '../sandbox/sandbox-fault.js';

/**
 * A running sandbox the conformance checks inject faults into: a vendor
 * sandbox built on the kit (`startIsmsSandbox`, `startEzsmsSandbox`, ...).
 */
export interface ProviderConformanceSandbox {
  /** Origin of every mirror, in order; at least two for the failover checks. */
  readonly urls: readonly string[];
  /** Installs or clears a fault on one mirror, in the kit's vocabulary (`'refuse'`, `'drop'`, `'hang'`, ...). */
  setFault(mirror: number, fault: SandboxFaultInput | undefined): Promise<void>;
  /** Requests the mirrors received, when the sandbox records them: a live view, read after each check. */
  readonly requests?: readonly { readonly mirror: number }[];
}

/** Settings {@link ProviderConformanceHarness.providerFor} must apply. */
export interface ProviderConformanceEndpoints {
  /** Per-try timeout in milliseconds: short, so a hanging mirror fails quickly. */
  timeoutMs: number;
}

/** What a provider's conformance run needs, usually built around its sandbox. */
export interface ProviderConformanceHarness {
  /** A provider configured against a working sandbox account. */
  provider: ProviderV1;
  /** An E.164 number the sandbox accepts. */
  recipient: string;
  /** The same provider with credentials the sandbox refuses: sends must fail `AUTH_FAILED`, `not_sent`. */
  badCredentials?: ProviderV1;
  /** The same provider pointed at endpoints that refuse connections: sends must fail `not_sent`. */
  unreachable?: ProviderV1;
  /** A callback the provider cannot read: `parseWebhook` must throw `PesanError`. */
  garbageWebhook?: WebhookRequest;
  /**
   * More E.164 numbers the sandbox accepts, distinct from `recipient`, for the
   * bulk order check. Default: `recipient` with its last digit changed.
   */
  recipients?: readonly string[];
  /** The sandbox behind `provider`; with `providerFor`, turns on the mirror and fault checks. */
  sandbox?: ProviderConformanceSandbox;
  /**
   * A provider like `provider` (same account and options, default delivery)
   * sending to `baseUrls` in order, with `timeoutMs` per try.
   */
  providerFor?(baseUrls: readonly string[], endpoints: ProviderConformanceEndpoints): ProviderV1;
  /** Stops the sandbox. */
  close?(): Promise<void>;
}

const CAPABILITY_KEYS: readonly (keyof Capabilities)[] = [
  'channels',
  'encodings',
  'maxBatch',
  'personalisedBulk',
  'flash',
  'binary',
  'templates',
  'files',
  'balance',
  'status',
  'deliveryReports',
  'inbound',
  'nativeOtp',
  'idempotent',
];

const SHORT_TIMEOUT_MS = 500;

function recipientsFor(harness: ProviderConformanceHarness): string[] {
  if (harness.recipients !== undefined && harness.recipients.length >= 3) return [...harness.recipients];
  const stem = harness.recipient.slice(0, -1);
  const last = Number(harness.recipient.at(-1));
  return [1, 2, 3].map((step) => `${stem}${(last + step) % 10}`);
}

function itemTo(item: BulkItem): string {
  return item.ok ? item.result.to : item.to;
}

function endpointOf(attempt: Attempt, urls: readonly string[]): number {
  return urls.findIndex((url) => attempt.endpoint?.startsWith(url) === true);
}

/** Runs `check` with a fault on mirror 0, clearing it afterwards whatever happens. */
async function withFault(
  sandbox: ProviderConformanceSandbox,
  fault: SandboxFaultInput,
  check: () => Promise<void>,
): Promise<void> {
  await sandbox.setFault(0, fault);
  try {
    await check();
  } finally {
    await sandbox.setFault(0, undefined);
  }
}

/**
 * The contract every provider must keep, as a vitest suite. Call it from a
 * provider's test file with a `setup` that starts its sandbox:
 *
 * ```ts
 * describeProviderConformance('isms', async () => {
 *   const sandbox = await startIsmsSandbox({ accounts: [{ username: 'u', password: 'p', credits: 100 }] });
 *   const providerFor = (baseUrls: readonly string[], { timeoutMs }: { timeoutMs: number }) =>
 *     isms({ username: 'u', password: 'p', baseUrls: [...baseUrls], timeoutMs });
 *   return {
 *     provider: providerFor(sandbox.urls, { timeoutMs: 5_000 }),
 *     recipient: '+60123456789',
 *     sandbox,
 *     providerFor,
 *     close: () => sandbox.stop(),
 *   };
 * });
 * ```
 *
 * With `sandbox` and `providerFor` it also checks mirror failover (mirror 0
 * refusing), `unknown` after a written request (mirror 0 dropping the answer
 * or hanging) with no other mirror tried under the default at-most-once
 * delivery, and an aborted signal.
 */
export function describeProviderConformance(name: string, setup: () => Promise<ProviderConformanceHarness>): void {
  describe(`provider conformance: ${name}`, () => {
    let harness: ProviderConformanceHarness;

    beforeAll(async () => {
      harness = await setup();
    });

    afterAll(async () => {
      await harness?.close?.();
    });

    it('has the v1 contract shape', () => {
      const { provider } = harness;
      expect(provider.specVersion).toBe('v1');
      expect(provider.type).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(typeof provider.id).toBe('string');
      expect(provider.id.length).toBeGreaterThan(0);
      expect(typeof provider.send).toBe('function');
      expect(typeof provider.segments).toBe('function');
      for (const key of CAPABILITY_KEYS) {
        expect(provider.capabilities, `capabilities.${key}`).toHaveProperty(key);
      }
      expect(provider.capabilities.channels.length).toBeGreaterThan(0);
      expect(Number.isInteger(provider.capabilities.maxBatch)).toBe(true);
      expect(provider.capabilities.maxBatch).toBeGreaterThanOrEqual(1);
    });

    it('declares only capabilities it implements, and implements only what it declares', () => {
      const { provider } = harness;
      const { capabilities } = provider;
      expect(capabilities.balance, 'capabilities.balance vs getBalance').toBe(
        typeof provider.getBalance === 'function',
      );
      expect(capabilities.status, 'capabilities.status vs getStatus').toBe(typeof provider.getStatus === 'function');
      if (capabilities.deliveryReports) expect(typeof provider.parseWebhook).toBe('function');
      if (capabilities.inbound) {
        expect(typeof provider.parseWebhook === 'function' || typeof provider.pollInbound === 'function').toBe(true);
      }
      if (capabilities.maxBatch > 1 || capabilities.personalisedBulk) expect(typeof provider.sendBulk).toBe('function');
    });

    it('counts segments by its rules without the network', () => {
      const { provider } = harness;
      if (!provider.capabilities.channels.includes('sms')) return;
      const short = provider.segments({ to: harness.recipient, text: 'Hello' });
      expect(short.segments).toBe(1);
      if (provider.capabilities.encodings.includes('gsm7')) expect(short.encoding).toBe('gsm7');
      const long = provider.segments({ to: harness.recipient, text: 'a'.repeat(400) });
      expect(long.segments).toBeGreaterThan(1);
      expect(long.perSegment).toBeGreaterThan(0);
      expect(long.segments).toBeGreaterThanOrEqual(Math.ceil(long.units / long.perSegment));
      if (provider.capabilities.encodings.includes('ucs2')) {
        expect(provider.segments({ to: harness.recipient, text: '你好' }).encoding).toBe('ucs2');
      }
    });

    it('sends a message and reports it honestly', async () => {
      const { provider, recipient } = harness;
      const channel = provider.capabilities.channels[0];
      const result = await provider.send({ to: recipient, text: 'pesan conformance check', channel });
      expect(['queued', 'sent', 'delivered']).toContain(result.status);
      expect(result.provider).toBe(provider.id);
      expect(result.providerType).toBe(provider.type);
      expect(result.to).toBe(recipient);
      expect(result.segments).toBeGreaterThanOrEqual(1);
      expect(Array.isArray(result.attempts)).toBe(true);
    });

    it('answers optional reads it declares', async () => {
      const { provider } = harness;
      if (provider.getBalance) {
        const balance = await provider.getBalance();
        expect(balance.provider).toBe(provider.id);
        expect(Number.isFinite(balance.amount)).toBe(true);
      }
    });

    it('keeps input order in bulk sends, item by item', async () => {
      const { provider } = harness;
      if (!provider.sendBulk) return;
      const channel = provider.capabilities.channels[0];
      const [first, second, third] = recipientsFor(harness);
      // Recipients out of order, texts that a provider may group, and a bad number in the middle.
      const messages = [
        { to: third!, text: 'conformance one', channel },
        { to: harness.recipient, text: 'conformance two', channel },
        { to: 'not a number', text: 'conformance one', channel },
        { to: first!, text: 'conformance one', channel },
        { to: second!, text: 'conformance two', channel },
      ];
      const bulk = await provider.sendBulk(messages);
      expect(bulk.items).toHaveLength(messages.length);
      expect(bulk.items.map(itemTo)).toEqual(messages.map((message) => message.to));
      expect(bulk.items.map((item) => item.ok)).toEqual([true, true, false, true, true]);
      expect(bulk.totals.sent + bulk.totals.failed).toBe(messages.length);
    });

    it('rejects a send with an aborted signal as a PesanError, sending nothing', async () => {
      const { provider, recipient, sandbox } = harness;
      const before = sandbox?.requests?.length;
      const controller = new AbortController();
      controller.abort();
      const channel = provider.capabilities.channels[0];
      const error = await expectPesanError(
        provider.send({ to: recipient, text: 'aborted', channel }, { signal: controller.signal }),
      );
      expect(error.outcome).toBe('not_sent');
      if (before !== undefined) expect(sandbox?.requests?.length).toBe(before);
    });

    it('fails over to mirror 1 when mirror 0 refuses connections, and reports both attempts', async () => {
      const { sandbox, providerFor, recipient } = harness;
      if (!sandbox || !providerFor || sandbox.urls.length < 2) return;
      const urls = sandbox.urls.slice(0, 2);
      await withFault(sandbox, 'refuse', async () => {
        const provider = providerFor(urls, { timeoutMs: SHORT_TIMEOUT_MS });
        const channel = provider.capabilities.channels[0];
        const result = await provider.send({ to: recipient, text: 'conformance failover', channel });
        expect(['queued', 'sent', 'delivered']).toContain(result.status);
        const tried = result.attempts.filter((attempt) => attempt.endpoint !== undefined);
        expect(tried.map((attempt) => [endpointOf(attempt, urls), attempt.outcome])).toEqual([
          [0, 'not_sent'],
          [1, 'success'],
        ]);
      });
    });

    it.each([
      ['drops the answer after processing', 'drop'],
      ['hangs', 'hang'],
    ] as const)('reports unknown when mirror 0 %s, and tries no other mirror (at most once)', async (_, fault) => {
      const { sandbox, providerFor, recipient } = harness;
      if (!sandbox || !providerFor || sandbox.urls.length < 2) return;
      const urls = sandbox.urls.slice(0, 2);
      await withFault(sandbox, fault, async () => {
        const before = sandbox.requests?.length ?? 0;
        const provider = providerFor(urls, { timeoutMs: SHORT_TIMEOUT_MS });
        const channel = provider.capabilities.channels[0];
        const error = await expectPesanError(provider.send({ to: recipient, text: `conformance ${fault}`, channel }));
        expect(error.outcome, `${error.code}: ${error.message}`).toBe('unknown');
        const attempts = (error.details?.attempts ?? []) as Attempt[];
        expect(attempts.map((attempt) => endpointOf(attempt, urls))).not.toContain(1);
        if (sandbox.requests !== undefined) {
          const received = sandbox.requests.slice(before).map((request) => request.mirror);
          expect(received).toEqual([0]);
        }
      });
    });

    it('maps refused credentials to AUTH_FAILED, not_sent', async () => {
      const { badCredentials, recipient } = harness;
      if (!badCredentials) return;
      const channel = badCredentials.capabilities.channels[0];
      const error = await expectPesanError(badCredentials.send({ to: recipient, text: 'x', channel }));
      expect(error.code).toBe('AUTH_FAILED');
      expect(error.outcome).toBe('not_sent');
      expect(error.provider).toBe(badCredentials.id);
    });

    it('maps unreachable endpoints to not_sent', async () => {
      const { unreachable, recipient } = harness;
      if (!unreachable) return;
      const channel = unreachable.capabilities.channels[0];
      const error = await expectPesanError(unreachable.send({ to: recipient, text: 'x', channel }));
      expect(error.outcome).toBe('not_sent');
    });

    it('rejects an unreadable callback with a PesanError', () => {
      const { provider, garbageWebhook } = harness;
      if (!provider.parseWebhook || !garbageWebhook) return;
      expect(() => provider.parseWebhook?.(garbageWebhook)).toThrow(PesanError);
    });
  });
}
