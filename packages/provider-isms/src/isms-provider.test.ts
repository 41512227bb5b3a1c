import { type Attempt, type Logger } from '@pesan/core';
import {
  createMockVendor,
  expectPesanError,
  type MockVendor,
  type MockVendorAnswer,
  type MockVendorReply,
  type MockVendorRequest,
} from '@pesan/core/testing';
import type { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_LINES, EXPECTED_MAPPING, JSON_API_RESULTS } from './__fixtures__/isms-answers.js';
import { ISMS_DEFAULT_BASE_URLS } from './isms-options.js';
import { type IsmsProvider, isms } from './isms-provider.js';

const [SMTPAPI, SMTPAPI2, WWW, WW3] = ISMS_DEFAULT_BASE_URLS;
const PASSWORD = 's3cret-Pa55';

type Captured = MockVendorRequest;

let vendor: MockVendor;
let mockAgent: MockAgent;
let captured: Captured[];

beforeEach(() => {
  vendor = createMockVendor({ contentType: 'text/html; charset=UTF-8' });
  mockAgent = vendor.agent;
  captured = vendor.requests;
});

afterEach(async () => {
  await vendor.close();
});

/** Answers every request to `origin` + `path` (any method, any query) with `answer`. */
function route(origin: string, path: string, answer: MockVendorAnswer) {
  vendor.route(origin, path, answer);
}

function provider(options: Partial<Parameters<typeof isms>[0]> = {}): IsmsProvider {
  return isms({ username: 'myusername', password: PASSWORD, dispatcher: mockAgent, ...options });
}

function form(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}

describe('classic send: the exact request', () => {
  it('POSTs the documented form to the first recommended mirror', async () => {
    route(SMTPAPI, '/isms_send_all_id.php', '2000 = SUCCESS:1143007207');
    // The page's example sends a sender ID to a +60 number; pesan does only when forced (issue 9 case 9).
    const result = await provider({ senderId: 'MyCompany', malaysiaSenderId: 'send' }).send({
      to: '+60 12-345 6789',
      text: 'Hello World',
    });

    expect(captured).toHaveLength(1);
    const [request] = captured;
    expect(request).toMatchObject({ origin: SMTPAPI, method: 'POST', path: '/isms_send_all_id.php' });
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toBe(
      `un=myusername&pwd=${PASSWORD}&dstno=60123456789&msg=Hello+World&type=1&sendid=MyCompany&agreedterm=YES`,
    );
    expect(result).toMatchObject({
      status: 'queued',
      messageId: '1143007207',
      provider: 'isms',
      providerType: 'isms',
      to: '+60123456789',
      segments: 1,
      credits: 1,
      deliveryReports: true,
      raw: '2000 = SUCCESS:1143007207',
    });
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]).toMatchObject({ provider: 'isms', endpoint: SMTPAPI, outcome: 'success' });
  });

  it('sends a GET with the same parameters in the query when method is GET', async () => {
    route(SMTPAPI, '/isms_send_all_id.php', '2000 = SUCCESS:5');
    await provider({ method: 'GET' }).send({ to: '60123456789', text: 'Hi there' });
    const [request] = captured;
    expect(request?.method).toBe('GET');
    expect(request?.body).toBe('');
    expect(request?.headers['content-type']).toBeUndefined();
    const query = new URL(request!.path, 'http://x').searchParams;
    expect(Object.fromEntries(query)).toEqual({
      un: 'myusername',
      pwd: PASSWORD,
      dstno: '60123456789',
      msg: 'Hi there',
      type: '1',
      agreedterm: 'YES',
    });
  });

  it('sends type=2 for text outside GSM-7, and obeys msg.encoding', async () => {
    route(SMTPAPI, '/isms_send_all_id.php', '2000 = SUCCESS:6');
    const sender = provider();
    await sender.send({ to: '+60123456789', text: '你好' });
    await sender.send({ to: '+60123456789', text: 'plain', encoding: 'ucs2' });
    expect(captured.map((request) => form(request.body).type)).toEqual(['2', '2']);
    const forced = await expectPesanError(sender.send({ to: '+60123456789', text: '你好', encoding: 'gsm7' }));
    expect(forced.code).toBe('INVALID_MESSAGE');
    expect(captured).toHaveLength(2);
  });

  it('takes msg.from over the senderId option, and sends no sendid without either', async () => {
    route(SMTPAPI, '/isms_send_all_id.php', '2000 = SUCCESS:7');
    await provider({ senderId: 'Option' }).send({ to: '+6591234567', text: 'a', from: 'Message1' });
    await provider().send({ to: '+6591234567', text: 'b' });
    expect(form(captured[0]!.body).sendid).toBe('Message1');
    expect('sendid' in form(captured[1]!.body)).toBe(false);
  });

  // Issue 9 case 9: "Malaysia Prefix does not support Sender ID".
  it('leaves the sender ID out for Malaysian numbers unless malaysiaSenderId forces it, and says so', async () => {
    route(SMTPAPI, '/isms_send_all_id.php', '2000 = SUCCESS:7');
    const omitted = await provider({ senderId: 'Shop' }).send({ to: '+60123456789', text: 'a' });
    await provider({ senderId: 'Shop', malaysiaSenderId: 'send' }).send({ to: '+60123456789', text: 'b' });
    expect('sendid' in form(captured[0]!.body)).toBe(false);
    expect(omitted.notes).toContainEqual(expect.stringMatching(/sender ID was left out/));
    expect(form(captured[1]!.body).sendid).toBe('Shop');
  });

  // Issue 9 case 6: type 1 is ASCII in the vendor's words.
  it.each([
    ['Price £5', '2'],
    ['café', '2'],
    ['Ärger', '2'],
    ['5 €', '2'],
    ['plain ascii {}[]~^', '1'],
  ])('sends %j as type %s', async (text, type) => {
    route(SMTPAPI, '/isms_send_all_id.php', '2000 = SUCCESS:7');
    const result = await provider().send({ to: '+60123456789', text });
    expect(form(captured[0]!.body).type).toBe(type);
    expect(result.credits).toBe(1);
  });

  it('refuses encoding gsm7 for text that is not ASCII before any request', async () => {
    const error = await expectPesanError(provider().send({ to: '+60123456789', text: 'café', encoding: 'gsm7' }));
    expect(error).toMatchObject({ code: 'INVALID_MESSAGE', provider: 'isms' });
    expect(captured).toHaveLength(0);
  });

  it('uses isms_send.php when asked, reading its answer without an id', async () => {
    route(SMTPAPI, '/isms_send.php', '2000 = SUCCESS');
    const result = await provider({ classicEndpoint: 'isms_send.php' }).send({ to: '+60123456789', text: 'x' });
    expect(result.messageId).toBeUndefined();
    expect(result.deliveryReports).toBe(false);
    expect(result.notes?.[0]).toMatch(/without a transaction id/);
  });
});

