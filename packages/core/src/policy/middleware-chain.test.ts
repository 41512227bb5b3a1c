import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import { createMessenger } from '../messenger/create-messenger.js';
import { createFakeProvider } from '../messenger/fake-provider.js';
import { FakeClock } from '../runtime/fake-clock.js';
import type { Middleware, MiddlewareOutcome } from './middleware.js';

const to = '+60123456789';
const SECRET = 'policy-otp-secret-0123456789abcdef';

describe('middleware', () => {
  it('run in array order before the provider, may change the message, and see the result after', async () => {
    const seen: string[] = [];
    const outcomes: MiddlewareOutcome[] = [];
    const first: Middleware = {
      name: 'first',
      async beforeSend({ message, plan }) {
        seen.push(`first:${message.text}:${(await plan()).candidates.map((candidate) => candidate.provider)}`);
        return { ...message, text: `${message.text}!` };
      },
      afterSend: (_context, outcome) => {
        outcomes.push(outcome);
      },
    };
    const second: Middleware = {
      name: 'second',
      beforeSend({ message, operation }) {
        seen.push(`second:${message.text}:${operation}`);
      },
    };
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a], middleware: [first, second] });
    const result = await messenger.send({ to, text: 'Hi' });
    expect(seen).toEqual(['first:Hi:a', 'second:Hi!:send']);
    expect(a.calls.map((message) => message.text)).toEqual(['Hi!']);
    expect(outcomes).toEqual([{ ok: true, result }]);
    await messenger.close();
  });

  it('a PesanError refuses the message: nothing is sent, the caller gets that error, afterSend sees it', async () => {
    const outcomes: MiddlewareOutcome[] = [];
    const refuse: Middleware = {
      name: 'refuse',
      beforeSend() {
        throw new PesanError('INVALID_MESSAGE', { message: 'not today', outcome: 'not_sent' });
      },
    };
    const watch: Middleware = { name: 'watch', afterSend: (_context, outcome) => void outcomes.push(outcome) };
    const a = createFakeProvider({ id: 'a' });
    const failed: unknown[] = [];
    const messenger = createMessenger({ providers: [a], middleware: [watch, refuse] });
    messenger.on('failed', (event) => failed.push(event.error.code));
    await expect(messenger.send({ to, text: 'Hi' })).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
      outcome: 'not_sent',
      message: 'not today',
    });
    expect(a.calls).toHaveLength(0);
    expect(outcomes).toMatchObject([{ ok: false, error: { message: 'not today' } }]);
    expect(failed).toEqual(['INVALID_MESSAGE']);
    await messenger.close();
  });

  it('something other than a PesanError is a bug in the middleware: INVALID_CONFIG naming it, nothing sent', async () => {
    const buggy: Middleware = {
      name: 'buggy',
      beforeSend() {
        throw new TypeError('oops');
      },
    };
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a], middleware: [buggy] });
    const error = await messenger.send({ to, text: 'Hi' }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'INVALID_CONFIG', outcome: 'not_sent', details: { middleware: 'buggy' } });
    expect((error as PesanError).message).toContain('Middleware "buggy" threw TypeError: oops');
    expect(a.calls).toHaveLength(0);
    await messenger.close();
  });

  it('an afterSend that throws is logged and does not change the outcome', async () => {
    const errors: string[] = [];
    const messenger = createMessenger({
      providers: [createFakeProvider({ id: 'a' })],
      logger: { debug() {}, info() {}, warn() {}, error: (message: string) => void errors.push(message) },
      middleware: [
        {
          name: 'after',
          afterSend() {
            throw new Error('after failed');
          },
        },
      ],
    });
    await expect(messenger.send({ to, text: 'Hi' })).resolves.toMatchObject({ provider: 'a' });
    expect(errors).toEqual(['pesan: a middleware failed after the send; the outcome stands']);
    await messenger.close();
  });

  it('a returned message is validated again (and keeps its idempotency key)', async () => {
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({
      providers: [a],
      middleware: [{ name: 'breaks', beforeSend: ({ message }) => ({ ...message, to: 'not a number' }) }],
    });
    await expect(messenger.send({ to, text: 'Hi' })).rejects.toMatchObject({
      code: 'INVALID_RECIPIENT',
      details: { middleware: 'breaks' },
    });
    const keep = createMessenger({
      providers: [a],
      middleware: [{ name: 'rewrites', beforeSend: () => ({ to: '0129999999', text: 'Other' }) }],
    });
    await keep.send({ to, text: 'Hi', idempotencyKey: 'k1' });
    expect(a.calls[0]).toMatchObject({ to: '+60129999999', text: 'Other', idempotencyKey: 'k1' });
    await Promise.all([messenger.close(), keep.close()]);
  });

  it('sendBulk, sendCampaign and otp.send go through the same chain', async () => {
    const operations: string[] = [];
    const tag: Middleware = {
      name: 'tag',
      beforeSend({ message, operation }) {
        operations.push(operation);
        return { ...message, text: `[${operation}] ${message.text}` };
      },
    };
    const outcomes: boolean[] = [];
    const watch: Middleware = { name: 'watch', afterSend: (_context, outcome) => void outcomes.push(outcome.ok) };
    const a = createFakeProvider({ id: 'a', bulk: true, capabilities: { maxBatch: 10 } });
    const messenger = createMessenger({ providers: [a], middleware: [tag, watch], otp: { secret: SECRET } });
    await messenger.sendBulk([
      { to, text: 'one' },
      { to: '+60129999999', text: 'two' },
    ]);
    await messenger.sendCampaign([{ to, text: 'three' }]);
    await messenger.otp.send({ to: '+60128888888' });
    const texts = [...a.bulkCalls.flat(), ...a.calls].map((message) => message.text);
    expect(texts).toEqual(
      expect.arrayContaining(['[bulk] one', '[bulk] two', '[bulk] three', expect.stringMatching(/^\[otp\] /)]),
    );
    expect(operations.sort()).toEqual(['bulk', 'bulk', 'bulk', 'otp']);
    expect(outcomes).toEqual([true, true, true, true]);
    await messenger.close();
  });

  it('a refusal in sendBulk fails only that item', async () => {
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({
      providers: [a],
      middleware: [
        {
          name: 'noB',
          beforeSend({ message }) {
            if (message.text === 'B') throw new PesanError('INVALID_MESSAGE', { message: 'no B' });
          },
        },
      ],
    });
    const result = await messenger.sendBulk([
      { to, text: 'A' },
      { to, text: 'B' },
    ]);
    expect(result.items.map((item) => item.ok)).toEqual([true, false]);
    expect(a.calls.map((message) => message.text)).toEqual(['A']);
    await messenger.close();
  });

  it('may delay a message with holdUntil on the messenger clock', async () => {
    const clock = new FakeClock();
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({
      providers: [a],
      clock,
      middleware: [
        { name: 'later', beforeSend: ({ holdUntil, clock: time }) => holdUntil(time.now() + 60_000, 'test') },
      ],
    });
    const sent = messenger.send({ to, text: 'Hi', idempotencyKey: 'later-1' });
    await clock.flush();
    expect(a.calls).toHaveLength(0);
    expect(await messenger.listScheduled()).toMatchObject([{ id: 'later-1', to, reason: 'test' }]);
    await clock.advance(60_000);
    await expect(sent).resolves.toMatchObject({ provider: 'a' });
    await messenger.close();
  });
});
