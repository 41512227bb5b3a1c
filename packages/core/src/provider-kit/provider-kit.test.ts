import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createHttpTransport } from '../http/http-transport.js';
import type { Attempt } from '../provider/v1/attempt.js';
import { expectPesanError } from '../testing/expect-pesan-error.js';
import { defineCapabilities } from './provider-capabilities.js';
import { unrecognisedAnswer } from './unrecognised-answer.js';
import { defineVendorCodes, vendorCodeError } from './vendor-codes.js';
import { VendorConnection } from './vendor-connection.js';
import { VendorDedupeKeys } from './vendor-dedupe-keys.js';

const codes = defineVendorCodes({
  '401': { code: 'AUTH_FAILED', outcome: 'not_sent', wholeRequest: true, description: 'Bad API key' },
  '402': { code: 'INSUFFICIENT_CREDIT', outcome: 'not_sent', description: 'No balance' },
  '500': { code: 'UNKNOWN', outcome: 'unknown', description: 'Vendor internal error' },
});
const origin = { provider: 'acme', vendor: 'Acme', endpoint: 'https://api.acme.example', status: 200 };

describe('vendorCodeError', () => {
  it('maps a code with its outcome, keeping the vendor code and text', () => {
    expect(vendorCodeError(codes, '402', origin, { vendorMessage: 'no money' })).toMatchObject({
      code: 'INSUFFICIENT_CREDIT',
      outcome: 'not_sent',
      vendorCode: '402',
      vendorMessage: 'no money',
      provider: 'acme',
    });
  });

  it('reads an undocumented code as UNKNOWN, outcome unknown', () => {
    expect(vendorCodeError(codes, '999', origin)).toMatchObject({ code: 'UNKNOWN', outcome: 'unknown' });
  });

  it('applies one answer to many recipients only when the code refuses the whole request', () => {
    expect(vendorCodeError(codes, '401', origin, { recipients: 3 }).outcome).toBe('not_sent');
    expect(vendorCodeError(codes, '402', origin, { recipients: 3 }).outcome).toBe('unknown');
    expect(vendorCodeError(codes, '402', origin, { recipients: 1 }).outcome).toBe('not_sent');
  });
});

describe('unrecognisedAnswer', () => {
  it('is unknown after a 2xx answer and not_sent after a 4xx one', () => {
    expect(unrecognisedAnswer('<html>oops</html>', origin)).toMatchObject({
      code: 'INVALID_RESPONSE',
      outcome: 'unknown',
    });
    expect(unrecognisedAnswer('Forbidden', { ...origin, status: 403 })).toMatchObject({
      code: 'INVALID_RESPONSE',
      outcome: 'not_sent',
    });
  });
});

describe('VendorDedupeKeys', () => {
  it('keeps a key across unknown outcomes and moves it on after definite failures', () => {
    const keys = new VendorDedupeKeys({ derive: (seed) => seed });
    expect(keys.keyFor('otp-42')).toBe('otp-42');
    keys.settle(['otp-42'], 'unknown');
    expect(keys.keyFor('otp-42')).toBe('otp-42');
    keys.settle(['otp-42'], 'not_sent');
    expect(keys.keyFor('otp-42')).toBe('otp-42#1');
    keys.settle(['otp-42'], 'rejected');
    expect(keys.keyFor('otp-42')).toBe('otp-42#2');
    keys.settle(['otp-42'], 'success');
    expect(keys.keyFor('otp-42')).toBe('otp-42#2');
  });

  it('remembers a bounded number of keys', () => {
    const keys = new VendorDedupeKeys({ derive: (seed) => seed, maxEntries: 2 });
    keys.settle(['a', 'b', 'c'], 'not_sent');
    expect([keys.keyFor('a'), keys.keyFor('b'), keys.keyFor('c')]).toEqual(['a', 'b#1', 'c#1']);
  });
});

describe('VendorConnection', () => {
  function agent(origin: string, body: string): MockAgent {
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock.get(origin).intercept({ path: '/send', method: 'POST' }).reply(200, body);
    return mock;
  }

  it("sends through the messenger's transport from the context when it has none of its own", async () => {
    const shared = agent('https://api.acme.example', 'shared');
    const connection = new VendorConnection({
      provider: 'acme',
      vendor: 'Acme',
      origins: ['https://api.acme.example'],
    });
    const answer = await connection.call(
      { path: '/send', form: { a: '1' } },
      { transport: createHttpTransport({ dispatcher: shared }) },
    );
    expect(answer.body).toBe('shared');
  });

  it('keeps its own dispatcher over the context transport', async () => {
    const own = agent('https://api.acme.example', 'own');
    const other = agent('https://api.acme.example', 'other');
    const connection = new VendorConnection({
      provider: 'acme',
      vendor: 'Acme',
      origins: ['https://api.acme.example'],
      dispatcher: own,
    });
    const answer = await connection.call(
      { path: '/send', form: { a: '1' } },
      { transport: createHttpTransport({ dispatcher: other }) },
    );
    expect(answer.body).toBe('own');
  });
});

describe('VendorConnection.exchange', () => {
  it("ends the answered try with the vendor's refusal, for the recorder and the error alike", async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock.get('https://api.acme.example').intercept({ path: '/send', method: 'POST' }).reply(200, '402');
    const connection = new VendorConnection({
      provider: 'acme',
      vendor: 'Acme',
      origins: ['https://api.acme.example'],
      dispatcher: mock,
    });
    const recorded: Attempt[] = [];
    const error = await expectPesanError(
      connection.exchange(
        { path: '/send', form: { a: '1' } },
        { recordAttempt: (attempt) => recorded.push(attempt) },
        (answer) => {
          throw vendorCodeError(codes, answer.body, connection.originOf(answer));
        },
      ),
    );
    const expected = { endpoint: 'https://api.acme.example', outcome: 'not_sent', errorCode: 'INSUFFICIENT_CREDIT' };
    expect(recorded).toEqual([expect.objectContaining(expected)]);
    expect(error.attempts).toEqual([expect.objectContaining(expected)]);
  });

  it('records the attempts as they are when the answer is read as a success', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock.get('https://api.acme.example').intercept({ path: '/send', method: 'POST' }).reply(200, '0');
    const connection = new VendorConnection({
      provider: 'acme',
      vendor: 'Acme',
      origins: ['https://api.acme.example'],
      dispatcher: mock,
    });
    const recorded: Attempt[] = [];
    const body = await connection.exchange(
      { path: '/send', form: { a: '1' } },
      { recordAttempt: (attempt) => recorded.push(attempt) },
      (answer) => answer.body,
    );
    expect(body).toBe('0');
    expect(recorded.map((attempt) => attempt.outcome)).toEqual(['success']);
  });
});

describe('defineCapabilities', () => {
  it('defaults every capability to false', () => {
    expect(defineCapabilities({ channels: ['whatsapp'], templates: true })).toEqual({
      channels: ['whatsapp'],
      encodings: [],
      maxBatch: 1,
      personalisedBulk: false,
      flash: false,
      binary: false,
      templates: true,
      files: false,
      balance: false,
      status: false,
      deliveryReports: false,
      inbound: false,
      nativeOtp: false,
      idempotent: false,
    });
  });
});
