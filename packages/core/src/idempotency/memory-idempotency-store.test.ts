import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../provider/v1/logger.js';
import type { SendResult } from '../provider/v1/send-result.js';
import { FakeClock } from '../runtime/fake-clock.js';
import type { IdempotencyRecord } from './idempotency-store.js';
import { InMemoryIdempotencyStore } from './memory-idempotency-store.js';

describe('InMemoryIdempotencyStore', () => {
  it('setIfAbsent stores once until the key expires', async () => {
    const clock = new FakeClock(0);
    const store = new InMemoryIdempotencyStore<string>({ clock });
    expect(await store.setIfAbsent('k', 'first', 100)).toBe(true);
    expect(await store.setIfAbsent('k', 'second', 100)).toBe(false);
    expect(await store.get('k')).toBe('first');
    await clock.advance(100);
    expect(await store.get('k')).toBeUndefined();
    expect(await store.setIfAbsent('k', 'third', 100)).toBe(true);
  });

  it('set replaces, delete forgets', async () => {
    const store = new InMemoryIdempotencyStore<string>();
    await store.set('k', 'a', 1000);
    await store.set('k', 'b', 1000);
    expect(await store.get('k')).toBe('b');
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
  });

  it('evicts the least recently used key beyond maxEntries', async () => {
    const store = new InMemoryIdempotencyStore<number>({ maxEntries: 2 });
    await store.set('a', 1, 1000);
    await store.set('b', 2, 1000);
    await store.get('a');
    await store.set('c', 3, 1000);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBe(1);
    expect(await store.get('c')).toBe(3);
    expect(store.size).toBe(2);
  });

  it("keeps a campaign's bare sent records compact and gives them back equal; other values as given", async () => {
    const store = new InMemoryIdempotencyStore();
    const result: SendResult = {
      status: 'sent',
      messageId: '1700000001',
      provider: 'isms',
      providerType: 'isms',
      to: '+60123456789',
      segments: 1,
      attempts: [],
      raw: undefined,
    };
    const bare: IdempotencyRecord = { state: 'sent', result, at: 1, fingerprint: 'f' };
    const full: IdempotencyRecord = { state: 'sent', result: { ...result, raw: { id: 1 } }, at: 1 };
    await store.set('bare', bare, 1000);
    await store.set('full', full, 1000);
    expect(await store.get('bare')).toStrictEqual(bare);
    expect(await store.get('full')).toBe(full);
    expect(await store.setIfAbsent('bare', { state: 'pending', since: 2 }, 1000)).toBe(false);
  });

  it('evicts in least recently used order through any mix of sets, gets and deletes', () => {
    const operation = fc.record({
      kind: fc.constantFrom('set', 'get', 'delete'),
      key: fc.integer({ min: 0, max: 7 }),
    });
    return fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 80 }), async (operations) => {
        const store = new InMemoryIdempotencyStore<number>({ maxEntries: 3 });
        // The model: keys from least to most recently used.
        let model: number[] = [];
        for (const [position, { kind, key }] of operations.entries()) {
          const held = model.includes(key);
          if (kind === 'set') {
            await store.set(`k${key}`, position, 1000);
            model = [...model.filter((other) => other !== key), key].slice(-3);
          } else if (kind === 'get') {
            expect((await store.get(`k${key}`)) !== undefined).toBe(held);
            if (held) model = [...model.filter((other) => other !== key), key];
          } else {
            await store.delete(`k${key}`);
            model = model.filter((other) => other !== key);
          }
          expect(store.size).toBe(model.length);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives back exactly the records it holds, compact or not, through any mix of operations (model)', () => {
    // Keys and strings of every kind the compact form must carry: short, long (past a slot's bytes), non-latin1.
    const text = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.string({ minLength: 60, maxLength: 90 }),
    );
    const bareSent = fc.record({
      state: fc.constant('sent' as const),
      result: fc.record(
        {
          status: fc.constantFrom('queued' as const, 'sent' as const, 'delivered' as const),
          messageId: text,
          provider: fc.constantFrom('isms', 'ezsms', 'isms-backup'),
          providerType: fc.constantFrom('isms', 'ezsms'),
          to: text,
          segments: fc.integer({ min: 1, max: 10 }),
          credits: fc.integer({ min: 0, max: 30 }),
          deliveryReports: fc.boolean(),
          attempts: fc.constant([]),
          raw: fc.constant(undefined),
        },
        { requiredKeys: ['status', 'provider', 'providerType', 'to', 'segments', 'attempts', 'raw'] },
      ),
      at: fc.integer({ min: 0, max: 2 ** 40 }),
      fingerprint: text,
    });
    const pending = fc.record({ state: fc.constant('pending' as const), since: fc.integer({ min: 0, max: 2 ** 40 }) });
    const value = fc.oneof(bareSent, pending) as fc.Arbitrary<IdempotencyRecord>;
    const operation = fc.record({
      kind: fc.constantFrom('set', 'setIfAbsent', 'setManyIfAbsent', 'get', 'delete'),
      key: fc.integer({ min: 0, max: 5 }),
      value,
    });
    return fc.assert(
      fc.asyncProperty(
        fc.array(text, { minLength: 6, maxLength: 6 }),
        fc.array(operation, { maxLength: 60 }),
        async (names, operations) => {
          const keys = [...new Set(names.map((name, index) => `${index}:${name}`))];
          const store = new InMemoryIdempotencyStore<IdempotencyRecord>({ maxEntries: 4 });
          // The model: entries from least to most recently used.
          let model: [string, IdempotencyRecord][] = [];
          const touch = (key: string, record: IdempotencyRecord) => {
            const entry: [string, IdempotencyRecord] = [key, record];
            model = [...model.filter(([other]) => other !== key), entry].slice(-4);
          };
          for (const { kind, key: index, value: record } of operations) {
            const key = keys[index % keys.length]!;
            const held = model.find(([other]) => other === key)?.[1];
            if (kind === 'set') {
              await store.set(key, record, 60_000);
              touch(key, record);
            } else if (kind === 'setIfAbsent' || kind === 'setManyIfAbsent') {
              const stored =
                kind === 'setIfAbsent'
                  ? await store.setIfAbsent(key, record, 60_000)
                  : (await store.setManyIfAbsent([{ key, value: record }], 60_000))[0];
              expect(stored).toBe(held === undefined);
              if (held === undefined) touch(key, record);
            } else if (kind === 'get') {
              expect(await store.get(key)).toStrictEqual(held);
              if (held !== undefined) touch(key, held);
            } else {
              await store.delete(key);
              model = model.filter(([other]) => other !== key);
            }
            expect(store.size).toBe(model.length);
          }
        },
      ),
      { numRuns: 300, seed: 41 },
    );
  });

  it('holds 100 000 keys by default', async () => {
    const store = new InMemoryIdempotencyStore<number>();
    for (let index = 0; index <= 100_000; index++) await store.set(`k${index}`, index, 1000);
    expect(store.size).toBe(100_000);
    expect(await store.get('k0')).toBeUndefined();
    expect(await store.get('k1')).toBe(1);
  });

  it('warns once per burst of keys evicted before their TTL, and reports each one', async () => {
    const logger: Logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const evictions: [string, number][] = [];
    // A still clock: the warning's remainingMs must not depend on how fast the test runs.
    const store = new InMemoryIdempotencyStore<number>({
      maxEntries: 2,
      logger,
      clock: { now: () => 1_000_000, sleep: () => Promise.resolve() },
      onEvict: (eviction) => evictions.push([eviction.key, eviction.inBurst]),
    });
    await store.set('a', 1, 1000);
    await store.set('b', 2, 1000);
    await store.set('c', 3, 1000);
    await store.set('c', 33, 1000); // rewritten in place while full: the burst goes on
    await store.set('d', 4, 1000);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('idempotency store is full'),
      expect.objectContaining({ maxEntries: 2, remainingMs: 1000 }),
    );
    expect(evictions).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    await store.delete('c');
    await store.delete('d');
    await store.set('e', 5, 1000); // room to spare: the burst is over
    await store.set('f', 6, 1000);
    await store.set('g', 7, 1000);
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(store.evicted).toBe(3);
  });

  it('drops expired keys before evicting a live one, without a warning', async () => {
    const clock = new FakeClock(0);
    const logger: Logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const store = new InMemoryIdempotencyStore<number>({ maxEntries: 2, clock, logger });
    await store.set('short', 2, 100);
    await store.set('long', 1, 10_000);
    await store.get('short');
    await clock.advance(100);
    // `short` is the most recently used key but expired: it goes, `long` stays.
    await store.set('new', 3, 10_000);
    expect(await store.get('long')).toBe(1);
    expect(await store.get('new')).toBe(3);
    expect(logger.warn).not.toHaveBeenCalled();
    expect(store.evicted).toBe(0);
  });
});
