import { PesanError } from '@pesan/core';

const NUMERIC_SENDER = /^\d{1,13}$/;
const ALPHANUMERIC_SENDER = /^[A-Za-z0-9]{1,11}$/;

/**
 * Whether the vendor accepts `sender`: numeric up to 13 digits, or up to 11
 * letters and digits (spec 1.84, parameter `sender`: "NUMERIC ... a maximum
 * of 13 characters", "Alphanumeric ... up to 11 characters"). Spaces are not
 * alphanumeric: a sender with one would be refused (`1706`) or altered by the
 * network, so it is refused before sending.
 */
export function isValidSenderId(sender: string): boolean {
  return NUMERIC_SENDER.test(sender) || ALPHANUMERIC_SENDER.test(sender);
}

/** Why `sender` is refused, or `undefined` when it is fine. */
export function senderIdProblem(sender: string): string | undefined {
  if (isValidSenderId(sender)) return undefined;
  if (/^\d+$/.test(sender)) return `a numeric sender ID has at most 13 digits, got ${sender.length}`;
  return 'a sender ID is up to 13 digits, or up to 11 letters and digits (no spaces or symbols)';
}

/** Throws `INVALID_SENDER` (outcome `rejected`) before any request when the vendor would refuse `sender`. */
export function assertValidSenderId(sender: string, provider: string): void {
  const problem = senderIdProblem(sender);
  if (problem === undefined) return;
  throw new PesanError('INVALID_SENDER', {
    message: `Invalid sender ID ${JSON.stringify(sender)}: ${problem}`,
    provider,
  });
}
