import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageStatus } from '../provider/v1/message-status.js';
import type { Clock } from '../runtime/clock.js';
import { DEFAULT_STATUS_STORE_MAX_BYTES, MemoryStatusStore } from './memory-status-store.js';
import type { StatusUpdate } from './status-store.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));

function update(status: MessageStatus, seconds: number, messageId = 'm1'): StatusUpdate {
  return {
    messageId,
    provider: 'p',
    status,
    scope: 'carrier',
    vendorStatus: status.toUpperCase(),
    at: at(seconds),
    source: 'webhook',
  };
}

function manualClock(start = 0): Clock & { set(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: async () => {},
    set: (ms) => {
      now = ms;
    },
  };
}

describe('MemoryStatusStore', () => {
  it('creates records for unseen ids', async () => {
    const store = new MemoryStatusStore();
    const result = await store.apply(update('sent', 1));
    expect(result).toMatchObject({ changed: true, duplicate: false });
    expect((await store.get('m1'))?.status).toBe('sent');
  });

  it('never moves backwards: a late sent after delivered stays in history only', async () => {
    const store = new MemoryStatusStore();
    await store.apply(update('queued', 1));
    await store.apply(update('delivered', 3));
    const late = await store.apply(update('sent', 2));
    expect(late.changed).toBe(false);
    expect(late.previous).toBe('delivered');
    expect((await store.get('m1'))?.status).toBe('delivered');
    const history = await store.history('m1');
    expect(history.map((entry) => [entry.status, entry.applied])).toEqual([
      ['queued', true],
      ['delivered', true],
      ['sent', false],
    ]);
  });

  it('lets a terminal failure win over queued and sent but not over delivered or read', async () => {
    const store = new MemoryStatusStore();
    await store.apply(update('sent', 1, 'a'));
    await store.apply(update('failed', 2, 'a'));
    expect((await store.get('a'))?.status).toBe('failed');

    await store.apply(update('read', 1, 'b'));
    await store.apply(update('failed', 2, 'b'));
    expect((await store.get('b'))?.status).toBe('read');
  });

  it('treats a repeated callback as a duplicate, whenever it arrives', async () => {
    const store = new MemoryStatusStore();
    await store.apply(update('sent', 1));
    const again = await store.apply(update('sent', 1));
    expect(again).toMatchObject({ duplicate: true, changed: false });
    expect(await store.history('m1')).toHaveLength(1);
    const retried = await store.apply(update('sent', 30));
    expect(retried).toMatchObject({ duplicate: true, changed: false });
    expect(await store.history('m1')).toHaveLength(1);
  });

  it('ends in the same status for any order of the same callbacks', () => {
    const statuses: MessageStatus[] = [
      'queued',
      'sent',
      'delivered',
      'read',
      'failed',
      'expired',
      'rejected',
      'unknown',
    ];
    const reports = fc.array(
      fc.record({ status: fc.constantFrom(...statuses), second: fc.integer({ min: 0, max: 59 }) }),
      { minLength: 1, maxLength: 8 },
    );
    return fc.assert(
      fc.asyncProperty(reports, fc.func(fc.integer()), async (list, shuffleKey) => {
        const forwards = new MemoryStatusStore();
        const shuffled = new MemoryStatusStore();
        for (const report of list) await forwards.apply(update(report.status, report.second));
        const order = list.map((report, index) => ({ report, key: shuffleKey(index) })).sort((x, y) => x.key - y.key);
        for (const { report } of order) await shuffled.apply(update(report.status, report.second));
        expect((await shuffled.get('m1'))?.status).toBe((await forwards.get('m1'))?.status);
      }),
      { numRuns: 200 },
    );
  });

  it('lists pending records and drops expired and overflowing ones', async () => {
    const clock = manualClock(0);
    const store = new MemoryStatusStore({ clock, ttlMs: 1000, maxEntries: 2 });
    await store.apply(update('sent', 1, 'a'));
    await store.apply(update('delivered', 1, 'b'));
    expect((await store.pending({ limit: 10 })).map((record) => record.messageId)).toEqual(['a']);
    await store.apply(update('queued', 1, 'c'));
    expect(store.size).toBe(2);
    expect(await store.get('a')).toBeUndefined();
    clock.set(1000);
    expect(await store.get('c')).toBeUndefined();
  });

  it('keeps the same id at two providers apart', async () => {
    const store = new MemoryStatusStore();
    await store.apply({ ...update('sent', 1, '42'), provider: 'isms' });
    await store.apply({ ...update('delivered', 2, '42'), provider: 'ezsms' });
    expect((await store.get('42', 'isms'))?.status).toBe('sent');
    expect((await store.get('42', 'ezsms'))?.status).toBe('delivered');
    expect((await store.get('42'))?.provider).toBe('ezsms');
    expect(await store.history('42', 'isms')).toHaveLength(1);
  });

  it('hands out pending records least recently checked first, skipping expired ones', async () => {
    const clock = manualClock(0);
    const store = new MemoryStatusStore({ clock, ttlMs: 10_000 });
    for (const id of ['a', 'b', 'c']) await store.apply(update('sent', 1, id));
    await store.markChecked('a', 'p', new Date(5));
    expect((await store.pending({ limit: 2 })).map((record) => record.messageId)).toEqual(['b', 'c']);
    await store.markChecked('b', 'p', new Date(6));
    await store.markChecked('c', 'p', new Date(7));
    expect((await store.pending({ limit: 3 })).map((record) => record.messageId)).toEqual(['a', 'b', 'c']);
    expect((await store.pending({ limit: 3, notCheckedSince: new Date(6) })).map((record) => record.messageId)).toEqual(
      ['a'],
    );
    clock.set(10_000);
    expect(await store.pending({ limit: 3 })).toEqual([]);
  });
});

