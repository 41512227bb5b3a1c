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
];
