import { PesanError } from '@pesan/core';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { ISMS_ANSWER_LINE_MAX_LENGTH, parseIsmsAnswer, parseIsmsClassicAnswer } from './isms-answer-parser.js';

// Fixed seed and 10 000 runs: a failure reproduces, and `pnpm test` stays fast.
const RUNS = { numRuns: 10_000, seed: 12 } as const;

/** The answer, or the PesanError it threw; anything else thrown fails the property. */
function outcome<T>(read: () => T): T | PesanError {
  try {
    return read();
  } catch (error) {
    if (!PesanError.isInstance(error)) throw error;
    return error;
  }
}

const space = fc.constantFrom('', ' ', '  ', '\t', ' \t ');
const idCharacter = fc.constantFrom(...'AZaz09._-'.split(''), ...'Kk7'.split(''));
const trxId = fc.string({ unit: idCharacter, minLength: 1, maxLength: 64 });
/** `2000`, `2000 = SUCCESS`, `2000 SUCCESS:<id>`, ... in any case, with whitespace where the grammar allows it. */
const success = fc
  .record({
    form: fc.constantFrom('bare', 'equals', 'space'),
    word: fc.constantFrom('SUCCESS', 'success', 'Success'),
    id: fc.option(trxId, { nil: undefined }),
    a: space,
    b: space,
    c: space,
  })
  .map(({ form, word, id, a, b, c }) => {
    if (form === 'bare') return { line: '2000', id: undefined };
    const separator = form === 'equals' ? `${a}=${b}` : ` ${a}`;
    return { line: `2000${separator}${word}${id === undefined ? '' : `${b}:${c}${id}`}`, id };
  });
const errorCode = fc.integer({ min: 1000, max: 1999 }).map((code) => `-${code}`);
const vendorText = fc.constantFrom('INSUFFICIENT CREDITS', 'AUTHENTICATION FAILED', 'X', 'a {"quoted"} #1');
const error = fc
  .record({ code: errorCode, text: fc.option(vendorText, { nil: undefined }), a: space, b: space })
  .map(({ code, text, a, b }) => ({ line: text === undefined ? code : `${code}${a}=${b}${text}`, code }));
/** A grammar line with something outside the grammar before or after it. */
const mutated = fc
  .record({
    line: fc.oneof(
      success.map((answer) => answer.line),
      error.map((answer) => answer.line),
    ),
    junk: fc.constantFrom('<', 'OK ', 'x', '#', '20000', '\u0000', '{', '"'),
  })
  .chain(({ line, junk }) => fc.constantFrom(`${junk}${line}`, `${line}<`, `${line}<br>`, `${line}\n${junk}`));

describe('parseIsmsAnswer (fuzz)', () => {
  it('reads every success of the grammar, with its trx id', () => {
    fc.assert(
      fc.property(success, space, space, ({ line, id }, before, after) => {
        return parseIsmsAnswer(`${before}${line}${after}\r\n`).trxId === id;
      }),
      RUNS,
    );
  });

  it('throws the vendor code of every error of the grammar', () => {
    fc.assert(
      fc.property(error, ({ line, code }) => {
        const thrown = outcome(() => parseIsmsAnswer(line));
        return PesanError.isInstance(thrown) && thrown.vendorCode === code;
      }),
      RUNS,
    );
  });

  it('lets only PesanError escape, and reads no success outside the grammar', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 80 }), mutated, fc.string({ unit: 'binary', maxLength: 40 })),
        (body) => {
          const answer = outcome(() => parseIsmsAnswer(body));
          if (PesanError.isInstance(answer)) return true;
          const trimmed = body.trim();
          // Success is an empty body or a line starting with 2000 and ending in SUCCESS or its id.
          if (trimmed === '') return true;
          if (!/^2000(?:\s|=|$)/.test(trimmed) || trimmed.length > ISMS_ANSWER_LINE_MAX_LENGTH) return false;
          return answer.trxId !== undefined ? trimmed.endsWith(answer.trxId) : /(?:^2000|SUCCESS|:)$/i.test(trimmed);
        },
      ),
      RUNS,
    );
  });
});

describe('parseIsmsClassicAnswer (fuzz)', () => {
  const line = fc.oneof(
    success.map(({ line, id }) => ({ line, ok: true as const, id })),
    error.map(({ line }) => ({ line, ok: false as const, id: undefined })),
  );

  it('matches one grammar line per recipient, in order, and refuses another count', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 2, maxLength: 30 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const body = lines.map((entry) => entry.line).join(eol);
        const answer = parseIsmsClassicAnswer(body, lines.length);
        if (answer.kind !== 'per-recipient') return false;
        const kinds = answer.lines.map((entry) => (entry.kind === 'success' ? entry.trxId : 'error'));
        if (kinds.join('|') !== lines.map((entry) => (entry.ok ? entry.id : 'error')).join('|')) return false;
        const wrong = outcome(() => parseIsmsClassicAnswer(body, lines.length + 1));
        return PesanError.isInstance(wrong) && wrong.code === 'INVALID_RESPONSE';
      }),
      RUNS,
    );
  });

  it('lets only PesanError escape, and refuses a body with a line outside the grammar', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 5 }), mutated, fc.nat(5), (lines, bad, at) => {
        const all = lines.map((entry) => entry.line);
        all.splice(at % (all.length + 1), 0, bad);
        const body = all.join('\n');
        return PesanError.isInstance(outcome(() => parseIsmsClassicAnswer(body, body.split('\n').length)));
      }),
      RUNS,
    );
  });
});
