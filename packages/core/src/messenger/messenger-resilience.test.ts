import { describe, expect, it } from 'vitest';
import type { CircuitEvent } from '../events/messenger-events.js';
import type { SendResult } from '../provider/v1/send-result.js';
import { failover } from '../routing/failover.js';
import { FakeClock } from '../runtime/fake-clock.js';
import { createMessenger } from './create-messenger.js';
import { createFakeGate } from './fake-gate.js';
import { createFakeProvider } from './fake-provider.js';

const to = '+60123456789';

describe('circuit breakers through ctx.endpointGuard', () => {
  it('opens an endpoint after failures, skips it without a call, probes once, and closes', async () => {
    const clock = new FakeClock(0);
    let healthy = false;
    const a = createFakeProvider({
      id: 'a',
      endpoints: ['https://a1.test', 'https://a2.test'],
      behaviour: (_message, call) => (call.endpoint === 'https://a1.test' && !healthy ? 'not_sent' : 'success'),
    });
    const messenger = createMessenger({
      providers: [a],
      clock,
      circuitBreaker: { failureThreshold: 2, resetTimeoutMs: 10_000 },
    });
    const circuits: CircuitEvent[] = [];
    messenger.on('circuit', (event) => {
      circuits.push(event);
    });

    await messenger.send({ to, text: '1' });
    await messenger.send({ to, text: '2' });
    expect(a.calls).toHaveLength(4); // a1 failed, a2 succeeded, twice
    expect(circuits.map((event) => [event.endpoint, event.to])).toEqual([['https://a1.test', 'open']]);

    const third = await messenger.send({ to, text: '3' });
    expect(a.calls).toHaveLength(5); // only a2: the open a1 made no call
    expect(third.attempts.map((attempt) => [attempt.endpoint, attempt.outcome])).toEqual([
      ['https://a1.test', 'skipped'],
      ['https://a2.test', 'success'],
    ]);

    await clock.advance(10_000);
    healthy = true;
    const fourth = await messenger.send({ to, text: '4' });
    expect(fourth.attempts.map((attempt) => [attempt.endpoint, attempt.outcome])).toEqual([
      ['https://a1.test', 'success'],
    ]);
    expect(circuits.map((event) => event.to)).toEqual(['open', 'half-open', 'closed']);
  });

  it('lets one half-open probe through; concurrent sends skip the endpoint', async () => {
    const clock = new FakeClock(0);
    const probe = createFakeGate();
    let phase: 'failing' | 'probing' = 'failing';
    const a = createFakeProvider({
      id: 'a',
      endpoints: ['https://a1.test', 'https://a2.test'],
      behaviour: (_message, call) => {
        if (call.endpoint === 'https://a2.test') return 'success';
        return phase === 'failing' ? 'not_sent' : probe.outcome;
      },
    });
    const messenger = createMessenger({
      providers: [a],
      clock,
      circuitBreaker: { failureThreshold: 1, resetTimeoutMs: 100 },
    });
    await messenger.send({ to, text: 'opens a1' });
    await clock.advance(100);
    phase = 'probing';
    const probing = messenger.send({ to, text: 'probe' });
    await clock.flush();
    const concurrent = await messenger.send({ to, text: 'concurrent' });
    expect(concurrent.attempts.map((attempt) => [attempt.endpoint, attempt.outcome])).toEqual([
      ['https://a1.test', 'skipped'],
      ['https://a2.test', 'success'],
    ]);
    probe.open();
    const probed = await probing;
    expect(probed.attempts.map((attempt) => [attempt.endpoint, attempt.outcome])).toEqual([
      ['https://a1.test', 'success'],
    ]);
  });

  it('fails over to the next provider when every endpoint of the first is open', async () => {
    const clock = new FakeClock(0);
    const a = createFakeProvider({ id: 'a', endpoints: ['https://a1.test'], behaviour: 'not_sent' });
    const b = createFakeProvider({ id: 'b' });
    const messenger = createMessenger({
      providers: [a, b],
      route: failover('a', 'b'),
      clock,
      circuitBreaker: { failureThreshold: 1, resetTimeoutMs: 1000 },
    });
    await messenger.send({ to, text: '1' });
    const second = await messenger.send({ to, text: '2' });
    expect(a.calls).toHaveLength(1);
    expect(second.provider).toBe('b');
    expect(second.attempts.map((attempt) => [attempt.provider, attempt.outcome])).toEqual([
      ['a', 'skipped'],
      ['b', 'success'],
    ]);
  });
});