describe('classic send: checks before any request', () => {
  it.each([
    ['twelve characters', 'TwelveChars1'],
    ['a space', 'My Company'],
    ['a symbol', 'Shop-A'],
    ['an empty string', ''],
  ])('refuses a sender ID with %s (INVALID_SENDER or INVALID_MESSAGE, rejected)', async (_, from) => {
    const error = await expectPesanError(provider().send({ to: '+60123456789', text: 'x', from }));
    expect(['INVALID_SENDER', 'INVALID_MESSAGE']).toContain(error.code);
    expect(error.outcome).toBe('rejected');
    expect(captured).toHaveLength(0);
  });

  it('refuses a bad senderId option as INVALID_SENDER at send, or INVALID_CONFIG at start', () => {
    expect(() => provider({ senderId: 'bad sender' })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });

  it('refuses a body over maxBodyLength (700 by default) with INVALID_MESSAGE', async () => {
    route(SMTPAPI, '/isms_send_all_id.php', '2000 = SUCCESS:8');
    const error = await expectPesanError(provider().send({ to: '+60123456789', text: 'a'.repeat(701) }));
    expect(error).toMatchObject({ code: 'INVALID_MESSAGE', outcome: 'rejected', provider: 'isms' });
    expect(captured).toHaveLength(0);
    await provider().send({ to: '+60123456789', text: 'a'.repeat(700) });
    await provider({ maxBodyLength: 900 }).send({ to: '+60123456789', text: 'a'.repeat(900) });
    expect(captured).toHaveLength(2);
    await expectPesanError(provider({ maxBodyLength: 900 }).send({ to: '+60123456789', text: 'a'.repeat(901) }));
    expect(captured).toHaveLength(2);
  });

  it('counts the body in characters, so 700 Chinese characters fit', async () => {
    route(SMTPAPI, '/isms_send_all_id.php', '2000 = SUCCESS:9');
    await provider().send({ to: '+60123456789', text: '你'.repeat(700) });
    expect(captured).toHaveLength(1);
  });

  it.each([
    ['two numbers joined by ;', '60123456789;60198765432'],
    ['two numbers joined by ,', '60123456789,60198765432'],
    ['letters', 'sixty'],
    ['too short', '123'],
  ])('refuses a recipient with %s (INVALID_RECIPIENT)', async (_, to) => {
    const error = await expectPesanError(provider().send({ to, text: 'x' }));
    expect(error).toMatchObject({ code: 'INVALID_RECIPIENT', outcome: 'rejected', provider: 'isms' });
    expect(captured).toHaveLength(0);
  });

  it.each([
    ['WhatsApp', { channel: 'whatsapp' as const }],
    ['flash', { flash: true }],
  ])('refuses %s as UNSUPPORTED', async (_, extra) => {
    const error = await expectPesanError(provider().send({ to: '+60123456789', text: 'x', ...extra }));
    expect(error.code).toBe('UNSUPPORTED');
    expect(captured).toHaveLength(0);
  });

  it('refuses binary messages as UNSUPPORTED and empty text as INVALID_MESSAGE', async () => {
    expect((await expectPesanError(provider().send({ to: '+60123456789', binary: { hex: '00ff' } }))).code).toBe(
      'UNSUPPORTED',
    );
    expect((await expectPesanError(provider().send({ to: '+60123456789', text: '' }))).code).toBe('INVALID_MESSAGE');
  });
});

describe('classic send: answers', () => {
  for (const [vendorCode, line] of Object.entries(ERROR_LINES)) {
    it(`maps ${line}`, async () => {
      route(SMTPAPI, '/isms_send_all_id.php', `${line}\r\n`);
      const error = await expectPesanError(provider().send({ to: '+60123456789', text: 'x' }));
      expect(error).toMatchObject({
        ...EXPECTED_MAPPING[vendorCode],
        vendorCode,
        provider: 'isms',
        endpoint: SMTPAPI,
      });
      expect(error.vendorMessage).toBeTruthy();
      expect(captured).toHaveLength(1);
    });
  }

  it('reads an empty body as success without an id', async () => {
    route(SMTPAPI, '/isms_send_all_id.php', '');
    const result = await provider().send({ to: '+60123456789', text: 'x' });
    expect(result.status).toBe('queued');
    expect(result.messageId).toBeUndefined();
  });

  it('reports a PHP warning fragment as INVALID_RESPONSE, outcome unknown, without trying another mirror', async () => {
    route(SMTPAPI, '/isms_send_all_id.php', '<br />\n<b>Warning</b>: something on line 3<br />\n2000 = SUCCESS:1');
    route(SMTPAPI2, '/isms_send_all_id.php', '2000 = SUCCESS:2');
    const error = await expectPesanError(provider().send({ to: '+60123456789', text: 'x' }));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', outcome: 'unknown' });
    expect((error.details!.attempts as Attempt[]).length).toBe(1);
    expect(captured).toHaveLength(1);
  });

  it('reads a 200 HTML page answering a send as INVALID_RESPONSE, outcome unknown, and tries no other mirror', async () => {
    // At most once: the mirror that answered a page may have accepted the SMS,
    // so sending through the next mirror could deliver and bill it twice.
    route(SMTPAPI, '/isms_send_all_id.php', {
      status: 200,
      body: '<!DOCTYPE html><html><body>Bad gateway</body></html>',
    });
    route(SMTPAPI2, '/isms_send_all_id.php', '2000 = SUCCESS:3');
    const error = await expectPesanError(provider().send({ to: '+60123456789', text: 'x' }));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', outcome: 'unknown', endpoint: SMTPAPI });
    expect(error.message).toMatch(/HTML page/);
    expect((error.details!.attempts as Attempt[]).map((attempt) => attempt.endpoint)).toEqual([SMTPAPI]);
    expect(captured.map((request) => request.origin)).toEqual([SMTPAPI]);
  });

  it('reads a 200 HTML page answering a JSON API send as INVALID_RESPONSE, outcome unknown, without failover', async () => {
    route(WWW, '/isms_send_json.php', { status: 200, body: '<html><body>Service busy</body></html>' });
    route(WW3, '/isms_send_json.php', JSON.stringify({ results: [{ dstno: '60123456789', code: 2000, sms_id: '9' }] }));
    const error = await expectPesanError(provider({ api: 'json' }).send({ to: '+60123456789', text: 'x' }));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', outcome: 'unknown' });
    expect(captured.map((request) => request.origin)).toEqual([WWW]);
  });

  // A 4xx page is the web server refusing the request before any script ran: certainly not sent, so the
  // kit moves on to the next mirror (before the kit, the provider stopped there).
  it('reads a 4xx HTML page answering a send as not_sent (the web server refused it) and tries the next mirror', async () => {
    route(SMTPAPI, '/isms_send_all_id.php', { status: 403, body: '<html><body>403 Forbidden</body></html>' });
    route(SMTPAPI2, '/isms_send_all_id.php', '2000 = SUCCESS:3');
    const result = await provider().send({ to: '+60123456789', text: 'x' });
    expect(result.messageId).toBe('3');
    expect(result.attempts.map((attempt) => [attempt.endpoint, attempt.outcome, attempt.errorCode])).toEqual([
      [SMTPAPI, 'not_sent', 'INVALID_RESPONSE'],
      [SMTPAPI2, 'success', undefined],
    ]);
  });

  // Issue 9 cases 1 and 10: an HTML page after the request was written is `unknown` (it may have been
  // taken); only at-least-once moves on to the next mirror.
  it('with at-least-once delivery, an HTML page moves on to the next mirror', async () => {
    route(SMTPAPI, '/isms_send_all_id.php', {
      status: 200,
      body: '<!DOCTYPE html><html><body>Bad gateway</body></html>',
    });
    route(SMTPAPI2, '/isms_send_all_id.php', '2000 = SUCCESS:3');
    const result = await provider().send({ to: '+60123456789', text: 'x' }, { delivery: 'at-least-once' });
    expect(result.messageId).toBe('3');
    expect(result.attempts.map((attempt) => [attempt.endpoint, attempt.outcome])).toEqual([
      [SMTPAPI, 'unknown'],
      [SMTPAPI2, 'success'],
    ]);
  });

  it('balance reads still move on after an HTML page (reading twice is harmless)', async () => {
    route(WWW, '/isms_balance_json.php', { status: 200, body: '<!DOCTYPE html><html><body>Oops</body></html>' });
    route(SMTPAPI, '/isms_balance_json.php', '{"balance":"12.00"}');
    expect((await provider().getBalance()).amount).toBe(12);
    expect(captured.map((request) => request.origin)).toEqual([WWW, SMTPAPI]);
  });

  // Issue 9 case 1: a 502 page says nothing about whether the vendor's script ran.
  it('reports a 502 HTML page from the only mirror as unknown, never as success', async () => {
    route(WWW, '/isms_send_all_id.php', { status: 502, body: '<html><body>2000 = SUCCESS</body></html>' });
    const error = await expectPesanError(provider({ baseUrls: [WWW] }).send({ to: '+60123456789', text: 'x' }));
    expect(error.outcome).toBe('unknown');
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
  });

  it('reads an unreadable 4xx answer as INVALID_RESPONSE, not_sent', async () => {
    route(WWW, '/isms_send_all_id.php', { status: 403, body: 'Forbidden' });
    const error = await expectPesanError(provider({ baseUrls: [WWW] }).send({ to: '+60123456789', text: 'x' }));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', outcome: 'not_sent' });
  });
});

describe('context and secrets', () => {
  it('forwards recordAttempt, endpointGuard and signal to the transport', async () => {
    route(SMTPAPI2, '/isms_send_all_id.php', '2000 = SUCCESS:4');
    const recorded: Attempt[] = [];
    const guard = { allow: (_: string, origin: string) => origin !== SMTPAPI, report: () => {} };
    const result = await provider().send(
      { to: '+60123456789', text: 'x' },
      { recordAttempt: (attempt) => recorded.push(attempt), endpointGuard: guard },
    );
    expect(recorded.map((attempt) => attempt.outcome)).toEqual(['skipped', 'success']);
    expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(['skipped', 'success']);

    const controller = new AbortController();
    controller.abort();
    const aborted = await expectPesanError(
      provider().send({ to: '+60123456789', text: 'x' }, { signal: controller.signal }),
    );
    expect(aborted.outcome).toBe('not_sent');
    expect(captured).toHaveLength(1);
  });

  it('never puts the password in errors, results or logs', async () => {
    const lines: string[] = [];
    const logger: Logger = {
      debug: (message, fields) => lines.push(message, JSON.stringify(fields)),
      info: (message, fields) => lines.push(message, JSON.stringify(fields)),
      warn: (message, fields) => lines.push(message, JSON.stringify(fields)),
      error: (message, fields) => lines.push(message, JSON.stringify(fields)),
    };
    route(SMTPAPI, '/isms_send_all_id.php', { status: 503, body: 'down' });
    route(SMTPAPI2, '/isms_send_all_id.php', ERROR_LINES['-1001']!);
    const get = provider({ method: 'GET', logger });
    const error = await expectPesanError(get.send({ to: '+60123456789', text: 'x' }, { logger }));
    const seen = [error.message, JSON.stringify(error.toJSON()), JSON.stringify(error.details ?? {}), ...lines].join(
      '\n',
    );
    expect(seen).not.toContain(PASSWORD);

    route(WWW, '/isms_send_all_id.php', '2000 = SUCCESS:1');
    const result = await provider({ baseUrls: [WWW], method: 'GET' }).send({ to: '+60123456789', text: 'x' });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);

    const config = await expectPesanError(
      Promise.resolve().then(() => isms({ username: 'u', password: PASSWORD, senderId: 'bad id!' })),
    );
    expect(JSON.stringify(config.toJSON())).not.toContain(PASSWORD);
  });
});

