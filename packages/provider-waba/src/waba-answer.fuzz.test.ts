import { PesanError } from '@pesan/core';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { readWabaAnswer } from './waba-answer.js';

// Fixed seed and 10 000 runs: a failure reproduces, and `pnpm test` stays fast.
const RUNS = { numRuns: 10_000, seed: 12 } as const;
const origin = { vendor: 'WhatsApp (iSMS)', provider: 'waba', endpoint: 'https://www.isms.com.my', status: 200 };

function outcome<T>(read: () => T): T | PesanError {
  try {
    return read();
  } catch (error) {
    if (!PesanError.isInstance(error)) throw error;
    return error;
  }
}

const success = fc.constantFrom('OK', 'ok', '0', 0, ' OK ');
const failure = fc.oneof(
  fc.constantFrom('40001', '45010', 'ERROR', '-1', 1),
  fc.string({ minLength: 1, maxLength: 6 }),
);

describe('readWabaAnswer (fuzz)', () => {
  it('reads a success statusCode with its ids, and any other statusCode as the vendor error, ids or not', () => {
    fc.assert(
      fc.property(success, failure, fc.nat(1e9), (ok, code, id) => {
        const read = readWabaAnswer(JSON.stringify({ statusCode: ok, messageId: `wamid.${id}` }), origin);
        const refused = outcome(() =>
          readWabaAnswer(JSON.stringify({ statusCode: code, messageId: `wamid.${id}`, message: 'no' }), origin),
        );
        const codeText = typeof code === 'number' ? String(code) : code.trim();
        const isSuccessCode = codeText.toUpperCase() === 'OK' || codeText === '0' || codeText === '';
        return (
          read.messageId === `wamid.${id}` &&
          (isSuccessCode || (PesanError.isInstance(refused) && refused.vendorCode === codeText))
        );
      }),
      RUNS,
    );
  });

  it('lets only PesanError escape, and succeeds only for an object whose statusCode is OK or 0', () => {
    const body = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.json({ maxDepth: 2 }),
      fc.jsonValue({ maxDepth: 1 }).map((statusCode) => JSON.stringify({ statusCode, messageId: 'x' })),
    );
    fc.assert(
      fc.property(body, (text) => {
        const read = outcome(() => readWabaAnswer(text, origin));
        if (PesanError.isInstance(read)) return true;
        const code = String((JSON.parse(text) as { statusCode: unknown }).statusCode)
          .trim()
          .toUpperCase();
        return code === 'OK' || code === '0';
      }),
      RUNS,
    );
  });
});
