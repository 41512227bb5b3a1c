import { createMessenger, type Messenger, type ProviderLimits } from '@pesan/core';
import { isms } from '@pesan/provider-isms';
import { type IsmsSandbox, startIsmsSandbox } from '@pesan/provider-isms/sandbox';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deletePrefix, redisUrl, testClient, testPrefix } from './__fixtures__/redis-test-url.js';
import { type RedisStores, redisStores } from './redis-stores.js';

const account = { username: 'acme', password: 'acme-secret', credits: 100_000 };
const TOKEN = 'two-instances-webhook-token-0123456789';
const SECRET = 'two-instances-otp-secret-0123456789abcdef';

/** Two messengers ("instances") on one iSMS sandbox and one Redis, as two processes would be. */
describe.skipIf(redisUrl === undefined)('two messengers sharing one iSMS sandbox and one Redis', () => {
  let client: Redis;
  let prefix: string;
  let sandbox: IsmsSandbox;
  const opened: { messenger: Messenger; stores: RedisStores }[] = [];

  beforeEach(async () => {
    client = testClient();
    prefix = testPrefix();
    sandbox = await startIsmsSandbox({ accounts: [{ ...account }], autoDeliver: false, mirrors: 1 });
  });
  afterEach(async () => {
    for (const { messenger, stores } of opened.splice(0)) {
      await messenger.close();
      await stores.close();
    }
    await sandbox.stop();
    await deletePrefix(client, prefix);
    await client.quit();
  });

  function instance(limits?: ProviderLimits): { messenger: Messenger; stores: RedisStores } {
    // Each instance opens its own connection, as a separate process would.
    const stores = redisStores({ url: redisUrl!, prefix });
    const messenger = createMessenger({
      providers: [
        isms({ id: 'isms', username: account.username, password: account.password, baseUrls: [...sandbox.urls] }),
      ],
      stores,
      limits,
      webhooks: { token: TOKEN },
      otp: { secret: SECRET },
    });
    const opening = { messenger, stores };
    opened.push(opening);
    return opening;
  }

  it('together never send faster than the configured rate', async () => {
    const limits = { isms: { ratePerMinute: 1200, burst: 2, maxWaitMs: 30_000 } };
    const [first, second] = [instance(limits), instance(limits)];
    const sends = Array.from({ length: 40 }, (_, index) =>
      (index % 2 === 0 ? first : second).messenger.send({ to: `+6012345${String(6000 + index)}`, text: `Hi ${index}` }),
    );
    const results = await Promise.all(sends);
    expect(results.every((result) => result.status === 'sent' || result.status === 'queued')).toBe(true);
    const times = sandbox.requests.map((request) => request.at.getTime()).sort((a, b) => a - b);
    expect(times).toHaveLength(40);
    // 1200 a minute is 20 a second; any one-second window may also hold the burst of 2, give or take the few
    // requests a busy event loop delayed after their token (two unshared buckets would allow 40).
    for (let start = 0; start < times.length; start++) {
      const inWindow = times.filter((time) => time >= times[start]! && time < times[start]! + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(20 + 2 + 3);
    }
    // One bucket for both: 40 sends at 20 a second take about 1.9 s; two buckets would take 0.9 s.
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(1400);
  }, 30_000);

  it('200 concurrent duplicate sends spread over two instances make one vendor send', async () => {
    const [first, second] = [instance(), instance()];
    const message = { to: '+60123456789', text: 'Your order shipped', idempotencyKey: 'order-42-shipped' };
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, index) => (index % 2 === 0 ? first : second).messenger.send(message)),
    );
    expect(sandbox.messages).toHaveLength(1);
    expect(new Set(results.map((result) => result.messageId))).toEqual(new Set([sandbox.messages[0]!.trxId]));
  }, 30_000);

  it('callbacks for one message applied in random order on two instances end in the same status', async () => {
    const [first, second] = [instance(), instance()];
    const sent = await first.messenger.send({ to: '+60123456789', text: 'Hello' });
    const messageId = sent.messageId!;
    const reports = ['PENDING', 'SENT', 'ACCEPTED', 'DELIVERED', 'UNDELIVERED', 'PENDING', 'SENT'];
    for (let round = 0; round < 5; round++) {
      const order = [...reports].sort(() => Math.random() - 0.5);
      const answers = await Promise.all(
        order.map((dnStatus, index) => {
          const url = `https://app.example/webhooks/isms/${TOKEN}?msisdn=60123456789&trx_id=${messageId}&dn_status=${dnStatus}`;
          return (index % 2 === 0 ? first : second).messenger.webhooks.handle(new Request(url));
        }),
      );
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      const [seenByFirst, seenBySecond] = await Promise.all([
        first.stores.status.get(messageId, 'isms'),
        second.stores.status.get(messageId, 'isms'),
      ]);
      expect(seenByFirst?.status).toBe('failed');
      expect(seenBySecond).toEqual(seenByFirst);
    }
  }, 30_000);

  it('an OTP sent on one instance verifies on the other, once', async () => {
    const [first, second] = [instance(), instance()];
    await first.messenger.otp.send({ to: '+60123456789', template: 'Code: {code}' });
    const code = /^Code: (\d+)$/.exec(sandbox.messages[0]!.text)?.[1];
    expect(code).toBeDefined();
    expect(await second.messenger.otp.verify({ to: '+60123456789', code: code! })).toEqual({ valid: true });
    expect(await first.messenger.otp.verify({ to: '+60123456789', code: code! })).toEqual({
      valid: false,
      reason: 'not_found',
    });
  }, 30_000);
});
