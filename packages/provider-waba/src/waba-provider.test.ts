import { type OutboundMessage, PesanError, type ProviderV1 } from '@pesan/core';
import { createMockVendor, expectPesanError, type MockVendor } from '@pesan/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ERROR_CODES,
  EXPECTED_MAPPING,
  INSUFFICIENT_CREDITS,
  NOT_AN_ANSWER,
  SUCCESS,
  SUCCESS_ZERO,
} from './__fixtures__/waba-answers.js';
import { WABA_DEFAULT_BASE_URLS } from './waba-options.js';
import { waba } from './waba-provider.js';

const [SMTPAPI, SMTPAPI2, WWW] = WABA_DEFAULT_BASE_URLS;
const credentials = {
  appId: 'app-1',
  appSecret: 'app-secret-XYZ',
  username: 'shop',
  password: 'pa55-word',
  from: '+60 12-345 0000',
};
const to = '+60198765432';

let vendor: MockVendor;

beforeEach(() => {
  vendor = createMockVendor({ contentType: 'application/json' });
});

afterEach(async () => {
  await vendor.close();
});

/** Every request the vendor received, as sent. */
function captured() {
  return vendor.requests.map((request) => ({
    origin: request.origin,
    method: request.method,
    path: request.pathname,
    contentType: request.headers['content-type'] ?? '',
    json: request.json,
  }));
}

/** Answers every send to `origin` with `body` (or each of `body` in turn). */
function answer(origin: string, body: string | string[], options: { status?: number; contentType?: string } = {}) {
  const reply = (text: string) => ({
    body: text,
    status: options.status ?? 200,
    contentType: options.contentType ?? 'application/json',
  });
  vendor.route(origin, '/isms_send_waba.php', Array.isArray(body) ? body.map(reply) : reply(body));
}

function provider() {
  return waba({ ...credentials, dispatcher: vendor.agent });
}

const account = {
  AppId: 'app-1',
  AppSecret: 'app-secret-XYZ',
  un: 'shop',
  pwd: 'pa55-word',
  agreedterm: 'YES',
  ChannelType: 'whatsapp',
};

