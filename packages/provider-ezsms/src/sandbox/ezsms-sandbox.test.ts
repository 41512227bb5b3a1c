import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CallbackReceiver, startCallbackReceiver } from '../__fixtures__/callback-receiver.js';
import { type EzsmsSandbox, type EzsmsSandboxOptions, startEzsmsSandbox } from './index.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const credentials = { username: 'demoezsms', password: '1234' };

let sandbox: EzsmsSandbox;
let agent: Agent;
let now: number;

async function start(options: EzsmsSandboxOptions = {}) {
  sandbox = await startEzsmsSandbox({ now: () => now, ...options });
}

async function call(
  path: string,
  params: Record<string, string>,
  { method = 'POST', mirror = 0 }: { method?: 'GET' | 'POST'; mirror?: number } = {},
) {
  const origin = sandbox.urls[mirror] as string;
  const search = new URLSearchParams(params).toString();
  const response =
    method === 'GET'
      ? await request(`${origin}${path}?${search}`, { dispatcher: agent })
      : await request(`${origin}${path}`, {
          dispatcher: agent,
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: search,
        });
  return { status: response.statusCode, body: await response.body.text() };
}

const send = (params: Record<string, string>, options?: { method?: 'GET' | 'POST'; mirror?: number }) =>
  call(
    '/websmsapi/ISendSMS.aspx',
    { ...credentials, type: '1', mobile: '60123456789', message: 'Hi', ...params },
    options,
  );

beforeEach(() => {
  now = Date.UTC(2026, 0, 1);
  agent = new Agent({ pipelining: 0 });
});

afterEach(async () => {
  await sandbox?.stop();
  await agent.close();
});

