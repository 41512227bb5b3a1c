import { type Attempt } from '@pesan/core';
import { describeProviderConformance, expectPesanError } from '@pesan/core/testing/vitest';
import fc from 'fast-check';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CallbackReceiver, startCallbackReceiver } from './__fixtures__/callback-receiver.js';
import { type EzsmsOptions, ezsms } from './index.js';
import { type EzsmsSandbox, type EzsmsSandboxOptions, startEzsmsSandbox } from './sandbox/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describeProviderConformance('ezsms', async () => {
  const sandbox = await startEzsmsSandbox({ mirrors: 2 });
  const refusing = await startEzsmsSandbox();
  await refusing.setFault(0, 'refuse');
  const options = { username: 'demoezsms', password: '1234', baseUrls: [...sandbox.urls] };
  return {
    provider: ezsms(options),
    recipient: '+60123456789',
    badCredentials: ezsms({ ...options, password: 'wrong' }),
    unreachable: ezsms({ ...options, baseUrls: [...refusing.urls] }),
    garbageWebhook: { method: 'GET', url: 'https://app.example/hook?hello=world', headers: {}, body: '' },
    sandbox,
    providerFor: (baseUrls, { timeoutMs }) => ezsms({ ...options, baseUrls: [...baseUrls], timeoutMs }),
    close: async () => {
      await sandbox.stop();
      await refusing.stop();
    },
  };
});

describeProviderConformance('ezsms (grouped bulk, GET)', async () => {
  const sandbox = await startEzsmsSandbox({ mirrors: 2 });
  const options: EzsmsOptions = {
    username: 'demoezsms',
    password: '1234',
    baseUrls: [...sandbox.urls],
    bulkMode: 'grouped',
    method: 'GET',
  };
  return {
    provider: ezsms(options),
    recipient: '+6591234567',
    sandbox,
    providerFor: (baseUrls, { timeoutMs }) => ezsms({ ...options, baseUrls: [...baseUrls], timeoutMs }),
    close: () => sandbox.stop(),
  };
});

