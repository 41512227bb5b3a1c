import type { CreditsLeft } from '../credits-left-answer.js';

/** `creditsLeft.aspx` answers in the forms the reader accepts, and what they mean. */
export const CREDITS_LEFT_ANSWERS: readonly { body: string; expected: CreditsLeft }[] = [
  { body: '880', expected: { remaining: 880 } },
  { body: '880.50\r\n', expected: { remaining: 880.5 } },
  { body: '120,880', expected: { used: 120, remaining: 880 } },
  { body: '120 | 880', expected: { used: 120, remaining: 880 } },
  { body: '120;880', expected: { used: 120, remaining: 880 } },
  { body: '120 880', expected: { used: 120, remaining: 880 } },
  { body: 'Total Credit Used: 120, Credit Left: 880', expected: { used: 120, remaining: 880 } },
  { body: 'Used=120&Remaining=880', expected: { used: 120, remaining: 880 } },
  { body: 'Credits Left: 1,234.5\r\nCredits Used: 10', expected: { used: 10, remaining: 1234.5 } },
  { body: 'Balance: 42', expected: { remaining: 42 } },
  { body: 'Available = 0', expected: { remaining: 0 } },
  { body: 'Used: 120 Remaining: 880', expected: { used: 120, remaining: 880 } },
  { body: 'Balance=5;Used=1', expected: { used: 1, remaining: 5 } },
  { body: 'Account: 7, Credit Left: 880', expected: { remaining: 880 } },
  { body: 'Credit Left: 880, Balance: 880', expected: { remaining: 880 } },
  { body: '  Used=1,234&Left=5  ', expected: { used: 1234, remaining: 5 } },
];

/** Answers the reader refuses (INVALID_RESPONSE). */
export const UNREADABLE_CREDITS_LEFT_ANSWERS: readonly string[] = [
  '',
  'OK',
  'Used: 120',
  '120,880,5',
  'credits',
  'NaN',
  '1e5',
  'Remaining: abc',
  // Vendor return codes are not balances (getBalance maps them to errors).
  '1701:123',
  // Text around an accepted form: the whole body must be one form.
  'Error: Available balance: 0 (service down)',
  'Credit Left: 880 (approx.)',
  'Used: 120, Left: 880 OK',
  'Balance: 42.',
  'Balance: 42,',
  '<p>Balance: 42</p>',
  'Your balance is 42',
  // Negative numbers.
  '-5',
  '-5,880',
  '120,-880',
  'Balance: -5',
  // A label naming an error, or two different values for one count.
  'Error: 0, Balance: 5',
  'Total Credits: 1000, Credits Left: 880',
  'Used: 1, Spent: 2, Left: 3',
];
