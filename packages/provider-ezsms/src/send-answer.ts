import type { PesanError, VendorAnswer } from '@pesan/core';
import { type EzsmsAnswer, parseEzsmsAnswer } from './ezsms-answer.js';
import { ezsmsError } from './ezsms-errors.js';

/** A send the vendor took: with its `MsgId`, or a `1718` duplicate of an earlier accepted request. */
export type AcceptedSend = { kind: 'accepted'; messageId?: string } | { kind: 'duplicate' };

/**
 * Reads the answer to a send. `1701[:MsgId]` is accepted; `1718` is accepted
 * too when the request carried a seqno (an earlier request with it was
 * accepted within 24 h: a retry, not a failure). Anything else throws the
 * mapped `PesanError` with the request's attempts; `recipients` is how many
 * numbers the request carried.
 */
export function readSendAnswer(
  answer: VendorAnswer,
  provider: string,
  seqno: string | undefined,
  recipients = 1,
): AcceptedSend {
  const parsed = parseEzsmsAnswer(answer.body);
  if (parsed?.code === '1701')
    return parsed.messageId ? { kind: 'accepted', messageId: parsed.messageId } : { kind: 'accepted' };
  if (parsed?.code === '1718' && seqno !== undefined) return { kind: 'duplicate' };
  throw answerError(parsed, answer, provider, recipients);
}

/** The error for an answer that is not a success, with the request's attempts and HTTP status. */
export function answerError(
  parsed: EzsmsAnswer | undefined,
  answer: VendorAnswer,
  provider: string,
  recipients = 1,
): PesanError {
  const error = ezsmsError(parsed, {
    provider,
    endpoint: answer.endpoint,
    body: answer.body,
    status: answer.status,
    recipients,
  });
  return error.with({ attempts: answer.attempts, details: { ...error.details, status: answer.status } });
}
