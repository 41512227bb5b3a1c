import { PesanError } from '@pesan/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BULK_JSON_LINES, JSON_API_ERROR, JSON_API_RESULTS } from './__fixtures__/isms-answers.js';
import { parseIsmsJsonAnswer } from './isms-json-answer-parser.js';

describe('parseIsmsJsonAnswer', () => {
  it('reads the isms_send_json.php results shape', () => {
    const answer = parseIsmsJsonAnswer(JSON_API_RESULTS);
    expect(answer.totalCreditsUsed).toBe(2);
    expect(answer.totalFailed).toBe(0);
    expect(answer.recipients).toEqual([
      { ok: true, dstno: '60161234567', trxId: '1143007207' },
      { ok: true, dstno: '60121234567', trxId: '1143007208' },
    ]);
  });

  it('reads per-recipient errors, -1008 as INVALID_RECIPIENT there', () => {
    const answer = parseIsmsJsonAnswer(
      JSON.stringify({
        total_failed: 2,
        total_credits_used: 1,
        results: [
          { dstno: '60161234567', code: '2000', sms_id: 7 },
          { dstno: '6016', code: -1009, sms_id: '' },
          { dstno: '6017', code: '-1008' },
        ],
      }),
    );
    expect(answer.recipients[0]).toEqual({ ok: true, dstno: '60161234567', trxId: '7' });
    const [, second, third] = answer.recipients;
    expect(second?.ok === false && second.error.code).toBe('INVALID_RECIPIENT');
    expect(second?.ok === false && second.error.vendorCode).toBe('-1009');
    expect(third?.ok === false && third.error.code).toBe('INVALID_RECIPIENT');
    expect(third?.ok === false && third.error.vendorCode).toBe('-1008');
  });

  it('reads the isms_send_bulk_json.php array of classic answers', () => {
    const answer = parseIsmsJsonAnswer(BULK_JSON_LINES);
    expect(answer.recipients.map((recipient) => recipient.ok && recipient.trxId)).toEqual([
      '1143007207',
      '1143007209',
      '1143007205',
    ]);
    const mixed = parseIsmsJsonAnswer('["2000 = SUCCESS:1", "-1009 = INVALID DESTINATION NUMBER", "huh"]');
    expect(mixed.recipients.map((recipient) => (recipient.ok ? 'ok' : recipient.error.code))).toEqual([
      'ok',
      'INVALID_RECIPIENT',
      'INVALID_RESPONSE',
    ]);
  });

  it('throws request-wide errors: the JSON error object and a classic error line', () => {
    expect(() => parseIsmsJsonAnswer(JSON_API_ERROR)).toThrow(
      expect.objectContaining({
        code: 'INSUFFICIENT_CREDIT',
        vendorCode: '-1004',
        vendorMessage: '-1004 = INSUFFICIENT CREDITS',
      }),
    );
    expect(() => parseIsmsJsonAnswer('{"status":"error","code":"-1010","message":"too many"}')).toThrow(
      expect.objectContaining({ code: 'INVALID_MESSAGE', vendorCode: '-1010', outcome: 'rejected' }),
    );
    expect(() => parseIsmsJsonAnswer('{"status":"error","code":-1014}')).toThrow(
      expect.objectContaining({ code: 'INVALID_MESSAGE', vendorCode: '-1014' }),
    );
    expect(() => parseIsmsJsonAnswer('-1001 = AUTHENTICATION FAILED')).toThrow(
      expect.objectContaining({ code: 'AUTH_FAILED', outcome: 'not_sent' }),
    );
    expect(() => parseIsmsJsonAnswer('-1001')).toThrow(expect.objectContaining({ code: 'AUTH_FAILED' }));
  });

  it.each([
    ['HTML', '<html><body>{"results":[]}</body></html>'],
    ['an object without results', '{"ok":true}'],
    ['null', 'null'],
    ['empty', ''],
    ['a success line', '2000 = SUCCESS:1'],
  ])('throws INVALID_RESPONSE for %s', (_, body) => {
    expect(() => parseIsmsJsonAnswer(body)).toThrow(
      expect.objectContaining({ code: 'INVALID_RESPONSE', outcome: 'unknown' }),
    );
  });

  it('returns or throws PesanError for any input (property)', () => {
    const entry = fc.oneof(
      fc.string(),
      fc.record(
        {
          dstno: fc.oneof(fc.string(), fc.integer()),
          code: fc.oneof(fc.integer(), fc.string()),
          sms_id: fc.anything(),
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
    );
    const bodies = fc.oneof(
      fc.string(),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.array(entry, { maxLength: 5 }).map((entries) => JSON.stringify(entries)),
      fc.array(entry, { maxLength: 5 }).map((results) => JSON.stringify({ results, total_credits_used: 1 })),
      fc
        .record({ status: fc.string(), code: fc.anything(), message: fc.anything() })
        .map((value) => JSON.stringify(value)),
    );
    fc.assert(
      fc.property(bodies, (body) => {
        try {
          const answer = parseIsmsJsonAnswer(body);
          for (const recipient of answer.recipients) {
            if (!recipient.ok) expect(PesanError.isInstance(recipient.error)).toBe(true);
          }
        } catch (error) {
          expect(PesanError.isInstance(error)).toBe(true);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