describe('waba: the outgoing request', () => {
  it('sends a template as the page names its fields, to the first recommended origin', async () => {
    answer(SMTPAPI, SUCCESS);
    const result = await provider().send({
      to: '019-876 5432',
      channel: 'whatsapp',
      template: { name: 'order_update', language: 'ms', params: { '1': 'A-17', '2': 'Jumaat' } },
    });
    expect(captured()).toEqual([
      {
        origin: SMTPAPI,
        method: 'POST',
        path: '/isms_send_waba.php',
        contentType: expect.stringContaining('application/json'),
        json: {
          ...account,
          Type: 'template',
          From: '60123450000',
          To: '60198765432',
          TemplateCode: 'order_update',
          Language: 'ms',
          TemplateParams: { '1': 'A-17', '2': 'Jumaat' },
        },
      },
    ]);
    expect(Object.keys(captured()[0]!.json as object)).toEqual([
      'AppId',
      'AppSecret',
      'un',
      'pwd',
      'agreedterm',
      'ChannelType',
      'Type',
      'From',
      'To',
      'TemplateCode',
      'Language',
      'TemplateParams',
    ]);
    expect(result).toMatchObject({
      status: 'queued',
      messageId: '20231188285',
      provider: 'waba',
      providerType: 'waba',
      to,
      segments: 1,
      raw: { requestId: 'C9122953-5AB1-4F4B-9D3D-0C2B3E4F5A6B', statusCode: 'OK', messageId: '20231188285' },
    });
    expect(result.attempts).toEqual([expect.objectContaining({ endpoint: SMTPAPI, outcome: 'success' })]);
  });

  it('sends a template without params with an empty TemplateParams object', async () => {
    answer(SMTPAPI, SUCCESS);
    await provider().send({ to, channel: 'whatsapp', template: { name: 'hello', language: 'en' } });
    expect(captured()[0]!.json).toMatchObject({ Type: 'template', TemplateParams: {} });
  });

  it('sends free text as Type message with Content', async () => {
    answer(SMTPAPI, SUCCESS);
    await provider().send({ to, channel: 'whatsapp', text: 'Pesanan anda sedang dihantar 🚚' });
    expect(captured()[0]!.json).toEqual({
      ...account,
      Type: 'message',
      From: '60123450000',
      To: '60198765432',
      Content: 'Pesanan anda sedang dihantar 🚚',
    });
  });

  it('sends a file as Type file with fileUrl and fileName, noting the text it cannot carry', async () => {
    answer(SMTPAPI, SUCCESS);
    const result = await provider().send({
      to,
      channel: 'whatsapp',
      text: 'Your invoice',
      media: { url: 'https://files.example.com/inv/A-17.pdf', filename: 'A-17.pdf' },
    });
    expect(captured()[0]!.json).toEqual({
      ...account,
      Type: 'file',
      From: '60123450000',
      To: '60198765432',
      fileUrl: 'https://files.example.com/inv/A-17.pdf',
      fileName: 'A-17.pdf',
    });
    expect(result.notes).toEqual([expect.stringContaining('no caption')]);
  });

  it('uses message.from as the WABA number when given', async () => {
    answer(SMTPAPI, SUCCESS);
    await provider().send({ to, channel: 'whatsapp', text: 'hi', from: '+60 12-999 0000' });
    expect(captured()[0]!.json).toMatchObject({ From: '60129990000' });
  });

  it.each([
    ['http: URL', 'http://files.example.com/a.pdf'],
    ['loopback', 'https://127.0.0.1/a.pdf'],
    ['private network', 'https://192.168.1.10/a.pdf'],
    ['IPv6 loopback', 'https://[::1]/a.pdf'],
    ['localhost', 'https://localhost/a.pdf'],
    ['bare host name', 'https://fileserver/a.pdf'],
    ['credentials', 'https://user:pass@files.example.com/a.pdf'],
    ['ftp', 'ftp://files.example.com/a.pdf'],
  ])('refuses a file at a %s before any request', async (_name, url) => {
    const error = await expectPesanError(
      provider().send({ to, channel: 'whatsapp', media: { url, filename: 'a.pdf' } } as OutboundMessage),
    );
    expect(error).toMatchObject({ code: 'INVALID_MESSAGE', outcome: 'rejected', provider: 'waba' });
    expect(captured()).toEqual([]);
  });

  it('refuses SMS, a template with a file, and too long text before any request', async () => {
    const sends: OutboundMessage[] = [
      { to, text: 'an SMS' },
      {
        to,
        channel: 'whatsapp',
        template: { name: 't', language: 'en' },
        media: { url: 'https://files.example.com/a.pdf', filename: 'a.pdf' },
      },
      { to, channel: 'whatsapp', text: 'x'.repeat(4097) },
      { to: '12345', channel: 'whatsapp', text: 'bad number' },
      { to, channel: 'whatsapp', text: 'hi', from: 'MyShop' },
    ];
    const codes = [];
    for (const message of sends) codes.push((await expectPesanError(provider().send(message))).code);
    expect(codes).toEqual([
      'INVALID_MESSAGE',
      'INVALID_MESSAGE',
      'INVALID_MESSAGE',
      'INVALID_RECIPIENT',
      'INVALID_SENDER',
    ]);
    expect(captured()).toEqual([]);
  });
});

describe('waba: answers', () => {
  it('reads statusCode 0 (a number) as success', async () => {
    answer(SMTPAPI, SUCCESS_ZERO);
    expect(await provider().send({ to, channel: 'whatsapp', text: 'hi' })).toMatchObject({
      messageId: '20231188286',
      raw: { requestId: 'R-2' },
    });
  });

  it.each(Object.entries(ERROR_CODES))('maps %s as the page documents it', async (code, text) => {
    answer(SMTPAPI, JSON.stringify({ statusCode: code, message: text }));
    const error = await expectPesanError(provider().send({ to, channel: 'whatsapp', text: 'hi' }));
    expect(error).toMatchObject({ ...EXPECTED_MAPPING[code], vendorCode: code, vendorMessage: text, provider: 'waba' });
    expect(error.endpoint).toBe(SMTPAPI);
    expect(error.attempts).toEqual([
      expect.objectContaining({
        endpoint: SMTPAPI,
        outcome: EXPECTED_MAPPING[code]!.outcome,
        errorCode: EXPECTED_MAPPING[code]!.code,
      }),
    ]);
    expect(captured()).toHaveLength(1); // a vendor answer is never retried on another origin
  });

  it('reads a numeric code and the page’s own error example', async () => {
    answer(SMTPAPI, [
      '{"statusCode":45010,"message":"outside window"}',
      INSUFFICIENT_CREDITS.replace('\n"message"', '"message"'),
    ]);
    expect(await expectPesanError(provider().send({ to, channel: 'whatsapp', text: 'hi' }))).toMatchObject({
      code: 'OUTSIDE_SESSION_WINDOW',
      vendorCode: '45010',
    });
    expect(await expectPesanError(provider().send({ to, channel: 'whatsapp', text: 'hi' }))).toMatchObject({
      code: 'INSUFFICIENT_CREDIT',
      vendorMessage: 'Insufficient credits',
    });
  });

  it('keeps an undocumented code and message, outcome unknown', async () => {
    answer(SMTPAPI, '{"statusCode":"131047","message":"Re-engagement message"}');
    expect(await expectPesanError(provider().send({ to, channel: 'whatsapp', text: 'hi' }))).toMatchObject({
      code: 'UNKNOWN',
      outcome: 'unknown',
      vendorCode: '131047',
      vendorMessage: 'Re-engagement message',
    });
  });

  it.each(Object.entries(NOT_AN_ANSWER))('never reads %s as success', async (_name, body) => {
    answer(SMTPAPI, body, { contentType: body.startsWith('<') ? 'text/html' : 'application/json' });
    const error = await expectPesanError(provider().send({ to, channel: 'whatsapp', text: 'hi' }));
    expect(error.outcome).toBe('unknown');
    expect(['INVALID_RESPONSE']).toContain(error.code);
    expect(captured()).toHaveLength(1); // at most once: the next origin is not tried
  });
});

