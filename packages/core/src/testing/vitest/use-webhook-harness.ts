import { afterEach, beforeEach, expect } from 'vitest';
import type { ProviderV1 } from '../../provider/v1/provider-v1.js';
import type { Clock } from '../../runtime/clock.js';
import { createWebhookHarness, type WebhookHarness } from '../webhook-harness.js';

/** A {@link WebhookHarness} made afresh for every test, with a clock the test moves. */
export interface WebhookHarnessForEach extends WebhookHarness {
  /** Moves the provider's clock on by `ms`. */
  advance(ms: number): void;
  /** Asserts the vendor got `200 OK`. */
  expectOk(answer: Response): Promise<void>;
}

/**
 * Registers `beforeEach`/`afterEach` hooks that build a {@link WebhookHarness}
 * around `makeProvider(clock)` for every test and close it after, so a
 * provider's callback fixture test starts with one line:
 *
 * ```ts
 * const harness = useWebhookHarness((clock) => isms({ username: 'u', password: 'p', clock }), { startAt: T0 });
 * it('reads a report', async () => {
 *   await harness.expectOk(await harness.get('msisdn=60123456789&trx_id=1&dn_status=DELIVERED'));
 * });
 * ```
 */
export function useWebhookHarness(
  makeProvider: (clock: Clock) => ProviderV1,
  options: { token?: string; base?: string; startAt?: number } = {},
): WebhookHarnessForEach {
  let current: WebhookHarness | undefined;
  let now = 0;
  const harness = (): WebhookHarness => {
    if (current === undefined) throw new Error('useWebhookHarness: used outside a test');
    return current;
  };
  beforeEach(() => {
    now = options.startAt ?? 0;
    const clock: Clock = { now: () => now, sleep: () => Promise.resolve() };
    current = createWebhookHarness(makeProvider(clock), options);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get messenger() {
      return harness().messenger;
    },
    get callbackUrl() {
      return harness().callbackUrl;
    },
    get statuses() {
      return harness().statuses;
    },
    get inbound() {
      return harness().inbound;
    },
    get: (query) => harness().get(query),
    post: (body, contentType) => harness().post(body, contentType),
    afterAnswer: () => harness().afterAnswer(),
    close: () => harness().close(),
    advance: (ms) => {
      now += ms;
    },
    expectOk: async (answer) => {
      expect(answer.status).toBe(200);
      expect(await answer.text()).toBe('OK');
    },
  };
}
