import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IdempotencyRecord, IdempotencyStore } from '../idempotency/idempotency-store.js';
import type { OtpEntry, OtpStore } from '../otp/otp-store.js';
import type { SuppressionEntry, SuppressionStore } from '../policy/suppression-store.js';
import type { MessageStatus } from '../provider/v1/message-status.js';
import type { RateLimiterStore } from '../resilience/rate-limiter-store.js';
import { statusAdvances } from '../status/status-order.js';
import type { StatusStore, StatusUpdate } from '../status/status-store.js';
import type { WindowStore } from '../whatsapp/window-store.js';

/**
 * One case of a store contract: what every implementation of a store
 * interface must do, in-memory or shared. Runs under any test runner (it
 * throws `node:assert` errors); `@pesan/core/testing/vitest` registers them
 * as vitest tests (`describeIdempotencyStoreContract`, ...).
 */
export interface StoreContractCase<Store> {
  /** What the case checks, as a test name. */
  readonly name: string;
  /** Checks a fresh, empty store. */
  run(store: Store): Promise<void>;
}

/** How a contract suite gets a fresh store per case, and gets rid of it. */
export interface StoreContractHarness<Store> {
  /** A fresh, empty store (in a shared backend: under a prefix of its own). Uses the system clock. */
  create(): Store | Promise<Store>;
  /** Called after each case, passed or failed. */
  dispose?(store: Store): void | Promise<void>;
}

/** Runs one case against a fresh store from `harness`, disposing of it afterwards. */
export async function runStoreContractCase<Store>(
  harness: StoreContractHarness<Store>,
  contractCase: StoreContractCase<Store>,
): Promise<void> {
  const store = await harness.create();
  try {
    await contractCase.run(store);
  } finally {
    await harness.dispose?.(store);
  }
}

function sentRecord(messageId: string): IdempotencyRecord {
  return {
    state: 'sent',
    at: 1_700_000_000_000,
    fingerprint: 'f1',
    result: {
      status: 'sent',
      messageId,
      provider: 'isms',
      providerType: 'isms',
      to: '+60123456789',
      segments: 1,
      attempts: [],
      raw: { answer: '2000 = SUCCESS', list: [1, 'two', null] },
      metadata: { order: 'A-1' },
    },
  };
}

