import { type Attempt, PesanError } from '@pesan/core';
import { expectPesanError } from '@pesan/core/testing';
import { describe, expect, it } from 'vitest';
import { type MockAnswer, mockVendor } from './__fixtures__/mock-vendor.js';
import { type EzsmsOptions, ezsms } from './index.js';

const ORIGIN = 'https://www.sms.com.my';

function setup(answers: MockAnswer[], options: Partial<EzsmsOptions> = {}, origins = [ORIGIN]) {
  const vendor = mockVendor(answers, origins);
  const provider = ezsms({
    username: 'demoezsms',
    password: 'p@ss word&1',
    dispatcher: vendor.agent,
    ...options,
  });
  return { provider, requests: vendor.requests };
}

describe('ezsms options', () => {
  it('defaults to the documented origin over HTTPS', async () => {
    const { provider, requests } = setup(['1701:1']);
    await provider.send({ to: '+60123456789', text: 'Hi' });
    expect(requests[0]?.origin).toBe('https://www.sms.com.my');
    expect(provider.id).toBe('ezsms');
    expect(provider.type).toBe('ezsms');
  });

  it('refuses unknown options, bad sender IDs and bad URLs with every problem listed', () => {
    let error: unknown;
    try {
      ezsms({ username: '', password: 'p', sender: 'WAY TOO LONG NAME', baseUrls: ['ftp://x'], typo: 1 } as never);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'INVALID_CONFIG' });
    const problems = (error as PesanError).details?.problems as string[];
    expect(problems.some((problem) => problem.startsWith('username'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('sender'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('baseUrls.0'))).toBe(true);
    expect(problems.some((problem) => problem.includes('typo'))).toBe(true);
  });

  it('declares honest capabilities', () => {
    expect(ezsms({ username: 'u', password: 'p' }).capabilities).toEqual({
      channels: ['sms'],
      encodings: ['gsm7', 'ucs2'],
      maxBatch: 1,
      personalisedBulk: false,
      flash: true,
      binary: true,
      templates: false,
      files: false,
      balance: true,
      status: false,
      deliveryReports: true,
      inbound: true,
      nativeOtp: false,
      idempotent: true,
    });
    expect(ezsms({ username: 'u', password: 'p', bulkMode: 'grouped', bulkChunkSize: 250 }).capabilities.maxBatch).toBe(
      250,
    );
    expect('getStatus' in ezsms({ username: 'u', password: 'p' })).toBe(false);
  });
});

describe('send: the exact request', () => {
  it('POSTs a form to ISendSMS.aspx with the spec parameter names, credentials out of the URL', async () => {
    const { provider, requests } = setup(['1701:1234567']);
    const result = await provider.send({
      to: '+65 9123 4567',
      text: 'Hello & welcome',
      from: 'MyShop',
      idempotencyKey: 'order-42',
      metadata: { orderId: 42 },
    });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.pathname).toBe('/websmsapi/ISendSMS.aspx');
    expect(request?.query).toEqual({});
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.form).toEqual({
      username: 'demoezsms',
      password: 'p@ss word&1',
      message: 'Hello & welcome',
      mobile: '6591234567',
      type: '1',
      sender: 'MyShop',
      // Issue 9 case 8: the spec spells the dedupe parameter both ways.
      seqno: 'order-42',
      sseqno: 'order-42',
    });
    expect(result).toMatchObject({
      status: 'queued',
      messageId: '1234567',
      provider: 'ezsms',
      providerType: 'ezsms',
      to: '+6591234567',
      segments: 1,
      deliveryReports: true,
      raw: '1701:1234567',
      metadata: { orderId: 42 },
    });
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]).toMatchObject({ provider: 'ezsms', endpoint: ORIGIN, outcome: 'success' });
    expect(result.notes).toBeUndefined();
  });

  it('sends no seqno and no sender when there is no idempotencyKey and no sender', async () => {
    const { provider, requests } = setup(['1701:1']);
    await provider.send({ to: '0123456789', text: 'Hi' });
    expect(Object.keys(requests[0]?.form ?? {}).sort()).toEqual(['message', 'mobile', 'password', 'type', 'username']);
  });

  it('uses the provider sender unless the message has its own', async () => {
    const { provider, requests } = setup(['1701:1'], { sender: '60123456789' });
    await provider.send({ to: '+6591234567', text: 'a' });
    await provider.send({ to: '+6591234567', text: 'b', from: 'Other' });
    expect(requests.map((request) => request.form.sender)).toEqual(['60123456789', 'Other']);
  });

  // Issue 9 case 9: "Sender ID is now blocked in Malaysia".
  it('leaves the sender out for Malaysian numbers unless malaysiaSenderId forces it, and says so', async () => {
    const { provider, requests } = setup(['1701:1'], { sender: 'MyShop' });
    const result = await provider.send({ to: '+60123456789', text: 'a' });
    expect('sender' in requests[0]!.form).toBe(false);
    expect(result.notes).toContainEqual(expect.stringMatching(/sender ID was left out/));
    const forced = setup(['1701:1'], { sender: 'MyShop', malaysiaSenderId: 'send' });
    await forced.provider.send({ to: '+60123456789', text: 'a' });
    expect(forced.requests[0]!.form.sender).toBe('MyShop');
  });

  it.each([
    [{ text: 'Flash!', flash: true }, '2', 'Flash!'],
    [{ text: '你好' }, '3', '4F60597D'],
    [{ text: 'ABC', encoding: 'ucs2' as const }, '3', '004100420043'],
    [{ text: '😀', flash: true }, '4', 'D83DDE00'],
    [
      { binary: { hex: '0b0504158a00000003010201', udh: '0605040b8423f0' } },
      '5',
      '0605040B8423F00B0504158A00000003010201',
    ],
    [{ binary: { hex: 'deadbeef' } }, '6', 'DEADBEEF'],
  ])('picks type and body for %j', async (message, type, body) => {
    const { provider, requests } = setup(['1701:1']);
    await provider.send({ to: '+60123456789', ...message });
    expect(requests[0]?.form.type).toBe(type);
    expect(requests[0]?.form.message).toBe(body);
  });

  it('puts everything in the query string with method GET', async () => {
    const { provider, requests } = setup(['1701:9'], { method: 'GET' });
    await provider.send({ to: '+60123456789', text: 'Hi there', idempotencyKey: 'k' });
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.body).toBe('');
    expect(requests[0]?.query).toEqual({
      username: 'demoezsms',
      password: 'p@ss word&1',
      message: 'Hi there',
      mobile: '60123456789',
      type: '1',
      seqno: 'k',
      sseqno: 'k',
    });
  });

  it('derives a hashed seqno from a long idempotencyKey, the same on every retry', async () => {
    const { provider, requests } = setup(['1701:1']);
    const key = '3b241101-e2bb-4255-8caf-4136c566a962';
    await provider.send({ to: '+60123456789', text: 'a', idempotencyKey: key });
    await provider.send({ to: '+60123456789', text: 'a', idempotencyKey: key });
    const [first, second] = requests.map((request) => request.form.seqno);
    expect(first).toMatch(/^[a-z2-7]{20}$/);
    expect(second).toBe(first);
  });
});