describe('JSON API', () => {
  it('POSTs the documented JSON body to www first (the JSON page recommends www and ww3)', async () => {
    route(WWW, '/isms_send_json.php', {
      body: JSON.stringify({
        total_failed: 0,
        total_credits_used: 1,
        results: [{ dstno: '60123456789', code: 2000, sms_id: '77' }],
      }),
      contentType: 'application/json',
    });
    const result = await provider({ api: 'json', senderId: 'MyCompany', malaysiaSenderId: 'send' }).send({
      to: '+60123456789',
      text: 'Hi Ahmad',
    });
    const [request] = captured;
    expect(request).toMatchObject({ origin: WWW, method: 'POST', path: '/isms_send_json.php' });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request!.body)).toEqual({
      un: 'myusername',
      pwd: PASSWORD,
      type: '1',
      agreedterm: 'YES',
      sendid: 'MyCompany',
      messages: [{ dstno: '60123456789', msg: 'Hi Ahmad' }],
    });
    expect(result).toMatchObject({ status: 'queued', messageId: '77', to: '+60123456789' });
  });

  it('throws the per-recipient error of a single send', async () => {
    route(
      WWW,
      '/isms_send_json.php',
      JSON.stringify({ total_failed: 1, results: [{ dstno: '60123456789', code: -1009, sms_id: '' }] }),
    );
    const error = await expectPesanError(provider({ api: 'json' }).send({ to: '+60123456789', text: 'x' }));
    expect(error).toMatchObject({ code: 'INVALID_RECIPIENT', vendorCode: '-1009', outcome: 'rejected' });
  });

  it('maps -1010 and -1014 request-wide errors', async () => {
    route(WWW, '/isms_send_json.php', (request) =>
      JSON.parse(request.body).messages[0].msg === 'a'
        ? '{"status":"error","code":-1010,"message":"-1010 = MORE THAN 50"}'
        : '{"status":"error","code":-1014,"message":"-1014 = INVALID JSON"}',
    );
    const sender = provider({ api: 'json' });
    expect(await expectPesanError(sender.send({ to: '+60123456789', text: 'a' }))).toMatchObject({
      code: 'INVALID_MESSAGE',
      vendorCode: '-1010',
    });
    expect(await expectPesanError(sender.send({ to: '+60123456789', text: 'b' }))).toMatchObject({
      code: 'INVALID_MESSAGE',
      vendorCode: '-1014',
    });
  });

  it('can use isms_send_bulk_json.php (ww3 first) and read its array answer', async () => {
    route(WW3, '/isms_send_bulk_json.php', '[ "2000 = SUCCESS:1143007207" ]');
    const result = await provider({ api: 'json', jsonEndpoint: 'isms_send_bulk_json.php' }).send({
      to: '+60123456789',
      text: 'x',
    });
    expect(result.messageId).toBe('1143007207');
    expect(captured[0]?.origin).toBe(WW3);
  });
});

