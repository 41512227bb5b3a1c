import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import { InMemoryIdempotencyStore } from '../idempotency/memory-idempotency-store.js';
import { failover } from '../routing/failover.js';
import { FakeClock } from '../runtime/fake-clock.js';
import { createMessenger } from './create-messenger.js';
import { createFakeGate } from './fake-gate.js';
import { createFakeProvider } from './fake-provider.js';

const to = '+60123456789';

describe('messenger idempotency', () => {
  it('returns the first result for a repeated key and sends nothing', async () => {
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a] });
    const first = await messenger.send({ to, text: 'Hi', idempotencyKey: 'k1' });
    const second = await messenger.send({ to, text: 'Hi', idempotencyKey: 'k1' });
    expect(second).toBe(first);
    expect(a.calls).toHaveLength(1);
  });

  it('two concurrent sends with one key: the provider is called once, both get the same result', async () => {
    const gate = createFakeGate();
    const a = createFakeProvider({ id: 'a', behaviour: gate.outcome });
    const messenger = createMessenger({ providers: [a] });
    const one = messenger.send({ to, text: 'Hi', idempotencyKey: 'k' });
    const two = messenger.send({ to, text: 'Hi', idempotencyKey: 'k' });
    gate.open();
    const [first, second] = await Promise.all([one, two]);
    expect(a.calls).toHaveLength(1);
    expect(second).toEqual(first);
  });

  it('a concurrent duplicate gets the same error when the first fails', async () => {
    const gate = createFakeGate('rejected');
    const a = createFakeProvider({ id: 'a', behaviour: gate.outcome });
    const messenger = createMessenger({ providers: [a] });
    const one = messenger.send({ to, text: 'Hi', idempotencyKey: 'k' }).catch((error: unknown) => error);
    const two = messenger.send({ to, text: 'Hi', idempotencyKey: 'k' }).catch((error: unknown) => error);
    gate.open();
    const [first, second] = await Promise.all([one, two]);
    expect(PesanError.isInstance(first) && first.code).toBe('INVALID_RECIPIENT');
    expect(second).toBe(first);
    expect(a.calls).toHaveLength(1);
  });

  it('frees the key after not_sent or rejected, so a later retry sends', async () => {
    const a = createFakeProvider({ id: 'a', behaviour: ['not_sent', 'rejected', 'success'] });
    const messenger = createMessenger({ providers: [a] });
    await expect(messenger.send({ to, text: 'Hi', idempotencyKey: 'k' })).rejects.toMatchObject({
      outcome: 'not_sent',
    });
    await expect(messenger.send({ to, text: 'Hi', idempotencyKey: 'k' })).rejects.toMatchObject({
      outcome: 'rejected',
    });
    const result = await messenger.send({ to, text: 'Hi', idempotencyKey: 'k' });
    expect(result.provider).toBe('a');
    expect(a.calls).toHaveLength(3);
  });

  it('remembers an unknown outcome: the same key is refused and nothing is resent', async () => {
    const a = createFakeProvider({ id: 'a', behaviour: ['unknown', 'success'] });
    const messenger = createMessenger({ providers: [a] });
    await expect(messenger.send({ to, text: 'Hi', idempotencyKey: 'k' })).rejects.toMatchObject({ code: 'TIMEOUT' });
    const error = await messenger.send({ to, text: 'Hi', idempotencyKey: 'k' }).catch((thrown: unknown) => thrown);
    expect(PesanError.isInstance(error) && error.code).toBe('TIMEOUT');
    expect(PesanError.isInstance(error) && error.outcome).toBe('unknown');
    expect(PesanError.isInstance(error) && error.details?.replayed).toBe(true);
    expect(a.calls).toHaveLength(1);
  });

  it('forgets keys after the TTL', async () => {
    const clock = new FakeClock(0);
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a], clock, idempotencyTtlMs: 1000 });
    await messenger.send({ to, text: 'Hi', idempotencyKey: 'k' });
    await clock.advance(1000);
    await messenger.send({ to, text: 'Hi', idempotencyKey: 'k' });
    expect(a.calls).toHaveLength(2);
  });

  it('refuses a key pending in a shared store (another process) with DUPLICATE, outcome unknown', async () => {
    const store = new InMemoryIdempotencyStore();
    await store.set('k', { state: 'pending', since: 0 }, 60_000);
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a], stores: { idempotency: store } });
    await expect(messenger.send({ to, text: 'Hi', idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'DUPLICATE',
      outcome: 'unknown',
    });
    expect(a.calls).toHaveLength(0);
  });

  it('keeps the key of a send that failed over and succeeded', async () => {
    const a = createFakeProvider({ id: 'a', behaviour: 'not_sent' });
    const b = createFakeProvider({ id: 'b' });
    const messenger = createMessenger({ providers: [a, b], route: failover('a', 'b') });
    const first = await messenger.send({ to, text: 'Hi', idempotencyKey: 'k' });
    const again = await messenger.send({ to, text: 'Hi', idempotencyKey: 'k' });
    expect(again).toBe(first);
    expect(b.calls).toHaveLength(1);
  });
});

describe('an idempotency key reused with a different message', () => {
  it('send: refuses it with DUPLICATE (rejected) and sends nothing; the same message still replays', async () => {
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a] });
    const first = await messenger.send({ to, text: 'Hi', idempotencyKey: 'k', metadata: { try: 1 } });
    await expect(messenger.send({ to, text: 'Bye', idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'DUPLICATE',
      outcome: 'rejected',
      message: 'idempotency key reused with a different message',
    });
    await expect(messenger.send({ to: '+60123456780', text: 'Hi', idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'DUPLICATE',
    });
    // The same message written differently (national number, metadata) is the same message.
    expect(await messenger.send({ to: '012-345 6789', text: 'Hi', idempotencyKey: 'k', metadata: { try: 2 } })).toBe(
      first,
    );
    expect(a.calls).toHaveLength(1);
  });

  it('send: a concurrent different message with the key is refused while the first is in flight', async () => {
    const gate = createFakeGate();
    const a = createFakeProvider({ id: 'a', behaviour: gate.outcome });
    const messenger = createMessenger({ providers: [a] });
    const one = messenger.send({ to, text: 'Hi', idempotencyKey: 'k' });
    await expect(messenger.send({ to, text: 'Bye', idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'DUPLICATE',
      outcome: 'rejected',
    });
    gate.open();
    await one;
    expect(a.calls.map((message) => message.text)).toEqual(['Hi']);
  });

  it('sendBulk: the item reusing a key with another message fails with DUPLICATE, the rest is sent', async () => {
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a] });
    await messenger.send({ to, text: 'Hi', idempotencyKey: 'k1' });
    const { items, totals } = await messenger.sendBulk([
      { to, text: 'Hi', idempotencyKey: 'k1' },
      { to, text: 'Changed', idempotencyKey: 'k1' },
      { to, text: 'One', idempotencyKey: 'k2' },
      { to, text: 'Two', idempotencyKey: 'k2' },
    ]);
    expect(items.map((item) => (item.ok ? 'ok' : `${item.error.code}/${item.error.outcome}`))).toEqual([
      'ok',
      'DUPLICATE/rejected',
      'ok',
      'DUPLICATE/rejected',
    ]);
    expect(totals).toMatchObject({ sent: 2, failed: 2 });
    expect(a.calls.map((message) => message.text)).toEqual(['Hi', 'One']);
  });
});
