import { container as rootContainer } from 'tsyringe';
import { describe, expect, it, vi } from 'vitest';
import { TOKENS } from '../di/tokens.js';
import { PesanError } from '../errors/pesan-error.js';
import type { AttemptEvent, FailedEvent, SentEvent } from '../events/messenger-events.js';
import type { Logger } from '../provider/v1/logger.js';
import { failover } from '../routing/failover.js';
import { whatsappFirst } from '../routing/whatsapp-first.js';
import { FakeClock } from '../runtime/fake-clock.js';
import { createMessenger } from './create-messenger.js';
import { createFakeGate } from './fake-gate.js';
import { createFakeProvider, type FakeOutcome } from './fake-provider.js';

const to = '+60123456789';

function recordingLogger() {
  const errors: [string, Record<string, unknown> | undefined][] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (message, fields) => errors.push([message, fields]),
  };
  return { logger, errors };
}

describe('validation', () => {
  it('rejects an invalid message or recipient before any provider is called', async () => {
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a] });
    await expect(messenger.send({ to, text: '' })).rejects.toMatchObject({ code: 'INVALID_MESSAGE' });
    await expect(messenger.send({ to: '+60123;+60199', text: 'Hi' })).rejects.toMatchObject({
      code: 'INVALID_RECIPIENT',
    });
    await expect(messenger.send({ to, text: '你好', encoding: 'gsm7' })).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
    });
    expect(a.calls).toHaveLength(0);
  });

  it('uses defaultRegion for national numbers', async () => {
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a], defaultRegion: 'SG' });
    await messenger.send({ to: '9123 4567', text: 'Hi' });
    expect(a.calls[0]!.to).toBe('+6591234567');
  });

  it('rejects bad options with INVALID_CONFIG listing every problem', () => {
    const a = createFakeProvider({ id: 'a' });
    let error: unknown;
    try {
      createMessenger({
        providers: [a, createFakeProvider({ id: 'a' })],
        route: failover('a', 'ghost'),
        limits: { nobody: { ratePerMinute: 0 } },
        defaultRegion: 'XX' as never,
      });
    } catch (thrown) {
      error = thrown;
    }
    expect(PesanError.isInstance(error) && error.code).toBe('INVALID_CONFIG');
    expect(PesanError.isInstance(error) && error.details?.problems).toEqual([
      'providers[1].id: duplicate provider id "a"',
      'route.failover[1]: unknown provider "ghost"',
      'defaultRegion: "XX" is not an ISO 3166-1 alpha-2 region',
      'limits.nobody: unknown provider "nobody"',
      'limits.nobody.ratePerMinute: must be a number > 0',
    ]);
  });
});

describe('NO_ROUTE and capabilities', () => {
  it('throws NO_ROUTE with the skip reasons when no provider can carry the message', async () => {
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a] });
    const error = await messenger.send({ to, text: 'Hi', flash: true }).catch((thrown: unknown) => thrown);
    expect(PesanError.isInstance(error) && error.code).toBe('NO_ROUTE');
    expect(PesanError.isInstance(error) && error.details?.skipped).toEqual([
      { provider: 'a', reason: 'cannot send flash SMS' },
    ]);
    expect(a.calls).toHaveLength(0);
  });

  it('records skipped providers as attempts and sends through the next capable one', async () => {
    const a = createFakeProvider({ id: 'a' });
    const b = createFakeProvider({ id: 'b', capabilities: { flash: true } });
    const messenger = createMessenger({ providers: [a, b], route: failover('a', 'b') });
    const result = await messenger.send({ to, text: 'Hi', flash: true });
    expect(result.provider).toBe('b');
    expect(result.attempts[0]).toMatchObject({ provider: 'a', outcome: 'skipped', reason: 'cannot send flash SMS' });
  });
});

