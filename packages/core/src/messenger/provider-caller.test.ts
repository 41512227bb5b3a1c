import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { SendContext } from '../provider/v1/send-context.js';
import { failover } from '../routing/failover.js';
import { FakeClock } from '../runtime/fake-clock.js';
import { createMessenger } from './create-messenger.js';
import { createFakeProvider } from './fake-provider.js';

const to = '+60123456789';

/** A provider whose `send` never settles and ignores its signal; it remembers the signal it got. */
function hanging(id: string) {
  const contexts: SendContext[] = [];
  const provider: ProviderV1 = {
    ...createFakeProvider({ id }),
    send: (_message, context) => {
      if (context) contexts.push(context);
      return new Promise(() => {});
    },
  };
  return { provider, contexts };
}

async function settled<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown; done: boolean }> {
  const state: { value?: T; error?: unknown; done: boolean } = { done: false };
  promise.then(
    (value) => Object.assign(state, { value, done: true }),
    (error: unknown) => Object.assign(state, { error, done: true }),
  );
  return state;
}

describe('provider calls are bounded by providerTimeoutMs', () => {
  it('a send that never settles fails with TIMEOUT (unknown) and its signal is aborted; a duplicate gets the same', async () => {
    const clock = new FakeClock(0);
    const { provider, contexts } = hanging('a');
    const b = createFakeProvider({ id: 'b' });
    const messenger = createMessenger({ providers: [provider, b], route: failover('a', 'b'), clock });
    const first = await settled(messenger.send({ to, text: 'Hi', idempotencyKey: 'k' }));
    const duplicate = await settled(messenger.send({ to, text: 'Hi', idempotencyKey: 'k' }));
    await clock.advance(59_999);
    expect(first.done).toBe(false);
    expect(duplicate.done).toBe(false);
    await clock.advance(1);
    expect(first.done && duplicate.done).toBe(true);
    const error = first.error;
    expect(PesanError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'TIMEOUT', outcome: 'unknown', provider: 'a' });
    expect(duplicate.error).toBe(error);
    expect(contexts[0]?.signal?.aborted).toBe(true);
    // At-most-once: the vendor may have it, so b is not tried.
    expect(b.calls).toHaveLength(0);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('honours providerTimeoutMs and records the timed-out attempt', async () => {
    const clock = new FakeClock(0);
    const { provider } = hanging('a');
    const b = createFakeProvider({ id: 'b' });
    const messenger = createMessenger({
      providers: [provider, b],
      route: failover('a', 'b'),
      delivery: 'at-least-once',
      providerTimeoutMs: 5000,
      clock,
    });
    const sending = messenger.send({ to, text: 'Hi' });
    await clock.advance(5000);
    const result = await sending;
    expect(result.provider).toBe('b');
    expect(result.attempts.map((attempt) => [attempt.provider, attempt.outcome, attempt.errorCode])).toEqual([
      ['a', 'unknown', 'TIMEOUT'],
      ['b', 'success', undefined],
    ]);
  });

  it('keeps the attempts a provider recorded before it hung, then the timed-out one', async () => {
    const clock = new FakeClock(0);
    const a = createFakeProvider({
      id: 'a',
      endpoints: ['https://a1.test', 'https://a2.test'],
      behaviour: (_message, call) => (call.endpoint === 'https://a2.test' ? new Promise(() => {}) : 'not_sent'),
    });
    const messenger = createMessenger({ providers: [a], providerTimeoutMs: 1000, clock });
    const sending = settled(messenger.send({ to, text: 'Hi' }));
    await clock.advance(1000);
    const { error } = await sending;
    expect(error).toMatchObject({ code: 'TIMEOUT', outcome: 'unknown' });
    const attempts = PesanError.isInstance(error) ? (error.details?.attempts as { outcome: string }[]) : [];
    expect(attempts.map((attempt) => attempt.outcome)).toEqual(['not_sent', 'unknown']);
  });

  it('bounds a sendBulk chunk: every item fails TIMEOUT (unknown)', async () => {
    const clock = new FakeClock(0);
    const a = createFakeProvider({ id: 'a', bulk: true, capabilities: { maxBatch: 10 } });
    a.sendBulk = () => new Promise(() => {});
    const messenger = createMessenger({ providers: [a], providerTimeoutMs: 1000, clock });
    const bulk = await settled(
      messenger.sendBulk([
        { to, text: 'Hi' },
        { to: '+60123456780', text: 'Hi' },
      ]),
    );
    await clock.advance(1000);
    expect(bulk.done).toBe(true);
    expect(bulk.value?.items.map((item) => (item.ok ? 'ok' : `${item.error.code}/${item.error.outcome}`))).toEqual([
      'TIMEOUT/unknown',
      'TIMEOUT/unknown',
    ]);
  });

  it('bounds getBalance too', async () => {
    const clock = new FakeClock(0);
    const a = createFakeProvider({ id: 'a', balance: 1 });
    a.getBalance = () => new Promise(() => {});
    const messenger = createMessenger({ providers: [a], providerTimeoutMs: 1000, clock });
    const balance = await settled(messenger.getBalance('a'));
    await clock.advance(1000);
    expect(balance.error).toMatchObject({ code: 'TIMEOUT', provider: 'a' });
  });

  it('leaves no timer behind when the provider answers', async () => {
    const clock = new FakeClock(0);
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a], clock });
    await messenger.send({ to, text: 'Hi' });
    expect(clock.pendingSleeps).toBe(0);
  });
});
