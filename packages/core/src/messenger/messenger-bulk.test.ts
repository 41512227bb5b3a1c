import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import { failover } from '../routing/failover.js';
import { createMessenger } from './create-messenger.js';
import { createFakeProvider } from './fake-provider.js';

const number = (index: number) => `+6012345${String(6000 + index)}`;

describe('sendBulk', () => {
  it('batches by maxBatch (a batch of one is a plain send) and returns items in input order with totals', async () => {
    const a = createFakeProvider({ id: 'a', bulk: true, capabilities: { maxBatch: 2 }, creditsPerSegment: 1 });
    const messenger = createMessenger({ providers: [a] });
    const messages = [0, 1, 2, 3, 4].map((index) => ({ to: number(index), text: `Hi ${index}` }));
    const result = await messenger.sendBulk(messages);
    expect(a.bulkCalls.map((batch) => batch.map((message) => message.text))).toEqual([
      ['Hi 0', 'Hi 1'],
      ['Hi 2', 'Hi 3'],
    ]);
    expect(a.calls.map((message) => message.text)).toEqual(['Hi 4']);
    expect(result.items.map((item) => item.ok && item.result.to)).toEqual(messages.map((message) => message.to));
    expect(result.totals).toEqual({ sent: 5, failed: 0, credits: 5 });
  });

  it('keeps invalid items as failed items and sends the rest', async () => {
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a] });
    const result = await messenger.sendBulk([
      { to: number(1), text: 'ok' },
      { to: 'not a number', text: 'bad recipient' },
      { to: number(2), text: '' },
      { to: number(3), text: 'ok too' },
    ]);
    expect(result.items.map((item) => (item.ok ? 'ok' : item.error.code))).toEqual([
      'ok',
      'INVALID_RECIPIENT',
      'INVALID_MESSAGE',
      'ok',
    ]);
    expect(result.items[1]).toMatchObject({ ok: false, to: 'not a number' });
    expect(result.totals).toEqual({ sent: 2, failed: 2 });
    expect(a.calls).toHaveLength(2);
  });

  it('fails over not_sent items individually; rejected items stay failed', async () => {
    const a = createFakeProvider({
      id: 'a',
      bulk: true,
      capabilities: { maxBatch: 10 },
      behaviour: (message) => (message.text === 'down' ? 'not_sent' : message.text === 'bad' ? 'rejected' : 'success'),
    });
    const b = createFakeProvider({ id: 'b' });
    const messenger = createMessenger({ providers: [a, b], route: failover('a', 'b') });
    const result = await messenger.sendBulk([
      { to: number(1), text: 'fine' },
      { to: number(2), text: 'down' },
      { to: number(3), text: 'bad' },
    ]);
    expect(result.items.map((item) => (item.ok ? item.result.provider : item.error.code))).toEqual([
      'a',
      'b',
      'INVALID_RECIPIENT',
    ]);
    expect(b.calls.map((message) => message.text)).toEqual(['down']);
    const failedOver = result.items[1]!;
    expect(failedOver.ok && failedOver.result.attempts.map((attempt) => [attempt.provider, attempt.outcome])).toEqual([
      ['a', 'not_sent'],
      ['b', 'success'],
    ]);
  });

  it('fails the whole chunk over when the bulk call itself fails not_sent', async () => {
    const a = createFakeProvider({ id: 'a', bulk: true, capabilities: { maxBatch: 10 } });
    a.sendBulk = async () => {
      throw new PesanError('PROVIDER_UNAVAILABLE', { provider: 'a' });
    };
    const b = createFakeProvider({ id: 'b' });
    const messenger = createMessenger({ providers: [a, b], route: failover('a', 'b') });
    const result = await messenger.sendBulk([
      { to: number(1), text: 'x' },
      { to: number(2), text: 'y' },
    ]);
    expect(result.totals).toEqual({ sent: 2, failed: 0 });
    expect(b.calls).toHaveLength(2);
  });

  it('does not mix different texts in one batch of a provider without personalised bulk', async () => {
    const a = createFakeProvider({ id: 'a', bulk: true, capabilities: { maxBatch: 10, personalisedBulk: false } });
    const messenger = createMessenger({ providers: [a] });
    const messages: OutboundMessage[] = [
      { to: number(1), text: 'A' },
      { to: number(2), text: 'B' },
      { to: number(3), text: 'A' },
      { to: number(4), text: 'B' },
    ];
    await messenger.sendBulk(messages);
    expect(a.bulkCalls.map((batch) => batch.map((message) => message.to))).toEqual([
      [number(1), number(3)],
      [number(2), number(4)],
    ]);
  });

  it('applies idempotency keys: a key already sent is not resent, a duplicate in the bulk sends once', async () => {
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a] });
    const first = await messenger.send({ to: number(1), text: 'x', idempotencyKey: 'k1' });
    const result = await messenger.sendBulk([
      { to: number(1), text: 'x', idempotencyKey: 'k1' },
      { to: number(2), text: 'y', idempotencyKey: 'k2' },
      { to: number(2), text: 'y', idempotencyKey: 'k2' },
    ]);
    expect(a.calls).toHaveLength(2);
    expect(result.items[0]).toEqual({ ok: true, result: first });
    expect(result.items[2]).toEqual(result.items[1]);
  });

  it('marks messages without a route as NO_ROUTE items', async () => {
    const messenger = createMessenger({ providers: [createFakeProvider({ id: 'a' })] });
    const result = await messenger.sendBulk([{ to: number(1), text: 'x', flash: true }]);
    expect(result.items[0]).toMatchObject({ ok: false, error: { code: 'NO_ROUTE' } });
  });
});