describe('rate limits and concurrency caps', () => {
  it('waits for a token by the clock, then sends', async () => {
    const clock = new FakeClock(0);
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a], clock, limits: { a: { ratePerMinute: 60, burst: 1 } } });
    await messenger.send({ to, text: '1' });
    const results: SendResult[] = [];
    void messenger.send({ to, text: '2' }).then((result) => results.push(result));
    await clock.flush();
    expect(a.calls).toHaveLength(1);
    await clock.advance(999);
    expect(a.calls).toHaveLength(1);
    await clock.advance(1);
    expect(a.calls).toHaveLength(2);
    expect(results).toHaveLength(1);
  });

  it('fails over with RATE_LIMITED when the wait would exceed maxWaitMs', async () => {
    const clock = new FakeClock(0);
    const a = createFakeProvider({ id: 'a' });
    const b = createFakeProvider({ id: 'b' });
    const messenger = createMessenger({
      providers: [a, b],
      route: failover('a', 'b'),
      clock,
      limits: { a: { ratePerMinute: 1, burst: 1, maxWaitMs: 5000 } },
    });
    await messenger.send({ to, text: '1' });
    const second = await messenger.send({ to, text: '2' });
    expect(second.provider).toBe('b');
    expect(second.attempts[0]).toMatchObject({ provider: 'a', outcome: 'not_sent', errorCode: 'RATE_LIMITED' });
    expect(a.calls).toHaveLength(1);
  });

  it('caps concurrent calls per provider', async () => {
    const clock = new FakeClock(0);
    const gate = createFakeGate();
    let inside = 0;
    let most = 0;
    const a = createFakeProvider({
      id: 'a',
      behaviour: async () => {
        inside += 1;
        most = Math.max(most, inside);
        await gate.opened;
        inside -= 1;
        return 'success' as const;
      },
    });
    const messenger = createMessenger({ providers: [a], clock, limits: { a: { concurrency: 2, maxWaitMs: 60_000 } } });
    const sends = [1, 2, 3, 4, 5].map((index) => messenger.send({ to, text: String(index) }));
    await clock.flush();
    expect(a.calls).toHaveLength(2);
    gate.open();
    await Promise.all(sends);
    expect(a.calls).toHaveLength(5);
    expect(most).toBe(2);
  });

  it('a send waiting for a slot fails over after maxWaitMs', async () => {
    const clock = new FakeClock(0);
    const slow = createFakeGate();
    const a = createFakeProvider({ id: 'a', behaviour: slow.outcome });
    const b = createFakeProvider({ id: 'b' });
    const messenger = createMessenger({
      providers: [a, b],
      route: failover('a', 'b'),
      clock,
      limits: { a: { concurrency: 1, maxWaitMs: 1000 } },
    });
    const holding = messenger.send({ to, text: 'holds the slot' });
    await clock.flush();
    const waiting = messenger.send({ to, text: 'waits' });
    await clock.advance(1000);
    const result = await waiting;
    expect(result.provider).toBe('b');
    expect(result.attempts[0]).toMatchObject({ provider: 'a', errorCode: 'RATE_LIMITED' });
    slow.open();
    await holding;
  });
});

describe('aborting a send that waits for a limit', () => {
  it('ends it as not_sent without calling the provider', async () => {
    const clock = new FakeClock(0);
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a], clock, limits: { a: { ratePerMinute: 60, burst: 1 } } });
    await messenger.send({ to, text: '1' });
    const controller = new AbortController();
    const waiting = messenger.send({ to, text: '2' }, { signal: controller.signal }).catch((error: unknown) => error);
    await clock.flush();
    controller.abort();
    const error = await waiting;
    expect(error).toMatchObject({ code: 'TIMEOUT', outcome: 'not_sent', provider: 'a' });
    expect(a.calls).toHaveLength(1);
  });
});
