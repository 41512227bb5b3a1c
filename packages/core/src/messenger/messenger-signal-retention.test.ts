import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import { failover } from '../routing/failover.js';
import { FakeClock } from '../runtime/fake-clock.js';
import { createMessenger } from './create-messenger.js';
import { createFakeGate } from './fake-gate.js';
import { createFakeProvider, type FakeOutcome } from './fake-provider.js';

const to = '+60123456789';

const abortListeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

/**
 * Signals Node's `AbortSignal.any` registered on `signal` (an internal set it
 * never shrinks, in Node 20); 0 when this Node has no such set.
 */
function dependentSignals(signal: AbortSignal): number {
  const symbol = Object.getOwnPropertySymbols(signal).find((key) => key.description === 'kDependantSignals');
  const dependants = symbol === undefined ? undefined : (signal as unknown as Record<symbol, unknown>)[symbol];
  // Node's own Set may come from another realm than the test's: no instanceof.
  const size = (dependants as { size?: unknown } | undefined)?.size;
  return typeof size === 'number' ? size : 0;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('per-send retention on long-lived signals', () => {
  it('leaves no listener and no dependent signal on the caller signal once sends settle', async () => {
    const any = vi.spyOn(AbortSignal, 'any');
    const gate = createFakeGate();
    const a = createFakeProvider({ id: 'a', behaviour: ['not_sent', gate.outcome] });
    const b = createFakeProvider({ id: 'b', behaviour: gate.outcome });
    // The first send fails over from a to b: two provider calls on one send signal.
    const messenger = createMessenger({ providers: [a, b], route: failover('a', 'b') });
    const application = new AbortController();
    const options = { signal: application.signal };
    const sends = Array.from({ length: 30 }, (_, index) =>
      messenger.send({ to, text: 'x'.repeat(index + 1), idempotencyKey: `key-${index}` }, options),
    );
    const bulk = messenger.sendBulk(
      Array.from({ length: 5 }, (_, index) => ({ to, text: `bulk ${index}` })),
      options,
    );
    await new Promise((resolve) => setImmediate(resolve));
    // Thirty-one operations in flight share one listener, so no MaxListenersExceededWarning either.
    expect(abortListeners(application.signal)).toBe(1);
    gate.open();
    await Promise.all([...sends, bulk]);
    await expect(messenger.getBalance('a')).rejects.toMatchObject({ code: 'UNSUPPORTED' });

    expect(abortListeners(application.signal)).toBe(0);
    expect(dependentSignals(application.signal)).toBe(0);
    expect(any).not.toHaveBeenCalled();
    await messenger.close();
  });

  it('leaves nothing on the caller signal when a send fails or is refused up front', async () => {
    const a = createFakeProvider({ id: 'a', behaviour: 'rejected' });
    const messenger = createMessenger({ providers: [a] });
    const application = new AbortController();
    await expect(messenger.send({ to, text: 'Hi' }, { signal: application.signal })).rejects.toMatchObject({
      code: 'INVALID_RECIPIENT',
    });
    await expect(messenger.send({ to, text: '' }, { signal: application.signal })).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
    });
    expect(abortListeners(application.signal)).toBe(0);
    expect(dependentSignals(application.signal)).toBe(0);
    await messenger.close();
  });

  it('still aborts the provider call with the caller reason when the caller aborts mid-send', async () => {
    const a = createFakeProvider({
      id: 'a',
      behaviour: (_message, call) =>
        new Promise<FakeOutcome>((resolve) => {
          call.context?.signal?.addEventListener('abort', () => resolve('unknown'), { once: true });
        }),
    });
    const messenger = createMessenger({ providers: [a] });
    const application = new AbortController();
    const sending = messenger.send({ to, text: 'Hi' }, { signal: application.signal }).catch((error: unknown) => error);
    await new Promise((resolve) => setImmediate(resolve));
    const reason = new Error('application shutting down');
    application.abort(reason);
    const error = await sending;
    expect(PesanError.isInstance(error) && error.outcome).toBe('unknown');
    expect(a.contexts[0]?.signal?.reason).toBe(reason);
    expect(abortListeners(application.signal)).toBe(0);
    await messenger.close();
  });

  it('gives a call that outlives providerTimeoutMs a signal aborted with the TIMEOUT error', async () => {
    const clock = new FakeClock(0);
    const a = createFakeProvider({ id: 'a', behaviour: () => new Promise<FakeOutcome>(() => {}) });
    const messenger = createMessenger({ providers: [a], clock, providerTimeoutMs: 1000 });
    const application = new AbortController();
    const sending = messenger.send({ to, text: 'Hi' }, { signal: application.signal }).catch((error: unknown) => error);
    await clock.flush();
    await clock.advance(1000);
    const error = await sending;
    expect(error).toMatchObject({ code: 'TIMEOUT', outcome: 'unknown' });
    expect(a.contexts[0]?.signal?.reason).toMatchObject({ code: 'TIMEOUT' });
    expect(abortListeners(application.signal)).toBe(0);
    await messenger.close();
  });
});
