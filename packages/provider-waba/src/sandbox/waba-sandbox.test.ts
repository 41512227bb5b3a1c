import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeClock } from '@pesan/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeWabaWebhook } from '../waba-webhook-payload.js';
import { startWabaSandbox, WABA_SANDBOX_DEFAULT_ACCOUNT, type WabaSandbox } from './waba-sandbox.js';

const account = WABA_SANDBOX_DEFAULT_ACCOUNT;
const base = {
  AppId: account.appId,
  AppSecret: account.appSecret,
  un: account.username,
  pwd: account.password,
  agreedterm: 'YES',
  ChannelType: 'whatsapp',
  From: '60123450000',
  To: '60198765432',
};

const running: { stop(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((entry) => entry.stop()));
});

async function sandbox(options: Parameters<typeof startWabaSandbox>[0] = {}): Promise<WabaSandbox> {
  const started = await startWabaSandbox(options);
  running.push(started);
  return started;
}

async function post(origin: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${origin}/isms_send_waba.php`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A loopback webhook receiver recording decoded payloads. */
async function receiver() {
  const received: Record<string, unknown>[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push(
        decodeWabaWebhook(
          {
            method: 'POST',
            url: 'http://127.0.0.1/',
            headers: { 'content-type': String(request.headers['content-type']) },
            body,
          },
          'test',
        ),
      );
      response.end('OK');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  running.push({ stop: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

describe('startWabaSandbox', () => {
  it('starts three loopback mirrors and accepts a registered template, billing one credit', async () => {
    const waba = await sandbox();
    expect(waba.urls).toHaveLength(3);
    for (const url of waba.urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await post(waba.urls[1]!, {
      ...base,
      Type: 'template',
      TemplateCode: 'order_update',
      Language: 'ms',
      TemplateParams: { '1': 'A-17' },
    });
    expect(answer).toEqual({
      status: 200,
      json: { requestId: expect.any(String), statusCode: 'OK', messageId: expect.any(String) },
    });
    expect(waba.credits(account.username)).toBe(account.credits - 1);
    expect(waba.messages[0]).toMatchObject({ type: 'template', template: { code: 'order_update', language: 'ms' } });
    expect(waba.requests[0]).toMatchObject({ mirror: 1, json: { pwd: '***', AppSecret: '***', un: 'sandbox' } });
  });

  it('answers the page’s codes: 1008, 1001, 50500, 60006, 45010, 70502', async () => {
    const waba = await sandbox({ accounts: [{ ...account, credits: 1 }] });
    const codeOf = async (body: unknown) => (await post(waba.url, body)).json.statusCode;
    expect(await codeOf({ ...base, Type: 'message' })).toBe('1008');
    expect(await codeOf({ ...base, agreedterm: 'NO', Type: 'message', Content: 'x' })).toBe('1008');
    expect(await codeOf({ ...base, pwd: 'wrong', Type: 'message', Content: 'x' })).toBe('1001');
    expect(await codeOf({ ...base, To: '12', Type: 'message', Content: 'x' })).toBe('50500');
    expect(await codeOf({ ...base, Type: 'template', TemplateCode: 'nope', Language: 'en' })).toBe('60006');
    expect(await codeOf({ ...base, Type: 'template', TemplateCode: 'hello_world', Language: 'ms' })).toBe('60006');
    expect(await codeOf({ ...base, Type: 'message', Content: 'outside' })).toBe('45010');
    expect(await codeOf({ ...base, Type: 'template', TemplateCode: 'hello_world', Language: 'en' })).toBe('OK');
    expect(await codeOf({ ...base, Type: 'template', TemplateCode: 'hello_world', Language: 'en' })).toBe('70502');
  });

  it('opens a 24 h window with an inbound message, billing the session once, by its clock', async () => {
    const clock = new FakeClock();
    const waba = await sandbox({ now: () => clock.now() });
    await waba.simulateInbound({ from: '+60198765432', text: 'Hi' });
    const reply = { ...base, Type: 'message', Content: 'Hello!' };
    expect((await post(waba.url, reply)).json.statusCode).toBe('OK');
    expect(
      (await post(waba.url, { ...base, Type: 'file', fileUrl: 'https://f.example.com/a.pdf', fileName: 'a.pdf' })).json
        .statusCode,
    ).toBe('OK');
    expect(waba.messages.map((message) => message.credits)).toEqual([1, 0]);
    await clock.advance(24 * 60 * 60 * 1000);
    expect((await post(waba.url, reply)).json).toEqual({
      statusCode: '45010',
      message: 'Reply time limit exceeded (outside the 24 h window)',
    });
  });

  it('pushes inbound messages and sent → delivered → read as base64 form POSTs', async () => {
    const hook = await receiver();
    const waba = await sandbox({ webhookUrl: hook.url, accounts: [{ ...account, numbers: ['60123450000'] }] });
    const push = await waba.simulateInbound({ from: '60198765432', text: 'Is my order ready?' });
    expect(push).toMatchObject({ kind: 'inbound', answer: 200 });
    const answer = await post(waba.url, { ...base, Type: 'message', Content: 'Yes!' });
    await waba.callbacksIdle();
    expect(hook.received[0]).toMatchObject({
      entry: [
        {
          changes: [
            {
              value: {
                metadata: { display_phone_number: '60123450000' },
                messages: [{ from: '60198765432', text: { body: 'Is my order ready?' } }],
              },
            },
          ],
        },
      ],
    });
    const statuses = hook.received.slice(1).map((payload) => {
      const value = (payload.entry as { changes: { value: { statuses: { id: string; status: string }[] } }[] }[])[0]!
        .changes[0]!.value;
      return [value.statuses[0]!.id, value.statuses[0]!.status];
    });
    expect(statuses).toEqual([
      [answer.json.messageId, 'sent'],
      [answer.json.messageId, 'delivered'],
      [answer.json.messageId, 'read'],
    ]);
  });

  it('injects faults per mirror: refused, HTML 502, any vendor code', async () => {
    const waba = await sandbox();
    await waba.setFault(0, { vendorCode: 60006 });
    expect(
      (await post(waba.url, { ...base, Type: 'template', TemplateCode: 'hello_world', Language: 'en' })).json,
    ).toEqual({
      statusCode: '60006',
      message: 'Template code does not exist',
    });
    await waba.setFault(1, 'html502');
    const page = await fetch(`${waba.urls[1]}/isms_send_waba.php`, { method: 'POST', body: '{}' });
    expect(page.status).toBe(502);
    expect(await page.text()).toMatch(/<html/i);
    await waba.setFault(2, 'refuse');
    await expect(fetch(`${waba.urls[2]}/isms_send_waba.php`, { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(waba.messages).toHaveLength(0);
  });
});
