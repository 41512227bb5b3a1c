import { describe, expect, it } from 'vitest';
import { defineVendorCodes } from '../provider-kit/vendor-codes.js';
import { describeFaultMatrixExpectation, faultMatrixCases } from './fault-matrix-cases.js';

const CODES = defineVendorCodes({
  '9': { code: 'AUTH_FAILED', outcome: 'not_sent', description: 'Bad key' },
});

describe('faultMatrixCases', () => {
  it('lists every transport fault, then one row per vendor code', () => {
    const rows = faultMatrixCases({ vendorCodes: CODES });
    expect(rows.map((row) => row.name)).toEqual([
      'refused',
      'reset before write',
      'reset after write',
      'slow headers',
      'slow body',
      'html 200',
      'html 502',
      'html 503',
      'html 504',
      'truncated answer',
      'content-length mismatch',
      'bad status line',
      'wrong content type',
      'oversized body',
      'vendorCode:9',
    ]);
    expect(rows.at(-1)).toMatchObject({
      fault: { vendorCode: '9' },
      processed: false,
      expect: { outcome: 'not_sent', code: 'AUTH_FAILED' },
    });
  });

  it('makes only the slow cases wait past the short timeout', () => {
    const rows = faultMatrixCases({ timeoutMs: 100 });
    expect(rows.filter((row) => row.short).map((row) => [row.name, row.fault])).toEqual([
      ['slow headers', { slow: 200 }],
      ['slow body', { slowBody: 200 }],
    ]);
  });

  it('applies overrides and skips with their reasons, and refuses one naming no case', () => {
    const rows = faultMatrixCases({
      vendorCodes: CODES,
      vendorCodeFault: (code) => ({ answer: `E${code}` }),
      cases: {
        'vendorCode:9': { expect: { outcome: 'sent' }, reason: 'success here' },
        'html 200': { skip: 'answers HTML on purpose' },
      },
    });
    expect(rows.find((row) => row.name === 'vendorCode:9')).toMatchObject({
      fault: { answer: 'E9' },
      expect: { outcome: 'sent' },
      reason: 'success here',
    });
    expect(rows.find((row) => row.name === 'html 200')?.skip).toBe('answers HTML on purpose');
    expect(() => faultMatrixCases({ cases: { 'html 201': { skip: 'typo' } } })).toThrow(/no case named "html 201"/);
  });

  it('describes expectations in words', () => {
    expect(describeFaultMatrixExpectation({ outcome: 'unknown', code: 'TIMEOUT' })).toBe('unknown TIMEOUT');
    expect(describeFaultMatrixExpectation({ outcome: ['sent', 'unknown'] })).toBe('sent or unknown');
  });
});
