import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import type { FailoverEvent } from '../events/messenger-events.js';
import { failover } from '../routing/failover.js';
import { expectPesanError } from '../testing/expect-pesan-error.js';
import { createMessenger } from './create-messenger.js';
import type { DeliveryMode } from './delivery-mode.js';
import { createFakeProvider, type FakeOutcome } from './fake-provider.js';

const to = '+60123456789';

function setup(delivery: DeliveryMode, first: FakeOutcome | FakeOutcome[], options: { idempotent?: boolean } = {}) {
  const a = createFakeProvider({
    id: 'a',
    behaviour: first,
    capabilities: { idempotent: options.idempotent ?? false },
  });
  const b = createFakeProvider({ id: 'b' });
  const messenger = createMessenger({ providers: [a, b], route: failover('a', 'b'), delivery });
  return { a, b, messenger };
}

describe('failover by delivery mode', () => {
  it.each(['at-most-once', 'at-least-once'] as const)('%s: fails over after not_sent', async (delivery) => {
    const { a, b, messenger } = setup(delivery, 'not_sent');
    const result = await messenger.send({ to, text: 'Hi' });
    expect(result.provider).toBe('b');
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(1);
    expect(result.attempts.map((attempt) => [attempt.provider, attempt.outcome])).toEqual([
      ['a', 'not_sent'],
      ['b', 'success'],
    ]);
  });

  it.each(['at-most-once', 'at-least-once'] as const)(
    '%s: stops after rejected and throws that error',
    async (delivery) => {
      const { a, b, messenger } = setup(delivery, 'rejected');
      const error = await expectPesanError(messenger.send({ to, text: 'Hi' }));
      expect(error.code).toBe('INVALID_RECIPIENT');
      expect(error.outcome).toBe('rejected');
      expect(error.details?.attempts).toHaveLength(1);
      expect(a.calls).toHaveLength(1);
      expect(b.calls).toHaveLength(0);
    },
  );

  it('at-most-once: stops after unknown and throws it', async () => {
    const { a, b, messenger } = setup('at-most-once', 'unknown');
    const error = await expectPesanError(messenger.send({ to, text: 'Hi' }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.outcome).toBe('unknown');
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(0);
  });

  it('at-least-once: fails over after unknown', async () => {
    const { a, b, messenger } = setup('at-least-once', 'unknown');
    const result = await messenger.send({ to, text: 'Hi' });
    expect(result.provider).toBe('b');
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(1);
  });

  it.each(['at-most-once', 'at-least-once'] as const)(
    '%s: retries an idempotent provider once after unknown, with the same key',
    async (delivery) => {
      const { a, b, messenger } = setup(delivery, ['unknown', 'success'], { idempotent: true });
      const result = await messenger.send({ to, text: 'Hi', idempotencyKey: 'order-1' });
      expect(result.provider).toBe('a');
      expect(a.calls).toHaveLength(2);
      expect(a.calls.map((message) => message.idempotencyKey)).toEqual(['order-1', 'order-1']);
      expect(b.calls).toHaveLength(0);
    },
  );

  it('gives a message without a key one key for both tries of an idempotent provider', async () => {
    const { a, messenger } = setup('at-most-once', ['unknown', 'success'], { idempotent: true });
    await messenger.send({ to, text: 'Hi' });
    expect(a.calls).toHaveLength(2);
    expect(a.calls[0]!.idempotencyKey).toBeTruthy();
    expect(a.calls[1]!.idempotencyKey).toBe(a.calls[0]!.idempotencyKey);
  });

  it('at-most-once: an idempotent provider unknown twice stops', async () => {
    const { a, b, messenger } = setup('at-most-once', 'unknown', { idempotent: true });
    const error = await expectPesanError(messenger.send({ to, text: 'Hi' }));
    expect(error.outcome).toBe('unknown');
    expect(a.calls).toHaveLength(2);
    expect(b.calls).toHaveLength(0);
  });

  it('at-least-once: an idempotent provider unknown twice fails over', async () => {
    const { a, b, messenger } = setup('at-least-once', 'unknown', { idempotent: true });
    const result = await messenger.send({ to, text: 'Hi' });
    expect(result.provider).toBe('b');
    expect(a.calls).toHaveLength(2);
    expect(b.calls).toHaveLength(1);
  });

  it('throws ALL_PROVIDERS_FAILED with attempts and errors when two providers fail', async () => {
    const a = createFakeProvider({ id: 'a', behaviour: 'not_sent' });
    const b = createFakeProvider({ id: 'b', behaviour: 'not_sent' });
    const messenger = createMessenger({ providers: [a, b], route: failover('a', 'b') });
    const error = await expectPesanError(messenger.send({ to, text: 'Hi' }));
    expect(error.code).toBe('ALL_PROVIDERS_FAILED');
    expect(error.outcome).toBe('not_sent');
    expect(((error.details?.errors ?? []) as PesanError[]).map((entry) => entry.provider)).toEqual(['a', 'b']);
    expect(error.details?.attempts).toHaveLength(2);
  });

  it('ALL_PROVIDERS_FAILED is unknown when a provider may have sent (at-least-once)', async () => {
    const a = createFakeProvider({ id: 'a', behaviour: 'unknown' });
    const b = createFakeProvider({ id: 'b', behaviour: 'not_sent' });
    const messenger = createMessenger({ providers: [a, b], route: failover('a', 'b'), delivery: 'at-least-once' });
    const error = await expectPesanError(messenger.send({ to, text: 'Hi' }));
    expect(error.code).toBe('ALL_PROVIDERS_FAILED');
    expect(error.outcome).toBe('unknown');
  });

  it('throws the decisive error of a single provider, with attempts', async () => {
    const a = createFakeProvider({ id: 'a', behaviour: 'not_sent' });
    const messenger = createMessenger({ providers: [a] });
    const error = await expectPesanError(messenger.send({ to, text: 'Hi' }));
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.provider).toBe('a');
    expect(error.details?.attempts).toEqual([expect.objectContaining({ provider: 'a', outcome: 'not_sent' })]);
  });

  it('emits failover events', async () => {
    const { messenger } = setup('at-most-once', 'not_sent');
    const events: FailoverEvent[] = [];
    messenger.on('failover', (event) => {
      events.push(event);
    });
    await messenger.send({ to, text: 'Hi' });
    expect(events.map((event) => [event.from, event.to, event.error.code])).toEqual([
      ['a', 'b', 'PROVIDER_UNAVAILABLE'],
    ]);
  });

  it('passes E.164, the delivery mode and an endpoint guard to providers', async () => {
    const { a, messenger } = setup('at-least-once', 'success');
    await messenger.send({ to: '012-345 6789', text: 'Hi' });
    expect(a.calls[0]!.to).toBe('+60123456789');
    expect(a.contexts[0]?.delivery).toBe('at-least-once');
    expect(typeof a.contexts[0]?.endpointGuard?.allow).toBe('function');
    expect(a.contexts[0]?.signal).toBeInstanceOf(AbortSignal);
  });

  it('treats a non-PesanError thrown by a provider as unknown', async () => {
    const a = createFakeProvider({
      id: 'a',
      behaviour: () => {
        throw new TypeError('bug');
      },
    });
    const b = createFakeProvider({ id: 'b' });
    const messenger = createMessenger({ providers: [a, b], route: failover('a', 'b') });
    const error = await expectPesanError(messenger.send({ to, text: 'Hi' }));
    expect(error.code).toBe('UNKNOWN');
    expect(error.outcome).toBe('unknown');
    expect(b.calls).toHaveLength(0);
  });
});