describe('whatsappFirst', () => {
  const whatsapp = (behaviour: FakeOutcome) =>
    createFakeProvider({ id: 'wa', behaviour, capabilities: { channels: ['whatsapp'], encodings: [] } });

  it.each([
    ['not_sent', 'not_sent' as FakeOutcome],
    ['OUTSIDE_SESSION_WINDOW', new PesanError('OUTSIDE_SESSION_WINDOW') as FakeOutcome],
    ['TEMPLATE_NOT_FOUND', new PesanError('TEMPLATE_NOT_FOUND') as FakeOutcome],
  ])('falls back to SMS after %s', async (_name, behaviour) => {
    const wa = whatsapp(behaviour);
    const sms = createFakeProvider({ id: 'sms' });
    const messenger = createMessenger({ providers: [wa, sms], route: whatsappFirst({ whatsapp: 'wa', sms: 'sms' }) });
    const result = await messenger.send({ to, text: 'Your code is 1234' });
    expect(result.provider).toBe('sms');
    expect(wa.calls[0]!.channel).toBe('whatsapp');
    expect(sms.calls[0]).toMatchObject({ channel: 'sms', text: 'Your code is 1234' });
  });

  it('does not fall back after another rejection, nor after unknown (at-most-once)', async () => {
    for (const behaviour of ['rejected', 'unknown'] as const) {
      const wa = whatsapp(behaviour);
      const sms = createFakeProvider({ id: 'sms' });
      const messenger = createMessenger({ providers: [wa, sms], route: whatsappFirst({ whatsapp: 'wa', sms: 'sms' }) });
      await expect(messenger.send({ to, text: 'Hi' })).rejects.toMatchObject({ outcome: behaviour });
      expect(sms.calls).toHaveLength(0);
    }
  });
});

describe('events', () => {
  it('emits attempt, sent and failed', async () => {
    const a = createFakeProvider({ id: 'a', behaviour: ['success', 'rejected'] });
    const messenger = createMessenger({ providers: [a] });
    const attempts: AttemptEvent[] = [];
    const sent: SentEvent[] = [];
    const failed: FailedEvent[] = [];
    messenger.on('attempt', (event) => {
      attempts.push(event);
    });
    messenger.on('sent', (event) => {
      sent.push(event);
    });
    const unsubscribe = messenger.on('failed', (event) => {
      failed.push(event);
    });
    await messenger.send({ to, text: 'one' });
    await messenger.send({ to, text: 'two' }).catch(() => {});
    unsubscribe();
    await messenger.send({ to: 'nonsense', text: 'three' }).catch(() => {});
    expect(attempts.map((event) => [event.to, event.attempt.outcome])).toEqual([
      [to, 'success'],
      [to, 'rejected'],
    ]);
    expect(sent.map((event) => event.message.text)).toEqual(['one']);
    expect(failed.map((event) => event.error.code)).toEqual(['INVALID_RECIPIENT']);
  });

  it('a listener that throws or rejects never breaks a send, and is logged', async () => {
    const { logger, errors } = recordingLogger();
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a], logger });
    messenger.on('sent', () => {
      throw new Error('sync boom');
    });
    messenger.on('attempt', async () => {
      throw new Error('async boom');
    });
    const result = await messenger.send({ to, text: 'Hi' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(result.provider).toBe('a');
    expect(errors.map(([, fields]) => (fields?.error as { message?: string } | undefined)?.message).sort()).toEqual([
      'async boom',
      'sync boom',
    ]);
  });
});