describe('MemoryStatusStore memory bound', () => {
  it('bounds records by approximate bytes as well as entries, evicting the least recently touched', async () => {
    const maxBytes = 1024 * 1024;
    const store = new MemoryStatusStore({ maxBytes });
    // 300 reports with 60 000-character ids would hold ~36 MB; the bound keeps it under 1 MiB.
    for (let index = 0; index < 300; index += 1) {
      await store.apply(update('sent', 1, `${index}`.padStart(60_000, '0')));
    }
    expect(store.approximateBytes).toBeLessThanOrEqual(maxBytes);
    expect(store.size).toBeGreaterThan(0);
    expect(store.size).toBeLessThan(10);
    expect(await store.get('0'.padStart(60_000, '0'))).toBeUndefined();
    expect((await store.get('299'.padStart(60_000, '0')))?.status).toBe('sent');
  });

  it('keeps its byte count in step through updates, expiry and eviction', async () => {
    const clock = manualClock(0);
    const store = new MemoryStatusStore({ clock, ttlMs: 1000 });
    await store.apply(update('sent', 1, 'a'));
    const one = store.approximateBytes;
    expect(one).toBeGreaterThan(0);
    await store.apply(update('delivered', 2, 'a'));
    expect(store.approximateBytes).toBeGreaterThan(one);
    await store.apply(update('delivered', 2, 'a'));
    const settled = store.approximateBytes;
    await store.apply(update('sent', 1, 'b'));
    expect(store.approximateBytes).toBe(settled + one);
    clock.set(1000);
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('b')).toBeUndefined();
    expect(store.approximateBytes).toBe(0);
  });

  it('defaults to a 128 MiB bound', () => {
    expect(DEFAULT_STATUS_STORE_MAX_BYTES).toBe(128 * 1024 * 1024);
  });
});

