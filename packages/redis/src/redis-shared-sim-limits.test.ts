import { createMessenger, type Messenger, PesanError, type SendResult } from '@pesan/core';
import { deviceGateway, type SimSlot } from '@pesan/provider-device';
import { type DeviceSandbox, startDeviceSandbox } from '@pesan/provider-device/sandbox';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deletePrefix, redisUrl, testClient, testPrefix } from './__fixtures__/redis-test-url.js';
import { type RedisStores, redisStores } from './redis-stores.js';

const API_KEY = 'sharedsimlimits0000000000000000000000000000000000000000000000001';
const PHONE = { deviceId: 21, deviceUid: 'shared0sim0limit' } as const;
const SIM_LIMIT = { maxCount: 10, intervalMs: 60_000 };
const SLOTS: readonly SimSlot[] = [1, 2];

/** 24 sends, one in three of two parts (32 parts): more than the phone's two SIMs may send in the window (20). */
const SENDS = Array.from({ length: 24 }, (_, index) => ({
  to: `+6012345${String(6000 + index)}`,
  text: index % 3 === 0 ? `${'Long notice '.repeat(15)}${index}` : `Short ${index}`,
}));

/**
 * Two messengers ("instances", as two processes would be) sending through one
 * phone of one device gateway sandbox, counting its SIMs' parts in one Redis.
 */
describe.skipIf(redisUrl === undefined)('two messengers sharing one phone’s SIM limits through Redis', () => {
  let client: Redis;
  let prefix: string;
  let sandbox: DeviceSandbox;
  const opened: { messenger: Messenger; stores?: RedisStores }[] = [];

  beforeEach(async () => {
    client = testClient();
    prefix = testPrefix();
    sandbox = await startDeviceSandbox({
      // The phone enforces its own limit too: a part over it is held, never sent (`limitBlocked`).
      accounts: [{ apiKey: API_KEY, devices: [{ ...PHONE, sims: 2, simLimit: SIM_LIMIT }] }],
      schedule: { sentAfterMs: 0, deliveredAfterMs: 0 },
      mirrors: 1,
    });
  });
  afterEach(async () => {
    for (const { messenger, stores } of opened.splice(0)) {
      await messenger.close();
      await stores?.close();
    }
    await sandbox.stop();
    await deletePrefix(client, prefix);
    await client.quit();
  });

  function instance(shared: boolean): Messenger {
    // Each instance opens its own connection, as a separate process would.
    const stores = shared ? redisStores({ url: redisUrl!, prefix }) : undefined;
    const messenger = createMessenger({
      providers: [
        deviceGateway({
          id: 'phones',
          apiKey: API_KEY,
          devices: [{ deviceUid: PHONE.deviceUid, simSlots: [...SLOTS] }],
          simLimit: SIM_LIMIT,
          maxWaitMs: 200,
          deviceStatusIntervalMs: 0,
          baseUrls: [...sandbox.urls],
        }),
      ],
      ...(stores === undefined ? {} : { stores }),
    });
    opened.push({ messenger, ...(stores === undefined ? {} : { stores }) });
    return messenger;
  }

  async function sendFromBoth(first: Messenger, second: Messenger) {
    return Promise.allSettled(SENDS.map((message, index) => (index % 2 === 0 ? first : second).send(message)));
  }

  function partsPerSim(): Map<SimSlot, number> {
    const parts = new Map<SimSlot, number>(SLOTS.map((slot) => [slot, 0]));
    for (const message of sandbox.messages) parts.set(message.simSlot, parts.get(message.simSlot)! + message.parts);
    return parts;
  }

  it('together queue at most each SIM’s limit, and refuse the rest as one pool does', async () => {
    const settled = await sendFromBoth(instance(true), instance(true));
    const sent = settled.filter((outcome) => outcome.status === 'fulfilled') as PromiseFulfilledResult<SendResult>[];
    const refused = settled.filter((outcome) => outcome.status === 'rejected') as PromiseRejectedResult[];

    const parts = partsPerSim();
    for (const slot of SLOTS) expect(parts.get(slot)).toBeLessThanOrEqual(SIM_LIMIT.maxCount);
    // A SIM is left short only by a two-part message that no longer fit beside its last free part.
    expect(parts.get(1)! + parts.get(2)!).toBeGreaterThanOrEqual(2 * SIM_LIMIT.maxCount - 2);
    expect(sent.reduce((sum, outcome) => sum + outcome.value.segments, 0)).toBe(parts.get(1)! + parts.get(2)!);
    expect(sandbox.limitBlocked).toBe(0);
    for (const slot of SLOTS) expect(sandbox.sentParts({ deviceUid: PHONE.deviceUid }, slot)).toBe(parts.get(slot));

    expect(refused.length).toBeGreaterThan(0);
    for (const { reason } of refused) {
      expect(PesanError.isInstance(reason)).toBe(true);
      expect(reason).toMatchObject({ code: 'RATE_LIMITED', outcome: 'not_sent', provider: 'phones', retryable: true });
      expect((reason as PesanError).message).toMatch(
        /^Every running SIM of the pool is at its send limit for \d+ ms more \(the wait bound is 200 ms\); nothing was sent/,
      );
    }

    // The same sends from one messenger alone are refused with the same error.
    const alone = instance(false);
    await Promise.allSettled(SENDS.slice(0, 20).map((message) => alone.send({ ...message, text: 'x' })));
    const single = await alone.send({ to: '+60123456789', text: 'one more' }).catch((error: unknown) => error);
    expect(single).toMatchObject({ code: 'RATE_LIMITED', outcome: 'not_sent', provider: 'phones', retryable: true });
    expect((single as PesanError).message).toMatch(/^Every running SIM of the pool is at its send limit/);
  }, 30_000);

  it('without the shared store each counts alone, and the phone gets twice its limit', async () => {
    const settled = await sendFromBoth(instance(false), instance(false));
    expect(settled.filter((outcome) => outcome.status === 'rejected').length).toBeLessThan(4);
    const parts = partsPerSim();
    expect(parts.get(1)! + parts.get(2)!).toBeGreaterThan(2 * SIM_LIMIT.maxCount + 6);
    expect(sandbox.limitBlocked).toBeGreaterThan(0);
  }, 30_000);
});
