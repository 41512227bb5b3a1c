import type { VendorAnswer } from '@pesan/core';
import { type Attempt, PesanError } from '@pesan/core';
import { parseEzsmsAnswer } from './ezsms-answer.js';
import { answerError } from './send-answer.js';

/** A credit transfer from a reseller account to a customer's account. */
export interface EzsmsCreditTransfer {
  /** The customer's username (`cust`). */
  customer: string;
  /** Credits to move (`Credit`), a positive whole number. */
  credits: number;
  /** Key of the logical transfer: its seqno makes a retry answer `1718` instead of moving credits twice. */
  idempotencyKey?: string;
}

/** What a transfer did. */
export interface EzsmsCreditTransferResult {
  /** Provider instance id. */
  provider: string;
  customer: string;
  credits: number;
  /** `transferred` (1707), or `duplicate` (1718: an earlier request with this seqno moved the credits). */
  status: 'transferred' | 'duplicate';
  /** The seqno sent, if any. */
  seqno?: string;
  attempts: Attempt[];
  notes?: string[];
  /** The vendor's answer. */
  raw: string;
}

/** Checks a transfer before any request; throws `INVALID_MESSAGE`. */
export function assertCreditTransfer(transfer: EzsmsCreditTransfer, provider: string): void {
  const problems: string[] = [];
  if (typeof transfer.customer !== 'string' || !/^[^\s,;&=]{1,64}$/.test(transfer.customer)) {
    problems.push('customer: a username without spaces or , ; & =');
  }
  if (!Number.isSafeInteger(transfer.credits) || transfer.credits <= 0) {
    problems.push('credits: a positive whole number');
  }
  if (transfer.idempotencyKey !== undefined && transfer.idempotencyKey.length === 0) {
    problems.push('idempotencyKey: must not be empty');
  }
  if (problems.length > 0) {
    throw new PesanError('INVALID_MESSAGE', {
      message: `Invalid credit transfer: ${problems.join('; ')}`,
      provider,
      details: { problems },
    });
  }
}

/**
 * Reads a transfer answer: `1707` moved the credits; `1718` with a seqno is an
 * earlier accepted transfer; `1708` (invalid account) is `INVALID_RECIPIENT`,
 * `1709` (invalid credit value) `INVALID_MESSAGE`; the rest as for sends.
 */
export function readTransferAnswer(
  answer: VendorAnswer,
  transfer: EzsmsCreditTransfer,
  provider: string,
  seqno: string | undefined,
): EzsmsCreditTransferResult {
  const parsed = parseEzsmsAnswer(answer.body);
  const base = {
    provider,
    customer: transfer.customer,
    credits: transfer.credits,
    attempts: answer.attempts,
    raw: answer.body,
    ...(seqno === undefined ? {} : { seqno }),
  };
  if (parsed?.code === '1707') return { ...base, status: 'transferred' };
  if (parsed?.code === '1718' && seqno !== undefined) {
    return {
      ...base,
      status: 'duplicate',
      notes: [
        `sms.com.my answered 1718: a transfer with seqno ${seqno} was accepted in the last 24 h; nothing moved twice`,
      ],
    };
  }
  throw answerError(parsed, answer, provider);
}