describe('send: checks before any request', () => {
  it.each([
    [{ to: '+60123456789', text: 'x', from: 'Sender!' }, 'INVALID_SENDER'],
    [{ to: '+60123456789', text: 'x', from: '12345678901234' }, 'INVALID_SENDER'],
    [{ to: '+60123456789', text: 'x', from: 'ABCDEFGHIJKL' }, 'INVALID_SENDER'],
    [{ to: '+60123456789', text: 'x', from: 'My Shop' }, 'INVALID_SENDER'],
    [{ to: '0123456789;0198765432', text: 'x' }, 'INVALID_RECIPIENT'],
    [{ to: '60123456789,60198765432', text: 'x' }, 'INVALID_RECIPIENT'],
    [{ to: 'not a number', text: 'x' }, 'INVALID_RECIPIENT'],
    [{ to: '+60123456789', text: '' }, 'INVALID_MESSAGE'],
    [{ to: '+60123456789', text: '你好', encoding: 'gsm7' as const }, 'INVALID_MESSAGE'],
    [{ to: '+60123456789', binary: { hex: 'abc' } }, 'INVALID_MESSAGE'],
    [{ to: '+60123456789', binary: { hex: 'cafe', udh: '0500030102' } }, 'INVALID_MESSAGE'],
    [{ to: '+60123456789', binary: { hex: 'cafe', udh: '03000301020304' } }, 'INVALID_MESSAGE'],
    [{ to: '+60123456789', binary: { hex: 'cafe', udh: '0003' } }, 'INVALID_MESSAGE'],
    [{ to: '+60123456789', text: 'x', channel: 'whatsapp' as const }, 'UNSUPPORTED'],
    [{ to: '+60123456789', binary: { hex: '00' }, flash: true }, 'UNSUPPORTED'],
  ])('refuses %j with %s', async (message, code) => {
    const { provider, requests } = setup(['1701:1']);
    const error = await expectPesanError(provider.send(message));
    expect(error.code).toBe(code);
    expect(error.outcome).toBe('rejected');
    expect(error.provider).toBe('ezsms');
    expect(requests).toHaveLength(0);
  });
});

