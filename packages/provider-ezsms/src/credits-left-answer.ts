import type { VendorAnswer } from '@pesan/core';
import { PesanError } from '@pesan/core';
import { EZSMS_RETURN_CODES, type EzsmsReturnCode, parseEzsmsAnswer } from './ezsms-answer.js';
import { EZSMS_RETURN_CODE_TABLE } from './ezsms-errors.js';
import { answerError } from './send-answer.js';

/**
 * What `creditsLeft.aspx` said. The spec only says the page gives "the total
 * credit used till date and total remaining", not the format, so the reader
 * accepts the forms a page like it plausibly writes and nothing else.
 */
export interface CreditsLeft {
  /** Credits remaining. */
  remaining: number;
  /** Credits used to date, when the answer says. */
  used?: number;
}

/**
 * The longest `creditsLeft.aspx` answer read, in characters. Every accepted
 * form is a few dozen characters; a longer body is refused before any pattern
 * runs, so a hostile or broken page costs no more than this to read.
 */
export const CREDITS_LEFT_MAX_LENGTH = 512;

// Non-negative only: a negative balance is not a form the page is known to write.
const NUMBER = String.raw`\d+(?:\.\d+)?`;
const GROUPED_NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const BARE = new RegExp(`^(${NUMBER})$`);
// `\s*[,;|/]\s*` or `\s+`, never `\s*\s\s*`: a run of whitespace must split only
// one way, or "1" + spaces + "x" backtracks quadratically.
const PAIR = new RegExp(`^(${NUMBER})(?:\\s*[,;|/]\\s*|\\s+)(${NUMBER})$`);
// Sticky: each match must start exactly where the previous one ended. The
// label ends in a non-space, so the whitespace before `:` belongs to `\s*`
// alone (a lazy label of spaces beside `\s*` split every run many ways).
const LABELLED_PAIR = new RegExp(`([A-Za-z](?:[A-Za-z _-]{0,39}[A-Za-z_-])?)\\s*[:=]\\s*(${GROUPED_NUMBER})`, 'y');
const SEPARATOR = /\s*[,;&]\s*|\s+/y;
const USED_LABEL = /used|spent|consumed/i;
const REMAINING_LABEL = /left|remain|balance|available|credit/i;
const ERROR_LABEL = /error|fail|invalid|denied|exception|warning/i;

/**
 * Reads a `creditsLeft.aspx` answer. Every accepted form must be the **whole**
 * trimmed body; numbers are non-negative (`-5` is refused):
 *
 * - a bare number: the remaining credit (`1234`, `12.5`);
 * - two numbers separated by `,` `;` `|` `/` or whitespace: used, then
 *   remaining, in the order the spec names them (`120,880`);
 * - `label: number` or `label=number` pairs separated by `,` `;` `&` or
 *   whitespace and nothing else (`Used: 120, Remaining: 880`,
 *   `TotalUsed=120&CreditLeft=880`): a label containing used/spent/consumed is
 *   the used count; one containing left/remain/balance/available/credit is the
 *   remaining count; other labels are ignored. Thousands separators are
 *   allowed in this form only. A remaining count is required; two different
 *   values for the same count, or a label naming an error
 *   (`Error: 0`), refuse the whole answer.
 *
 * Returns `undefined` for anything else: `Error: Available balance: 0 (service
 * down)` is not a balance, whatever numbers it contains, and a body longer
 * than {@link CREDITS_LEFT_MAX_LENGTH} is none of these forms.
 */
export function parseCreditsLeft(body: string): CreditsLeft | undefined {
  if (body.length > CREDITS_LEFT_MAX_LENGTH) return undefined;
  const text = body.trim();
  const bare = BARE.exec(text);
  if (bare) return finite({ remaining: Number(bare[1]) });
  const pair = PAIR.exec(text);
  if (pair) return finite({ used: Number(pair[1]), remaining: Number(pair[2]) });
  return parseLabelled(text);
}

