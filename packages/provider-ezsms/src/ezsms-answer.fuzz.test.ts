import { PesanError, type VendorAnswer } from '@pesan/core';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { EZSMS_RETURN_CODES } from './ezsms-answer.js';
import { readSendAnswer } from './send-answer.js';

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

const messageId = fc.string({ unit: fc.constantFrom(...'AZaz09!~:-_'.split('')), maxLength: 20 });
const space = fc.constantFrom('', ' ', '\r\n', '\t');

describe('readSendAnswer (fuzz)', () => {
  it('accepts 1701 with its MsgId, and throws the vendor code of every other documented code', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EZSMS_RETURN_CODES), messageId, space, (code, id, padding) => {
        const body = code === '1701' && id !== '' ? `${padding}1701:${id}${padding}` : `${padding}${code}${padding}`;
        const read = outcome(() => readSendAnswer(answer(body), 'ezsms', undefined));
        if (code !== '1701') return PesanError.isInstance(read) && read.vendorCode === code;
        return !PesanError.isInstance(read) && read.kind === 'accepted' && read.messageId === (id || undefined);
      }),
      RUNS,
    );
  });

  it('lets only PesanError escape, and accepts only a body that is 1701[:MsgId] or, with a seqno, 1718', () => {
    const body = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc
        .tuple(fc.constantFrom(...EZSMS_RETURN_CODES), fc.string({ maxLength: 4 }))
        .map(([code, tail]) => `${code}${tail}`),
    );
    fc.assert(
      fc.property(body, fc.option(fc.constant('seq1'), { nil: undefined }), (text, seqno) => {
        const read = outcome(() => readSendAnswer(answer(text), 'ezsms', seqno));
        if (PesanError.isInstance(read)) return true;
        const trimmed = text.trim();
        if (read.kind === 'duplicate') return seqno !== undefined && trimmed === '1718';
        return /^1701(?::[!-~]*)?$/.test(trimmed);
      }),
      RUNS,
    );
  });
});
