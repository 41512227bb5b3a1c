import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import type { IdempotencyRecord } from '../idempotency/idempotency-store.js';
import { InMemoryIdempotencyStore } from '../idempotency/memory-idempotency-store.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import { failover } from '../routing/failover.js';
import type { CampaignItem, CampaignProgress } from './campaign.js';
import { createMessenger } from './create-messenger.js';
import { createFakeProvider, type FakeProvider } from './fake-provider.js';

const number = (index: number) => `+6012${String(3_000_000 + index)}`;
const messagesOf = (count: number): OutboundMessage[] =>
  Array.from({ length: count }, (_, index) => ({ to: number(index), text: `Hi ${index}` }));

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Makes every `send` and `sendBulk` of `provider` take `ms` and counts the calls in flight. */
function slowed(provider: FakeProvider, ms: number): { maxInFlight: () => number } {
  let inFlight = 0;
  let max = 0;
  const wrap =
    <Args extends unknown[], Result>(call: (...args: Args) => Promise<Result>) =>
    async (...args: Args): Promise<Result> => {
      inFlight += 1;
      max = Math.max(max, inFlight);
      try {
        await tick(ms);
        return await call(...args);
      } finally {
        inFlight -= 1;
      }
    };
  provider.send = wrap(provider.send.bind(provider));
  if (provider.sendBulk) provider.sendBulk = wrap(provider.sendBulk.bind(provider));
  return { maxInFlight: () => max };
}

/** Every message a provider was given, by `send` or in a batch. */
const sentBy = (provider: FakeProvider) => [...provider.calls, ...provider.bulkCalls.flat()];