/** What every {@link IdempotencyStore} must do. */
export const idempotencyStoreContract: readonly StoreContractCase<IdempotencyStore>[] = [
  {
    name: 'an unknown key has no value',
    async run(store) {
      assert.equal(await store.get('never-set'), undefined);
    },
  },
  {
    name: 'setIfAbsent stores only the first value',
    async run(store) {
      assert.equal(await store.setIfAbsent('k', { state: 'pending', since: 1 }, 60_000), true);
      assert.equal(await store.setIfAbsent('k', sentRecord('second'), 60_000), false);
      assert.deepEqual(await store.get('k'), { state: 'pending', since: 1 });
    },
  },
  {
    name: 'set replaces, delete forgets, and values come back as stored (JSON)',
    async run(store) {
      await store.set('k', { state: 'pending', since: 1 }, 60_000);
      await store.set('k', sentRecord('m-1'), 60_000);
      assert.deepEqual(await store.get('k'), sentRecord('m-1'));
      await store.delete('k');
      assert.equal(await store.get('k'), undefined);
      assert.equal(await store.setIfAbsent('k', { state: 'pending', since: 2 }, 60_000), true);
      await store.delete('not-there');
    },
  },
  {
    name: 'a key expires after its TTL and can be claimed again',
    async run(store) {
      assert.equal(await store.setIfAbsent('k', { state: 'pending', since: 1 }, 60), true);
      await sleep(150);
      assert.equal(await store.get('k'), undefined);
      assert.equal(await store.setIfAbsent('k', { state: 'pending', since: 2 }, 60_000), true);
    },
  },
  {
    name: 'setManyIfAbsent (when the store has it) stores only absent keys, answering in order',
    async run(store) {
      // Optional: without it the messenger claims key by key, which the cases above cover.
      if (!store.setManyIfAbsent) return;
      await store.set('taken', sentRecord('m-1'), 60_000);
      const stored = await store.setManyIfAbsent(
        ['a', 'taken', 'b'].map((key, index) => ({ key, value: { state: 'pending', since: index } })),
        60_000,
      );
      assert.deepEqual(stored, [true, false, true]);
      assert.deepEqual(await store.get('a'), { state: 'pending', since: 0 });
      assert.deepEqual(await store.get('taken'), sentRecord('m-1'));
      assert.deepEqual(await store.get('b'), { state: 'pending', since: 2 });
      assert.deepEqual(await store.setManyIfAbsent([], 60_000), []);
    },
  },
  {
    name: 'setMany (when the store has it) replaces each value, as set does',
    async run(store) {
      // Optional: without it the messenger records key by key with set, which the cases above cover.
      if (!store.setMany) return;
      await store.set('a', { state: 'pending', since: 1 }, 60_000);
      await store.setMany(
        [
          { key: 'a', value: sentRecord('m-1') },
          { key: 'b', value: sentRecord('m-2') },
        ],
        60_000,
      );
      assert.deepEqual(await store.get('a'), sentRecord('m-1'));
      assert.deepEqual(await store.get('b'), sentRecord('m-2'));
      await store.setMany([], 60_000);
    },
  },
  {
    name: 'of concurrent setManyIfAbsent and setIfAbsent calls for the same keys, one wins each key',
    async run(store) {
      if (!store.setManyIfAbsent) return;
      const keys = Array.from({ length: 30 }, (_, index) => `race-${index}`);
      const entries = keys.map((key) => ({ key, value: { state: 'pending' as const, since: 1 } }));
      const [many, again, singles] = await Promise.all([
        store.setManyIfAbsent(entries, 60_000),
        store.setManyIfAbsent(entries, 60_000),
        Promise.all(keys.map((key) => store.setIfAbsent(key, { state: 'pending', since: 2 }, 60_000))),
      ]);
      for (let index = 0; index < keys.length; index++) {
        assert.equal([many[index], again[index], singles[index]].filter(Boolean).length, 1, keys[index]);
      }
    },
  },
  {
    name: 'of 50 concurrent claims of one key exactly one wins',
    async run(store) {
      const claims = await Promise.all(
        Array.from({ length: 50 }, (_, index) => store.setIfAbsent('race', { state: 'pending', since: index }, 60_000)),
      );
      assert.equal(claims.filter(Boolean).length, 1);
      const winner = claims.indexOf(true);
      assert.deepEqual(await store.get('race'), { state: 'pending', since: winner });
    },
  },
];