describe('send: sender IDs and UDH', () => {
  it('refuses a sender ID with a space, from a message or the options, before any request', async () => {
    const { provider, requests } = setup(['1701:1']);
    const error = await expectPesanError(provider.send({ to: '+60123456789', text: 'x', from: 'My Shop' }));
    expect(error).toMatchObject({ code: 'INVALID_SENDER', outcome: 'rejected', provider: 'ezsms' });
    expect(requests).toHaveLength(0);
    expect(() => ezsms({ username: 'u', password: 'p', sender: 'My Shop' })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
    const bulk = await provider.sendBulk([{ to: '+60123456789', text: 'x', from: 'My Shop' }]);
    expect(bulk.items[0]?.ok === false && bulk.items[0].error.code).toBe('INVALID_SENDER');
    expect(requests).toHaveLength(0);
  });

  it('sends type 5 when the UDH starts with its own length byte', async () => {
    const { provider, requests } = setup(['1701:1']);
    await provider.send({ to: '+60123456789', binary: { hex: 'cafe', udh: '050003010201' } });
    await provider.send({ to: '+60123456789', binary: { hex: 'cafe', udh: '00' } });
    expect(requests.map((request) => [request.form.type, request.form.message])).toEqual([
      ['5', '050003010201CAFE'],
      ['5', '00CAFE'],
    ]);
  });

  it('refuses a UDH whose length byte is wrong as INVALID_MESSAGE, before any request', async () => {
    const { provider, requests } = setup(['1701:1']);
    const error = await expectPesanError(
      provider.send({ to: '+60123456789', binary: { hex: 'cafe', udh: '0500030102' } }),
    );
    expect(error).toMatchObject({ code: 'INVALID_MESSAGE', outcome: 'rejected', provider: 'ezsms' });
    expect(error.details).toMatchObject({ declaredLength: 5, length: 4 });
    expect(requests).toHaveLength(0);
  });
});

describe('send: every return code', () => {
  it.each([
    ['1702', 'AUTH_FAILED', 'not_sent'],
    // Issue 9 case 4: an internal server error may have sent it.
    ['1703', 'PROVIDER_UNAVAILABLE', 'unknown'],
    ['1704', 'INSUFFICIENT_CREDIT', 'not_sent'],
    ['1705', 'INVALID_RECIPIENT', 'rejected'],
    ['1706', 'INVALID_MESSAGE', 'rejected'],
    ['1707', 'INVALID_RESPONSE', 'unknown'],
    ['1708', 'INVALID_RECIPIENT', 'rejected'],
    ['1709', 'INVALID_MESSAGE', 'rejected'],
    ['1718', 'DUPLICATE', 'rejected'],
  ])('%s fails as %s (%s)', async (body, code, outcome) => {
    const { provider } = setup([`${body}\r\n`]);
    const error = await expectPesanError(provider.send({ to: '+60123456789', text: 'x' }));
    expect(error).toMatchObject({ code, outcome, vendorCode: body, provider: 'ezsms', endpoint: ORIGIN });
    expect(error.details?.attempts as Attempt[]).toHaveLength(1);
  });

  it('1706 keeps the vendor text, which names both message and sender', async () => {
    const { provider } = setup(['1706']);
    const error = await expectPesanError(provider.send({ to: '+60123456789', text: 'x' }));
    expect(error.vendorMessage).toBe('Invalid Message / Invalid SenderID');
  });

  it('1701 without a MsgId is a success without messageId, said in notes', async () => {
    const { provider } = setup(['1701']);
    const result = await provider.send({ to: '+60123456789', text: 'x' });
    expect(result.messageId).toBeUndefined();
    expect(result.deliveryReports).toBe(false);
    expect(result.notes?.[0]).toMatch(/without a MsgId/);
  });

  it('1718 to a send carrying a seqno is success: the first request was accepted', async () => {
    const { provider, requests } = setup(['1701:555', '1718']);
    const first = await provider.send({ to: '+60123456789', text: 'x', idempotencyKey: 'retry-me' });
    const retry = await provider.send({ to: '+60123456789', text: 'x', idempotencyKey: 'retry-me' });
    expect(first.messageId).toBe('555');
    expect(retry.status).toBe('queued');
    expect(retry.messageId).toBeUndefined();
    expect(retry.deliveryReports).toBe(false);
    expect(retry.notes?.join(' ')).toMatch(/1718/);
    expect(requests.map((request) => request.form.seqno)).toEqual(['retry-me', 'retry-me']);
  });

  it.each(['OK', '1701 OK', '17011', 'Error: 1702'])(
    'an unreadable 200 answer %j is INVALID_RESPONSE, outcome unknown',
    async (body) => {
      const { provider } = setup([body]);
      const error = await expectPesanError(provider.send({ to: '+60123456789', text: 'x' }));
      expect(error).toMatchObject({ code: 'INVALID_RESPONSE', outcome: 'unknown' });
    },
  );

  it('a 4xx answer without a code is INVALID_RESPONSE, not_sent (the web server refused it)', async () => {
    const { provider } = setup([{ status: 404, body: 'Not Found' }]);
    const error = await expectPesanError(provider.send({ to: '+60123456789', text: 'x' }));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', outcome: 'not_sent' });
  });

  // Issue 9 case 10: a 200 HTML page after the request was written is `unknown`, never a failover.
  it('a 200 HTML page answering a send is unknown and stops there', async () => {
    const mirrors = ['https://a.example', 'https://b.example'];
    const { provider, requests } = setup(
      [{ status: 200, body: '<!DOCTYPE html><html><body>Runtime Error</body></html>' }, '1701:7'],
      { baseUrls: mirrors },
      mirrors,
    );
    const error = await expectPesanError(provider.send({ to: '+60123456789', text: 'x' }));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', outcome: 'unknown' });
    expect(requests.map((request) => request.origin)).toEqual([mirrors[0]]);
  });

  it('an HTML error page from the first mirror moves on to the next when the request carries a seqno', async () => {
    const mirrors = ['https://a.example', 'https://b.example'];
    const { provider, requests } = setup(
      [{ status: 200, body: '<!DOCTYPE html><html><body>Runtime Error</body></html>' }, '1701:7'],
      { baseUrls: mirrors },
      mirrors,
    );
    const result = await provider.send({ to: '+60123456789', text: 'x', idempotencyKey: 'k-1' });
    expect(requests.map((request) => request.origin)).toEqual(mirrors);
    expect(result.messageId).toBe('7');
    expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(['unknown', 'success']);
  });
});

describe('send: context', () => {
  it('forwards the attempt recorder and the endpoint guard', async () => {
    const mirrors = ['https://a.example', 'https://b.example'];
    const { provider, requests } = setup(['1701:1'], { baseUrls: mirrors }, mirrors);
    const recorded: Attempt[] = [];
    const reports: string[] = [];
    await provider.send(
      { to: '+60123456789', text: 'x' },
      {
        recordAttempt: (attempt) => recorded.push(attempt),
        endpointGuard: {
          allow: (_provider, origin) => origin !== 'https://a.example',
          report: (_provider, origin, result) => reports.push(`${origin} ${result}`),
        },
      },
    );
    expect(recorded.map((attempt) => attempt.outcome)).toEqual(['skipped', 'success']);
    expect(reports).toEqual(['https://b.example success']);
    expect(requests.map((request) => request.origin)).toEqual(['https://b.example']);
  });

  it('stops before any request when the signal is already aborted', async () => {
    const { provider, requests } = setup(['1701:1']);
    const controller = new AbortController();
    controller.abort();
    const error = await expectPesanError(
      provider.send({ to: '+60123456789', text: 'x' }, { signal: controller.signal }),
    );
    expect(error.outcome).toBe('not_sent');
    expect(requests).toHaveLength(0);
  });
});

describe('sendBulk', () => {
  it('per recipient (default): one ISendSMS request each, results in input order, failures as items', async () => {
    const { provider, requests } = setup(['1701:1', '1705', '1701:3'], { bulkConcurrency: 1 });
    const bulk = await provider.sendBulk([
      { to: '+60123456781', text: 'a' },
      { to: '+60123456782', text: 'b' },
      { to: 'nope', text: 'c' },
      { to: '+60123456783', text: 'd' },
    ]);
    expect(requests.map((request) => [request.pathname, request.form.mobile])).toEqual([
      ['/websmsapi/ISendSMS.aspx', '60123456781'],
      ['/websmsapi/ISendSMS.aspx', '60123456782'],
      ['/websmsapi/ISendSMS.aspx', '60123456783'],
    ]);
    expect(bulk.totals).toEqual({ sent: 2, failed: 2 });
    expect(bulk.items[0]).toMatchObject({ ok: true, result: { messageId: '1', to: '+60123456781' } });
    expect(bulk.items[1]).toMatchObject({ ok: false, to: '+60123456782', error: { code: 'INVALID_RECIPIENT' } });
    expect(bulk.items[2]).toMatchObject({ ok: false, to: 'nope', error: { code: 'INVALID_RECIPIENT' } });
    expect(bulk.items[3]).toMatchObject({ ok: true, result: { messageId: '3' } });
  });

  it('grouped: one ISendSMSNoDR request per text, comma-joined, chunked; no MsgId, said in notes', async () => {
    const { provider, requests } = setup(['1701'], { bulkMode: 'grouped', bulkChunkSize: 2, bulkConcurrency: 1 });
    const bulk = await provider.sendBulk([
      { to: '+60123456781', text: 'Sale' },
      { to: '+60123456782', text: 'Other' },
      { to: '+60123456783', text: 'Sale' },
      { to: '+60123456784', text: 'Sale' },
      { to: 'bad', text: 'Sale' },
      { to: '+60123456785', text: 'Sale', flash: true },
    ]);
    expect(requests.map((request) => request.pathname)).toEqual(Array(4).fill('/websmsapi/ISendSMSNoDR.aspx'));
    expect(requests.map((request) => [request.form.mobile, request.form.message, request.form.type])).toEqual([
      ['60123456781,60123456783', 'Sale', '1'],
      ['60123456784', 'Sale', '1'],
      ['60123456782', 'Other', '1'],
      ['60123456785', 'Sale', '2'],
    ]);
    expect(bulk.items.map((item) => item.ok)).toEqual([true, true, true, true, false, true]);
    expect(bulk.totals).toEqual({ sent: 5, failed: 1 });
    const first = bulk.items[0];
    expect(first?.ok && first.result).toMatchObject({
      status: 'queued',
      to: '+60123456781',
      deliveryReports: false,
      raw: '1701',
    });
    expect(first?.ok && first.result.messageId).toBeUndefined();
    expect(first?.ok && first.result.notes?.[0]).toMatch(
      /ISendSMSNoDR\.aspx with 2 recipient\(s\).*no delivery report/,
    );
    expect(requests.every((request) => request.form.seqno === undefined)).toBe(true);
  });

  it('grouped: a number repeated in a group goes in a separate request; results stay in input order', async () => {
    const { provider, requests } = setup(['1701'], { bulkMode: 'grouped', bulkConcurrency: 1 });
    const bulk = await provider.sendBulk([
      { to: '+60123456781', text: 'Sale' },
      { to: '+60123456782', text: 'Sale' },
      { to: '+60123456781', text: 'Sale' },
      { to: '+60123456783', text: 'Sale' },
      { to: '+60123456781', text: 'Sale' },
    ]);
    expect(requests.map((request) => request.form.mobile)).toEqual([
      '60123456781,60123456782,60123456783',
      '60123456781',
      '60123456781',
    ]);
    expect(
      requests.every(
        (request) => request.form.mobile?.split(',').length === new Set(request.form.mobile?.split(',')).size,
      ),
    ).toBe(true);
    expect(bulk.items.map((item) => item.ok && item.result.to)).toEqual([
      '+60123456781',
      '+60123456782',
      '+60123456781',
      '+60123456783',
      '+60123456781',
    ]);
    expect(bulk.items.map((item) => item.ok && item.result.notes?.[0]?.match(/with (\d+) recipient/)?.[1])).toEqual([
      '3',
      '3',
      '1',
      '3',
      '1',
    ]);
  });

  it('grouped: a failing chunk fails each of its messages, other chunks go on', async () => {
    const { provider } = setup(['1704', '1701'], { bulkMode: 'grouped', bulkChunkSize: 2, bulkConcurrency: 1 });
    const bulk = await provider.sendBulk([
      { to: '+60123456781', text: 'A' },
      { to: '+60123456782', text: 'A' },
      { to: '+60123456783', text: 'B' },
    ]);
    expect(bulk.items.map((item) => (item.ok ? 'ok' : item.error.code))).toEqual([
      'INSUFFICIENT_CREDIT',
      'INSUFFICIENT_CREDIT',
      'ok',
    ]);
    expect(bulk.items[1]).toMatchObject({ ok: false, to: '+60123456782' });
  });

  it('grouped: a chunk whose messages all have keys carries a stable seqno, and 1718 is success', async () => {
    const { provider, requests } = setup(['1701', '1718'], { bulkMode: 'grouped' });
    const messages = [
      { to: '+60123456781', text: 'A', idempotencyKey: 'c-1' },
      { to: '+60123456782', text: 'A', idempotencyKey: 'c-2' },
    ];
    await provider.sendBulk(messages);
    const retry = await provider.sendBulk(messages);
    expect(requests[0]?.form.seqno).toMatch(/^[a-z2-7]{20}$/);
    expect(requests[1]?.form.seqno).toBe(requests[0]?.form.seqno);
    expect(retry.totals).toEqual({ sent: 2, failed: 0 });
  });
});

describe('getBalance', () => {
  it.each([
    ['880', { amount: 880 }],
    ['120,880', { amount: 880, used: 120 }],
    ['Total Credit Used: 120, Credit Left: 880', { amount: 880, used: 120 }],
  ])('reads %j', async (body, expected) => {
    const { provider, requests } = setup([body]);
    const balance = await provider.getBalance();
    expect(balance).toEqual({ provider: 'ezsms', unit: 'credits', raw: body, ...expected });
    expect(requests[0]?.pathname).toBe('/websmsapi/creditsLeft.aspx');
    expect(requests[0]?.form).toEqual({ username: 'demoezsms', password: 'p@ss word&1' });
  });

  it('reads 1702 as AUTH_FAILED, and something else as INVALID_RESPONSE', async () => {
    expect(await expectPesanError(setup(['1702']).provider.getBalance())).toMatchObject({ code: 'AUTH_FAILED' });
    expect(await expectPesanError(setup(['Welcome']).provider.getBalance())).toMatchObject({
      code: 'INVALID_RESPONSE',
    });
  });

  it('reads 1703 as PROVIDER_UNAVAILABLE, keeping the vendor code', async () => {
    // Balance reads repeat harmlessly; the code is the same as for a send.
    expect(await expectPesanError(setup(['1703']).provider.getBalance())).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      vendorCode: '1703',
    });
  });

  it.each(['1704', '1705', '1706', '1707', '1708', '1709', '1718', ' 1704\r\n'])(
    'reads a bare %j as that vendor code (INVALID_RESPONSE), never as a balance',
    async (body) => {
      const error = await expectPesanError(setup([body]).provider.getBalance());
      expect(error).toMatchObject({ code: 'INVALID_RESPONSE', vendorCode: body.trim(), provider: 'ezsms' });
      expect(error.vendorMessage).toBeTruthy();
    },
  );

  it.each([
    'Error: Available balance: 0 (service down)',
    '-5',
    'Balance: -5',
    '-5,880',
    'Credit Left: 880 (approx.)',
    'Used: 120, Left: 880 OK',
    'Error: 0, Balance: 5',
  ])('refuses %j as INVALID_RESPONSE', async (body) => {
    expect(await expectPesanError(setup([body]).provider.getBalance())).toMatchObject({ code: 'INVALID_RESPONSE' });
  });
});