describe('a run that may have sent stays "may have sent"', () => {
  it('at-most-once: unknown then a not_sent idempotent retry does not fail over, and throws unknown', async () => {
    const { a, b, messenger } = setup('at-most-once', ['unknown', 'not_sent', 'success'], { idempotent: true });
    const error = await expectPesanError(messenger.send({ to, text: 'Hi', idempotencyKey: 'k' }));
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.outcome).toBe('unknown');
    expect(((error.details?.errors ?? []) as PesanError[]).map((entry) => [entry.provider, entry.outcome])).toEqual([
      ['a', 'unknown'],
      ['a', 'not_sent'],
    ]);
    expect(error.details?.attempts).toHaveLength(2);
    expect(a.calls).toHaveLength(2);
    expect(b.calls).toHaveLength(0);
    // The key is remembered: a resend reaches no vendor.
    await expect(messenger.send({ to, text: 'Hi', idempotencyKey: 'k' })).rejects.toMatchObject({
      outcome: 'unknown',
      details: { replayed: true },
    });
    expect(a.calls).toHaveLength(2);
    expect(b.calls).toHaveLength(0);
  });

  it('at-most-once, one provider: unknown then not_sent throws unknown and keeps the key', async () => {
    const a = createFakeProvider({
      id: 'a',
      behaviour: ['unknown', 'not_sent', 'success'],
      capabilities: { idempotent: true },
    });
    const messenger = createMessenger({ providers: [a] });
    const error = await expectPesanError(messenger.send({ to, text: 'Hi', idempotencyKey: 'k' }));
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.outcome).toBe('unknown');
    expect(error.details?.attempts).toHaveLength(2);
    await expect(messenger.send({ to, text: 'Hi', idempotencyKey: 'k' })).rejects.toMatchObject({
      outcome: 'unknown',
    });
    expect(a.calls).toHaveLength(2);
  });

  it('at-least-once: unknown then rejected throws unknown and keeps the key', async () => {
    const d = createFakeProvider({ id: 'd', behaviour: ['unknown', 'success'] });
    const e = createFakeProvider({ id: 'e', behaviour: new PesanError('INVALID_SENDER', { provider: 'e' }) });
    const messenger = createMessenger({ providers: [d, e], route: failover('d', 'e'), delivery: 'at-least-once' });
    const error = await expectPesanError(messenger.send({ to, text: 'Hi', idempotencyKey: 'k' }));
    expect(error.code).toBe('INVALID_SENDER');
    expect(error.outcome).toBe('unknown');
    expect(((error.details?.errors ?? []) as PesanError[]).map((entry) => entry.outcome)).toEqual([
      'unknown',
      'rejected',
    ]);
    await expect(messenger.send({ to, text: 'Hi', idempotencyKey: 'k' })).rejects.toMatchObject({
      outcome: 'unknown',
    });
    expect(d.calls).toHaveLength(1);
    expect(e.calls).toHaveLength(1);
  });

  it('at-least-once: an idempotent retry that is not_sent still fails over', async () => {
    const { a, b, messenger } = setup('at-least-once', ['unknown', 'not_sent'], { idempotent: true });
    const result = await messenger.send({ to, text: 'Hi' });
    expect(result.provider).toBe('b');
    expect(a.calls).toHaveLength(2);
    expect(b.calls).toHaveLength(1);
  });
});