function update(status: MessageStatus, fields: Partial<StatusUpdate> = {}): StatusUpdate {
  return {
    messageId: 'm-1',
    provider: 'isms',
    to: '+60123456789',
    status,
    scope: 'carrier',
    vendorStatus: status.toUpperCase(),
    at: new Date(1_700_000_000_000),
    source: 'webhook',
    ...fields,
  };
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let index = copy.length - 1; index > 0; index--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/** What every {@link StatusStore} must do. */
export const statusStoreContract: readonly StoreContractCase<StatusStore>[] = [
  {
    name: 'an unknown message has no record and no history',
    async run(store) {
      assert.equal(await store.get('nope'), undefined);
      assert.equal(await store.get('nope', 'isms'), undefined);
      assert.deepEqual(await store.history('nope'), []);
    },
  },
  {
    name: 'the first report creates the record, dates come back as Dates',
    async run(store) {
      const result = await store.apply(update('sent', { source: 'send', scope: 'platform' }));
      assert.equal(result.changed, true);
      assert.equal(result.duplicate, false);
      assert.equal(result.previous, undefined);
      const record = await store.get('m-1', 'isms');
      assert.ok(record);
      assert.equal(record.status, 'sent');
      assert.equal(record.to, '+60123456789');
      assert.ok(record.updatedAt instanceof Date);
      assert.equal(record.updatedAt.getTime(), 1_700_000_000_000);
      assert.equal(record.history.length, 1);
      assert.ok(record.history[0]!.at instanceof Date);
      assert.deepEqual(result.record, record);
    },
  },
  {
    name: 'a status never moves backwards; a late lower report is kept in the history, not applied',
    async run(store) {
      await store.apply(update('sent'));
      const delivered = await store.apply(update('delivered', { scope: 'handset', at: new Date(1_700_000_001_000) }));
      assert.equal(delivered.changed, true);
      assert.equal(delivered.previous, 'sent');
      const late = await store.apply(update('failed', { at: new Date(1_700_000_002_000) }));
      assert.equal(late.changed, false);
      assert.equal(late.previous, 'delivered');
      const record = await store.get('m-1');
      assert.equal(record?.status, 'delivered');
      assert.equal(record?.scope, 'handset');
      assert.equal(record?.updatedAt.getTime(), 1_700_000_001_000);
      assert.deepEqual(
        (await store.history('m-1', 'isms')).map((entry) => [entry.status, entry.applied]),
        [
          ['sent', true],
          ['delivered', true],
          ['failed', false],
        ],
      );
    },
  },
  {
    name: 'a repeated report is a duplicate and changes nothing',
    async run(store) {
      await store.apply(update('sent'));
      const again = await store.apply(update('sent', { at: new Date(1_700_000_005_000) }));
      assert.equal(again.duplicate, true);
      assert.equal(again.changed, false);
      assert.equal((await store.history('m-1')).length, 1);
    },
  },
  {
    name: 'reports applied concurrently in any order end in the highest status',
    async run(store) {
      const statuses: MessageStatus[] = ['queued', 'sent', 'failed', 'expired', 'delivered', 'unknown', 'rejected'];
      for (const seed of [1, 2, 3]) {
        const messageId = `order-${seed}`;
        const order = shuffled(statuses, seed);
        const results = await Promise.all(order.map((status) => store.apply(update(status, { messageId }))));
        const expected = statuses.reduce((best, next) => (statusAdvances(best, next) ? next : best), 'unknown');
        assert.equal((await store.get(messageId))?.status, expected);
        assert.equal(results.filter((result) => result.duplicate).length, 0);
        assert.equal((await store.history(messageId)).length, statuses.length);
      }
    },
  },
  {
    name: 'records are keyed by provider and id; without a provider the most recently updated wins',
    async run(store) {
      await store.apply(update('sent', { provider: 'a', at: new Date(1000) }));
      await store.apply(update('delivered', { provider: 'b', at: new Date(2000) }));
      assert.equal((await store.get('m-1', 'a'))?.status, 'sent');
      assert.equal((await store.get('m-1', 'b'))?.status, 'delivered');
      assert.equal((await store.get('m-1'))?.provider, 'b');
      assert.equal((await store.history('m-1', 'a')).length, 1);
    },
  },
  {
    name: 'pending lists records that are not final, never checked first, by provider, up to the limit',
    async run(store) {
      await store.apply(update('sent', { messageId: 'p-1' }));
      await store.apply(update('sent', { messageId: 'p-2' }));
      await store.apply(update('queued', { messageId: 'p-3', provider: 'other' }));
      await store.apply(update('delivered', { messageId: 'p-4' }));
      await store.markChecked('p-1', 'isms', new Date(5000));
      const all = await store.pending({ limit: 10 });
      assert.deepEqual(all.map((record) => record.messageId).sort(), ['p-1', 'p-2', 'p-3']);
      assert.equal(all.at(-1)?.messageId, 'p-1');
      assert.equal(all.at(-1)?.checkedAt?.getTime(), 5000);
      const isms = await store.pending({ provider: 'isms', limit: 10 });
      assert.deepEqual(isms.map((record) => record.messageId).sort(), ['p-1', 'p-2']);
      const unchecked = await store.pending({ provider: 'isms', limit: 10, notCheckedSince: new Date(5000) });
      assert.deepEqual(
        unchecked.map((record) => record.messageId),
        ['p-2'],
      );
      assert.equal((await store.pending({ limit: 1 })).length, 1);
      await store.markChecked('unknown-id', 'isms', new Date(6000));
    },
  },
];

/** What every {@link WindowStore} must do. */
export const windowStoreContract: readonly StoreContractCase<WindowStore>[] = [
  {
    name: 'an unknown contact has no inbound time',
    async run(store) {
      assert.equal(await store.lastInbound('+60123456789'), undefined);
    },
  },
  {
    name: 'keeps the latest inbound time: an older one recorded late never moves it back',
    async run(store) {
      const now = Date.now();
      await store.recordInbound('+60123456789', new Date(now - 1000));
      assert.equal((await store.lastInbound('+60123456789'))?.getTime(), now - 1000);
      await store.recordInbound('+60123456789', new Date(now - 5000));
      assert.equal((await store.lastInbound('+60123456789'))?.getTime(), now - 1000);
      await store.recordInbound('+60123456789', new Date(now));
      assert.equal((await store.lastInbound('+60123456789'))?.getTime(), now);
      assert.equal(await store.lastInbound('+60111111111'), undefined);
    },
  },
  {
    name: 'ignores an invalid date',
    async run(store) {
      await store.recordInbound('+60123456789', new Date(Number.NaN));
      assert.equal(await store.lastInbound('+60123456789'), undefined);
    },
  },
];

function otpEntry(version: number, attempts = 0): OtpEntry {
  return {
    version,
    sends: [1_700_000_000_000],
    code: {
      kind: 'hash',
      id: 'code-1',
      channel: 'sms',
      hash: 'aGFzaA',
      salt: 'c2FsdA',
      sentAt: 1_700_000_000_000,
      expiresAt: 1_700_000_300_000,
      attempts,
      provider: 'isms',
    },
  };
}

/** What every {@link OtpStore} must do. */
export const otpStoreContract: readonly StoreContractCase<OtpStore>[] = [
  {
    name: 'an unknown recipient has no entry',
    async run(store) {
      assert.equal(await store.get('+60123456789'), undefined);
    },
  },
  {
    name: 'compareAndSet writes only over the expected version, and entries come back as stored',
    async run(store) {
      assert.equal(await store.compareAndSet('+60123456789', 1, otpEntry(2), 60_000), false);
      assert.equal(await store.compareAndSet('+60123456789', 0, otpEntry(1), 60_000), true);
      assert.deepEqual(await store.get('+60123456789'), otpEntry(1));
      assert.equal(await store.compareAndSet('+60123456789', 0, otpEntry(1, 5), 60_000), false);
      assert.equal(await store.compareAndSet('+60123456789', 1, otpEntry(2, 1), 60_000), true);
      assert.deepEqual(await store.get('+60123456789'), otpEntry(2, 1));
    },
  },
  {
    name: 'of 20 concurrent writers over one version exactly one wins',
    async run(store) {
      await store.compareAndSet('+60123456789', 0, otpEntry(1), 60_000);
      const wins = await Promise.all(
        Array.from({ length: 20 }, (_, index) => store.compareAndSet('+60123456789', 1, otpEntry(2, index), 60_000)),
      );
      assert.equal(wins.filter(Boolean).length, 1);
      assert.deepEqual(await store.get('+60123456789'), otpEntry(2, wins.indexOf(true)));
    },
  },
  {
    name: 'an entry expires after its TTL, and then counts as version 0',
    async run(store) {
      assert.equal(await store.compareAndSet('+60123456789', 0, otpEntry(1), 60), true);
      await sleep(150);
      assert.equal(await store.get('+60123456789'), undefined);
      assert.equal(await store.compareAndSet('+60123456789', 0, otpEntry(1), 60_000), true);
    },
  },
];

/** What every {@link RateLimiterStore} must do. */
export const rateLimiterStoreContract: readonly StoreContractCase<RateLimiterStore>[] = [
  {
    name: 'grants the burst at once, then makes callers wait one interval per token',
    async run(store) {
      const limit = { ratePerMinute: 600, burst: 3 };
      for (let index = 0; index < 3; index++) {
        assert.deepEqual(await store.reserve('isms', limit, 0), { granted: true, waitMs: 0 });
      }
      const next = await store.reserve('isms', limit, 60_000);
      assert.equal(next.granted, true);
      assert.ok(next.waitMs > 0 && next.waitMs <= 100, `waitMs ${next.waitMs}`);
      const after = await store.reserve('isms', limit, 60_000);
      assert.ok(after.waitMs > next.waitMs && after.waitMs <= 200, `waitMs ${after.waitMs}`);
    },
  },
  {
    name: 'refuses a wait longer than maxWaitMs without taking a token',
    async run(store) {
      const limit = { ratePerMinute: 60, burst: 1 };
      assert.equal((await store.reserve('isms', limit, 0)).granted, true);
      const refused = await store.reserve('isms', limit, 10);
      assert.equal(refused.granted, false);
      assert.ok(refused.waitMs > 10);
      const again = await store.reserve('isms', limit, 10);
      assert.equal(again.granted, false);
      assert.ok(Math.abs(again.waitMs - refused.waitMs) < 100, 'the refusal took no token');
    },
  },
  {
    name: 'keeps one bucket per key',
    async run(store) {
      const limit = { ratePerMinute: 60, burst: 1 };
      assert.equal((await store.reserve('isms', limit, 0)).granted, true);
      assert.equal((await store.reserve('isms/sim-1', limit, 0)).granted, true);
      assert.equal((await store.reserve('isms', limit, 0)).granted, false);
    },
  },
  {
    name: 'refills over time',
    async run(store) {
      const limit = { ratePerMinute: 6000, burst: 1 };
      assert.equal((await store.reserve('isms', limit, 0)).granted, true);
      await sleep(40);
      assert.equal((await store.reserve('isms', limit, 0)).granted, true);
    },
  },
  {
    name: 'concurrent reservations never hand out more than the rate: each waits its own interval',
    async run(store) {
      const limit = { ratePerMinute: 600, burst: 1 };
      const reservations = await Promise.all(Array.from({ length: 10 }, () => store.reserve('isms', limit, 60_000)));
      assert.ok(reservations.every((reservation) => reservation.granted));
      const waits = reservations.map((reservation) => reservation.waitMs).sort((a, b) => a - b);
      assert.equal(waits[0], 0);
      for (let index = 1; index < waits.length; index++) {
        // 100 ms apart, less the time that passed between two reservations.
        assert.ok(waits[index]! - waits[index - 1]! >= 60, `waits ${waits.join(',')}`);
      }
    },
  },
];

function optOut(number: string, at: number, fields: Partial<SuppressionEntry> = {}): SuppressionEntry {
  return { number, reason: 'keyword', keyword: 'STOP', providerId: 'isms', at, ...fields };
}

/** What every {@link SuppressionStore} must do. */
export const suppressionStoreContract: readonly StoreContractCase<SuppressionStore>[] = [
  {
    name: 'an unknown number is not on the list',
    async run(store) {
      assert.equal(await store.has('+60123456789'), false);
      assert.equal(await store.get('+60123456789'), undefined);
      assert.equal(await store.remove('+60123456789'), false);
      assert.deepEqual(await store.list(), []);
    },
  },
  {
    name: 'add, get, has and remove; entries come back as added',
    async run(store) {
      await store.add(optOut('+60123456789', 1000));
      assert.equal(await store.has('+60123456789'), true);
      assert.deepEqual(await store.get('+60123456789'), optOut('+60123456789', 1000));
      await store.add({ number: '+60123456789', reason: 'manual', at: 2000 });
      assert.deepEqual(await store.get('+60123456789'), { number: '+60123456789', reason: 'manual', at: 2000 });
      assert.equal(await store.remove('+60123456789'), true);
      assert.equal(await store.has('+60123456789'), false);
      assert.equal(await store.remove('+60123456789'), false);
    },
  },
  {
    name: 'lists the most recently added first, up to the limit; adding again moves a number to the front',
    async run(store) {
      await store.add(optOut('+60111111111', 1000));
      await store.add(optOut('+60122222222', 1000));
      await store.add(optOut('+60133333333', 1000));
      assert.deepEqual(
        (await store.list()).map((entry) => entry.number),
        ['+60133333333', '+60122222222', '+60111111111'],
      );
      await store.add(optOut('+60111111111', 3000));
      assert.deepEqual(
        (await store.list({ limit: 2 })).map((entry) => entry.number),
        ['+60111111111', '+60133333333'],
      );
      assert.deepEqual(await store.list({ limit: 0 }), []);
      await store.remove('+60133333333');
      assert.deepEqual(
        (await store.list()).map((entry) => entry.number),
        ['+60111111111', '+60122222222'],
      );
    },
  },
];
