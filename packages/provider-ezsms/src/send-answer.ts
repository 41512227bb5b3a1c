import { PesanError } from '@pesan/core';
import { type EzsmsAnswer, parseEzsmsAnswer } from './ezsms-answer.js';
import { ezsmsError } from './ezsms-errors.js';
import type { VendorAnswer } from './vendor-call.js';

/** A send the vendor took: with its `MsgId`, or a `1718` duplicate of an earlier accepted request. */
export type AcceptedSend = { kind: 'accepted'; messageId?: string } | { kind: 'duplicate' };

/**
 * Reads the answer to a send. `1701[:MsgId]` is accepted; `1718` is accepted
 * too when the request carried a seqno (an earlier request with it was
 * accepted within 24 h: a retry, not a failure). Anything else throws the
 * mapped `PesanError`, with the attempts in `details.attempts`.
 */
export function readSendAnswer(answer: VendorAnswer, provider: string, seqno: string | undefined): AcceptedSend {
  const parsed = parseEzsmsAnswer(answer.body);
  if (parsed?.code === '1701')
    return parsed.messageId ? { kind: 'accepted', messageId: parsed.messageId } : { kind: 'accepted' };
  if (parsed?.code === '1718' && seqno !== undefined) return { kind: 'duplicate' };
  throw answerError(parsed, answer, provider);
}

/** The error for an answer that is not a success, with attempts and HTTP status attached. */
export function answerError(parsed: EzsmsAnswer | undefined, answer: VendorAnswer, provider: string): PesanError {
  const details = { attempts: answer.attempts, status: answer.status };
  if (parsed === undefined && (answer.status < 200 || answer.status >= 300)) {
    return new PesanError('PROVIDER_UNAVAILABLE', {
      message: `sms.com.my answered HTTP ${answer.status} without a return code`,
      outcome: 'not_sent',
      provider,
      endpoint: answer.endpoint,
      details: { ...details, body: answer.body.slice(0, 2000) },
    });
  }
  const error = ezsmsError(parsed, { provider, endpoint: answer.endpoint, body: answer.body });
  return error.with({ details: { ...error.details, ...details } });
}
