import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import type { Capabilities } from '../provider/v1/capabilities.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { WebhookRequest } from '../provider/v1/webhook-request.js';

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

async function expectPesanError(promise: Promise<unknown>): Promise<PesanError> {
  try {
    await promise;
  } catch (error) {
    expect(PesanError.isInstance(error), `expected a PesanError, got ${String(error)}`).toBe(true);
    return error as PesanError;
  }
  throw new Error('expected the call to fail');
}

/**
 * The contract every provider must keep, as a vitest suite. Call it from a
 * provider's test file with a `setup` that starts its sandbox:
 *
 * ```ts
 * describeProviderConformance('isms', async () => {
 *   const sandbox = await startIsmsSandbox({ accounts: [{ username: 'u', password: 'p', credits: 100 }] });
 *   return {
 *     provider: isms({ username: 'u', password: 'p', baseUrls: sandbox.urls }),
 *     recipient: '+60123456789',
 *     close: () => sandbox.stop(),
 *   };
 * });
 * ```
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

    it('keeps input order in bulk sends', async () => {
      const { provider, recipient } = harness;
      if (!provider.sendBulk) return;
      const channel = provider.capabilities.channels[0];
      const bulk = await provider.sendBulk([
        { to: recipient, text: 'first', channel },
        { to: recipient, text: 'second', channel },
      ]);
      expect(bulk.items).toHaveLength(2);
      expect(bulk.totals.sent + bulk.totals.failed).toBe(2);
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
