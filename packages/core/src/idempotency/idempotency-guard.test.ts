import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import type { SendResult } from '../provider/v1/send-result.js';
import { FakeClock } from '../runtime/fake-clock.js';
import { silentLogger } from '../runtime/logger.js';
import { IdempotencyGuard } from './idempotency-guard.js';
import type { IdempotencyRecord, IdempotencyStore } from './idempotency-store.js';
import { InMemoryIdempotencyStore } from './memory-idempotency-store.js';

const result = {
  status: 'queued',
  provider: 'a',
  providerType: 'fake',
  to: '+60123456789',
  segments: 1,
  attempts: [],
  raw: {},
} as SendResult;

const message = { to: '+60123456789', text: 'Hi' };

function guard(store: IdempotencyStore = new InMemoryIdempotencyStore()) {
  return new IdempotencyGuard(store, { idempotencyTtlMs: 60_000 }, new FakeClock(0), silentLogger);
}

describe('IdempotencyGuard', () => {
  it('gives ownership once; later claims replay the result', async () => {
    const instance = guard();
    const first = await instance.claim('k', message);
    expect(first.kind).toBe('owner');
    const waiting = await instance.claim('k', message);
    expect(waiting.kind).toBe('replay');
    if (first.kind === 'owner') await first.settle({ ok: true, result });
    if (waiting.kind === 'replay') await expect(waiting.result).resolves.toBe(result);
    const later = await instance.claim('k', message);
    expect(later.kind === 'replay' && (await later.result)).toBe(result);
  });

  it('turns a failing store into an UNKNOWN not_sent error and frees the key', async () => {
    const broken: IdempotencyStore = {
      get: async () => undefined,
      setIfAbsent: async () => {
        throw new Error('redis down');
      },
      set: async () => {},
      delete: async () => {},
    };
    const instance = guard(broken);
    await expect(instance.claim('k', message)).rejects.toMatchObject({ code: 'UNKNOWN', outcome: 'not_sent' });
    await expect(instance.claim('k', message)).rejects.toMatchObject({ code: 'UNKNOWN' });
  });

  it('keeps only unknown failures', async () => {
    const store = new InMemoryIdempotencyStore<IdempotencyRecord>();
    const instance = guard(store);
    const rejected = await instance.claim('r', message);
    if (rejected.kind === 'owner') await rejected.settle({ ok: false, error: new PesanError('INVALID_SENDER') });
    expect(await store.get('r')).toBeUndefined();
    const unknown = await instance.claim('u', message);
    if (unknown.kind === 'owner')
      await unknown.settle({ ok: false, error: new PesanError('TIMEOUT', { provider: 'a' }) });
    expect(await store.get('u')).toMatchObject({ state: 'unknown', error: { code: 'TIMEOUT', provider: 'a' } });
  });

  it('refuses the key with DUPLICATE (rejected) for a different message, in flight or stored', async () => {
    const store = new InMemoryIdempotencyStore<IdempotencyRecord>();
    const instance = guard(store);
    const other = { ...message, text: 'Bye' };
    const first = await instance.claim('k', message);
    const inFlight = await instance.claim('k', other);
    expect(inFlight.kind).toBe('replay');
    if (inFlight.kind === 'replay') {
      await expect(inFlight.result).rejects.toMatchObject({
        code: 'DUPLICATE',
        outcome: 'rejected',
        message: 'idempotency key reused with a different message',
      });
    }
    if (first.kind === 'owner') await first.settle({ ok: true, result });
    const stored = await instance.claim('k', other);
    if (stored.kind === 'replay') await expect(stored.result).rejects.toMatchObject({ code: 'DUPLICATE' });
    // The same message, metadata aside, is still a replay.
    const same = await instance.claim('k', { ...message, metadata: { order: 1 } });
    expect(same.kind === 'replay' && (await same.result)).toBe(result);
    expect(await store.get('k')).toMatchObject({ state: 'sent', fingerprint: expect.any(String) });
  });

  it('matches any message against a record without a fingerprint', async () => {
    const store = new InMemoryIdempotencyStore<IdempotencyRecord>();
    await store.set('k', { state: 'sent', result, at: 0 }, 60_000);
    const claim = await guard(store).claim('k', { ...message, text: 'anything' });
    expect(claim.kind === 'replay' && (await claim.result)).toBe(result);
  });

  describe('claimMany', () => {
    it('claims new keys in one store call; a sent key replays, a pending one is refused, a repeat waits', async () => {
      const store = new InMemoryIdempotencyStore<IdempotencyRecord>();
      await store.set('sent', { state: 'sent', result, at: 0 }, 60_000);
      await store.set('elsewhere', { state: 'pending', since: 0 }, 60_000);
      const calls: string[][] = [];
      const setMany = store.setManyIfAbsent.bind(store);
      store.setManyIfAbsent = (entries, ttlMs) => {
        calls.push(entries.map((entry) => entry.key));
        return setMany(entries, ttlMs);
      };
      const instance = guard(store);
      const claims = await instance.claimMany(['a', 'sent', 'b', 'elsewhere', 'a'].map((key) => ({ key, message })));
      expect(calls).toEqual([['a', 'sent', 'b', 'elsewhere']]);
      expect(claims.map((claim) => claim.kind)).toEqual(['owner', 'replay', 'owner', 'replay', 'replay']);
      const [a, sent, , elsewhere, repeat] = claims;
      if (sent?.kind === 'replay') await expect(sent.result).resolves.toBe(result);
      if (elsewhere?.kind === 'replay') {
        await expect(elsewhere.result).rejects.toMatchObject({ code: 'DUPLICATE', outcome: 'unknown' });
      }
      if (a?.kind === 'owner') await a.settle({ ok: true, result });
      if (repeat?.kind === 'replay') await expect(repeat.result).resolves.toBe(result);
      expect(await store.get('a')).toMatchObject({ state: 'sent' });
      expect(await store.get('b')).toMatchObject({ state: 'pending' });
    });

    it('without setManyIfAbsent claims each key with setIfAbsent, exactly once across concurrent batches', async () => {
      const memory = new InMemoryIdempotencyStore<IdempotencyRecord>();
      const store: IdempotencyStore = {
        get: (key) => memory.get(key),
        setIfAbsent: (key, value, ttlMs) => memory.setIfAbsent(key, value, ttlMs),
        set: (key, value, ttlMs) => memory.set(key, value, ttlMs),
        delete: (key) => memory.delete(key),
      };
      const [first, second] = [guard(store), guard(store)];
      const keys = Array.from({ length: 20 }, (_, index) => ({ key: `k${index}`, message }));
      const [one, two] = await Promise.all([first.claimMany(keys), second.claimMany(keys)]);
      const owners = [...one, ...two].filter((claim) => claim.kind === 'owner');
      expect(owners).toHaveLength(20);
      for (let index = 0; index < 20; index++) {
        expect([one[index]!.kind, two[index]!.kind].sort()).toEqual(['owner', 'replay']);
      }
    });

    it('answers a failing store per key (not_sent), and frees the keys', async () => {
      const store = new InMemoryIdempotencyStore<IdempotencyRecord>();
      store.setManyIfAbsent = async () => {
        throw new Error('redis down');
      };
      const instance = guard(store);
      const claims = await instance.claimMany([
        { key: 'x', message },
        { key: 'y', message },
      ]);
      expect(claims).toEqual([
        { kind: 'failed', error: expect.objectContaining({ code: 'UNKNOWN', outcome: 'not_sent' }) },
        { kind: 'failed', error: expect.objectContaining({ code: 'UNKNOWN', outcome: 'not_sent' }) },
      ]);
      expect((await instance.claim('x', message)).kind).toBe('owner');
    });
  });

  it('settleMany writes the records in one store call, frees refused keys and releases waiters', async () => {
    const store = new InMemoryIdempotencyStore<IdempotencyRecord>();
    const written: string[][] = [];
    const setMany = store.setMany.bind(store);
    store.setMany = (entries, ttlMs) => {
      written.push(entries.map((entry) => entry.key));
      return setMany(entries, ttlMs);
    };
    store.set = async () => {
      throw new Error('a batch is recorded with setMany');
    };
    const instance = guard(store);
    const claims = await instance.claimMany(['sent', 'lost', 'refused'].map((key) => ({ key, message })));
    const waiting = await instance.claim('sent', message);
    await instance.settleMany([
      { key: 'sent', outcome: { ok: true, result } },
      { key: 'lost', outcome: { ok: false, error: new PesanError('TIMEOUT', { outcome: 'unknown' }) } },
      { key: 'refused', outcome: { ok: false, error: new PesanError('INVALID_SENDER', { outcome: 'rejected' }) } },
    ]);
    expect(claims.map((claim) => claim.kind)).toEqual(['owner', 'owner', 'owner']);
    expect(written).toEqual([['sent', 'lost']]);
    expect(await store.get('sent')).toMatchObject({ state: 'sent', result });
    expect(await store.get('lost')).toMatchObject({ state: 'unknown', error: { code: 'TIMEOUT' } });
    expect(await store.get('refused')).toBeUndefined();
    expect(waiting.kind === 'replay' && (await waiting.result)).toBe(result);
    expect((await instance.claim('refused', message)).kind).toBe('owner');
  });
});
