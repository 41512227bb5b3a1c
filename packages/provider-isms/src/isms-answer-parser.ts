import { type IsmsErrorAnswer, type IsmsErrorContext, ismsError, ismsInvalidResponse } from './isms-errors.js';

/** A classic send answer read as a success. */
export interface IsmsSuccessAnswer {
  /** The vendor's transaction id (`TRX_ID`), when the answer carried one. */
  readonly trxId?: string;
  /** The answer, trimmed. */
  readonly body: string;
}

/** A line of the vendor's grammar: a success, an error code, or neither. */
export type IsmsAnswerLine =
  | { readonly kind: 'success'; readonly trxId?: string }
  | { readonly kind: 'error'; readonly error: IsmsErrorAnswer };

// `2000 = SUCCESS:<trx_id>`, `2000 = SUCCESS`, `2000 SUCCESS:<id>` (the classic
// page's table) and a bare `2000`. Anchored: nothing may precede or follow.
const SUCCESS_PATTERN = /^2000(?:(?:\s*=\s*|\s+)SUCCESS(?:\s*:\s*([A-Za-z0-9._-]{1,64})?)?)?$/i;
// `-1004`, `-1004 = INSUFFICIENT CREDITS`. The text is one line without markup.
// It starts with a non-space, so the whitespace after `=` can only go to `\s*`:
// `\s*` beside `[^<>\r\n]{0,300}` backtracked 300 steps per space.
const ERROR_PATTERN = /^(-1\d{3})(?:\s*=\s*([^\s<>][^<>\r\n]{0,299})?)?$/;

/**
 * The longest answer line read, in characters: `2000 = SUCCESS:` with a
 * 64-character id, or an error code with 300 characters of text, and room
 * for whitespace. A longer line is refused before any pattern runs.
 */
export const ISMS_ANSWER_LINE_MAX_LENGTH = 512;

/**
 * Reads one answer line by the vendor's grammar. Returns `undefined` for
 * anything else: `"OK 2000"`, `"<html>2000 = SUCCESS"`, `"20000"` are not
 * answers, whatever they contain, and neither is a line longer than
 * {@link ISMS_ANSWER_LINE_MAX_LENGTH}.
 */
export function readIsmsAnswerLine(text: string): IsmsAnswerLine | undefined {
  if (text.length > ISMS_ANSWER_LINE_MAX_LENGTH) return undefined;
  const line = text.trim();
  const success = SUCCESS_PATTERN.exec(line);
  if (success) return success[1] === undefined ? { kind: 'success' } : { kind: 'success', trxId: success[1] };
  const error = ERROR_PATTERN.exec(line);
  if (error?.[1] !== undefined) {
    const message = error[2]?.trim();
    return { kind: 'error', error: message ? { code: error[1], message } : { code: error[1] } };
  }
  return undefined;
}

/**
 * Parses the answer of a classic send (`isms_send_all_id.php`,
 * `isms_send.php`). Success forms: `2000 = SUCCESS:<trx_id>`,
 * `2000 = SUCCESS`, and an empty body (the classic page: "2000 = SUCCESS or
 * EMPTY/BLANK"); surrounding whitespace and CRLF are ignored. A vendor code
 * throws the mapped `PesanError`; anything else (an HTML page, two answers,
 * free text) throws `INVALID_RESPONSE` with outcome `unknown`.
 *
 * Total: for any string it returns a success or throws `PesanError`.
 */
export function parseIsmsAnswer(body: string, context: IsmsErrorContext = {}): IsmsSuccessAnswer {
  const trimmed = body.trim();
  if (trimmed === '') return { body: trimmed };
  const line = readIsmsAnswerLine(trimmed);
  if (line === undefined) throw ismsInvalidResponse(body, context);
  if (line.kind === 'error') throw ismsError(line.error, context);
  return line.trxId === undefined ? { body: trimmed } : { trxId: line.trxId, body: trimmed };
}

/**
 * A classic send's answer for a request with one or more `;`-joined numbers:
 * one answer for the whole request, or one answer line per recipient.
 */
export type IsmsClassicAnswer =
  | {
      /** One answer for the whole request (a success carries at most one trx id). */
      readonly kind: 'one';
      readonly trxId?: string;
      /** The answer, trimmed. */
      readonly body: string;
    }
  | {
      /** One line per recipient, in request order (the classic page: "a corresponding response value for each message"). */
      readonly kind: 'per-recipient';
      readonly lines: readonly IsmsAnswerLine[];
      /** The answer, trimmed. */
      readonly body: string;
    };

/**
 * Parses the answer of a classic send to `recipients` numbers. Accepted:
 *
 * - one answer, as {@link parseIsmsAnswer} reads it (a vendor code throws the
 *   mapped `PesanError` for the whole request);
 * - with more than one recipient, exactly `recipients` lines separated by LF
 *   or CRLF, each one answer in the vendor's anchored grammar, matched to the
 *   numbers by position.
 *
 * Anything else (another number of lines, a blank or unreadable line, a body
 * longer than `recipients` lines of {@link ISMS_ANSWER_LINE_MAX_LENGTH}) throws
 * `INVALID_RESPONSE` with outcome `unknown`. Total: returns or throws `PesanError`.
 */
export function parseIsmsClassicAnswer(
  body: string,
  recipients: number,
  context: IsmsErrorContext = {},
): IsmsClassicAnswer {
  const longest = Math.max(1, recipients) * (ISMS_ANSWER_LINE_MAX_LENGTH + 2);
  if (body.length > longest) {
    throw ismsInvalidResponse(
      body,
      context,
      `${body.length} characters, more than ${recipients} answer line(s) can be`,
    );
  }
  const trimmed = body.trim();
  const lines = trimmed === '' ? [] : trimmed.split(/\r?\n/);
  if (lines.length <= 1) {
    const answer = parseIsmsAnswer(body, context);
    return answer.trxId === undefined
      ? { kind: 'one', body: answer.body }
      : { kind: 'one', trxId: answer.trxId, body: answer.body };
  }
  if (lines.length !== recipients) {
    throw ismsInvalidResponse(body, context, `${lines.length} answer lines for ${recipients} recipient(s)`);
  }
  const read: IsmsAnswerLine[] = [];
  for (const line of lines) {
    const answer = line.trim() === '' ? undefined : readIsmsAnswerLine(line);
    if (answer === undefined) throw ismsInvalidResponse(body, context, 'an answer line that is not an iSMS answer');
    read.push(answer);
  }
  return { kind: 'per-recipient', lines: read, body: trimmed };
}