describe('sendBulk', () => {
  function jsonAnswer(request: Captured): MockVendorReply {
    const body = JSON.parse(request.body) as { messages: { dstno: string; msg: string }[] };
    return JSON.stringify({
      total_failed: 0,
      total_credits_used: body.messages.filter((message) => message.msg !== 'fail').length,
      results: body.messages.map((message, index) =>
        message.msg === 'fail'
          ? { dstno: message.dstno, code: -1009, sms_id: '' }
          : { dstno: message.dstno, code: 2000, sms_id: `${captured.length}-${index}` },
      ),
    });
  }

  it('JSON: chunks by 50 per type, keeps input order and per-recipient errors', async () => {
    route(WWW, '/isms_send_json.php', jsonAnswer);
    const messages = Array.from({ length: 120 }, (_, index) => ({
      to: `+6012345${String(index).padStart(4, '0')}`,
      text: index === 7 ? 'fail' : index % 3 === 0 ? `你好 ${index}` : `hello ${index}`,
    }));
    messages.splice(60, 0, { to: 'not-a-number', text: 'x' });
    const bulk = await provider({ api: 'json' }).sendBulk(messages);

    expect(bulk.items).toHaveLength(121);
    const sizes = captured.map((request) => JSON.parse(request.body) as { type: string; messages: unknown[] });
    expect(sizes.map((body) => [body.type, body.messages.length])).toEqual([
      ['2', 40],
      ['1', 50],
      ['1', 30],
    ]);
    expect(bulk.totals).toMatchObject({ sent: 119, failed: 2, credits: 119 });
    bulk.items.forEach((item, index) => {
      const input = messages[index]!;
      if (item.ok) expect(item.result.to).toBe(input.to);
      else expect(item.to === input.to || input.to === 'not-a-number').toBe(true);
    });
    const failed = bulk.items.flatMap((item, index) => (item.ok ? [] : [[index, item.error.code]]));
    expect(failed).toEqual([
      [7, 'INVALID_RECIPIENT'],
      [60, 'INVALID_RECIPIENT'],
    ]);
    const local = bulk.items[60];
    expect(local?.ok === false && local.error.vendorCode).toBeUndefined();
  });

  it('JSON: matches results by number when the vendor reorders them', async () => {
    route(WWW, '/isms_send_json.php', (request) => {
      const body = JSON.parse(request.body) as { messages: { dstno: string }[] };
      const results = body.messages.map((message, index) => ({
        dstno: message.dstno,
        code: 2000,
        sms_id: `id-${message.dstno}-${index}`,
      }));
      return JSON.stringify({ results: results.reverse() });
    });
    const bulk = await provider({ api: 'json' }).sendBulk([
      { to: '+60123456781', text: 'a' },
      { to: '+60123456782', text: 'b' },
    ]);
    expect(bulk.items.map((item) => item.ok && item.result.messageId)).toEqual([
      'id-60123456781-0',
      'id-60123456782-1',
    ]);
  });

  it('JSON: a recipient missing from the answer is INVALID_RESPONSE', async () => {
    route(WWW, '/isms_send_json.php', JSON_API_RESULTS);
    const bulk = await provider({ api: 'json' }).sendBulk([
      { to: '+60161234567', text: 'a' },
      { to: '+60199999999', text: 'b' },
    ]);
    expect(bulk.items[0]?.ok).toBe(true);
    expect(bulk.items[1]?.ok === false && bulk.items[1].error.code).toBe('INVALID_RESPONSE');
  });

  it('classic: joins up to 30 numbers per text with ;, one request per distinct text', async () => {
    route(SMTPAPI, '/isms_send_all_id.php', () => `2000 = SUCCESS:${1000 + captured.length}`);
    const messages = [
      ...Array.from({ length: 65 }, (_, index) => ({
        to: `+6012345${String(index).padStart(4, '0')}`,
        text: 'Same text',
      })),
      { to: '+60123450000', text: 'Other text' },
      { to: '+60123450000', text: 'Same text' },
    ];
    const bulk = await provider().sendBulk(messages);
    const requests = captured.map((request) => form(request.body));
    expect(requests.map((request) => [request.msg, request.dstno?.split(';').length])).toEqual([
      ['Same text', 30],
      ['Same text', 30],
      ['Same text', 6],
      ['Other text', 1],
    ]);
    expect(requests[0]?.dstno?.split(';')[0]).toBe('60123450000');
    expect(requests[2]?.dstno?.split(';').at(-1)).toBe('60123450000');
    expect(bulk.totals).toMatchObject({ sent: 67, failed: 0 });
    const first = bulk.items[0];
    expect(first?.ok && first.result.messageId).toBeUndefined();
    expect(first?.ok && first.result.notes?.[0]).toMatch(/per-recipient ids are not available/);
    const other = bulk.items[65];
    expect(other?.ok && other.result.messageId).toBe('1004');
  });

  it('classic: reads one answer line per recipient, by position, with its own trx id or error', async () => {
    route(
      SMTPAPI,
      '/isms_send_all_id.php',
      '2000 = SUCCESS:501\r\n-1009 = INVALID DESTINATION NUMBER\r\n2000 = SUCCESS:503\r\n',
    );
    const bulk = await provider().sendBulk([
      { to: '+60123456781', text: 'Same' },
      { to: '+60123456782', text: 'Same' },
      { to: '+60123456783', text: 'Same' },
    ]);
    expect(captured).toHaveLength(1);
    expect(form(captured[0]!.body).dstno).toBe('60123456781;60123456782;60123456783');
    expect(
      bulk.items.map((item) =>
        item.ok
          ? [item.result.to, item.result.messageId, item.result.deliveryReports]
          : [item.to, item.error.code, item.error.vendorCode],
      ),
    ).toEqual([
      ['+60123456781', '501', true],
      ['+60123456782', 'INVALID_RECIPIENT', '-1009'],
      ['+60123456783', '503', true],
    ]);
    expect(bulk.totals).toMatchObject({ sent: 2, failed: 1, credits: 2 });
  });

  it('classic: reads LF-separated lines and lines without an id', async () => {
    route(SMTPAPI, '/isms_send_all_id.php', '2000 = SUCCESS\n2000 = SUCCESS:7');
    const bulk = await provider().sendBulk([
      { to: '+60123456781', text: 'Same' },
      { to: '+60123456782', text: 'Same' },
    ]);
    const [first, second] = bulk.items;
    expect(first?.ok && [first.result.messageId, first.result.deliveryReports]).toEqual([undefined, false]);
    expect(first?.ok && first.result.notes?.[0]).toMatch(/without a transaction id/);
    expect(second?.ok && second.result.messageId).toBe('7');
  });

  it.each([
    ['fewer lines than recipients', '2000 = SUCCESS:1\r\n2000 = SUCCESS:2'],
    ['more lines than recipients', '2000 = SUCCESS:1\n2000 = SUCCESS:2\n2000 = SUCCESS:3\n2000 = SUCCESS:4'],
    ['a blank line among them', '2000 = SUCCESS:1\n\n2000 = SUCCESS:3'],
    ['a line outside the grammar', '2000 = SUCCESS:1\nOK 2000\n2000 = SUCCESS:3'],
    ['an HTML line', '2000 = SUCCESS:1\n<b>Warning</b>\n2000 = SUCCESS:3'],
  ])('classic: %s is INVALID_RESPONSE, outcome unknown, for every recipient', async (_, body) => {
    route(SMTPAPI, '/isms_send_all_id.php', body);
    const bulk = await provider().sendBulk([
      { to: '+60123456781', text: 'Same' },
      { to: '+60123456782', text: 'Same' },
      { to: '+60123456783', text: 'Same' },
    ]);
    expect(captured).toHaveLength(1);
    expect(bulk.items.map((item) => !item.ok && [item.error.code, item.error.outcome])).toEqual([
      ['INVALID_RESPONSE', 'unknown'],
      ['INVALID_RESPONSE', 'unknown'],
      ['INVALID_RESPONSE', 'unknown'],
    ]);
  });

  it('classic: two answer lines to a single-recipient send are INVALID_RESPONSE', async () => {
    route(SMTPAPI, '/isms_send_all_id.php', '2000 = SUCCESS:1\r\n2000 = SUCCESS:2');
    const error = await expectPesanError(provider().send({ to: '+60123456789', text: 'x' }));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', outcome: 'unknown' });
  });

  it('classic: an error answer fails every recipient of its request, with the vendor code', async () => {
    route(SMTPAPI, '/isms_send_all_id.php', (request) =>
      form(request.body).msg === 'broke' ? ERROR_LINES['-1004']! : '2000 = SUCCESS:1',
    );
    const bulk = await provider().sendBulk([
      { to: '+60123456781', text: 'broke' },
      { to: '+60123456782', text: 'fine' },
      { to: '+60123456783', text: 'broke' },
    ]);
    expect(
      bulk.items.map((item) => (item.ok ? 'ok' : `${item.error.code}:${item.error.vendorCode}:${item.to}`)),
    ).toEqual(['INSUFFICIENT_CREDIT:-1004:+60123456781', 'ok', 'INSUFFICIENT_CREDIT:-1004:+60123456783']);
  });

  it('stops sending after an account-wide failure and reports it for the rest', async () => {
    route(SMTPAPI, '/isms_send_all_id.php', ERROR_LINES['-1001']!);
    const bulk = await provider().sendBulk([
      { to: '+60123456781', text: 'one' },
      { to: '+60123456782', text: 'two' },
      { to: '+60123456783', text: 'three' },
    ]);
    expect(captured).toHaveLength(1);
    expect(
      bulk.items.every((item) => !item.ok && item.error.code === 'AUTH_FAILED' && item.error.outcome === 'not_sent'),
    ).toBe(true);
  });

  it('returns an empty result for no messages', async () => {
    expect(await provider().sendBulk([])).toEqual({ items: [], totals: { sent: 0, failed: 0, credits: 0 } });
  });
});

