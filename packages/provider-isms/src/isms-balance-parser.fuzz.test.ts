import { PesanError } from '@pesan/core';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parseIsmsBalanceAnswer } from './isms-balance-parser.js';

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

const amount = fc.oneof(
  fc.nat(1_000_000),
  fc.integer({ min: 0, max: 99_999 }).map((cents) => cents / 100),
);
const balanceKey = fc.constantFrom('balance', 'Balance', 'credit', 'CREDITS');
const errorCode = fc.integer({ min: 1000, max: 1999 }).map((code) => `-${code}`);

describe('parseIsmsBalanceAnswer (fuzz)', () => {
  it('reads a bare amount, a JSON string and a JSON object of the grammar', () => {
    fc.assert(
      fc.property(amount, balanceKey, fc.boolean(), (value, key, quoted) => {
        const field = quoted ? String(value) : value;
        return (
          parseIsmsBalanceAnswer(` ${value}\r\n`).amount === value &&
          parseIsmsBalanceAnswer(JSON.stringify(String(value))).amount === value &&
          parseIsmsBalanceAnswer(JSON.stringify({ status: 'ok', [key]: field })).amount === value
        );
      }),
      RUNS,
    );
  });

  it('lets an explicit error marker win over any balance beside it', () => {
    fc.assert(
      fc.property(amount, balanceKey, errorCode, fc.boolean(), (value, key, code, withStatus) => {
        const body = JSON.stringify({ ...(withStatus ? { status: 'error' } : {}), code, [key]: value });
        const answer = outcome(() => parseIsmsBalanceAnswer(body));
        return PesanError.isInstance(answer) && answer.vendorCode === code;
      }),
      RUNS,
    );
  });

  it('lets only PesanError escape, and reads an amount only from a body that holds it', () => {
    const body = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.json({ maxDepth: 2 }),
      fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify({ balance: value })),
    );
    fc.assert(
      fc.property(body, (text) => {
        const answer = outcome(() => parseIsmsBalanceAnswer(text));
        if (PesanError.isInstance(answer)) return true;
        // Every digit of the amount is in the body: no amount is made up.
        const digits = String(answer.amount).replace(/^0\./, '').split('e')[0]!.replace('.', '');
        return (
          Number.isFinite(answer.amount) && answer.amount >= 0 && text.replace('.', '').includes(digits.slice(0, 6))
        );
      }),
      RUNS,
    );
  });
});
