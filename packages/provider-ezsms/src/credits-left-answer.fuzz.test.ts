import { PesanError, type VendorAnswer } from '@pesan/core';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parseCreditsLeft, readCreditsLeftAnswer } from './credits-left-answer.js';

// Fixed seed and 10 000 runs: a failure reproduces, and `pnpm test` stays fast.
const RUNS = { numRuns: 10_000, seed: 12 } as const;

const answer = (body: string, status = 200): VendorAnswer => ({
  body,
  status,
  headers: {},
  endpoint: 'https://www.sms.com.my',
  attempts: [],
});

function outcome<T>(read: () => T): T | PesanError {
  try {
    return read();
  } catch (error) {
    if (!PesanError.isInstance(error)) throw error;
    return error;
  }
}

/**
 * The reader before issue 12, kept as the oracle of the grammar: the rewrite
 * must accept exactly what it accepted (on inputs short enough for its
 * quadratic pattern to be harmless).
 */
function previousParseCreditsLeft(body: string): { remaining: number; used?: number } | undefined {
  const number = String.raw`\d+(?:\.\d+)?`;
  const grouped = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
  const text = body.trim();
  const finite = (credits: { remaining: number; used?: number }) =>
    Number.isFinite(credits.remaining) && (credits.used === undefined || Number.isFinite(credits.used))
      ? credits
      : undefined;
  const bare = new RegExp(`^(${number})$`).exec(text);
  if (bare) return finite({ remaining: Number(bare[1]) });
  const pair = new RegExp(`^(${number})\\s*(?:[,;|/]|\\s)\\s*(${number})$`).exec(text);
  if (pair) return finite({ used: Number(pair[1]), remaining: Number(pair[2]) });
  if (text === '' || text.length > 2000) return undefined;
  const labelled = new RegExp(`([A-Za-z][A-Za-z _-]{0,40}?)\\s*[:=]\\s*(${grouped})`, 'y');
  const separator = /\s*[,;&]\s*|\s+/y;
  let used: number | undefined;
  let remaining: number | undefined;
  let position = 0;
  while (true) {
    labelled.lastIndex = position;
    const match = labelled.exec(text);
    if (match === null) return undefined;
    position = labelled.lastIndex;
    const label = match[1] ?? '';
    const value = Number((match[2] ?? '').replaceAll(',', ''));
    if (/error|fail|invalid|denied|exception|warning/i.test(label)) return undefined;
    if (/used|spent|consumed/i.test(label)) {
      if (used !== undefined && used !== value) return undefined;
      used = value;
    } else if (/left|remain|balance|available|credit/i.test(label)) {
      if (remaining !== undefined && remaining !== value) return undefined;
      remaining = value;
    }
    if (position === text.length) break;
    separator.lastIndex = position;
    if (separator.exec(text) === null) return undefined;
    position = separator.lastIndex;
    if (position === text.length) return undefined;
  }
  if (remaining === undefined) return undefined;
  return finite(used === undefined ? { remaining } : { remaining, used });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** Characters of the grammar and its near misses. */
const grammarCharacter = fc.constantFrom(
  ...'0123456789 \t\r\n,;|/.:=&-_'.split(''),
  'a',
  'L',
  'e',
  'ft',
  'Used',
  'x',
  '<',
);
const nearGrammar = fc.string({ unit: grammarCharacter, maxLength: 30 });
const label = fc.constantFrom('Used', 'Credits used', 'Left', 'Balance', 'CreditLeft', 'Remaining', 'Total', 'Error');
const labelled = fc
  .array(fc.tuple(label, fc.constantFrom(':', '=', ' : ', '\t= '), fc.nat(99_999)), { minLength: 1, maxLength: 4 })
  .chain((pairs) =>
    fc
      .constantFrom(', ', ';', '&', ' ', '\r\n')
      .map((separator) => pairs.map(([name, sign, value]) => `${name}${sign}${value}`).join(separator)),
  );

describe('parseCreditsLeft (fuzz)', () => {
  it('accepts exactly what the reader before issue 12 accepted', () => {
    fc.assert(
      fc.property(fc.oneof(nearGrammar, labelled, fc.string({ maxLength: 30 })), (body) =>
        same(parseCreditsLeft(body), previousParseCreditsLeft(body)),
      ),
      RUNS,
    );
  });

  it('reads two numbers split by any run of whitespace or one separator', () => {
    const gap = fc.string({ unit: fc.constantFrom(' ', '\t', '\n'), maxLength: 6 });
    fc.assert(
      fc.property(
        fc.nat(1e7),
        fc.nat(1e7),
        gap,
        gap,
        fc.constantFrom('', ',', ';', '|', '/'),
        (used, left, a, b, sign) => {
          const body = sign === '' ? `${used} ${a}${left}` : `${used}${a}${sign}${b}${left}`;
          return same(parseCreditsLeft(body), { used, remaining: left });
        },
      ),
      RUNS,
    );
  });
});

describe('readCreditsLeftAnswer (fuzz)', () => {
  it('lets only PesanError escape, and a label naming an error always wins', () => {
    fc.assert(
      fc.property(labelled, fc.constantFrom('Error', 'Failed', 'Invalid user'), fc.nat(9), (body, error, value) => {
        const marked = outcome(() => readCreditsLeftAnswer(answer(`${body}, ${error}: ${value}`), 'ezsms'));
        const reading = outcome(() => readCreditsLeftAnswer(answer(body), 'ezsms'));
        return PesanError.isInstance(marked) && marked.code === 'INVALID_RESPONSE' && reading !== undefined;
      }),
      RUNS,
    );
  });

  it('never reads a balance from a body with a character outside the grammar, nor from a failed request', () => {
    const outside = fc.constantFrom('<', '>', '"', '{', '!', '?', '%', '#', '(', ')');
    fc.assert(
      fc.property(fc.oneof(labelled, nearGrammar), outside, fc.nat(40), (body, character, at) => {
        const position = at % (body.length + 1);
        const mutated = `${body.slice(0, position)}${character}${body.slice(position)}`;
        const read = outcome(() => readCreditsLeftAnswer(answer(mutated), 'ezsms'));
        const failed = outcome(() => readCreditsLeftAnswer(answer(body, 503), 'ezsms'));
        return PesanError.isInstance(read) && PesanError.isInstance(failed);
      }),
      RUNS,
    );
  });
});