describe('close()', () => {
  it('waits for sends in flight, then refuses new ones with CLOSED', async () => {
    const gate = createFakeGate();
    const a = createFakeProvider({ id: 'a', behaviour: gate.outcome });
    const messenger = createMessenger({ providers: [a] });
    const sending = messenger.send({ to, text: 'Hi' });
    await new Promise((resolve) => setImmediate(resolve));
    let closed = false;
    const closing = messenger.close().then(() => {
      closed = true;
    });
    await expect(messenger.send({ to, text: 'late' })).rejects.toMatchObject({ code: 'CLOSED' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    gate.open();
    await expect(sending).resolves.toMatchObject({ provider: 'a' });
    await closing;
    expect(closed).toBe(true);
    expect(messenger.close()).toBe(messenger.close());
    await expect(messenger.getBalance('a')).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('aborts sends still in flight after closeTimeoutMs', async () => {
    const clock = new FakeClock(0);
    const a = createFakeProvider({
      id: 'a',
      behaviour: (_message, call) =>
        new Promise<FakeOutcome>((resolve) => {
          call.context?.signal?.addEventListener('abort', () => resolve('unknown'));
        }),
    });
    const messenger = createMessenger({ providers: [a], clock, closeTimeoutMs: 5000 });
    const sending = messenger.send({ to, text: 'Hi' }).catch((error: unknown) => error);
    await clock.flush();
    const closing = messenger.close();
    await clock.advance(5000);
    await closing;
    const error = await sending;
    expect(PesanError.isInstance(error) && error.outcome).toBe('unknown');
    expect(a.contexts[0]?.signal?.aborted).toBe(true);
  });

  it('disposes its child container and uses services of the parent container', async () => {
    const parent = rootContainer.createChildContainer();
    const { logger, errors } = recordingLogger();
    parent.register(TOKENS.Logger, { useValue: logger });
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a], container: parent });
    messenger.on('sent', () => {
      throw new Error('logged through the parent logger');
    });
    await messenger.send({ to, text: 'Hi' });
    expect(errors).toHaveLength(1);
    const dispose = vi.spyOn(Object.getPrototypeOf(parent), 'dispose');
    await messenger.close();
    expect(dispose).toHaveBeenCalled();
    dispose.mockRestore();
  });
});

describe('getBalance and getStatus', () => {
  it('asks the provider for its balance; UNSUPPORTED without getBalance', async () => {
    const a = createFakeProvider({ id: 'a', balance: 42 });
    const b = createFakeProvider({ id: 'b' });
    const messenger = createMessenger({ providers: [a, b] });
    await expect(messenger.getBalance('a')).resolves.toMatchObject({ provider: 'a', amount: 42 });
    await expect(messenger.getBalance('b')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(messenger.getBalance('ghost')).rejects.toMatchObject({ code: 'NO_ROUTE' });
  });

  it('answers from the send record, asking the provider when it can', async () => {
    const a = createFakeProvider({ id: 'a' });
    const b = createFakeProvider({
      id: 'b',
      status: (messageId) => ({
        messageId,
        status: 'delivered',
        scope: 'handset',
        vendorStatus: 'DELIVRD',
        at: new Date(0),
      }),
    });
    const messenger = createMessenger({ providers: [a, b], route: (message) => (message.text === 'b' ? 'b' : 'a') });
    const viaA = await messenger.send({ to, text: 'a' });
    const viaB = await messenger.send({ to, text: 'b' });
    await expect(messenger.getStatus(viaA.messageId!)).resolves.toMatchObject({ status: 'queued', scope: 'platform' });
    await expect(messenger.getStatus(viaB.messageId!)).resolves.toMatchObject({
      status: 'delivered',
      vendorStatus: 'DELIVRD',
    });
    await expect(messenger.getStatus('never-sent')).resolves.toBeUndefined();
  });
});

describe('estimate()', () => {
  it('lists the providers in route order with segments, credits and cost, without sending', async () => {
    const a = createFakeProvider({ id: 'a', creditsPerSegment: 2 });
    const b = createFakeProvider({ id: 'b' });
    const c = createFakeProvider({ id: 'c', capabilities: { encodings: ['gsm7'] } });
    const messenger = createMessenger({
      providers: [a, b, c],
      route: failover('c', 'a', 'b'),
      prices: { a: { MY: 0.01 }, b: { default: 0.05 } },
    });
    const estimate = await messenger.estimate({ to: '0123456789', text: '你好'.repeat(40) });
    expect(estimate).toMatchObject({
      to: '+60123456789',
      encoding: 'ucs2',
      segments: 2,
      credits: 4,
      cost: 0.04,
      skipped: [{ provider: 'c', reason: 'cannot send ucs2 text' }],
    });
    expect(estimate.providers.map((entry) => [entry.provider, entry.segments, entry.cost])).toEqual([
      ['a', 2, 0.04],
      ['b', 2, 0.1],
    ]);
    expect(a.calls).toHaveLength(0);
  });

  it('reports no providers (and the reasons) instead of throwing', async () => {
    const messenger = createMessenger({ providers: [createFakeProvider({ id: 'a' })] });
    const estimate = await messenger.estimate({ to, text: 'Hi', flash: true });
    expect(estimate.providers).toEqual([]);
    expect(estimate).toMatchObject({ encoding: 'gsm7', segments: 1, skipped: [{ provider: 'a' }] });
  });
});
