import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Attempt, type WebhookEvent } from '@pesan/core';
import { describeProviderConformance, expectPesanError } from '@pesan/core/testing/vitest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isms } from './isms-provider.js';
import { type IsmsSandbox, startIsmsSandbox } from './sandbox/index.js';

const account = { username: 'acme', password: 'acme-secret', credits: 10_000 };

let sandbox: IsmsSandbox;

beforeEach(async () => {
  sandbox = await startIsmsSandbox({ accounts: [{ ...account }], autoDeliver: false });
});

afterEach(async () => {
  await sandbox.stop();
});

function provider(options: Partial<Parameters<typeof isms>[0]> = {}) {
  return isms({ username: account.username, password: account.password, baseUrls: [...sandbox.urls], ...options });
}

describe('against the sandbox', () => {
  it('sends, bills and records the message', async () => {
    const result = await provider({ senderId: 'ACME', malaysiaSenderId: 'send' }).send({
      to: '012-345 6789',
      text: 'Hello from pesan',
    });
    expect(result).toMatchObject({ status: 'queued', to: '+60123456789', segments: 1, credits: 1 });
    expect(sandbox.messages).toEqual([
      expect.objectContaining({
        trxId: result.messageId,
        to: '60123456789',
        text: 'Hello from pesan',
        type: 1,
        senderId: 'ACME',
      }),
    ]);
    expect(sandbox.credits('acme')).toBe(9_999);
  });

  it('sends by GET and Unicode as type 2 billed 63 characters per credit', async () => {
    const result = await provider({ method: 'GET' }).send({ to: '+60123456789', text: '你'.repeat(64) });
    expect(result.credits).toBe(2);
    expect(sandbox.requests[0]).toMatchObject({ method: 'GET' });
    expect(sandbox.messages[0]).toMatchObject({ type: 2, credits: 2 });
  });

  it('estimates exactly the credits the sandbox ledger charges (characters, 153 or 63 per credit)', async () => {
    const texts: [label: string, text: string, type: 1 | 2, credits: number][] = [
      // Issue 9 case 6: `€` is not ASCII, so type 2 at 63 characters per credit.
      ['77 euro signs (77 characters, not ASCII)', '€'.repeat(77), 2, 2],
      ['152 letters and a brace (154 septets, 153 characters)', `${'x'.repeat(152)}{`, 1, 1],
      ['40 emoji (80 UTF-16 units, 40 characters)', '😀'.repeat(40), 2, 1],
      ['154 letters', 'a'.repeat(154), 1, 2],
      ['64 Chinese characters', '你'.repeat(64), 2, 2],
    ];
    const sender = provider();
    for (const [label, text, type, credits] of texts) {
      const before = sandbox.credits('acme');
      const result = await sender.send({ to: '+60123456789', text });
      const charged = before - sandbox.credits('acme');
      expect(result.credits, label).toBe(charged);
      expect(result.credits, label).toBe(credits);
      expect(result.segments, label).toBe(credits);
      expect(sender.segments({ to: '+60123456789', text }).credits, label).toBe(charged);
      expect(sandbox.messages.at(-1), label).toMatchObject({ type, credits: charged });
    }
  });

  it('fails over: mirror 1 refused → mirror 2 answers, attempts show both', async () => {
    await sandbox.setFault(0, { type: 'refuse' });
    const result = await provider().send({ to: '+60123456789', text: 'failover' });
    expect(result.attempts.map((attempt) => [attempt.endpoint, attempt.outcome])).toEqual([
      [sandbox.urls[0], 'not_sent'],
      [sandbox.urls[1], 'success'],
    ]);
    expect(sandbox.messages[0]?.mirror).toBe(1);
  });

  // Issue 9 case 1: a 502 page may hide a script that ran, so no other mirror is tried at most once.
  it('stops after an HTML 502 page (unknown), and moves on only at least once', async () => {
    await sandbox.setFault(0, { type: 'html502' });
    const error = await expectPesanError(provider().send({ to: '+60123456789', text: 'maybe' }));
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', outcome: 'unknown' });
    expect(sandbox.requests.filter((request) => request.mirror !== 0)).toHaveLength(0);
    const result = await provider().send({ to: '+60123456789', text: 'again' }, { delivery: 'at-least-once' });
    expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(['unknown', 'success']);
  });

  it('mirror 1 hangs → TIMEOUT, outcome unknown, and mirror 2 gets no request', async () => {
    await sandbox.setFault(0, { type: 'hang' });
    const error = await expectPesanError(provider({ timeoutMs: 1_000 }).send({ to: '+60123456789', text: 'maybe' }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.outcome).toBe('unknown');
    expect((error.details!.attempts as Attempt[]).map((attempt) => attempt.endpoint)).toEqual([sandbox.urls[0]]);
    expect(sandbox.requests.filter((request) => request.mirror === 0)).toHaveLength(1);
    expect(sandbox.requests.filter((request) => request.mirror !== 0)).toHaveLength(0);
  });

  it('with at-least-once delivery, a hanging mirror is followed by the next one', async () => {
    await sandbox.setFault(0, { type: 'hang' });
    const result = await provider({ timeoutMs: 1_000 }).send(
      { to: '+60123456789', text: 'again' },
      { delivery: 'at-least-once' },
    );
    expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(['unknown', 'success']);
  });

  it('a connection reset after the request is written is unknown and stops', async () => {
    await sandbox.setFault(0, { type: 'reset' });
    const error = await expectPesanError(provider().send({ to: '+60123456789', text: 'reset' }));
    expect(error.outcome).toBe('unknown');
    expect(sandbox.requests.filter((request) => request.mirror !== 0)).toHaveLength(0);
  });

  it('maps injected vendor codes without failing over', async () => {
    await sandbox.setFault(0, { type: 'vendorCode', code: '-1003' });
    const error = await expectPesanError(provider().send({ to: '+60123456789', text: 'x' }));
    expect(error).toMatchObject({
      code: 'IP_NOT_ALLOWED',
      outcome: 'not_sent',
      vendorCode: '-1003',
      endpoint: sandbox.urls[0],
    });
    expect(sandbox.requests).toHaveLength(1);
  });

  it('reports -1004 when credits run out', async () => {
    sandbox.setCredits('acme', 1);
    const error = await expectPesanError(provider().send({ to: '+60123456789', text: 'a'.repeat(200) }));
    expect(error).toMatchObject({ code: 'INSUFFICIENT_CREDIT', vendorCode: '-1004' });
  });

  it('reports -1006 from the vendor when maxBodyLength is raised past its limit', async () => {
    const error = await expectPesanError(
      provider({ maxBodyLength: 1000 }).send({ to: '+60123456789', text: 'a'.repeat(950) }),
    );
    expect(error).toMatchObject({ code: 'INVALID_MESSAGE', vendorCode: '-1006', outcome: 'rejected' });
  });

  it('reads the balance', async () => {
    expect(await provider().getBalance()).toMatchObject({ provider: 'isms', amount: 10_000, unit: 'credits' });
    expect((await provider({ balanceEndpoint: 'isms_balance.php' }).getBalance()).amount).toBe(10_000);
    const error = await expectPesanError(provider({ password: 'wrong' }).getBalance());
    expect(error.code).toBe('AUTH_FAILED');
  });
});

describe('bulk against the sandbox', () => {
  const recipients = Array.from({ length: 75 }, (_, index) => `+6012345${String(index).padStart(4, '0')}`);

  it('JSON: 50 per request, results in input order with their own ids, per-recipient errors', async () => {
    const messages = recipients.map((to, index) => ({ to, text: index === 10 ? 'x'.repeat(950) : `Hi ${index}` }));
    const bulk = await provider({ api: 'json', maxBodyLength: 1000 }).sendBulk(messages);
    const sends = sandbox.requests.filter((request) => request.path === '/isms_send_json.php');
    expect(sends.map((request) => (request.json as { messages: unknown[] }).messages.length)).toEqual([50, 25]);
    expect(bulk.items).toHaveLength(75);
    expect(bulk.totals).toMatchObject({ sent: 74, failed: 1 });
    const ids = new Set<string>();
    bulk.items.forEach((item, index) => {
      if (index === 10) {
        expect(item.ok === false && item.error).toMatchObject({ code: 'INVALID_MESSAGE', vendorCode: '-1006' });
        return;
      }
      expect(item.ok).toBe(true);
      if (!item.ok) return;
      expect(item.result.to).toBe(recipients[index]);
      const message = sandbox.messages.find((candidate) => candidate.trxId === item.result.messageId);
      expect(message?.text).toBe(`Hi ${index}`);
      ids.add(item.result.messageId!);
    });
    expect(ids.size).toBe(74);
  });

  it('classic: 30 numbers per ;-joined request, one trx id, notes say ids are not per recipient', async () => {
    const bulk = await provider().sendBulk(recipients.map((to) => ({ to, text: 'Same for all' })));
    const sends = sandbox.requests.filter((request) => request.path === '/isms_send_all_id.php');
    expect(sends.map((request) => request.parameters.dstno?.split(';').length)).toEqual([30, 30, 15]);
    expect(bulk.totals).toMatchObject({ sent: 75, failed: 0, credits: 75 });
    expect(sandbox.messages).toHaveLength(75);
    expect(new Set(sandbox.messages.map((message) => message.trxId)).size).toBe(3);
    for (const item of bulk.items) {
      expect(item.ok && item.result.messageId).toBeUndefined();
      expect(item.ok && item.result.notes?.join(' ')).toMatch(/per-recipient ids are not available/);
    }
  });

  it('classic: a sandbox answering one line per recipient gives each its own trx id, by position', async () => {
    await sandbox.stop();
    sandbox = await startIsmsSandbox({
      accounts: [{ ...account }],
      autoDeliver: false,
      classicAnswer: 'per-recipient',
    });
    const bulk = await provider().sendBulk(recipients.map((to) => ({ to, text: 'Same for all' })));
    const sends = sandbox.requests.filter((request) => request.path === '/isms_send_all_id.php');
    expect(sends.map((request) => request.parameters.dstno?.split(';').length)).toEqual([30, 30, 15]);
    expect(bulk.totals).toMatchObject({ sent: 75, failed: 0, credits: 75 });
    expect(sandbox.credits('acme')).toBe(account.credits - 75);
    expect(new Set(sandbox.messages.map((message) => message.trxId)).size).toBe(75);
    bulk.items.forEach((item, index) => {
      expect(item.ok).toBe(true);
      if (!item.ok) return;
      expect(item.result.deliveryReports).toBe(true);
      const message = sandbox.messages.find((candidate) => candidate.trxId === item.result.messageId);
      expect(`+${message?.to}`).toBe(recipients[index]);
    });
  });

  it('classic: personalised texts go as separate requests, failures stay per message', async () => {
    sandbox.setCredits('acme', 2);
    const bulk = await provider().sendBulk([
      { to: '+60123456781', text: 'one' },
      { to: '+60123456782', text: 'two' },
      { to: '+60123456783', text: 'three' },
      { to: 'nonsense', text: 'four' },
    ]);
    expect(bulk.items.map((item) => (item.ok ? item.result.messageId : item.error.code))).toEqual([
      sandbox.messages[0]?.trxId,
      sandbox.messages[1]?.trxId,
      'INSUFFICIENT_CREDIT',
      'INVALID_RECIPIENT',
    ]);
  });
});

describe('delivery callbacks end to end', () => {
  let receiver: Server;
  let events: WebhookEvent[];
  let receiverUrl: string;
  const callbackProvider = () =>
    isms({ username: account.username, password: account.password, baseUrls: [...sandbox.urls] });

  beforeEach(async () => {
    events = [];
    const parser = callbackProvider();
    receiver = createServer((request, response) => {
      events.push(
        ...parser.parseWebhook({ method: request.method ?? 'GET', url: request.url ?? '/', headers: {}, body: '' }),
      );
      response.end('OK');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/isms/secret`;
  });

  afterEach(async () => {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('parses the PENDING and DELIVERED pushes of a sent message', async () => {
    sandbox.setCallbackUrl(receiverUrl);
    const result = await callbackProvider().send({ to: '+60123456789', text: 'track me' });
    await sandbox.deliver(result.messageId!, 'PENDING');
    await sandbox.deliver(result.messageId!, 'DELIVERED');
    expect(
      events.map((event) => event.type === 'status' && [event.messageId, event.status, event.scope, event.to]),
    ).toEqual([
      [result.messageId, 'queued', 'platform', '+60123456789'],
      [result.messageId, 'sent', 'carrier', '+60123456789'],
    ]);
  });
});

describeProviderConformance('isms (classic)', async () => {
  const conformance = await startIsmsSandbox({ accounts: [{ username: 'c', password: 'c-pass', credits: 1_000 }] });
  const closed = await startIsmsSandbox({ mirrors: 1 });
  const closedUrls = [...closed.urls];
  await closed.stop();
  return {
    provider: isms({ username: 'c', password: 'c-pass', baseUrls: [...conformance.urls] }),
    recipient: '+60123456789',
    badCredentials: isms({ username: 'c', password: 'wrong', baseUrls: [...conformance.urls] }),
    unreachable: isms({ username: 'c', password: 'c-pass', baseUrls: closedUrls }),
    garbageWebhook: { method: 'GET', url: '/webhooks/isms?trx_id=1&dn_status=WHATEVER', headers: {}, body: '' },
    sandbox: conformance,
    providerFor: (baseUrls, { timeoutMs }) =>
      isms({ username: 'c', password: 'c-pass', baseUrls: [...baseUrls], timeoutMs }),
    close: () => conformance.stop(),
  };
});

describe('conformance (json)', () => {
  let jsonSandbox: IsmsSandbox;
  beforeAll(async () => {
    jsonSandbox = await startIsmsSandbox({ accounts: [{ username: 'j', password: 'j', credits: 100 }] });
  });
  afterAll(async () => {
    await jsonSandbox.stop();
  });
  it('keeps the same contract through the JSON API', async () => {
    const json = isms({ username: 'j', password: 'j', api: 'json', baseUrls: [...jsonSandbox.urls] });
    const result = await json.send({ to: '+60123456789', text: 'json' });
    expect(result.messageId).toBe(jsonSandbox.messages[0]?.trxId);
    const bulk = await json.sendBulk([
      { to: '+60123456789', text: 'first' },
      { to: '+60123456789', text: 'second' },
    ]);
    expect(
      bulk.items.map((item) => item.ok && jsonSandbox.messages.find((m) => m.trxId === item.result.messageId)?.text),
    ).toEqual(['first', 'second']);
  });
});

describeProviderConformance('isms (json)', async () => {
  const conformance = await startIsmsSandbox({ accounts: [{ username: 'c', password: 'c-pass', credits: 1_000 }] });
  return {
    provider: isms({ username: 'c', password: 'c-pass', api: 'json', baseUrls: [...conformance.urls] }),
    recipient: '+60123456789',
    badCredentials: isms({ username: 'c', password: 'wrong', api: 'json', baseUrls: [...conformance.urls] }),
    close: () => conformance.stop(),
  };
});
