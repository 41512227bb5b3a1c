import { describe, expect, it } from 'vitest';
import { assertValidSenderId, isValidSenderId } from './sender-id.js';

describe('sender ID rules', () => {
  it.each(['1', '60123456789', '6012345678901', 'A', 'MyShop', 'MyShop123', 'ABCDEFGHIJK', '1a'])(
    'accepts %j',
    (sender) => {
      expect(isValidSenderId(sender)).toBe(true);
    },
  );

  it.each([
    '',
    '60123456789012',
    'ABCDEFGHIJKL',
    '+60123456789',
    'Shop!',
    'My Shop',
    'My Shop 123',
    'A B',
    ' Shop',
    'Shop ',
    'Kedai Ümmü',
    'a,b',
    'a;b',
  ])('refuses %j', (sender) => {
    expect(isValidSenderId(sender)).toBe(false);
    expect(() => assertValidSenderId(sender, 'ezsms')).toThrow(
      expect.objectContaining({ code: 'INVALID_SENDER', outcome: 'rejected', provider: 'ezsms' }),
    );
  });
});
