import { PesanError } from '@pesan/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLASSIC_SUCCESS, ERROR_LINES, EXPECTED_MAPPING, HTML_PAGE } from './__fixtures__/isms-answers.js';
import { parseIsmsAnswer, parseIsmsClassicAnswer, readIsmsAnswerLine } from './isms-answer-parser.js';

function failure(body: string): PesanError {
  try {
    parseIsmsAnswer(body, { provider: 'isms', endpoint: 'https://www.isms.com.my' });
  } catch (error) {
    expect(PesanError.isInstance(error)).toBe(true);
    return error as PesanError;
  }
  throw new Error(`expected ${JSON.stringify(body)} to fail`);
}

describe('parseIsmsAnswer: success forms', () => {
  it('reads 2000 = SUCCESS:<trx_id>', () => {
    expect(parseIsmsAnswer(CLASSIC_SUCCESS.withTrxId)).toEqual({
      trxId: '1143007207',
      body: CLASSIC_SUCCESS.withTrxId,
    });
  });

  it('reads 2000 = SUCCESS without an id', () => {
    expect(parseIsmsAnswer(CLASSIC_SUCCESS.withoutTrxId).trxId).toBeUndefined();
  });

  it('reads an empty or blank body as success (classic page: "2000 = SUCCESS or EMPTY/BLANK")', () => {
    expect(parseIsmsAnswer(CLASSIC_SUCCESS.empty).trxId).toBeUndefined();
    expect(parseIsmsAnswer(CLASSIC_SUCCESS.blankLines).trxId).toBeUndefined();
  });

  it('ignores trailing whitespace and CRLF', () => {
    expect(parseIsmsAnswer(CLASSIC_SUCCESS.crlf).trxId).toBe('1143007207');
    expect(parseIsmsAnswer(CLASSIC_SUCCESS.trailingSpaces).trxId).toBe('1143007207');
  });

  it('reads the table form "2000 SUCCESS:<id>" and spacing variants', () => {
    expect(parseIsmsAnswer('2000 SUCCESS:42').trxId).toBe('42');
    expect(parseIsmsAnswer('2000=SUCCESS:42').trxId).toBe('42');
    expect(parseIsmsAnswer('2000 = SUCCESS : 42').trxId).toBe('42');
  });
});

describe('parseIsmsAnswer: vendor codes', () => {
  for (const [vendorCode, line] of Object.entries(ERROR_LINES)) {
    it(`maps ${line}`, () => {
      const error = failure(line);
      expect(error.code).toBe(EXPECTED_MAPPING[vendorCode]!.code);
      expect(error.outcome).toBe(EXPECTED_MAPPING[vendorCode]!.outcome);
      expect(error.vendorCode).toBe(vendorCode);
      expect(error.vendorMessage).toBe(line.slice(line.indexOf('=') + 1).trim());
      expect(error.provider).toBe('isms');
      expect(error.endpoint).toBe('https://www.isms.com.my');
    });
  }

  it('maps a bare code without text ("-1001" on the gateway page)', () => {
    const error = failure('-1001\r\n');
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.vendorCode).toBe('-1001');
    expect(error.vendorMessage).toBeUndefined();
  });

  it('maps an undocumented code to UNKNOWN, outcome unknown, keeping it', () => {
    const error = failure('-1011 = SOMETHING NEW');
    expect(error.code).toBe('UNKNOWN');
    expect(error.outcome).toBe('unknown');
    expect(error.vendorCode).toBe('-1011');
  });
});

describe('parseIsmsAnswer: anything else is INVALID_RESPONSE', () => {
  it.each([
    ['an HTML page containing a success', HTML_PAGE],
    ['text around a success', 'OK 2000 = SUCCESS:1'],
    ['a success with a suffix', '2000 = SUCCESS:1 but not really'],
    ['a longer number', '20000'],
    ['two answers', '2000 = SUCCESS:1\n2000 = SUCCESS:2'],
    ['an error and a success', '-1004 = INSUFFICIENT CREDITS\n2000 = SUCCESS'],
    ['a PHP warning', 'Warning: mysql_connect(): Too many connections in /var/www/isms_send_all_id.php on line 12'],
    ['JSON', '{"code":2000}'],
  ])('%s', (_, body) => {
    const error = failure(body);
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.outcome).toBe('unknown');
    expect(error.vendorCode).toBeUndefined();
  });
});

describe('readIsmsAnswerLine', () => {
  it('returns undefined instead of guessing', () => {
    expect(readIsmsAnswerLine('contains 2000 somewhere')).toBeUndefined();
    expect(readIsmsAnswerLine('<b>-1004</b>')).toBeUndefined();
  });
});