describe('sandbox pages', () => {
  it('accepts a send by POST and by GET, answering 1701:<MsgId>', async () => {
    await start();
    const posted = await send({});
    const got = await send({}, { method: 'GET' });
    expect(posted).toEqual({ status: 200, body: '1701:100001' });
    expect(got.body).toBe('1701:100002');
    expect(sandbox.messages.map((message) => [message.messageId, message.text, message.mobile])).toEqual([
      ['100001', 'Hi', '60123456789'],
      ['100002', 'Hi', '60123456789'],
    ]);
  });

  it('reads parameter names and paths without regard to case, as ASP.NET does', async () => {
    await start();
    const answer = await call('/WebSMSAPI/isendsms.ASPX', {
      UserName: 'demoezsms',
      PASSWORD: '1234',
      Message: 'Hi',
      MOBILE: '60123456789',
      Sender: 'Shop',
      Type: '2',
    });
    expect(answer.body).toMatch(/^1701:\d+$/);
    expect(sandbox.messages[0]).toMatchObject({ sender: 'Shop', flash: true, type: 2 });
  });

  it.each([
    [{ password: 'wrong' }, '1702'],
    [{ username: 'nobody' }, '1702'],
    [{ mobile: '12345' }, '1705'],
    [{ mobile: '+60123456789' }, '1705'],
    [{ mobile: '60123456789,60198765432' }, '1705'],
    [{ message: '' }, '1706'],
    [{ type: '7' }, '1706'],
    [{ sender: 'ABCDEFGHIJKL' }, '1706'],
    [{ sender: '12345678901234' }, '1706'],
    [{ sender: 'My Shop' }, '1706'],
    [{ type: '3', message: '00410' }, '1706'],
    [{ type: '3', message: 'ZZZZ' }, '1706'],
    [{ type: '5', message: '05000301' }, '1706'],
    [{ type: '6', message: 'ABC' }, '1706'],
    [{ seqno: 'x'.repeat(21) }, '1706'],
  ])('validates like the vendor: %j → %s', async (params, code) => {
    await start();
    expect((await send(params)).body).toBe(code);
    expect(sandbox.messages).toHaveLength(0);
    expect(sandbox.credits('demoezsms')).toBe(1000);
  });

  it('reads mobile=a&mobile=b as "a,b", as ASP.NET does', async () => {
    await start();
    const search = 'username=demoezsms&password=1234&type=1&message=Hi&mobile=60123456789&mobile=60198765432';
    const response = await request(`${sandbox.url}/websmsapi/ISendSMS.aspx?${search}`, { dispatcher: agent });
    expect(await response.body.text()).toBe('1705');
  });

  it('decodes Unicode hex and binary, and bills parts', async () => {
    await start();
    await send({ type: '4', message: 'D83DDE004F60' });
    await send({ type: '5', message: '050003010201CAFE' });
    await send({ type: '1', message: 'a'.repeat(161) });
    expect(sandbox.messages.map((message) => [message.text, message.udh, message.hex, message.parts])).toEqual([
      ['😀你', undefined, undefined, 1],
      [undefined, '050003010201', 'CAFE', 1],
      ['a'.repeat(161), undefined, undefined, 2],
    ]);
    expect(sandbox.credits('demoezsms')).toBe(996);
  });

  it('answers 1704 when credits run out, and takes nothing', async () => {
    await start({ accounts: [{ ...credentials, credits: 1 }] });
    expect((await send({ message: 'a'.repeat(200) })).body).toBe('1704');
    expect((await send({})).body).toMatch(/^1701:/);
    expect((await send({})).body).toBe('1704');
    expect(sandbox.credits('demoezsms')).toBe(0);
  });

  it('sends to many through ISendSMSNoDR.aspx without a MsgId', async () => {
    await start();
    const answer = await call('/websmsapi/ISendSMSNoDR.aspx', {
      ...credentials,
      type: '1',
      message: 'Sale',
      mobile: '60123456781,60123456782,60123456783',
    });
    expect(answer.body).toBe('1701');
    expect(sandbox.messages.map((message) => [message.page, message.mobile, message.messageId])).toEqual([
      ['ISendSMSNoDR', '60123456781', undefined],
      ['ISendSMSNoDR', '60123456782', undefined],
      ['ISendSMSNoDR', '60123456783', undefined],
    ]);
    expect(sandbox.credits('demoezsms')).toBe(997);
  });

  it('remembers a seqno for 24 hours: 1718 until then, accepted after', async () => {
    await start();
    expect((await send({ seqno: 'abc' })).body).toMatch(/^1701:/);
    expect((await send({ seqno: 'abc' }, { method: 'GET' })).body).toBe('1718');
    now += DAY_MS - 1;
    expect((await send({ seqno: 'abc' })).body).toBe('1718');
    now += 1;
    expect((await send({ seqno: 'abc' })).body).toMatch(/^1701:/);
    expect(sandbox.messages).toHaveLength(2);
  });

  it('keeps no seqno for a refused request', async () => {
    await start();
    expect((await send({ seqno: 's1', mobile: '1' })).body).toBe('1705');
    expect((await send({ seqno: 's1' })).body).toMatch(/^1701:/);
  });

  it('reads the dedupe key as seqno or sseqno, the spec spelling it both ways', async () => {
    await start();
    expect((await send({ sseqno: 'both' })).body).toMatch(/^1701:/);
    expect((await send({ seqno: 'both' })).body).toBe('1718');
    expect((await send({ SSEQNO: 'both' }, { method: 'GET' })).body).toBe('1718');
    expect(sandbox.messages.map((message) => message.seqno)).toEqual(['both']);
  });

  it('answers 1718 for a repeated ISendSMSNoDR.aspx group and sends none of it', async () => {
    await start();
    const group = { ...credentials, type: '1', message: 'Sale', mobile: '60123456781,60123456782', seqno: 'g1' };
    expect((await call('/websmsapi/ISendSMSNoDR.aspx', group)).body).toBe('1701');
    expect((await call('/websmsapi/ISendSMSNoDR.aspx', { ...group, mobile: '60123456783' })).body).toBe('1718');
    expect(sandbox.messages.map((message) => message.mobile)).toEqual(['60123456781', '60123456782']);
    expect(sandbox.credits('demoezsms')).toBe(998);
  });

  it('keeps no seqno for a request refused for want of credit', async () => {
    await start({ accounts: [{ ...credentials, credits: 1 }] });
    expect((await send({ seqno: 'poor', message: 'a'.repeat(200) })).body).toBe('1704');
    expect((await send({ seqno: 'poor' })).body).toMatch(/^1701:/);
    expect((await send({ seqno: 'poor' })).body).toBe('1718');
  });

  it('with rememberRefusedSeqno, remembers refused seqnos too', async () => {
    await start({ accounts: [{ ...credentials, credits: 1 }], rememberRefusedSeqno: true });
    expect((await send({ seqno: 'poor', message: 'a'.repeat(200) })).body).toBe('1704');
    expect((await send({ seqno: 'poor' })).body).toBe('1718');
    expect((await send({ sseqno: 'bad', mobile: '1' })).body).toBe('1705');
    expect((await send({ seqno: 'bad' })).body).toBe('1718');
    expect(sandbox.messages).toHaveLength(0);
    expect((await send({ seqno: 'fresh' })).body).toMatch(/^1701:/);
  });

  it('sends a 2D barcode, replacing %barcode%', async () => {
    await start();
    const answer = await call('/websmsapi/ISendSMS2D.aspx', {
      ...credentials,
      mobile: '60123456789',
      message: 'Ticket %barcode%',
      msgtype: 'MMS',
    });
    expect(answer.body).toMatch(/^1701:\d+$/);
    const [message] = sandbox.messages;
    expect(message?.msgType).toBe('mms');
    expect(message?.text).toBe(`Ticket ${message?.barcode}`);
    expect(
      (await call('/websmsapi/ISendSMS2D.aspx', { ...credentials, mobile: '60123456789', message: 'x', msgtype: 'qr' }))
        .body,
    ).toBe('1706');
  });

  it.each([
    ['pair', '0,1000'],
    ['bare', '1000'],
    ['labelled', 'Total Credit Used: 0, Credit Left: 1000'],
  ] as const)('answers creditsLeft.aspx in the %s format', async (creditsLeftFormat, body) => {
    await start({ creditsLeftFormat });
    expect((await call('/websmsapi/creditsLeft.aspx', credentials)).body).toBe(body);
    expect((await call('/websmsapi/creditsLeft.aspx', { ...credentials, password: 'x' })).body).toBe('1702');
  });

  it('transfers credits from a reseller, with the vendor answers', async () => {
    await start();
    const transfer = (params: Record<string, string>) =>
      call('/websmsapi/transferCredits.aspx', { ...credentials, cust: 'customer', Credit: '100', ...params });
    expect((await transfer({ seqno: 't1' })).body).toBe('1707');
    expect((await transfer({ seqno: 't1' })).body).toBe('1718');
    expect((await transfer({ cust: 'ghost' })).body).toBe('1708');
    expect((await transfer({ Credit: '-5' })).body).toBe('1709');
    expect((await transfer({ Credit: 'lots' })).body).toBe('1709');
    expect((await transfer({ Credit: '5000' })).body).toBe('1704');
    expect(sandbox.credits('demoezsms')).toBe(900);
    expect(sandbox.credits('customer')).toBe(100);
    const fromCustomer = await call('/websmsapi/transferCredits.aspx', {
      username: 'customer',
      password: '1234',
      cust: 'demoezsms',
      credit: '1',
    });
    expect(fromCustomer.body).toBe('1708');
  });

  it('answers unknown pages with an HTML 404 and long query strings with an HTML 404.15', async () => {
    await start();
    const missing = await call('/websmsapi/Nope.aspx', credentials);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatch(/^<!DOCTYPE html>/);
    const long = await send({ message: 'x'.repeat(3000) }, { method: 'GET' });
    expect(long.status).toBe(404);
    expect(long.body).toContain('404.15');
    expect((await send({ message: 'x'.repeat(3000) })).body).toMatch(/^1701:/);
  });

  it('logs requests with the password hidden', async () => {
    await start();
    await send({ seqno: 'q' });
    expect(sandbox.requests[0]).toMatchObject({
      mirror: 0,
      method: 'POST',
      path: '/websmsapi/ISendSMS.aspx',
      params: { username: 'demoezsms', password: '***', seqno: 'q' },
    });
  });
});

