import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SendResult } from '../provider/v1/send-result.js';
import { IdempotencyRecordColumns, isBarePendingRecord, isBareSentRecord } from './idempotency-record-columns.js';
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

/** Writes `value` into a slot of new columns and reads it back. */
function roundTrip<Value>(value: Value, key = 'campaign:1'): Value {
  const columns = new IdempotencyRecordColumns<Value>(4);
  columns.write(2, key, value, 99);
  expect(columns.holdsKey(2, key)).toBe(true);
  expect(columns.keyOf(2)).toBe(key);
  expect(columns.expiresAt(2)).toBe(99);
  return columns.valueOf(2);
}

describe('IdempotencyRecordColumns', () => {
  it('gives back compact records equal to the ones stored, key for key', () => {
    const records: IdempotencyRecord[] = [
      sent(bareResult()),
      sent(bareResult({ deliveryReports: false, credits: undefined })),
      sent(bareResult({ deliveryReports: true, credits: 2.5 })),
      sent(bareResult({ messageId: undefined, status: 'queued', segments: 3 })),
      sent(bareResult(), { fingerprint: undefined }),
      { state: 'sent', result: bareResult(), at: 5 },
      { state: 'pending', since: 7, fingerprint: 'g'.repeat(43) },
      { state: 'pending', since: 7, fingerprint: undefined },
      { state: 'pending', since: 7 },
    ];
    const { messageId: _id, credits: _credits, ...withoutOptional } = bareResult();
    records.push(sent(withoutOptional));
    for (const record of records) expect(roundTrip(record)).toStrictEqual(record);
  });

  it('keeps long or non-latin1 strings as they are', () => {
    const long = sent(bareResult({ messageId: 'm'.repeat(500), to: '+60123456789' }));
    expect(roundTrip(long, 'k'.repeat(300))).toStrictEqual(long);
    const wide = sent(bareResult({ messageId: 'ид-42' }));
    expect(roundTrip(wide, 'ключ:1')).toStrictEqual(wide);
  });

  it('hands out a new record on each read', () => {
    const columns = new IdempotencyRecordColumns<IdempotencyRecord>();
    columns.write(0, 'k', sent(bareResult()), 99);
    const first = columns.valueOf(0);
    if (first.state !== 'sent') throw new Error('expected a sent record');
    first.result.attempts.push({} as never);
    first.result.to = '+60000000000';
    expect(columns.valueOf(0)).toStrictEqual(sent(bareResult()));
  });

  it('keeps anything else as given: attempts, a vendor answer, notes, other states, other values', () => {
    const others: unknown[] = [
      sent(bareResult({ attempts: [{} as never] })),
      sent(bareResult({ raw: { id: 1 } })),
      sent(bareResult({ notes: ['split in two'] })),
      sent(bareResult({ metadata: { campaign: 'x' } })),
      sent(bareResult({ status: 'bogus' as never })),
      sent(bareResult(), { extra: true }),
      sent(bareResult({ segments: '1' as never })),
      { state: 'pending', since: 1, fingerprint: 'f', extra: 1 },
      { state: 'pending', since: '1' },
      { state: 'unknown', error: { code: 'TIMEOUT', message: 'timed out' }, at: 1 },
      'sent',
      42,
      null,
      Object.assign(Object.create(null), sent(bareResult())),
    ];
    const { raw: _raw, ...withoutRaw } = bareResult();
    others.push(sent(withoutRaw as SendResult));
    for (const value of others) {
      expect(isBareSentRecord(value) || isBarePendingRecord(value)).toBe(false);
      expect(roundTrip(value)).toBe(value);
    }
  });

  it('lets a slot be cleared and reused for any other value, keeping the others', () => {
    const values = fc.oneof(
      fc.constant(sent(bareResult())),
      fc.record({ state: fc.constant('pending' as const), since: fc.integer() }),
      fc.record({ other: fc.string() }),
      fc.string().map((messageId) => sent(bareResult({ messageId, provider: `p${messageId.length % 3}` }))),
    );
    const operation = fc.record({ slot: fc.integer({ min: 0, max: 5 }), key: fc.string(), value: values });
    return fc.assert(
      fc.property(fc.array(operation, { maxLength: 40 }), (operations) => {
        const columns = new IdempotencyRecordColumns<unknown>(2);
        columns.grow(6);
        const model = new Map<number, { key: string; value: unknown }>();
        for (const { slot, key, value } of operations) {
          if (model.has(slot) && key.length % 2 === 0) {
            columns.clear(slot);
            model.delete(slot);
            continue;
          }
          columns.write(slot, key, value, slot);
          model.set(slot, { key, value });
        }
        for (const [slot, { key, value }] of model) {
          expect(columns.keyOf(slot)).toBe(key);
          expect(columns.valueOf(slot)).toStrictEqual(value);
        }
      }),
      { numRuns: 200 },
    );
  });
});
