import { PesanError } from '@pesan/core';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parseIsmsJsonAnswer } from './isms-json-answer-parser.js';

// Fixed seed and 10 000 runs: a failure reproduces, and `pnpm test` stays fast.
const RUNS = { numRuns: 10_000, seed: 12 } as const;

function outcome<T>(read: () => T): T | PesanError {
  try {
    return read();
  } catch (error) {
    if (!PesanError.isInstance(error)) throw error;
    return error;
  }
}

const errorCode = fc.integer({ min: 1000, max: 1999 }).map((code) => `-${code}`);
const result = fc.record({
  dstno: fc.constantFrom('60123456789', '60198765432'),
  code: fc.oneof(fc.constant('2000'), fc.constant(2000), errorCode),
  sms_id: fc.nat(1e9).map(String),
});

describe('parseIsmsJsonAnswer (fuzz)', () => {
  it('reads one entry per result of the grammar, in order', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 50 }), (results) => {
        const answer = parseIsmsJsonAnswer(JSON.stringify({ total_failed: 0, total_credits_used: 1, results }));
        return (
          answer.recipients.length === results.length &&
          answer.recipients.every((entry, index) => entry.ok === (String(results[index]?.code) === '2000'))
        );
      }),
      RUNS,
    );
  });

  it('lets an explicit error marker win over any results beside it', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 5 }), errorCode, fc.boolean(), (results, code, withStatus) => {
        const body = JSON.stringify({ ...(withStatus ? { status: 'error' } : {}), code, message: 'NO', results });
        const answer = outcome(() => parseIsmsJsonAnswer(body));
        return PesanError.isInstance(answer) && answer.vendorCode === code;
      }),
      RUNS,
    );
  });

  it('lets only PesanError escape, and succeeds only for a results array or a bulk array', () => {
    const body = fc.oneof(fc.string({ maxLength: 40 }), fc.json({ maxDepth: 3 }));
    fc.assert(
      fc.property(body, (text) => {
        const answer = outcome(() => parseIsmsJsonAnswer(text));
        if (PesanError.isInstance(answer)) return true;
        const parsed: unknown = JSON.parse(text);
        const resultsArray =
          typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { results?: unknown }).results);
        return (
          (Array.isArray(parsed) || resultsArray) &&
          answer.recipients.every((entry) => entry.ok || PesanError.isInstance(entry.error))
        );
      }),
      RUNS,
    );
  });
});