describe('issue 9: the vendor is believed over local guesses', () => {
  // Case 7: `total_credits_used` is the bill.
  it("uses the JSON answer's total_credits_used for the result's credits", async () => {
    route(WWW, '/isms_send_json.php', {
      body: JSON.stringify({
        total_failed: 0,
        total_credits_used: 3,
        results: [{ dstno: '60123456789', code: 2000, sms_id: '9' }],
      }),
      contentType: 'application/json',
    });
    const result = await provider({ api: 'json' }).send({ to: '+60123456789', text: 'Hi' });
    expect(result.credits).toBe(3);
  });

  it('splits a chunk bill over its messages so the totals are the vendor figure', async () => {
    route(WWW, '/isms_send_json.php', (request) => {
      const body = JSON.parse(request.body) as { messages: { dstno: string }[] };
      return JSON.stringify({
        total_credits_used: 7,
        results: body.messages.map((message, index) => ({ dstno: message.dstno, code: 2000, sms_id: String(index) })),
      });
    });
    const bulk = await provider({ api: 'json' }).sendBulk([
      { to: '+60123456781', text: 'a' },
      { to: '+60123456782', text: 'b' },
      { to: '+60123456783', text: 'c' },
    ]);
    expect(bulk.totals.credits).toBe(7);
  });

  // Case 11: an explicit error marker wins over any other field.
  it('reads a JSON error that also carries results as the error', async () => {
    route(WWW, '/isms_send_json.php', {
      body: JSON.stringify({
        status: 'error',
        code: '-1004',
        message: 'INSUFFICIENT CREDITS',
        results: [{ code: '2000' }],
      }),
      contentType: 'application/json',
    });
    const recorded: Attempt[] = [];
    const error = await expectPesanError(
      provider({ api: 'json' }).send(
        { to: '+60123456789', text: 'Hi' },
        { recordAttempt: (attempt) => recorded.push(attempt) },
      ),
    );
    expect(error).toMatchObject({ code: 'INSUFFICIENT_CREDIT', outcome: 'not_sent', vendorCode: '-1004' });
    // The answered try ends as the vendor's refusal, not as the transport's success.
    const ended = { endpoint: WWW, outcome: 'not_sent', errorCode: 'INSUFFICIENT_CREDIT' };
    expect(recorded).toEqual([expect.objectContaining(ended)]);
    expect(error.attempts).toEqual([expect.objectContaining(ended)]);
  });

  it('reads a balance error that also carries a balance as the error', async () => {
    route(WWW, '/isms_balance_json.php', {
      body: JSON.stringify({ status: 'error', code: '-1001', message: 'AUTHENTICATION FAILED', balance: '0' }),
      contentType: 'application/json',
    });
    const error = await expectPesanError(provider().getBalance());
    expect(error).toMatchObject({ code: 'AUTH_FAILED', vendorCode: '-1001' });
  });

  // Case 5: one error line for many numbers.
  it("applies a whole-request refusal to every number of a ';' request", async () => {
    route(SMTPAPI, '/isms_send_all_id.php', '-1001 = AUTHENTICATION FAILED');
    const bulk = await provider().sendBulk([
      { to: '+60123456781', text: 'same' },
      { to: '+60123456782', text: 'same' },
    ]);
    expect(bulk.items.map((item) => !item.ok && [item.error.code, item.error.outcome])).toEqual([
      ['AUTH_FAILED', 'not_sent'],
      ['AUTH_FAILED', 'not_sent'],
    ]);
  });

  it.each([['-1004 = INSUFFICIENT CREDITS'], ['-1009 = INVALID DESTINATION NUMBER']])(
    "reads %j for a ';' request as unknown for the numbers it does not name",
    async (line) => {
      route(SMTPAPI, '/isms_send_all_id.php', line);
      const bulk = await provider().sendBulk([
        { to: '+60123456781', text: 'same' },
        { to: '+60123456782', text: 'same' },
      ]);
      expect(bulk.items.map((item) => !item.ok && item.error.outcome)).toEqual(['unknown', 'unknown']);
      expect(captured).toHaveLength(1);
    },
  );

  it('reads a JSON request-level refusal for many messages by the same rule', async () => {
    route(
      WWW,
      '/isms_send_json.php',
      JSON.stringify({ status: 'error', code: '-1004', message: 'INSUFFICIENT CREDITS' }),
    );
    const bulk = await provider({ api: 'json' }).sendBulk([
      { to: '+60123456781', text: 'a' },
      { to: '+60123456782', text: 'b' },
    ]);
    expect(bulk.items.map((item) => !item.ok && item.error.outcome)).toEqual(['unknown', 'unknown']);
  });
});

