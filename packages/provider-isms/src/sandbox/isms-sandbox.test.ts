import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type IsmsSandbox, startIsmsSandbox } from './isms-sandbox.js';

let sandbox: IsmsSandbox;

beforeEach(async () => {
  sandbox = await startIsmsSandbox({
    accounts: [
      { username: 'u', password: 'p', credits: 100 },
      { username: 'poor', password: 'p', credits: 1 },
      { username: 'gone', password: 'p', credits: 100, suspended: true },
    ],
    autoDeliver: false,
  });
});

afterEach(async () => {
  await sandbox.stop();
});

const base = { un: 'u', pwd: 'p', dstno: '60123456789', msg: 'Hello World', type: '1', agreedterm: 'YES' };

async function post(path: string, parameters: Record<string, string>, mirror = 0): Promise<string> {
  const response = await fetch(`${sandbox.urls[mirror]}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(parameters).toString(),
  });
  return response.text();
}

async function postJson(path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

describe('isms_send_all_id.php', () => {
  it('starts four mirrors on 127.0.0.1 sharing state', async () => {
    expect(sandbox.urls).toHaveLength(4);
    expect(new Set(sandbox.urls).size).toBe(4);
    for (const url of sandbox.urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.url).toBe(sandbox.urls[0]);
    await post('/isms_send_all_id.php', base, 2);
    expect(sandbox.messages[0]).toMatchObject({
      mirror: 2,
      to: '60123456789',
      text: 'Hello World',
      type: 1,
      credits: 1,
    });
    expect(sandbox.credits('u')).toBe(99);
  });

  it('answers 2000 = SUCCESS:<trx_id> by POST and GET', async () => {
    expect(await post('/isms_send_all_id.php', { ...base, sendid: 'MyCompany' })).toMatch(/^2000 = SUCCESS:\d+$/);
    const query = new URLSearchParams(base).toString();
    expect(await (await fetch(`${sandbox.url}/isms_send_all_id.php?${query}`)).text()).toMatch(/^2000 = SUCCESS:\d+$/);
    expect(sandbox.messages.map((message) => message.senderId)).toEqual(['MyCompany', undefined]);
  });

  it('sends to ;-joined recipients under one trx id, billing each', async () => {
    const answer = await post('/isms_send_all_id.php', { ...base, dstno: '60123456781;6012-3456782;60123456783' });
    const trxId = answer.split(':')[1];
    expect(sandbox.messages.map((message) => [message.to, message.trxId])).toEqual([
      ['60123456781', trxId],
      ['60123456782', trxId],
      ['60123456783', trxId],
    ]);
    expect(sandbox.credits('u')).toBe(97);
  });

  it('with classicAnswer per-recipient, answers one CRLF line per number, each with its own id or -1009', async () => {
    const perLine = await startIsmsSandbox({
      accounts: [{ username: 'u', password: 'p', credits: 100 }],
      autoDeliver: false,
      mirrors: 1,
      classicAnswer: 'per-recipient',
    });
    try {
      const response = await fetch(`${perLine.url}/isms_send_all_id.php`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...base, dstno: '60123456781;123;60123456783' }).toString(),
      });
      const lines = (await response.text()).split('\r\n');
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/^2000 = SUCCESS:\d+$/);
      expect(lines[1]).toBe('-1009 = INVALID DESTINATION NUMBER');
      expect(lines[2]).toMatch(/^2000 = SUCCESS:\d+$/);
      expect(perLine.messages.map((message) => [message.to, message.trxId])).toEqual([
        ['60123456781', lines[0]!.split(':')[1]],
        ['60123456783', lines[2]!.split(':')[1]],
      ]);
      expect(perLine.credits('u')).toBe(98);
      // One number: still one answer.
      const single = await fetch(`${perLine.url}/isms_send.php`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(base).toString(),
      });
      expect(await single.text()).toBe('2000 = SUCCESS');
    } finally {
      await perLine.stop();
    }
  });

  it('refuses an unknown classicAnswer option', async () => {
    await expect(startIsmsSandbox({ classicAnswer: 'lines' as never })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
    });
  });

  it('bills 153 characters per credit for type 1 and 63 for type 2', async () => {
    await post('/isms_send_all_id.php', { ...base, msg: 'a'.repeat(154) });
    await post('/isms_send_all_id.php', { ...base, msg: '你'.repeat(64), type: '2' });
    expect(sandbox.messages.map((message) => message.credits)).toEqual([2, 2]);
    expect(sandbox.credits('u')).toBe(96);
  });

  it.each([
    ['an accented letter', 'Café'],
    ['a euro sign (GSM-7, but not ASCII)', 'Price: 10€'],
    ['an emoji', 'Hi 😀'],
  ])('refuses %s as type 1 ("1 = ASCII") with -1012, and sends it as type 2', async (_, msg) => {
    expect(await post('/isms_send_all_id.php', { ...base, msg })).toBe('-1012 = INVALID MESSAGE TYPE');
    expect(sandbox.messages).toHaveLength(0);
    expect(await post('/isms_send_all_id.php', { ...base, msg, type: '2' })).toMatch(/^2000 = SUCCESS:\d+$/);
  });

  it('bills 153 and 63 characters per credit exactly at the boundaries', async () => {
    await post('/isms_send_all_id.php', { ...base, msg: 'a'.repeat(153) });
    await post('/isms_send_all_id.php', { ...base, msg: '你'.repeat(63), type: '2' });
    await post('/isms_send_all_id.php', { ...base, msg: '😀'.repeat(64), type: '2' });
    expect(sandbox.messages.map((message) => message.credits)).toEqual([1, 1, 2]);
  });

  it.each([
    ['a wrong password', { pwd: 'nope' }, '-1001 = AUTHENTICATION FAILED'],
    ['a missing msg', { msg: '' }, '-1008 = MISSING PARAMETER'],
    ['no agreedterm', { agreedterm: '' }, '-1013 = INVALID TERM AND AGREEMENT'],
    ['type 3', { type: '3' }, '-1005 = INVALID SMS TYPE'],
    ['a body over 900 characters', { msg: 'a'.repeat(901) }, '-1006 = INVALID BODY LENGTH'],
    ['Unicode as type 1', { msg: '你好' }, '-1012 = INVALID MESSAGE TYPE'],
    ['a + in the number', { dstno: '+60123456789' }, '-1009 = INVALID DESTINATION NUMBER'],
    ['one bad number among several', { dstno: '60123456789;12' }, '-1009 = INVALID DESTINATION NUMBER'],
    ['no credits left', { un: 'poor', msg: 'a'.repeat(200) }, '-1004 = INSUFFICIENT CREDITS'],
    ['a suspended account', { un: 'gone' }, '-1002 = ACCOUNT SUSPENDED / EXPIRED'],
  ])('answers %s with the vendor code', async (_, change, expected) => {
    expect(await post('/isms_send_all_id.php', { ...base, ...change })).toBe(expected);
    expect(sandbox.messages).toHaveLength(0);
  });

  it('isms_send.php answers 2000 = SUCCESS without an id', async () => {
    expect(await post('/isms_send.php', base)).toBe('2000 = SUCCESS');
  });

  it('answers an HTML 404 for paths the vendor does not serve', async () => {
    const response = await fetch(`${sandbox.url}/nope.php`);
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/^<!DOCTYPE html>/);
  });
});

describe('isms_send_json.php and isms_send_bulk_json.php', () => {
  const json = { un: 'u', pwd: 'p', type: '1', agreedterm: 'YES' };

  it('answers per-recipient results and bills', async () => {
    const answer = await postJson('/isms_send_json.php', {
      ...json,
      messages: [
        { dstno: '60123456781', msg: 'Hi Ahmad' },
        { dstno: 'abc', msg: 'Hi Siti' },
        { dstno: '60123456783', msg: 'x'.repeat(901) },
      ],
    });
    expect(answer).toEqual({
      total_failed: 2,
      total_credits_used: 1,
      results: [
        { dstno: '60123456781', code: 2000, sms_id: expect.stringMatching(/^\d+$/) },
        { dstno: 'abc', code: -1009, sms_id: '' },
        { dstno: '60123456783', code: -1006, sms_id: '' },
      ],
    });
    expect(sandbox.credits('u')).toBe(99);
  });

  it('answers total_credits_used: the credits the request billed, refused recipients excluded', async () => {
    const answer = await postJson('/isms_send_json.php', {
      ...json,
      messages: [
        { dstno: '60123456781', msg: 'a'.repeat(154) },
        { dstno: '60123456782', msg: 'Hi' },
        { dstno: '60123456783', msg: 'Café' },
      ],
    });
    expect(answer).toEqual({
      total_failed: 1,
      total_credits_used: 3,
      results: [
        { dstno: '60123456781', code: 2000, sms_id: expect.stringMatching(/^\d+$/) },
        { dstno: '60123456782', code: 2000, sms_id: expect.stringMatching(/^\d+$/) },
        { dstno: '60123456783', code: -1012, sms_id: '' },
      ],
    });
    expect(sandbox.credits('u')).toBe(97);
  });

  it.each([
    ['bad JSON', '{"un":', -1014],
    [
      'more than 50 messages',
      { ...json, messages: Array.from({ length: 51 }, () => ({ dstno: '60123456789', msg: 'x' })) },
      -1010,
    ],
    ['no messages', { ...json, messages: [] }, -1008],
    ['a wrong password', { ...json, pwd: 'x', messages: [{ dstno: '60123456789', msg: 'x' }] }, -1001],
    ['no agreedterm', { ...json, agreedterm: 'NO', messages: [{ dstno: '60123456789', msg: 'x' }] }, -1013],
    ['too few credits', { ...json, un: 'poor', messages: [{ dstno: '60123456789', msg: 'x'.repeat(300) }] }, -1004],
  ])('answers %s with a request-wide error', async (_, body, code) => {
    expect(await postJson('/isms_send_json.php', body)).toEqual({
      status: 'error',
      code,
      message: expect.stringMatching(new RegExp(`^${code} = `)),
    });
  });

  it('isms_send_bulk_json.php answers an array of classic lines', async () => {
    const answer = await postJson('/isms_send_bulk_json.php', {
      ...json,
      messages: [
        { dstno: '60123456781', msg: 'a' },
        { dstno: '1', msg: 'b' },
      ],
    });
    expect(answer).toEqual([expect.stringMatching(/^2000 = SUCCESS:\d+$/), '-1009 = INVALID DESTINATION NUMBER']);
  });
});

describe('balance', () => {
  it('answers JSON and plain balances, and auth errors', async () => {
    expect(await postJson('/isms_balance_json.php', { un: 'u', pwd: 'p' })).toEqual({ balance: '100.00' });
    expect(await post('/isms_balance.php', { un: 'u', pwd: 'p' })).toBe('100.00');
    expect(await postJson('/isms_balance_json.php', { un: 'u', pwd: 'bad' })).toMatchObject({
      status: 'error',
      code: -1001,
    });
    expect(await post('/isms_balance.php', { un: 'u', pwd: 'bad' })).toBe('-1001 = AUTHENTICATION FAILED');
  });
});

describe('faults', () => {
  it('refuse closes the mirror until cleared; other mirrors keep working', async () => {
    await sandbox.setFault(0, { type: 'refuse' });
    await expect(fetch(`${sandbox.urls[0]}/isms_balance.php`)).rejects.toThrow();
    expect(await post('/isms_send_all_id.php', base, 1)).toMatch(/^2000/);
    await sandbox.setFault(0, undefined);
    expect(await post('/isms_send_all_id.php', base, 0)).toMatch(/^2000/);
  });

  it('html502, vendorCode and answer replace the answer without sending', async () => {
    await sandbox.setFault(0, { type: 'html502' });
    const page = await fetch(`${sandbox.url}/isms_send_all_id.php`, { method: 'POST' });
    expect(page.status).toBe(502);
    expect(await page.text()).toMatch(/^<!DOCTYPE html>/);
    await sandbox.setFault(0, { type: 'vendorCode', code: '-1003' });
    expect(await post('/isms_send_all_id.php', base)).toBe('-1003 = IP NOT ALLOWED');
    expect(await postJson('/isms_send_json.php', {})).toMatchObject({ status: 'error', code: -1003 });
    await sandbox.setFault(0, { type: 'answer', body: '' });
    expect(await post('/isms_send_all_id.php', base)).toBe('');
    expect(sandbox.messages).toHaveLength(0);
    expect(sandbox.requests.map((request) => request.fault)).toEqual(['html502', 'vendorCode', 'vendorCode', 'answer']);
  });

  it('drop sends and bills the message, then loses the answer', async () => {
    await sandbox.setFault(0, 'drop');
    await expect(post('/isms_send_all_id.php', base)).rejects.toThrow();
    expect(sandbox.messages).toHaveLength(1);
    expect(sandbox.credits('u')).toBe(99);
    expect(sandbox.requests[0]).toMatchObject({ fault: 'drop', answer: { status: 200 } });
    expect(sandbox.requests[0]?.answer?.body).toBe(`2000 = SUCCESS:${sandbox.messages[0]?.trxId}`);
  });

  it('htmlStatus answers a proxy page with any status, sending nothing', async () => {
    for (const status of [500, 503, 504, 200]) {
      await sandbox.setFault(0, { htmlStatus: status });
      const page = await fetch(`${sandbox.url}/isms_send_all_id.php`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(base).toString(),
      });
      expect(page.status).toBe(status);
      expect(await page.text()).toMatch(/^<!DOCTYPE html>/);
    }
    expect(sandbox.messages).toHaveLength(0);
    expect(sandbox.requests.map((request) => request.fault)).toEqual(['html500', 'html503', 'html504', 'html200']);
  });

  it('resetBeforeRead cuts the connection before the body is read', async () => {
    await sandbox.setFault(0, 'resetBeforeRead');
    await expect(post('/isms_send_all_id.php', base)).rejects.toThrow();
    expect(sandbox.messages).toHaveLength(0);
  });

  it('slow still processes the request', async () => {
    await sandbox.setFault(1, { type: 'slow', ms: 20 });
    expect(await post('/isms_send_all_id.php', base, 1)).toMatch(/^2000/);
    expect(sandbox.messages).toHaveLength(1);
  });

  it('hang and reset never answer and send nothing', async () => {
    await sandbox.setFault(0, { type: 'reset' });
    await expect(post('/isms_send_all_id.php', base)).rejects.toThrow();
    await sandbox.setFault(0, { type: 'hang' });
    const controller = new AbortController();
    const pending = fetch(`${sandbox.url}/isms_send_all_id.php`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(base).toString(),
      signal: controller.signal,
    });
    const held = pending.catch((error: unknown) => error);
    for (let wait = 0; wait < 1_000 && sandbox.requests.length < 2; wait++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(sandbox.requests.at(-1)?.fault).toBe('hang');
    controller.abort();
    expect(await held).toBeInstanceOf(Error);
    expect(sandbox.messages).toHaveLength(0);
  });

  it('takes shorthands', async () => {
    await sandbox.setFault(0, { vendorCode: -1004 });
    expect(await post('/isms_send_all_id.php', base)).toBe('-1004 = INSUFFICIENT CREDITS');
    await sandbox.setFault(0, 'html502');
    expect((await fetch(`${sandbox.url}/isms_send.php`)).status).toBe(502);
    await sandbox.setFault(0, { slow: 1 });
    expect(await post('/isms_send_all_id.php', base)).toMatch(/^2000/);
    await sandbox.setFault(0, 'refuse');
    await expect(fetch(`${sandbox.url}/isms_send.php`)).rejects.toThrow();
  });

  it('rejects bad faults and mirror indexes', async () => {
    await expect(sandbox.setFault(9, { type: 'hang' })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await expect(sandbox.setFault(0, { type: 'slow', ms: -1 })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await expect(sandbox.setFault(0, { type: 'vendorCode', code: 'abc' })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
    });
  });

  it('records requests with the password hidden', async () => {
    await post('/isms_send_all_id.php', base);
    await postJson('/isms_send_json.php', { un: 'u', pwd: 'p', type: '1', agreedterm: 'YES', messages: [] });
    expect(sandbox.requests[0]).toMatchObject({ mirror: 0, method: 'POST', path: '/isms_send_all_id.php' });
    expect(sandbox.requests[0]?.parameters.pwd).toBe('***');
    expect((sandbox.requests[1]!.json as { pwd: string }).pwd).toBe('***');
  });
});

describe('delivery callbacks', () => {
  let receiver: Server;
  let received: string[];
  let receiverUrl: string;

  beforeEach(async () => {
    received = [];
    receiver = createServer((request, response) => {
      received.push(request.url ?? '');
      response.end('OK');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/isms/token`;
  });

  afterEach(async () => {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('pushes PENDING then DELIVERED for every recipient when autoDeliver is on', async () => {
    const pushing = await startIsmsSandbox({
      accounts: [{ username: 'u', password: 'p', credits: 10 }],
      callbackUrl: receiverUrl,
    });
    try {
      const answer = await (
        await fetch(`${pushing.url}/isms_send_all_id.php`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ ...base, dstno: '60123456781;60123456782' }).toString(),
        })
      ).text();
      const trxId = answer.split(':')[1];
      await pushing.callbacksIdle();
      const byNumber = (msisdn: string) =>
        received
          .map((url) => new URL(url, 'http://x').searchParams)
          .filter((query) => query.get('msisdn') === msisdn)
          .map((query) => [query.get('trx_id'), query.get('dn_status')]);
      expect(byNumber('60123456781')).toEqual([
        [trxId, 'PENDING'],
        [trxId, 'DELIVERED'],
      ]);
      expect(byNumber('60123456782')).toEqual([
        [trxId, 'PENDING'],
        [trxId, 'DELIVERED'],
      ]);
      expect(pushing.pushes.every((push) => push.httpStatus === 200)).toBe(true);
      expect(pushing.messages.every((message) => message.status === 'DELIVERED')).toBe(true);
    } finally {
      await pushing.stop();
    }
  });

  it('pushes on demand with deliver()', async () => {
    sandbox.setCallbackUrl(receiverUrl);
    const trxId = (await post('/isms_send_all_id.php', base)).split(':')[1]!;
    expect(received).toHaveLength(0);
    const pushes = await sandbox.deliver(trxId, 'UNDELIVERED');
    expect(pushes).toMatchObject([{ msisdn: '60123456789', trxId, status: 'UNDELIVERED', httpStatus: 200 }]);
    expect(received[0]).toBe(`/webhooks/isms/token?msisdn=60123456789&trx_id=${trxId}&dn_status=UNDELIVERED`);
    expect(sandbox.messages[0]?.status).toBe('UNDELIVERED');
    expect(await sandbox.deliver('no-such-id', 'DELIVERED')).toEqual([]);
  });

  it('records a failed push instead of throwing', async () => {
    sandbox.setCallbackUrl('http://127.0.0.1:9/unreachable');
    const trxId = (await post('/isms_send_all_id.php', base)).split(':')[1]!;
    const [push] = await sandbox.deliver(trxId, 'DELIVERED');
    expect(push?.error).toBeTruthy();
    expect(push?.httpStatus).toBeUndefined();
  });
});

describe('stop', () => {
  it('closes every mirror', async () => {
    const stopping = await startIsmsSandbox({ mirrors: 2 });
    await stopping.setFault(1, { type: 'hang' });
    const hung = fetch(`${stopping.urls[1]}/isms_balance.php`).catch((error: unknown) => error);
    for (let wait = 0; wait < 1_000 && stopping.requests.length < 1; wait++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    await stopping.stop();
    expect(await hung).toBeInstanceOf(Error);
    await expect(fetch(`${stopping.urls[0]}/isms_balance.php`)).rejects.toThrow();
  });
});