describe('sandbox faults', () => {
  it('answers any vendor code, for a number of requests', async () => {
    await start({ mirrors: 2 });
    await sandbox.setFault(0, { kind: 'answer', answer: '1703', times: 2 });
    expect((await send({})).body).toBe('1703');
    expect((await send({}, { mirror: 1 })).body).toMatch(/^1701:/);
    expect((await send({})).body).toBe('1703');
    expect((await send({})).body).toMatch(/^1701:/);
    expect(sandbox.messages.map((message) => message.mirror)).toEqual([1, 0]);
  });

  it('serves an HTML 502 page', async () => {
    await start();
    await sandbox.setFault(0, 'html502');
    const answer = await send({});
    expect(answer.status).toBe(502);
    expect(answer.body).toMatch(/^<!DOCTYPE html>/);
    expect(sandbox.messages).toHaveLength(0);
  });

  it('refuses connections until the fault is cleared', async () => {
    await start();
    await sandbox.setFault(0, 'refuse');
    await expect(send({})).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await sandbox.setFault(0, undefined);
    expect((await send({})).body).toMatch(/^1701:/);
  });

  it('resets the connection without processing', async () => {
    await start();
    await sandbox.setFault(0, { kind: 'reset', times: 1 });
    await expect(send({})).rejects.toThrow();
    expect(sandbox.messages).toHaveLength(0);
  });

  it('drops the answer after processing: the message exists, the client saw nothing', async () => {
    await start();
    await sandbox.setFault(0, { kind: 'drop-answer', times: 1 });
    await expect(send({ seqno: 'lost' })).rejects.toThrow();
    expect(sandbox.messages).toHaveLength(1);
    expect((await send({ seqno: 'lost' })).body).toBe('1718');
  });

  it('hangs until the client gives up', async () => {
    await start();
    await sandbox.setFault(0, { kind: 'hang', times: 1 });
    const controller = new AbortController();
    const pending = request(`${sandbox.url}/websmsapi/ISendSMS.aspx?username=demoezsms`, {
      dispatcher: agent,
      signal: controller.signal,
    });
    await waitFor(() => sandbox.requests.length === 1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(sandbox.requests[0]?.answer).toBe('fault:hang');
  });

  it('answers slowly, then normally', async () => {
    await start();
    await sandbox.setFault(0, { kind: 'slow', delayMs: 20, times: 1 });
    expect((await send({})).body).toMatch(/^1701:/);
  });

  it("takes the kit's faults: drop, htmlStatus, vendorCode, resetBeforeRead", async () => {
    await start();
    await sandbox.setFault(0, 'drop');
    await expect(send({ seqno: 'kit' })).rejects.toThrow();
    expect(sandbox.messages).toHaveLength(1);
    await sandbox.setFault(0, { htmlStatus: 504 });
    const page = await send({});
    expect(page.status).toBe(504);
    expect(page.body).toMatch(/^<!DOCTYPE html>/);
    await sandbox.setFault(0, { vendorCode: '1703', times: 1 });
    expect((await send({})).body).toBe('1703');
    await sandbox.setFault(0, 'resetBeforeRead');
    await expect(send({})).rejects.toThrow();
    await sandbox.setFault(0, undefined);
    expect((await send({ seqno: 'kit' })).body).toBe('1718');
    expect(sandbox.requests.map((request) => request.answer)).toEqual([
      expect.stringMatching(/^fault:drop-answer \(1701:\d+\)$/),
      'fault:html504',
      '1703',
      'fault:resetBeforeRead',
      '1718',
    ]);
    expect(sandbox.messages).toHaveLength(1);
    await expect(sandbox.setFault(0, { vendorCode: '-1004' })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });

  it('refuses bad fault settings', async () => {
    await start();
    await expect(sandbox.setFault(3, 'hang')).rejects.toThrow(RangeError);
    await expect(sandbox.setFault(0, { kind: 'hang', times: 0 })).rejects.toThrow(RangeError);
  });

  it('stops with a request hanging', async () => {
    await start();
    await sandbox.setFault(0, 'hang');
    const pending = send({}).catch((error: unknown) => error);
    await waitFor(() => sandbox.requests.length === 1);
    await sandbox.stop();
    expect(await pending).toBeInstanceOf(Error);
  });
});

describe('sandbox callbacks', () => {
  let receiver: CallbackReceiver;

  beforeEach(async () => {
    receiver = await startCallbackReceiver();
  });

  afterEach(async () => {
    await receiver.close();
  });

  it('pushes delivery reports by GET with MsgId, Sender and Status', async () => {
    await start({ callbackUrl: receiver.url('/dr?u=user'), gatewayNumber: '60111111111' });
    const msgId = (await send({})).body.split(':')[1] as string;
    expect(await sandbox.deliver(msgId, 6)).toBe(200);
    const [pushed] = receiver.received;
    expect(pushed?.method).toBe('GET');
    expect(Object.fromEntries(new URL(pushed?.url ?? '').searchParams)).toEqual({
      u: 'user',
      MsgId: msgId,
      Sender: '60111111111',
      Status: '6',
    });
    expect(sandbox.messages[0]?.status).toBe(6);
    await expect(sandbox.deliver('nope', 6)).rejects.toThrow(/no sandbox message/);
  });

  it('pushes a delivery report for every MsgId when autoDeliver is set', async () => {
    await start({ callbackUrl: receiver.url(), autoDeliver: 6 });
    await send({});
    await send({});
    await waitFor(() => receiver.received.length === 2);
    expect(receiver.received.map((pushed) => new URL(pushed.url).searchParams.get('Status'))).toEqual(['6', '6']);
  });

  it('pushes incoming SMS: text as ContentType 1, Unicode as hex with ContentType 2 or 3', async () => {
    await start({ incomingUrl: receiver.url('/in') });
    await sandbox.receive({ from: '+60198765432', to: '60123456789', text: 'Hello there' });
    await sandbox.receive({ from: '60198765432', text: '你好😀' });
    await sandbox.receive({ from: '60198765432', text: 'ABC', unicode: true, contentType: 3 });
    const params = receiver.received.map((pushed) => Object.fromEntries(new URL(pushed.url).searchParams));
    expect(params).toEqual([
      { Shortcode: '60123456789', Sender: '60198765432', ContentType: '1', Msg: 'Hello there' },
      { Shortcode: '60120000000', Sender: '60198765432', ContentType: '2', Msg: '4F60597DD83DDE00' },
      { Shortcode: '60120000000', Sender: '60198765432', ContentType: '3', Msg: '004100420043' },
    ]);
  });
});

describe('sandbox callbacks under load', () => {
  it('pushes at most 4 callbacks at once to a callback URL that never answers, and stops cleanly', async () => {
    const held = new Set<ServerResponse>();
    let most = 0;
    let arrived = 0;
    const hanging = createServer((_, response) => {
      arrived += 1;
      held.add(response);
      most = Math.max(most, held.size);
      response.on('close', () => held.delete(response));
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as AddressInfo;
    try {
      await start({ incomingUrl: `http://127.0.0.1:${port}/in` });
      const pushes = Array.from({ length: 12 }, (_, index) =>
        sandbox.receive({ from: '60198765432', text: `m${index}` }).then(
          () => 'answered',
          (error: Error) => error.message,
        ),
      );
      await waitFor(() => arrived === 4);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(arrived).toBe(4);
      expect(most).toBe(4);
      expect(sandbox.droppedCallbacks).toBe(0);
      await sandbox.stop();
      const outcomes = await Promise.all(pushes);
      expect(outcomes.filter((outcome) => outcome === 'sandbox stopped')).toHaveLength(8);
      expect(outcomes).not.toContain('answered');
      await waitFor(() => held.size === 0);
      expect(arrived).toBe(4);
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });

  it('callbacksIdle() resolves once every queued push is done', async () => {
    const receiver = await startCallbackReceiver();
    try {
      await start({ incomingUrl: receiver.url('/in') });
      const pushes = Array.from({ length: 10 }, () => sandbox.receive({ from: '60198765432', text: 'hi' }));
      await sandbox.callbacksIdle();
      expect(receiver.received).toHaveLength(10);
      expect(await Promise.all(pushes)).toEqual(Array(10).fill(200));
    } finally {
      await receiver.close();
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let round = 0; round < 200; round++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met after 200 rounds');
}