describe('getBalance', () => {
  it('POSTs JSON credentials to isms_balance_json.php on www first', async () => {
    route(WWW, '/isms_balance_json.php', { body: '{"balance":"123.45"}', contentType: 'application/json' });
    const balance = await provider().getBalance();
    expect(balance).toEqual({ provider: 'isms', amount: 123.45, unit: 'credits', raw: { balance: '123.45' } });
    expect(captured[0]).toMatchObject({ origin: WWW, method: 'POST', path: '/isms_balance_json.php' });
    expect(JSON.parse(captured[0]!.body)).toEqual({ un: 'myusername', pwd: PASSWORD });
  });

  it('reads isms_balance.php by GET, and maps vendor errors', async () => {
    route(WWW, '/isms_balance.php', (request) =>
      new URL(request.path, 'http://x').searchParams.get('pwd') === PASSWORD ? '88' : '-1001',
    );
    expect((await provider({ balanceEndpoint: 'isms_balance.php', method: 'GET' }).getBalance()).amount).toBe(88);
    const error = await expectPesanError(
      isms({
        username: 'u',
        password: 'wrong',
        dispatcher: mockAgent,
        balanceEndpoint: 'isms_balance.php',
        method: 'GET',
      }).getBalance(),
    );
    expect(error).toMatchObject({ code: 'AUTH_FAILED', vendorCode: '-1001' });
  });

  it('fails with INVALID_RESPONSE on an unreadable balance', async () => {
    route(WWW, '/isms_balance_json.php', 'you have lots');
    expect((await expectPesanError(provider().getBalance())).code).toBe('INVALID_RESPONSE');
  });
});