describe('waba: origins', () => {
  it('tries the next origin only when the first certainly did not take the message', async () => {
    answer(SMTPAPI, '<html><body>503 Service Unavailable</body></html>', { status: 503, contentType: 'text/html' });
    answer(SMTPAPI2, SUCCESS);
    const result = await provider().send({ to, channel: 'whatsapp', text: 'hi' });
    expect(captured().map((request) => request.origin)).toEqual([SMTPAPI, SMTPAPI2]);
    expect(result.attempts.map((attempt) => [attempt.endpoint, attempt.outcome])).toEqual([
      [SMTPAPI, 'not_sent'],
      [SMTPAPI2, 'success'],
    ]);
  });

  it('stops after a 502 under at-most-once, and moves on under at-least-once', async () => {
    answer(SMTPAPI, '<html>502 Bad Gateway</html>', { status: 502, contentType: 'text/html' });
    answer(SMTPAPI2, SUCCESS);
    const error = await expectPesanError(provider().send({ to, channel: 'whatsapp', text: 'hi' }));
    expect(error.outcome).toBe('unknown');
    expect(captured().map((request) => request.origin)).toEqual([SMTPAPI]);
    const result = await provider().send({ to, channel: 'whatsapp', text: 'hi' }, { delivery: 'at-least-once' });
    expect(result.attempts.at(-1)?.endpoint).toBe(SMTPAPI2);
  });

  it('defaults to the three documented origins, the two recommended first', () => {
    expect(WABA_DEFAULT_BASE_URLS).toEqual([
      'https://smtpapi.vocotext.com',
      'https://smtpapi2.vocotext.com',
      'https://www.isms.com.my',
    ]);
    expect(WWW).toBe('https://www.isms.com.my');
  });
});

describe('waba: options, capabilities and segments', () => {
  it('says honestly what it carries', () => {
    expect(provider().capabilities).toMatchObject({
      channels: ['whatsapp'],
      templates: true,
      files: true,
      inbound: true,
      deliveryReports: true,
      balance: false,
      status: false,
      maxBatch: 1,
    });
    expect((provider() as ProviderV1).getBalance).toBeUndefined();
  });

  it('counts one message whatever the length: WhatsApp is not billed per SMS part', () => {
    expect(provider().segments({ to, channel: 'whatsapp', text: 'x'.repeat(1000) })).toMatchObject({
      segments: 1,
      units: 1000,
    });
    expect(provider().segments({ to, channel: 'whatsapp', template: { name: 't', language: 'en' } }).segments).toBe(1);
  });

  it('lists every bad option without echoing secrets', () => {
    let error: PesanError | undefined;
    try {
      waba({ appId: '', appSecret: 'top-secret', username: 'u', password: 'p', from: '1', colour: 'red' } as never);
    } catch (thrown) {
      error = thrown as PesanError;
    }
    expect(error).toMatchObject({ code: 'INVALID_CONFIG' });
    expect(error?.details?.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^appId/)]));
    expect(error?.message).not.toContain('top-secret');
    expect(() => waba({ ...credentials, from: 'MyShop' })).toThrow(/from: must be the registered WABA phone number/);
  });

  it('keeps its secrets out of JSON and errors', async () => {
    answer(SMTPAPI, '{"statusCode":"1001","message":"Authentication failed"}');
    const instance = provider();
    const error = await expectPesanError(instance.send({ to, channel: 'whatsapp', text: 'hi' }));
    const text = `${JSON.stringify(instance)} ${JSON.stringify(error)} ${error.message}`;
    expect(text).not.toContain('app-secret-XYZ');
    expect(text).not.toContain('pa55-word');
  });
});