describe('transferCredits', () => {
  it('posts cust, Credit and seqno to the configured path and reads 1707', async () => {
    const { provider, requests } = setup(['1707'], { transferPath: '/websmsapi/TransferCredit.aspx' });
    const result = await provider.transferCredits({ customer: 'shop1', credits: 500, idempotencyKey: 'topup-1' });
    expect(requests[0]?.pathname).toBe('/websmsapi/TransferCredit.aspx');
    expect(requests[0]?.form).toEqual({
      username: 'demoezsms',
      password: 'p@ss word&1',
      cust: 'shop1',
      Credit: '500',
      seqno: 'topup-1',
      sseqno: 'topup-1',
    });
    expect(result).toMatchObject({
      provider: 'ezsms',
      customer: 'shop1',
      credits: 500,
      status: 'transferred',
      seqno: 'topup-1',
    });
  });

  it('uses the documented default guess for the path', async () => {
    const { provider, requests } = setup(['1707']);
    await provider.transferCredits({ customer: 'shop1', credits: 1 });
    expect(requests[0]?.pathname).toBe('/websmsapi/transferCredits.aspx');
  });

  it.each([
    ['1708', 'INVALID_RECIPIENT'],
    ['1709', 'INVALID_MESSAGE'],
    ['1702', 'AUTH_FAILED'],
    ['1701:1', 'INVALID_RESPONSE'],
  ])('reads %s as %s', async (body, code) => {
    const error = await expectPesanError(setup([body]).provider.transferCredits({ customer: 'shop1', credits: 1 }));
    expect(error).toMatchObject({ code, vendorCode: body.slice(0, 4) });
  });

  it('reads 1718 as a duplicate when a seqno was sent', async () => {
    const result = await setup(['1718']).provider.transferCredits({ customer: 's', credits: 1, idempotencyKey: 'k' });
    expect(result.status).toBe('duplicate');
  });

  it.each([
    { customer: '', credits: 1 },
    { customer: 'a,b', credits: 1 },
    { customer: 'a', credits: 0 },
    { customer: 'a', credits: 1.5 },
  ])('refuses %j before any request', async (transfer) => {
    const { provider, requests } = setup(['1707']);
    expect(await expectPesanError(provider.transferCredits(transfer))).toMatchObject({ code: 'INVALID_MESSAGE' });
    expect(requests).toHaveLength(0);
  });
});

