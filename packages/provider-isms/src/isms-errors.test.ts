import { ERROR_CODES } from '@pesan/core';
import { describe, expect, it } from 'vitest';
import { EXPECTED_MAPPING } from './__fixtures__/isms-answers.js';
import { ISMS_ERROR_CODES, ismsError, ismsInvalidResponse } from './isms-errors.js';

describe('ISMS_ERROR_CODES', () => {
  it('covers every documented code -1000 … -1014 (there is no -1011)', () => {
    expect(Object.keys(ISMS_ERROR_CODES).sort()).toEqual(Object.keys(EXPECTED_MAPPING).sort());
  });

  it('maps only to stable pesan codes', () => {
    for (const entry of Object.values(ISMS_ERROR_CODES)) expect(Object.keys(ERROR_CODES)).toContain(entry.code);
  });
});

describe('ismsError', () => {
  for (const [vendorCode, expected] of Object.entries(EXPECTED_MAPPING)) {
    it(`${vendorCode} → ${expected.code} (${expected.outcome})`, () => {
      const error = ismsError({ code: vendorCode, message: 'TEXT' }, { provider: 'p', endpoint: 'https://e' });
      expect(error).toMatchObject({
        code: expected.code,
        outcome: expected.outcome,
        vendorCode,
        vendorMessage: 'TEXT',
        provider: 'p',
        endpoint: 'https://e',
      });
      expect(error.message).toContain(vendorCode);
    });
  }

  it('reads -1008 in a JSON per-recipient result as INVALID_RECIPIENT (JSON API page meaning)', () => {
    const error = ismsError({ code: '-1008' }, { scope: 'recipient' });
    expect(error.code).toBe('INVALID_RECIPIENT');
    expect(error.outcome).toBe('rejected');
    expect(error.vendorCode).toBe('-1008');
    expect(ismsError({ code: '-1008' }).code).toBe('MISSING_PARAMETER');
  });

  it('keeps undocumented codes as UNKNOWN with outcome unknown', () => {
    expect(ismsError({ code: '-1099' })).toMatchObject({ code: 'UNKNOWN', outcome: 'unknown', vendorCode: '-1099' });
  });
});

describe('ismsInvalidResponse', () => {
  it('names HTML pages and keeps a bounded body', () => {
    const error = ismsInvalidResponse(`<html>${'x'.repeat(5000)}`);
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.outcome).toBe('unknown');
    expect(error.message).toContain('HTML');
    expect((error.details!.body as string).length).toBe(2000);
  });
});
