import { PesanError } from '@pesan/core';
import { describe, expect, it } from 'vitest';
import { parseEzsmsAnswer } from './ezsms-answer.js';
import { EZSMS_RETURN_CODE_TABLE, ezsmsError } from './ezsms-errors.js';

describe('ezsmsError', () => {
  it.each([
    ['1702', 'AUTH_FAILED', 'not_sent', 'Invalid Username/Password'],
    ['1703', 'PROVIDER_UNAVAILABLE', 'unknown', 'Internal Server Error'],
    ['1704', 'INSUFFICIENT_CREDIT', 'not_sent', 'Insufficient Credits'],
    ['1705', 'INVALID_RECIPIENT', 'rejected', 'Invalid Mobile Number'],
    ['1706', 'INVALID_MESSAGE', 'rejected', 'Invalid Message / Invalid SenderID'],
    ['1708', 'INVALID_RECIPIENT', 'rejected', 'Invalid Account for Credits Transfer'],
    ['1709', 'INVALID_MESSAGE', 'rejected', 'Invalid Credits Value for Credits Transfer'],
    ['1718', 'DUPLICATE', 'rejected', 'Duplicate record received'],
    ['1701:55', 'INVALID_RESPONSE', 'unknown', 'Message Sent Successfully.'],
    ['1707', 'INVALID_RESPONSE', 'unknown', 'Transfer of Credits Successful'],
  ])('maps %s to %s (%s)', (body, code, outcome, vendorMessage) => {
    const error = ezsmsError(parseEzsmsAnswer(body), { provider: 'ezsms-1', endpoint: 'https://www.sms.com.my' });
    expect(PesanError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code,
      outcome,
      vendorCode: body.slice(0, 4),
      vendorMessage,
      provider: 'ezsms-1',
      endpoint: 'https://www.sms.com.my',
    });
  });

  it('maps a body that is no code to INVALID_RESPONSE, outcome unknown, keeping the body', () => {
    const error = ezsmsError(parseEzsmsAnswer('Server busy'), { provider: 'ezsms', body: 'Server busy' });
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.outcome).toBe('unknown');
    expect(error.vendorCode).toBeUndefined();
    expect(error.details).toEqual({ body: 'Server busy' });
  });

  it('has an entry for every documented code', () => {
    expect(Object.keys(EZSMS_RETURN_CODE_TABLE).sort()).toEqual([
      '1701',
      '1702',
      '1703',
      '1704',
      '1705',
      '1706',
      '1707',
      '1708',
      '1709',
      '1718',
    ]);
  });
});