describe('sendBarcode', () => {
  it('posts to ISendSMS2D.aspx with msgtype and reads the MsgId', async () => {
    // The sender is left out: the recipient is Malaysian (issue 9 case 9).
    const { provider, requests } = setup(['1701:88'], { sender: 'Shop' });
    const result = await provider.sendBarcode({
      to: '+60123456789',
      text: 'Your ticket: %barcode%',
      msgType: 'mms',
      idempotencyKey: 'ticket-9',
    });
    expect(requests[0]?.pathname).toBe('/websmsapi/ISendSMS2D.aspx');
    expect(requests[0]?.form).toEqual({
      username: 'demoezsms',
      password: 'p@ss word&1',
      message: 'Your ticket: %barcode%',
      mobile: '60123456789',
      msgtype: 'mms',
      seqno: 'ticket-9',
      sseqno: 'ticket-9',
    });
    expect(result).toMatchObject({ status: 'queued', messageId: '88', deliveryReports: true });
  });

  it('refuses an unknown msgType before any request', async () => {
    const { provider, requests } = setup(['1701:1']);
    const error = await expectPesanError(
      provider.sendBarcode({ to: '+60123456789', text: 'x', msgType: 'qr' as never }),
    );
    expect(error.code).toBe('INVALID_MESSAGE');
    expect(requests).toHaveLength(0);
  });
});