function parseLabelled(text: string): CreditsLeft | undefined {
  if (text === '') return undefined;
  let used: number | undefined;
  let remaining: number | undefined;
  let position = 0;
  while (true) {
    LABELLED_PAIR.lastIndex = position;
    const match = LABELLED_PAIR.exec(text);
    if (match === null) return undefined;
    position = LABELLED_PAIR.lastIndex;
    const label = match[1] ?? '';
    const value = Number((match[2] ?? '').replaceAll(',', ''));
    if (ERROR_LABEL.test(label)) return undefined;
    if (USED_LABEL.test(label)) {
      if (used !== undefined && used !== value) return undefined;
      used = value;
    } else if (REMAINING_LABEL.test(label)) {
      if (remaining !== undefined && remaining !== value) return undefined;
      remaining = value;
    }
    if (position === text.length) break;
    SEPARATOR.lastIndex = position;
    if (SEPARATOR.exec(text) === null) return undefined;
    position = SEPARATOR.lastIndex;
    if (position === text.length) return undefined;
  }
  if (remaining === undefined) return undefined;
  return finite(used === undefined ? { remaining } : { remaining, used });
}

function finite(credits: CreditsLeft): CreditsLeft | undefined {
  if (!Number.isFinite(credits.remaining)) return undefined;
  if (credits.used !== undefined && !Number.isFinite(credits.used)) return undefined;
  return credits;
}

/**
 * The documented return codes a bare `creditsLeft.aspx` answer is read as,
 * never as a balance of that many credits. `1701` is not among them: it is a
 * send's success and reads as the number 1701.
 */
export const CREDITS_LEFT_RETURN_CODES: ReadonlySet<EzsmsReturnCode> = new Set(
  EZSMS_RETURN_CODES.filter((code) => code !== '1701'),
);

// Codes that mean the same to a balance read as to a send.
const BALANCE_MEANINGFUL_CODES: ReadonlySet<EzsmsReturnCode> = new Set<EzsmsReturnCode>(['1702', '1703']);

/**
 * Reads a `creditsLeft.aspx` answer or throws `PesanError`: a bare `1702` is
 * `AUTH_FAILED` and `1703` `PROVIDER_UNAVAILABLE`, as for a send; any other
 * bare documented code (`1704`-`1709`, `1718`) answers no balance question,
 * so it is `INVALID_RESPONSE` keeping `vendorCode`; a body that is no
 * accepted form, or longer than {@link CREDITS_LEFT_MAX_LENGTH} characters, is
 * `INVALID_RESPONSE` (`not_sent` for a 4xx status).
 */
export function readCreditsLeftAnswer(answer: VendorAnswer, provider: string): CreditsLeft {
  const code = parseEzsmsAnswer(answer.body);
  if (code !== undefined && CREDITS_LEFT_RETURN_CODES.has(code.code)) {
    if (BALANCE_MEANINGFUL_CODES.has(code.code)) throw answerError(code, answer, provider);
    const entry = EZSMS_RETURN_CODE_TABLE[code.code];
    throw new PesanError('INVALID_RESPONSE', {
      message: `sms.com.my answered ${code.code} (${entry.description}) to creditsLeft.aspx, which is not a balance`,
      vendorCode: code.code,
      vendorMessage: entry.description,
      provider,
      endpoint: answer.endpoint,
      details: { attempts: answer.attempts, status: answer.status },
    });
  }
  const success = answer.status >= 200 && answer.status < 300;
  const credits = success ? parseCreditsLeft(answer.body) : undefined;
  if (credits !== undefined) return credits;
  if (!success) throw answerError(undefined, answer, provider);
  const what =
    answer.body.length > CREDITS_LEFT_MAX_LENGTH
      ? `${answer.body.length} characters, longer than any credit count (${CREDITS_LEFT_MAX_LENGTH})`
      : 'something that is not a credit count';
  throw new PesanError('INVALID_RESPONSE', {
    message: `sms.com.my creditsLeft.aspx answered ${what}: ${JSON.stringify(answer.body.slice(0, 200))}`,
    provider,
    endpoint: answer.endpoint,
    details: { attempts: answer.attempts, body: answer.body.slice(0, 2000) },
  });
}