describe('MemoryStatusStore compact records', () => {
  it('reads back records equal to what apply returned: one report, several, checked, without recipient or vendor status', async () => {
    const store = new MemoryStatusStore();
    const first = await store.apply({ ...update('sent', 1, 'one'), to: '+60123456789', source: 'send' });
    expect(await store.get('one')).toStrictEqual(first.record);
    expect(await store.history('one')).toStrictEqual(first.record.history);

    await store.apply(update('sent', 1, 'many'));
    await store.apply(update('delivered', 3, 'many'));
    const late = await store.apply({ ...update('failed', 2, 'many'), vendorStatus: undefined, source: 'poll' });
    expect(await store.get('many', 'p')).toStrictEqual(late.record);

    await store.markChecked('many', 'p', at(9));
    const checked = await store.get('many');
    expect(checked).toStrictEqual({ ...late.record, checkedAt: at(9) });
    const after = await store.apply(update('read', 10, 'many'));
    expect(after.record.checkedAt).toEqual(at(9));
    expect(await store.get('many')).toStrictEqual(after.record);

    const bare = await store.apply({ ...update('queued', 1, 'bare'), vendorStatus: undefined });
    expect(await store.get('bare')).toStrictEqual(bare.record);
  });

  it('hands out copies: changing a record read does not change the store', async () => {
    const store = new MemoryStatusStore();
    await store.apply(update('sent', 1));
    const record = (await store.get('m1'))!;
    record.status = 'read';
    record.history.push({ ...record.history[0]!, status: 'read' });
    record.updatedAt.setTime(0);
    expect((await store.get('m1'))?.status).toBe('sent');
    expect(await store.history('m1')).toHaveLength(1);
    expect((await store.get('m1'))?.updatedAt).toEqual(at(1));
  });

  it('reuses the places of evicted records without carrying anything over', async () => {
    const store = new MemoryStatusStore({ maxEntries: 2 });
    await store.apply(update('sent', 1, 'a'));
    await store.apply(update('delivered', 2, 'a'));
    await store.markChecked('a', 'p', at(5));
    await store.apply(update('sent', 1, 'b'));
    await store.apply(update('queued', 3, 'c'));
    expect(await store.get('a')).toBeUndefined();
    const reused = await store.get('c');
    expect(reused).toStrictEqual({
      messageId: 'c',
      provider: 'p',
      to: undefined,
      status: 'queued',
      scope: 'carrier',
      vendorStatus: 'QUEUED',
      updatedAt: at(3),
      history: [
        { status: 'queued', scope: 'carrier', vendorStatus: 'QUEUED', at: at(3), applied: true, source: 'webhook' },
      ],
    });
    for (let index = 0; index < 50; index += 1) await store.apply(update('sent', index, `n${index}`));
    expect(store.size).toBe(2);
    expect((await store.get('n49'))?.updatedAt).toEqual(at(49));
    expect((await store.get('n48'))?.messageId).toBe('n48');
  });

  it('refuses a status it cannot keep and stays as it was', async () => {
    const store = new MemoryStatusStore();
    await expect(store.apply(update('bogus' as MessageStatus, 1))).rejects.toThrow(RangeError);
    expect(store.size).toBe(0);
    expect(store.approximateBytes).toBe(0);
    expect(await store.get('m1')).toBeUndefined();
  });

  it("counts a campaign's record (short id, one report) at under 300 bytes", async () => {
    const store = new MemoryStatusStore();
    await store.apply({
      messageId: '1700000001',
      provider: 'isms',
      to: '+60123456789',
      status: 'sent',
      scope: 'platform',
      vendorStatus: 'sent',
      at: at(1),
      source: 'send',
    });
    expect(store.approximateBytes).toBeGreaterThan(150);
    expect(store.approximateBytes).toBeLessThan(300);
  });
});

describe('MemoryStatusStore eviction order', () => {
  it('evicts the least recently touched record through any mix of new reports, repeats and reads', () => {
    const operation = fc.record({
      kind: fc.constantFrom('report', 'repeat', 'read'),
      id: fc.integer({ min: 0, max: 6 }),
    });
    return fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 80 }), async (operations) => {
        const store = new MemoryStatusStore({ maxEntries: 3 });
        // The model: ids from least to most recently touched, with the reports each holds.
        let model: { id: number; reports: number }[] = [];
        const statuses: MessageStatus[] = ['queued', 'sent', 'delivered', 'read'];
        for (const { kind, id } of operations) {
          const held = model.find((entry) => entry.id === id);
          if (kind === 'read') {
            expect((await store.history(`${id}`)).length).toBe(held?.reports ?? 0);
            continue;
          }
          // A repeat of the last report is a duplicate: it touches nothing.
          const reports = held?.reports ?? 0;
          if (kind === 'repeat' && reports > 0) {
            await store.apply(update(statuses[reports - 1]!, reports, `${id}`));
            continue;
          }
          if (reports === statuses.length) continue;
          await store.apply(update(statuses[reports]!, reports + 1, `${id}`));
          model = [...model.filter((entry) => entry.id !== id), { id, reports: reports + 1 }].slice(-3);
          expect(store.size).toBe(model.length);
        }
      }),
      { numRuns: 200 },
    );
  });
});
