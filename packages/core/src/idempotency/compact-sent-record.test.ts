import { describe, expect, it } from 'vitest';
import type { SendResult } from '../provider/v1/send-result.js';
import { CompactSentRecord } from './compact-sent-record.js';
import type { IdempotencyRecord } from './idempotency-store.js';

/** What a campaign stores for a key it derived: the result without attempts or the vendor's answer. */
function bareResult(fields: Partial<SendResult> = {}): SendResult {
  return {
    status: 'sent',
    messageId: '1700000001',
    provider: 'isms',
    providerType: 'isms',
    to: '+60123456789',
    segments: 1,
    credits: 1,
    attempts: [],
    raw: undefined,
    ...fields,
  };
}

const sent = (result: SendResult, fields: object = {}): IdempotencyRecord => ({
  state: 'sent',
  result,
  at: 1_700_000_000_123,
  fingerprint: 'f'.repeat(43),
  ...fields,
});

describe('CompactSentRecord', () => {
  it('gives back a record equal to the one stored, key for key', () => {
    const records: IdempotencyRecord[] = [
      sent(bareResult()),
      sent(bareResult({ deliveryReports: false, credits: undefined })),
      sent(bareResult({ messageId: undefined, status: 'queued', segments: 3 })),
      { state: 'sent', result: bareResult(), at: 5 },
    ];
    const { messageId: _id, credits: _credits, ...withoutOptional } = bareResult();
    records.push(sent(withoutOptional));
    for (const record of records) {
      const compact = CompactSentRecord.of(record, 99);
      expect(compact?.expiresAt).toBe(99);
      expect(compact?.record()).toStrictEqual(record);
    }
  });

  it('hands out a new record on each read', () => {
    const compact = CompactSentRecord.of(sent(bareResult()), 99)!;
    const first = compact.record();
    if (first.state !== 'sent') throw new Error('expected a sent record');
    first.result.attempts.push({} as never);
    first.result.to = '+60000000000';
    expect(compact.record()).toStrictEqual(sent(bareResult()));
  });

  it('leaves anything else as it is: attempts, a vendor answer, notes, other states, other values', () => {
    const others: unknown[] = [
      sent(bareResult({ attempts: [{} as never] })),
      sent(bareResult({ raw: { id: 1 } })),
      sent(bareResult({ notes: ['split in two'] })),
      sent(bareResult({ metadata: { campaign: 'x' } })),
      sent(bareResult(), { extra: true }),
      sent(bareResult({ segments: '1' as never })),
      { state: 'pending', since: 1, fingerprint: 'f' },
      { state: 'unknown', error: { code: 'TIMEOUT', message: 'timed out' }, at: 1 },
      'sent',
      42,
      null,
      Object.assign(Object.create(null), sent(bareResult())),
    ];
    const { raw: _raw, ...withoutRaw } = bareResult();
    others.push(sent(withoutRaw as SendResult));
    for (const value of others) expect(CompactSentRecord.of(value, 1)).toBeUndefined();
  });
});