describe('sendCampaign', () => {
  it('reports every message once with its index and recipient, and sums up', async () => {
    const a = createFakeProvider({ id: 'a', bulk: true, capabilities: { maxBatch: 3 }, creditsPerSegment: 1 });
    const messenger = createMessenger({ providers: [a] });
    const source = messagesOf(10);
    source[4] = { to: 'not a number', text: 'bad' };
    const items: CampaignItem[] = [];
    const summary = await messenger.sendCampaign(source, {
      campaignId: 'c1',
      onResult: (item) => void items.push(item),
    });

    expect(items.map((item) => item.index).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const item of items) expect(item.to).toBe(item.index === 4 ? 'not a number' : number(item.index));
    const failed = items.find((item) => item.index === 4);
    expect(failed).toMatchObject({ ok: false, error: { code: 'INVALID_RECIPIENT' } });
    expect(summary).toEqual({
      sent: 9,
      failed: 1,
      failedByCode: { INVALID_RECIPIENT: 1 },
      credits: 9,
      lastSettledIndex: 9,
    });
    // Keys derived from the campaign id and the index; batches of 3 in source order.
    expect(
      sentBy(a)
        .map((message) => message.idempotencyKey)
        .sort(),
    ).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9].map((index) => `c1:${index}`).sort());
    expect(a.bulkCalls.map((batch) => batch.map((message) => message.text))).toEqual([
      ['Hi 0', 'Hi 1', 'Hi 2'],
      ['Hi 3', 'Hi 5', 'Hi 6'],
      ['Hi 7', 'Hi 8', 'Hi 9'],
    ]);
    await messenger.close();
  });

  it('keeps a key the message has, and reads sync and async iterables', async () => {
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a] });
    function* generate() {
      yield { to: number(1), text: 'one', idempotencyKey: 'own-key' };
      yield { to: number(2), text: 'two' };
    }
    async function* generateAsync() {
      yield { to: number(3), text: 'three' };
    }
    expect(await messenger.sendCampaign(generate(), { campaignId: 'sync' })).toMatchObject({ sent: 2 });
    expect(await messenger.sendCampaign(generateAsync(), { campaignId: 'async' })).toMatchObject({ sent: 1 });
    expect(a.calls.map((message) => message.idempotencyKey)).toEqual(['own-key', 'sync:1', 'async:0']);
    await messenger.close();
  });

  it('reads the source only as fast as messages settle: at most `window` in flight', async () => {
    const a = createFakeProvider({ id: 'a', bulk: true, capabilities: { maxBatch: 5 } });
    slowed(a, 2);
    const messenger = createMessenger({ providers: [a], limits: { a: { concurrency: 2 } } });
    let pulled = 0;
    let settled = 0;
    let widest = 0;
    async function* source() {
      for (let index = 0; index < 200; index++) {
        pulled += 1;
        widest = Math.max(widest, pulled - settled);
        yield { to: number(index), text: `Hi ${index}` };
      }
    }
    const summary = await messenger.sendCampaign(source(), {
      window: 12,
      onResult: () => {
        settled += 1;
      },
    });
    expect(summary.sent).toBe(200);
    expect(widest).toBeLessThanOrEqual(12);
    expect(widest).toBeGreaterThan(5);
    await messenger.close();
  });

  it("sends a provider's batches concurrently up to its concurrency cap", async () => {
    const a = createFakeProvider({ id: 'a', bulk: true, capabilities: { maxBatch: 10 } });
    const timing = slowed(a, 15);
    const messenger = createMessenger({ providers: [a], limits: { a: { concurrency: 3 } } });
    await messenger.sendCampaign(messagesOf(100));
    expect(a.bulkCalls).toHaveLength(10);
    expect(timing.maxInFlight()).toBe(3);

    // The campaign's own `concurrency` applies per provider too.
    const b = createFakeProvider({ id: 'b', bulk: true, capabilities: { maxBatch: 10 } });
    const timingB = slowed(b, 15);
    const other = createMessenger({ providers: [b] });
    await other.sendCampaign(messagesOf(100), { concurrency: 5 });
    expect(timingB.maxInFlight()).toBe(5);
    await Promise.all([messenger.close(), other.close()]);
  });

  it('sends a partly filled batch when the source pauses', async () => {
    const a = createFakeProvider({ id: 'a', bulk: true, capabilities: { maxBatch: 50 } });
    const messenger = createMessenger({ providers: [a] });
    const settledBeforeMore: number[] = [];
    let settled = 0;
    async function* source() {
      yield* messagesOf(3);
      await tick(100);
      settledBeforeMore.push(settled);
      yield { to: number(9), text: 'later' };
    }
    await messenger.sendCampaign(source(), { onResult: () => void settled++ });
    expect(settledBeforeMore).toEqual([3]);
    expect(a.bulkCalls.map((batch) => batch.length)).toEqual([3]);
    expect(a.calls).toHaveLength(1);
    await messenger.close();
  });

  it('fills batches however slowly the idempotency store answers: a batch of keys is one store call', async () => {
    const a = createFakeProvider({ id: 'a', bulk: true, capabilities: { maxBatch: 50 } });
    const store = new InMemoryIdempotencyStore<IdempotencyRecord>();
    const claimCalls: number[] = [];
    const claimMany = store.setManyIfAbsent.bind(store);
    // Each claim round trip takes longer than the linger (a Redis on another host, a busy database).
    store.setManyIfAbsent = async (entries, ttlMs) => {
      claimCalls.push(entries.length);
      await tick(15);
      return claimMany(entries, ttlMs);
    };
    store.setIfAbsent = async () => {
      throw new Error('a campaign claims its keys with setManyIfAbsent');
    };
    const recordCalls: number[] = [];
    const recordMany = store.setMany.bind(store);
    store.setMany = async (entries, ttlMs) => {
      recordCalls.push(entries.length);
      await tick(15);
      return recordMany(entries, ttlMs);
    };
    store.set = async () => {
      throw new Error("a campaign records a batch's results with setMany");
    };
    const messenger = createMessenger({ providers: [a], stores: { idempotency: store } });
    const summary = await messenger.sendCampaign(
      (async function* () {
        yield* messagesOf(120);
      })(),
      { campaignId: 'slow-store' },
    );

    expect(summary).toMatchObject({ sent: 120, failed: 0 });
    expect(claimCalls).toEqual([50, 50, 20]);
    expect(recordCalls).toEqual([50, 50, 20]);
    expect(a.bulkCalls.map((batch) => batch.length)).toEqual([50, 50, 20]);
    expect(sentBy(a).map((message) => message.text)).toEqual(messagesOf(120).map((message) => message.text));
    await messenger.close();
  });

  it('fails messages a batch did not take over one by one, by the delivery rules', async () => {
    const a = createFakeProvider({
      id: 'a',
      bulk: true,
      capabilities: { maxBatch: 10 },
      behaviour: (message) =>
        message.text === 'down'
          ? 'not_sent'
          : message.text === 'bad'
            ? 'rejected'
            : message.text === 'lost'
              ? 'unknown'
              : 'success',
    });
    const b = createFakeProvider({ id: 'b' });
    const messenger = createMessenger({ providers: [a, b], route: failover('a', 'b') });
    const items: CampaignItem[] = [];
    const summary = await messenger.sendCampaign(
      [
        { to: number(0), text: 'fine' },
        { to: number(1), text: 'down' },
        { to: number(2), text: 'bad' },
        { to: number(3), text: 'lost' },
      ],
      { onResult: (item) => void items.push(item) },
    );
    items.sort((x, y) => x.index - y.index);
    expect(items.map((item) => (item.ok ? item.result.provider : `${item.error.code}/${item.error.outcome}`))).toEqual([
      'a',
      'b',
      'INVALID_RECIPIENT/rejected',
      'TIMEOUT/unknown',
    ]);
    // Only the not_sent message failed over; the unknown one stopped (at-most-once).
    expect(b.calls.map((message) => message.text)).toEqual(['down']);
    expect(summary).toMatchObject({ sent: 2, failed: 2, failedByCode: { INVALID_RECIPIENT: 1, TIMEOUT: 1 } });
    await messenger.close();
  });

  it('retries a whole chunk lost by an idempotent vendor once as the same chunk, never as single sends', async () => {
    const a = createFakeProvider({
      id: 'a',
      bulk: true,
      capabilities: { maxBatch: 10, idempotent: true },
      behaviour: ['unknown', 'unknown', 'unknown', 'success'],
    });
    const messenger = createMessenger({ providers: [a] });
    const summary = await messenger.sendCampaign(messagesOf(3), { campaignId: 'retry' });
    expect(a.bulkCalls.map((batch) => batch.map((message) => message.idempotencyKey))).toEqual([
      ['retry:0', 'retry:1', 'retry:2'],
      ['retry:0', 'retry:1', 'retry:2'],
    ]);
    expect(a.calls).toHaveLength(0);
    expect(summary.sent).toBe(3);
    await messenger.close();
  });

  it('stops on the signal: nothing unsent is sent afterwards, and unsent messages stay unsettled', async () => {
    const a = createFakeProvider({ id: 'a', bulk: true, capabilities: { maxBatch: 5 } });
    slowed(a, 5);
    const messenger = createMessenger({ providers: [a], limits: { a: { concurrency: 1 } } });
    const controller = new AbortController();
    let sentAtAbort = -1;
    const items: CampaignItem[] = [];
    const summary = await messenger.sendCampaign(messagesOf(1_000), {
      window: 20,
      signal: controller.signal,
      onResult: (item) => {
        items.push(item);
        if (items.length === 12) {
          controller.abort();
          sentAtAbort = sentBy(a).length;
        }
      },
    });
    await tick(30);
    // At most the batch in flight when the signal aborted went out after it.
    expect(sentBy(a).length).toBeLessThanOrEqual(sentAtAbort + 5);
    expect(sentBy(a).length).toBeLessThan(40);
    expect(summary.sent + summary.failed).toBe(items.length);
    // Every reported message is settled; nothing unsent was reported.
    for (const item of items) expect(item.ok || item.error.outcome !== 'not_sent').toBe(true);
    const settled = new Set(items.map((item) => item.index));
    expect(summary.lastSettledIndex).toBeGreaterThanOrEqual(9);
    for (let index = 0; index <= summary.lastSettledIndex; index++) expect(settled.has(index)).toBe(true);
    expect(settled.has(summary.lastSettledIndex + 1)).toBe(false);
    await messenger.close();
  });

  it('resumes without resending: resumeFrom skips settled messages, the campaign id replays the rest', async () => {
    const a = createFakeProvider({ id: 'a', bulk: true, capabilities: { maxBatch: 4 } });
    slowed(a, 3);
    const messenger = createMessenger({ providers: [a], limits: { a: { concurrency: 3 } } });
    const source = messagesOf(60);
    const controller = new AbortController();
    let reported = 0;
    const first = await messenger.sendCampaign(source, {
      campaignId: 'resume-me',
      window: 16,
      signal: controller.signal,
      onResult: () => {
        reported += 1;
        if (reported === 10) controller.abort();
      },
    });
    expect(first.lastSettledIndex).toBeLessThan(59);

    const second: CampaignItem[] = [];
    const rest = await messenger.sendCampaign(source, {
      campaignId: 'resume-me',
      resumeFrom: first.lastSettledIndex + 1,
      onResult: (item) => void second.push(item),
    });
    expect(rest.lastSettledIndex).toBe(59);
    expect(Math.min(...second.map((item) => item.index))).toBe(first.lastSettledIndex + 1);
    expect(second.every((item) => item.ok)).toBe(true);
    // Each recipient went to the vendor exactly once over both runs.
    const recipients = sentBy(a).map((message) => message.to);
    expect(recipients).toHaveLength(60);
    expect(new Set(recipients).size).toBe(60);
    await messenger.close();
  });

  it('reports progress with an ETA for an array, and a final report', async () => {
    const a = createFakeProvider({ id: 'a', bulk: true, capabilities: { maxBatch: 10 } });
    slowed(a, 1);
    const messenger = createMessenger({ providers: [a] });
    const reports: CampaignProgress[] = [];
    await messenger.sendCampaign(messagesOf(50), { onProgress: (progress) => void reports.push(progress) });
    const last = reports.at(-1)!;
    expect(last).toMatchObject({ settled: 50, sent: 50, failed: 0, etaSeconds: 0 });
    expect(last.ratePerSecond).toBeGreaterThan(0);
    // At most a few a second (here: the first, then the final one).
    expect(reports.length).toBeLessThanOrEqual(3);
    await messenger.close();
  });

  it('rejects with the error onResult threw, after the messages in flight settle', async () => {
    const a = createFakeProvider({ id: 'a', bulk: true, capabilities: { maxBatch: 5 } });
    const messenger = createMessenger({ providers: [a] });
    const failure = new Error('disk full');
    let calls = 0;
    await expect(
      messenger.sendCampaign(messagesOf(100), {
        window: 10,
        onResult: () => {
          calls += 1;
          if (calls === 3) throw failure;
        },
      }),
    ).rejects.toBe(failure);
    expect(sentBy(a).length).toBeLessThanOrEqual(15);
    await messenger.close();
  });

  it('keeps only what a replay needs in the idempotency store for keys it derived', async () => {
    const store = new InMemoryIdempotencyStore();
    const a = createFakeProvider({ id: 'a', bulk: true, capabilities: { maxBatch: 5 } });
    const messenger = createMessenger({ providers: [a], stores: { idempotency: store } });
    await messenger.sendCampaign(messagesOf(2), { campaignId: 'small' });
    const record = (await store.get('small:0')) as Extract<IdempotencyRecord, { state: 'sent' }>;
    expect(record.state).toBe('sent');
    expect(record.result).toMatchObject({ provider: 'a', to: number(0), attempts: [], raw: undefined });
    expect(record.result.messageId).toBeDefined();
    await messenger.close();
  });

  it('rejects a source that is not iterable', async () => {
    const messenger = createMessenger({ providers: [createFakeProvider({ id: 'a' })] });
    await expect(messenger.sendCampaign(42 as never)).rejects.toThrow(PesanError);
    await messenger.close();
  });
});
