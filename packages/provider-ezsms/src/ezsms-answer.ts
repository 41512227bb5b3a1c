/**
 * A vendor answer, read by anchored patterns only: the whole trimmed body must
 * be one return code (`1701` may carry `:<MsgId>`). Anything else is not an
 * answer, and the caller reports `INVALID_RESPONSE` (outcome `unknown`).
 */
export type EzsmsAnswer =
  | { readonly code: '1701'; readonly messageId?: string; readonly body: string }
  | { readonly code: Exclude<EzsmsReturnCode, '1701'>; readonly body: string };

/** Every return code of HTTP spec 1.84, section "SMS Return Code". */
export const EZSMS_RETURN_CODES = [
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
] as const;

/** One documented return code. */
export type EzsmsReturnCode = (typeof EZSMS_RETURN_CODES)[number];

/**
 * The longest answer read, in characters: a return code and its `MsgId` are a
 * few dozen. A longer body is no answer, and no pattern runs on it.
 */
export const EZSMS_ANSWER_MAX_LENGTH = 256;

const SENT_PATTERN = /^1701(?::([!-~]*))?$/;
const CODE_PATTERN = /^(17\d\d)$/;

/** Whether `value` is a documented return code. */
export function isEzsmsReturnCode(value: string): value is EzsmsReturnCode {
  return (EZSMS_RETURN_CODES as readonly string[]).includes(value);
}

/**
 * Reads a vendor answer. Returns `undefined` when the body is not exactly one
 * documented code (after trimming whitespace), so `"1701 OK"`, `"<html>1702"`
 * or `"17021"` are never taken for a code, nor is any body longer than
 * {@link EZSMS_ANSWER_MAX_LENGTH}.
 */
export function parseEzsmsAnswer(body: string): EzsmsAnswer | undefined {
  if (body.length > EZSMS_ANSWER_MAX_LENGTH) return undefined;
  const trimmed = body.trim();
  const sent = SENT_PATTERN.exec(trimmed);
  if (sent) {
    const messageId = sent[1];
    return messageId ? { code: '1701', messageId, body } : { code: '1701', body };
  }
  const code = CODE_PATTERN.exec(trimmed)?.[1];
  if (code === undefined || code === '1701' || !isEzsmsReturnCode(code)) return undefined;
  return { code, body };
}
