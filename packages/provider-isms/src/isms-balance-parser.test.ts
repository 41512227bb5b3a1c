import { PesanError } from '@pesan/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsmsBalanceAnswer } from './isms-balance-parser.js';

describe('parseIsmsBalanceAnswer', () => {
  it.each([
    ['a bare number', '123.45', 123.45],
    ['a bare integer with CRLF', '500\r\n', 500],
    ['a JSON string', '"88.5"', 88.5],
    ['{ balance: number }', '{"balance":123}', 123],
    ['{ balance: string }', '{"balance":"123.00"}', 123],
    ['{ credit }', '{"credit":"7"}', 7],
    ['{ credits }', '{"status":"ok","credits":42.5}', 42.5],
    ['{ Balance } in another case', '{"Balance":"9"}', 9],
    ['zero', '0', 0],
  ])('reads %s', (_, body, amount) => {
    expect(parseIsmsBalanceAnswer(body).amount).toBe(amount);
  });

  it.each([
    ['-1001', 'AUTH_FAILED'],
    ['-1001 = AUTHENTICATION FAILED', 'AUTH_FAILED'],
    ['{"status":"error","code":-1003,"message":"IP NOT ALLOWED"}', 'IP_NOT_ALLOWED'],
    ['{"balance":"-1002"}', 'ACCOUNT_SUSPENDED'],
  ])('maps the vendor error %s', (body, code) => {
    expect(() => parseIsmsBalanceAnswer(body)).toThrow(expect.objectContaining({ code }));
  });

  it.each([
    ['HTML', '<html>123</html>'],
    ['text', 'balance is 12'],
    ['a negative number', '-5'],
    ['an object without a balance', '{"amount":1}'],
    ['a non-numeric balance', '{"balance":"lots"}'],
    ['an array', '[1]'],
    ['empty', ''],
  ])('fails with INVALID_RESPONSE on %s', (_, body) => {
    expect(() => parseIsmsBalanceAnswer(body)).toThrow(expect.objectContaining({ code: 'INVALID_RESPONSE' }));
  });

  it('returns a finite non-negative amount or throws PesanError (property)', () => {
    const bodies = fc.oneof(
      fc.string(),
      fc.double().map(String),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc
        .record(
          { balance: fc.oneof(fc.string(), fc.double(), fc.integer()), credit: fc.anything() },
          { requiredKeys: [] },
        )
        .map((value) => JSON.stringify(value)),
    );
    fc.assert(
      fc.property(bodies, (body) => {
        try {
          const { amount } = parseIsmsBalanceAnswer(body);
          expect(Number.isFinite(amount) && amount >= 0).toBe(true);
        } catch (error) {
          expect(PesanError.isInstance(error)).toBe(true);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