describe('segments and capabilities', () => {
  it('bills 153 GSM-7 and 63 Unicode characters per credit', () => {
    const sender = provider();
    expect(sender.segments({ to: '+60123456789', text: 'Hello' })).toMatchObject({
      encoding: 'gsm7',
      segments: 1,
      credits: 1,
    });
    expect(sender.segments({ to: '+60123456789', text: 'a'.repeat(153) })).toMatchObject({
      segments: 1,
      credits: 1,
      perSegment: 153,
    });
    expect(sender.segments({ to: '+60123456789', text: 'a'.repeat(154) })).toMatchObject({ segments: 2, credits: 2 });
    expect(sender.segments({ to: '+60123456789', text: '你'.repeat(63) })).toMatchObject({
      encoding: 'ucs2',
      credits: 1,
    });
    expect(sender.segments({ to: '+60123456789', text: '你'.repeat(64) })).toMatchObject({
      credits: 2,
      perSegment: 63,
    });
    expect(sender.segments({ to: '+60123456789', text: 'abc', encoding: 'ucs2' })).toMatchObject({ encoding: 'ucs2' });
  });

  it('declares honest capabilities per API', () => {
    const classic = provider();
    expect(classic.capabilities).toEqual({
      channels: ['sms'],
      encodings: ['gsm7', 'ucs2'],
      maxBatch: 30,
      personalisedBulk: false,
      flash: false,
      binary: false,
      templates: false,
      files: false,
      balance: true,
      status: false,
      deliveryReports: true,
      inbound: false,
      nativeOtp: false,
      idempotent: false,
      maxCharacters: 700,
    });
    expect(provider({ api: 'json' }).capabilities).toMatchObject({ maxBatch: 50, personalisedBulk: true });
    expect(provider({ maxBodyLength: 900 }).capabilities.maxCharacters).toBe(900);
    expect('getStatus' in classic).toBe(false);
    expect(classic).toMatchObject({ specVersion: 'v1', type: 'isms', id: 'isms' });
  });
});