describe('parseIsmsAnswer: properties', () => {
  const documented = [...Object.values(ERROR_LINES), ...Object.values(CLASSIC_SUCCESS)];
  const bodies = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.constantFrom(...documented),
    fc
      .tuple(fc.constantFrom(...documented), fc.string({ maxLength: 20 }))
      .map(([answer, noise]) => `${answer}${noise}`),
    fc
      .tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...documented))
      .map(([noise, answer]) => `${noise}${answer}`),
  );

  it('returns a success or throws PesanError, never anything else', () => {
    fc.assert(
      fc.property(bodies, (body) => {
        try {
          const answer = parseIsmsAnswer(body);
          expect(typeof answer.body).toBe('string');
          if (answer.trxId !== undefined) expect(answer.trxId).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
        } catch (error) {
          expect(PesanError.isInstance(error)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never reads a body as success unless its trimmed form is empty or starts with 2000', () => {
    fc.assert(
      fc.property(bodies, (body) => {
        let ok = false;
        try {
          parseIsmsAnswer(body);
          ok = true;
        } catch {
          ok = false;
        }
        if (ok) expect(body.trim() === '' || body.trim().startsWith('2000')).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('maps every -1xxx code line to a PesanError carrying that vendor code', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 1999 }),
        fc.constantFrom('', ' = X', '=TEXT HERE', ' \r\n'),
        (code, suffix) => {
          expect(() => parseIsmsAnswer(`-${code}${suffix}`)).toThrow(
            expect.objectContaining({ vendorCode: `-${code}` }) as unknown as Error,
          );
        },
      ),
    );
  });
});

describe('parseIsmsClassicAnswer: one answer, or one line per recipient', () => {
  it('reads one answer for any number of recipients', () => {
    expect(parseIsmsClassicAnswer('2000 = SUCCESS:42\r\n', 3)).toEqual({
      kind: 'one',
      trxId: '42',
      body: '2000 = SUCCESS:42',
    });
    expect(parseIsmsClassicAnswer('', 3)).toEqual({ kind: 'one', body: '' });
    expect(() => parseIsmsClassicAnswer('-1004 = INSUFFICIENT CREDITS', 3)).toThrow(
      expect.objectContaining({ code: 'INSUFFICIENT_CREDIT', vendorCode: '-1004' }),
    );
  });

  it('reads exactly one line per recipient, CRLF or LF, in order', () => {
    expect(parseIsmsClassicAnswer('2000 = SUCCESS:1\r\n-1009 = INVALID DESTINATION NUMBER\n2000 = SUCCESS', 3)).toEqual(
      {
        kind: 'per-recipient',
        lines: [
          { kind: 'success', trxId: '1' },
          { kind: 'error', error: { code: '-1009', message: 'INVALID DESTINATION NUMBER' } },
          { kind: 'success' },
        ],
        body: '2000 = SUCCESS:1\r\n-1009 = INVALID DESTINATION NUMBER\n2000 = SUCCESS',
      },
    );
  });

  it.each([
    ['two lines for three recipients', '2000 = SUCCESS:1\n2000 = SUCCESS:2', 3],
    ['two lines for one recipient', '2000 = SUCCESS:1\n2000 = SUCCESS:2', 1],
    ['a blank line', '2000 = SUCCESS:1\n \n2000 = SUCCESS:3', 3],
    ['a line outside the grammar', '2000 = SUCCESS:1\n2000 OK\n2000 = SUCCESS:3', 3],
    ['a bare CR inside a line', '2000 = SUCCESS:1\r2000 = SUCCESS:2', 2],
  ])('refuses %s as INVALID_RESPONSE, outcome unknown', (_, body, recipients) => {
    expect(() => parseIsmsClassicAnswer(body, recipients)).toThrow(
      expect.objectContaining({ code: 'INVALID_RESPONSE', outcome: 'unknown' }),
    );
  });

  it('returns one answer or exactly `recipients` lines, or throws PesanError (property)', () => {
    const line = fc.oneof(
      fc.constantFrom('2000 = SUCCESS:9', '2000 = SUCCESS', '-1009 = INVALID DESTINATION NUMBER', '-1004', ''),
      fc.string({ maxLength: 20 }),
    );
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 6 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.integer({ min: 1, max: 6 }),
        (lines, separator, recipients) => {
          try {
            const answer = parseIsmsClassicAnswer(lines.join(separator), recipients);
            if (answer.kind === 'per-recipient') expect(answer.lines).toHaveLength(recipients);
          } catch (error) {
            expect(PesanError.isInstance(error)).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
