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

const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const GROUPED_NUMBER = String.raw`-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?`;
const BARE = new RegExp(`^(${NUMBER})$`);
const PAIR = new RegExp(`^(${NUMBER})\\s*(?:[,;|/]|\\s)\\s*(${NUMBER})$`);
const LABELLED = new RegExp(`([A-Za-z][A-Za-z _-]{0,40}?)\\s*[:=]\\s*(${GROUPED_NUMBER})(?![\\d.])`, 'g');
const USED_LABEL = /used|spent|consumed/i;
const REMAINING_LABEL = /left|remain|balance|available|credit/i;

/**
 * Reads a `creditsLeft.aspx` answer (already known not to be a return code).
 * Accepted, after trimming:
 *
 * - a bare number: the remaining credit (`1234`, `12.5`);
 * - two numbers separated by `,` `;` `|` `/` or whitespace: used, then
 *   remaining, in the order the spec names them (`120,880`);
 * - labelled numbers in any text (`Used: 120, Remaining: 880`,
 *   `TotalUsed=120&CreditLeft=880`): a label containing used/spent/consumed
 *   is the used count; one containing left/remain/balance/available/credit is
 *   the remaining count. Thousands separators are allowed in this form only.
 *
 * Returns `undefined` for anything else.
 */
export function parseCreditsLeft(body: string): CreditsLeft | undefined {
  const text = body.trim();
  const bare = BARE.exec(text);
  if (bare) return finite({ remaining: Number(bare[1]) });
  const pair = PAIR.exec(text);
  if (pair) return finite({ used: Number(pair[1]), remaining: Number(pair[2]) });
  if (text.length > 2000) return undefined;
  let used: number | undefined;
  let remaining: number | undefined;
  for (const match of text.matchAll(LABELLED)) {
    const label = match[1] ?? '';
    const value = Number((match[2] ?? '').replaceAll(',', ''));
    if (USED_LABEL.test(label)) used ??= value;
    else if (REMAINING_LABEL.test(label)) remaining ??= value;
  }
  if (remaining === undefined) return undefined;
  return finite(used === undefined ? { remaining } : { remaining, used });
}

function finite(credits: CreditsLeft): CreditsLeft | undefined {
  if (!Number.isFinite(credits.remaining)) return undefined;
  if (credits.used !== undefined && !Number.isFinite(credits.used)) return undefined;
  return credits;
}