describe('options', () => {
  it.each([
    ['no password', { username: 'u' }],
    ['an unknown option', { username: 'u', password: 'p', passwrod: 'p' }],
    ['a bad api', { username: 'u', password: 'p', api: 'rest' }],
    [
      'a base URL with a path',
      { username: 'u', password: 'p', baseUrls: ['https://www.isms.com.my/isms_send_all_id.php'] },
    ],
    ['an empty base URL list', { username: 'u', password: 'p', baseUrls: [] }],
    ['a zero maxBodyLength', { username: 'u', password: 'p', maxBodyLength: 0 }],
    ['an unknown region', { username: 'u', password: 'p', defaultRegion: 'XX' }],
  ])('refuses %s with INVALID_CONFIG', (_, options) => {
    expect(() => isms(options as Parameters<typeof isms>[0])).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
  });

  it('takes an id and custom origins in the given order for every endpoint', async () => {
    route('http://127.0.0.1:9', '/isms_balance_json.php', '1');
    const custom = provider({ id: 'isms-primary', baseUrls: ['http://127.0.0.1:9', WWW] });
    expect(custom.id).toBe('isms-primary');
    expect((await custom.getBalance()).provider).toBe('isms-primary');
    expect(captured[0]?.origin).toBe('http://127.0.0.1:9');
  });
});
