import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMessengerFromConfig } from '../config/create-messenger-from-config.js';
import { PesanError } from '../errors/pesan-error.js';
import { definePlugin } from '../plugin/define-plugin.js';
import { failover } from '../routing/failover.js';
import { createMessenger } from './create-messenger.js';
import { createFakeProvider } from './fake-provider.js';

const to = '+60123456789';

function providers() {
  return {
    short: createFakeProvider({ id: 'short', capabilities: { maxCharacters: 700 } }),
    parts: createFakeProvider({ id: 'parts', capabilities: { maxSegments: 3 } }),
    open: createFakeProvider({ id: 'open' }),
  };
}

async function rejection(promise: Promise<unknown>): Promise<PesanError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!PesanError.isInstance(error)) throw new Error(`expected a PesanError, got ${String(error)}`);
  return error;
}

describe('per-provider text limits in a route', () => {
  it('skips providers that cannot carry the text, records why, and sends through the next', async () => {
    const { short, parts, open } = providers();
    const messenger = createMessenger({ providers: [short, parts, open], route: failover('short', 'parts', 'open') });
    const text = 'x'.repeat(800); // 6 GSM-7 parts
    const result = await messenger.send({ to, text });
    expect(result.provider).toBe('open');
    expect(result.attempts.filter((attempt) => attempt.outcome === 'skipped')).toEqual([
      expect.objectContaining({ provider: 'short', reason: 'text is 800 characters, more than the 700 it takes' }),
      expect.objectContaining({ provider: 'parts', reason: 'text needs 6 SMS parts, more than the 3 it takes' }),
    ]);
    expect(short.calls).toHaveLength(0);
    expect(parts.calls).toHaveLength(0);
    expect((await messenger.send({ to, text: 'x'.repeat(400) })).provider).toBe('short');
    await messenger.close();
  });

  it('ends NO_ROUTE with every reason when no provider can carry it', async () => {
    const { short, parts } = providers();
    const messenger = createMessenger({ providers: [short, parts], route: failover('short', 'parts') });
    const error = await rejection(messenger.send({ to, text: 'x'.repeat(800) }));
    expect(error.code).toBe('NO_ROUTE');
    expect(error.details?.skipped).toEqual([
      { provider: 'short', reason: 'text is 800 characters, more than the 700 it takes' },
      { provider: 'parts', reason: 'text needs 6 SMS parts, more than the 3 it takes' },
    ]);
    await messenger.close();
  });
});

describe('messenger maxSegments', () => {
  it('is off by default', async () => {
    const { open } = providers();
    const messenger = createMessenger({ providers: [open] });
    expect((await messenger.send({ to, text: 'x'.repeat(2000) })).segments).toBe(14);
    await messenger.close();
  });

  it('refuses a longer text with INVALID_MESSAGE (rejected) and the count, before any provider call', async () => {
    const { open } = providers();
    const messenger = createMessenger({ providers: [open], maxSegments: 4 });
    const error = await rejection(messenger.send({ to, text: '你'.repeat(2000) }));
    expect(error).toMatchObject({
      code: 'INVALID_MESSAGE',
      outcome: 'rejected',
      details: { segments: 30, maxSegments: 4, encoding: 'ucs2', characters: 2000 },
    });
    expect(open.calls).toHaveLength(0);
    await expect(messenger.estimate({ to, text: 'x'.repeat(700) })).rejects.toMatchObject({ code: 'INVALID_MESSAGE' });
    expect((await messenger.send({ to, text: 'x'.repeat(612) })).segments).toBe(4);

    const bulk = await messenger.sendBulk([
      { to, text: 'fine' },
      { to, text: 'x'.repeat(613) },
    ]);
    expect(bulk.items.map((item) => item.ok)).toEqual([true, false]);
    expect(bulk.items[1]).toMatchObject({ ok: false, error: { code: 'INVALID_MESSAGE', details: { segments: 5 } } });
    await messenger.close();
  });

  it('is checked as an option and read from a config file', async () => {
    expect(() => createMessenger({ providers: [providers().open], maxSegments: 0 })).toThrow(
      /maxSegments: must be an integer > 0/,
    );
    const memory = definePlugin({
      type: 'memory',
      optionsSchema: z.strictObject({ id: z.string() }),
      create: (options) => createFakeProvider({ id: options.id }),
    });
    const messenger = await createMessengerFromConfig(
      { providers: [{ type: 'memory', id: 'm' }], maxSegments: 2 },
      { plugins: [memory] },
    );
    await expect(messenger.send({ to, text: 'x'.repeat(400) })).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
      details: { segments: 3, maxSegments: 2 },
    });
    await messenger.close();
  });
});