describe('ezsms against its sandbox', () => {
  let sandbox: EzsmsSandbox;
  let dispatcher: Agent;
  let now: number;

  async function start(options: EzsmsSandboxOptions = {}, providerOptions: Partial<EzsmsOptions> = {}) {
    sandbox = await startEzsmsSandbox({ now: () => now, ...options });
    return ezsms({
      username: 'demoezsms',
      password: '1234',
      baseUrls: [...sandbox.urls],
      dispatcher,
      ...providerOptions,
    });
  }

  beforeEach(() => {
    now = Date.UTC(2026, 0, 1);
    dispatcher = new Agent();
  });

  afterEach(async () => {
    await sandbox?.stop();
    await dispatcher.close();
  });

  it('delivers any text, emoji included, as the sandbox decodes it', async () => {
    const provider = await start({ accounts: [{ username: 'demoezsms', password: '1234', credits: 1_000_000 }] });
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 120 }),
        fc.boolean(),
        async (text, flash) => {
          const result = await provider.send({ to: '+60123456789', text, flash });
          const stored = sandbox.messages.find((message) => message.messageId === result.messageId);
          expect(stored?.text).toBe(text);
          expect(stored?.flash).toBe(flash);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('sends binary with and without UDH', async () => {
    const provider = await start();
    await provider.send({ to: '+60123456789', binary: { hex: 'cafe', udh: '050003010201' } });
    await provider.send({ to: '+60123456789', binary: { hex: 'beef' } });
    expect(sandbox.messages.map((message) => [message.type, message.udh, message.hex])).toEqual([
      [5, '050003010201', 'CAFE'],
      [6, undefined, 'BEEF'],
    ]);
  });

  it('treats 1718 on a retry as success, and sends again once the vendor forgot the seqno (24 h)', async () => {
    const provider = await start();
    const first = await provider.send({ to: '+60123456789', text: 'Pay RM10', idempotencyKey: 'invoice-7' });
    const retry = await provider.send({ to: '+60123456789', text: 'Pay RM10', idempotencyKey: 'invoice-7' });
    expect(first.messageId).toBeDefined();
    expect(retry).toMatchObject({ status: 'queued', raw: '1718', deliveryReports: false });
    expect(sandbox.messages).toHaveLength(1);
    now += DAY_MS;
    const later = await provider.send({ to: '+60123456789', text: 'Pay RM10', idempotencyKey: 'invoice-7' });
    expect(later.messageId).toBeDefined();
    expect(sandbox.messages).toHaveLength(2);
  });

  it('reads the balance the sandbox keeps, in every answer format', async () => {
    for (const creditsLeftFormat of ['pair', 'bare', 'labelled'] as const) {
      const provider = await start({ creditsLeftFormat });
      await provider.send({ to: '+60123456789', text: 'x'.repeat(200) });
      expect((await provider.getBalance()).amount).toBe(998);
      expect(sandbox.credits('demoezsms')).toBe(998);
      await sandbox.stop();
    }
  });

  it('fails with AUTH_FAILED and INSUFFICIENT_CREDIT as not_sent', async () => {
    const provider = await start({ accounts: [{ username: 'demoezsms', password: '1234', credits: 0 }] });
    expect(await expectPesanError(provider.send({ to: '+60123456789', text: 'x' }))).toMatchObject({
      code: 'INSUFFICIENT_CREDIT',
      outcome: 'not_sent',
    });
    const wrong = ezsms({ username: 'demoezsms', password: 'nope', baseUrls: [...sandbox.urls], dispatcher });
    expect(await expectPesanError(wrong.send({ to: '+60123456789', text: 'x' }))).toMatchObject({
      code: 'AUTH_FAILED',
    });
    expect(await expectPesanError(wrong.getBalance())).toMatchObject({ code: 'AUTH_FAILED' });
  });

  describe('mirror failover', () => {
    // A 503 page says the request was turned away (not_sent); 500, 502 and 504 pages are unknown.
    it('moves on from a refusing mirror and a 503 page', async () => {
      const provider = await start({ mirrors: 3 });
      await sandbox.setFault(0, 'refuse');
      await sandbox.setFault(1, { htmlStatus: 503 });
      const result = await provider.send({ to: '+60123456789', text: 'x' });
      expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(['not_sent', 'not_sent', 'success']);
      expect(result.attempts.map((attempt) => attempt.endpoint)).toEqual(sandbox.urls);
      expect(sandbox.messages.map((message) => message.mirror)).toEqual([2]);
    });

    it('fails not_sent when every mirror is down', async () => {
      const provider = await start({ mirrors: 2 });
      await sandbox.setFault(0, 'refuse');
      await sandbox.setFault(1, { htmlStatus: 503 });
      const error = await expectPesanError(provider.send({ to: '+60123456789', text: 'x' }));
      expect(error.outcome).toBe('not_sent');
      expect(error.details?.attempts as Attempt[]).toHaveLength(2);
    });

    it('with a seqno, retries the next mirror after a lost answer, and 1718 there is success: sent once', async () => {
      const provider = await start({ mirrors: 2 });
      await sandbox.setFault(0, { kind: 'drop-answer', times: 1 });
      const result = await provider.send({ to: '+60123456789', text: 'once', idempotencyKey: 'only-once' });
      expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(['unknown', 'success']);
      expect(result.raw).toBe('1718');
      expect(result.notes?.join(' ')).toMatch(/1718/);
      expect(sandbox.messages).toHaveLength(1);
      expect(sandbox.requests.map((request) => [request.mirror, request.params.seqno])).toEqual([
        [0, 'only-once'],
        [1, 'only-once'],
      ]);
    });

    it('with a seqno, retries the next mirror after a timeout', async () => {
      const provider = await start({ mirrors: 2 }, { timeoutMs: 300 });
      await sandbox.setFault(0, 'hang');
      const result = await provider.send({ to: '+60123456789', text: 'x', idempotencyKey: 'slow-mirror' });
      expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(['unknown', 'success']);
      expect(result.messageId).toBeDefined();
    });

    it('without a seqno, stops after a lost answer: outcome unknown, no second mirror', async () => {
      const provider = await start({ mirrors: 2 });
      await sandbox.setFault(0, { kind: 'drop-answer', times: 1 });
      const error = await expectPesanError(provider.send({ to: '+60123456789', text: 'x' }));
      expect(error.outcome).toBe('unknown');
      expect(sandbox.requests.map((request) => request.mirror)).toEqual([0]);
      expect(sandbox.messages).toHaveLength(1);
    });

    it('without a seqno but with at-least-once delivery, moves on after a lost answer', async () => {
      const provider = await start({ mirrors: 2 });
      await sandbox.setFault(0, { kind: 'drop-answer', times: 1 });
      const result = await provider.send({ to: '+60123456789', text: 'x' }, { delivery: 'at-least-once' });
      expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(['unknown', 'success']);
      expect(sandbox.messages).toHaveLength(2);
    });

    it('reads a vendor 1703 (internal server error) as PROVIDER_UNAVAILABLE, unknown', async () => {
      const provider = await start();
      await sandbox.setFault(0, { vendorCode: '1703' });
      expect(await expectPesanError(provider.send({ to: '+60123456789', text: 'x' }))).toMatchObject({
        code: 'PROVIDER_UNAVAILABLE',
        outcome: 'unknown',
        vendorCode: '1703',
      });
    });

    it('an HTML 502 page from the first mirror is unknown: no other mirror at most once', async () => {
      const provider = await start({ mirrors: 2 });
      await sandbox.setFault(0, 'html502');
      const error = await expectPesanError(provider.send({ to: '+60123456789', text: 'x' }));
      expect(error.outcome).toBe('unknown');
      expect(sandbox.requests.map((request) => request.mirror)).toEqual([0]);
    });
  });

  it('POST carries a text GET cannot: the query string limit', async () => {
    const post = await start();
    await post.send({ to: '+60123456789', text: '你'.repeat(700) });
    const get = ezsms({
      username: 'demoezsms',
      password: '1234',
      baseUrls: [...sandbox.urls],
      dispatcher,
      method: 'GET',
    });
    // IIS answers an HTML 404.15 page: refused before any script ran.
    expect(await expectPesanError(get.send({ to: '+60123456789', text: '你'.repeat(700) }))).toMatchObject({
      code: 'INVALID_RESPONSE',
      outcome: 'not_sent',
    });
  });

  it('bulk, grouped: NoDR requests, every recipient stored, results in order', async () => {
    const provider = await start({}, { bulkMode: 'grouped', bulkChunkSize: 3 });
    const recipients = Array.from({ length: 7 }, (_, index) => `+6012345678${index}`);
    const bulk = await provider.sendBulk(recipients.map((to) => ({ to, text: 'Promo' })));
    expect(bulk.items.map((item) => item.ok && item.result.to)).toEqual(recipients);
    expect(sandbox.requests.map((request) => request.path)).toEqual(Array(3).fill('/websmsapi/ISendSMSNoDR.aspx'));
    expect(sandbox.messages.map((message) => `+${message.mobile}`).sort()).toEqual([...recipients].sort());
    expect(sandbox.credits('demoezsms')).toBe(993);
  });

  it('bulk, per recipient: a MsgId each', async () => {
    const provider = await start();
    const bulk = await provider.sendBulk([
      { to: '+60123456781', text: 'a' },
      { to: '+60123456782', text: 'b' },
    ]);
    expect(bulk.items.map((item) => item.ok && item.result.messageId)).toEqual(
      sandbox.messages.map((message) => message.messageId),
    );
  });

  it('transfers credits and dedupes a retried transfer', async () => {
    const provider = await start();
    const transfer = { customer: 'customer', credits: 50, idempotencyKey: 'topup-2026-01' };
    expect((await provider.transferCredits(transfer)).status).toBe('transferred');
    expect((await provider.transferCredits(transfer)).status).toBe('duplicate');
    expect(sandbox.credits('customer')).toBe(50);
    expect(await expectPesanError(provider.transferCredits({ customer: 'ghost', credits: 1 }))).toMatchObject({
      code: 'INVALID_RECIPIENT',
      vendorCode: '1708',
    });
  });

  it('sends a 2D barcode', async () => {
    const provider = await start();
    const result = await provider.sendBarcode({ to: '+60123456789', text: 'Code %barcode%', msgType: 'textmsg' });
    const [stored] = sandbox.messages;
    expect(stored?.messageId).toBe(result.messageId);
    expect(stored?.text).toBe(`Code ${stored?.barcode}`);
  });

  describe('callbacks', () => {
    let receiver: CallbackReceiver;

    beforeAll(async () => {
      receiver = await startCallbackReceiver();
    });

    afterAll(async () => {
      await receiver.close();
    });

    it('matches a pushed delivery report to the send result', async () => {
      const provider = await start({ callbackUrl: receiver.url('/webhooks/ezsms/token') });
      const result = await provider.send({ to: '+60123456789', text: 'x' });
      await sandbox.deliver(result.messageId as string, 6);
      await sandbox.deliver(result.messageId as string, 13);
      const events = receiver.received.slice(-2).flatMap((request) => provider.parseWebhook(request));
      expect(events).toMatchObject([
        { type: 'status', messageId: result.messageId, status: 'delivered', scope: 'handset', vendorStatus: '6' },
        { type: 'status', messageId: result.messageId, status: 'queued', scope: 'carrier', vendorStatus: '13' },
      ]);
    });

    it('reads pushed incoming SMS, text and Unicode', async () => {
      const provider = await start({ incomingUrl: receiver.url('/in?u=user&p=1234') });
      await sandbox.receive({ from: '+60198765432', to: '60123456789', text: 'Hi & bye' });
      await sandbox.receive({ from: '+6591234567', text: 'Terima kasih 🙏', contentType: 3 });
      const events = receiver.received.slice(-2).flatMap((request) => provider.parseWebhook(request));
      expect(events).toMatchObject([
        { type: 'inbound', from: '+60198765432', to: '+60123456789', text: 'Hi & bye' },
        { type: 'inbound', from: '+6591234567', to: '+60120000000', text: 'Terima kasih 🙏' },
      ]);
    });
  });
});
