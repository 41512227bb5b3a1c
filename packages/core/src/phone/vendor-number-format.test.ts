import { describe, expect, it } from 'vitest';
import { formatPhoneNumber } from './vendor-number-format.js';

describe('formatPhoneNumber', () => {
  it('writes digits without + or E.164 with +', () => {
    expect(formatPhoneNumber('+60123456789', 'digits')).toBe('60123456789');
    expect(formatPhoneNumber('+60123456789', 'plus')).toBe('+60123456789');
  });

  it.each([['60123456789'], ['+60123456789;+60198765432'], ['+60123456789,'], ['012-345 6789'], [''], ['+0123456789']])(
    'refuses %j, which is not E.164',
    (input) => {
      expect(() => formatPhoneNumber(input, 'digits')).toThrow(expect.objectContaining({ code: 'INVALID_RECIPIENT' }));
    },
  );
});
