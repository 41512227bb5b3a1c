import { describe, expect, it, vi } from 'vitest';
import { createFakeProvider } from '../messenger/fake-provider.js';
import type { InboundMessage } from '../provider/v1/inbound-message.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { StatusReport } from '../provider/v1/status-report.js';
import type { Clock } from '../runtime/clock.js';
import { silentLogger } from '../runtime/logger.js';
import { MemoryStatusStore } from '../status/memory-status-store.js';
import type { InboundEvent, StatusEvent } from '../webhooks/webhook-handler.js';
import { Poller } from './poller.js';

/** A clock whose sleeps resolve only when the test advances time. */
function steppedClock() {
  let now = 0;
  const sleepers: { until: number; resolve: () => void }[] = [];
  const clock: Clock & { advance(ms: number): Promise<void>; sleeping(): number } = {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        const sleeper = { until: now + ms, resolve };
        sleepers.push(sleeper);
        signal?.addEventListener('abort', () => {
          sleepers.splice(sleepers.indexOf(sleeper), 1);
          reject(signal.reason);
        });
      }),
    async advance(ms) {
      now += ms;
      for (const sleeper of sleepers.filter((item) => item.until <= now)) {
        sleepers.splice(sleepers.indexOf(sleeper), 1);
        sleeper.resolve();
      }
      for (let turn = 0; turn < 20; turn++) await Promise.resolve();
    },
    sleeping: () => sleepers.length,
  };
  return clock;
}

function pollingProvider(inbox: InboundMessage[], statuses: Map<string, StatusReport>): ProviderV1 {
  const provider = createFakeProvider({ id: 'device', type: 'poll', capabilities: { status: true, inbound: true } });
  // Inclusive cursor, as many vendors filter with `>=`.
  provider.pollInbound = vi.fn(async (since: Date) => inbox.filter((message) => message.at >= since));
  provider.getStatus = vi.fn(async (messageId: string) => {
    const report = statuses.get(messageId);
    if (!report) throw new Error('no such message');
    return report;
  });
  return provider;
}

const message = (id: string, seconds: number): InboundMessage => ({
  channel: 'sms',
  from: '+60123456789',
  text: `hello ${id}`,
  at: new Date(seconds * 1000),
  vendorMessageId: id,
  raw: {},
});

function setup(
  inbox: InboundMessage[],
  statuses = new Map<string, StatusReport>(),
  since: Date | undefined = new Date(0),
) {
  const clock = steppedClock();
  const statusStore = new MemoryStatusStore({ clock });
  const inbound: InboundEvent[] = [];
  const status: StatusEvent[] = [];
  const provider = pollingProvider(inbox, statuses);
  const poller = new Poller({
    providers: [provider],
    statusStore,
    clock,
    logger: silentLogger,
    intervalMs: 5000,
    since,
    events: { inbound: (event) => inbound.push(event), status: (event) => status.push(event) },
  });
  return { clock, statusStore, inbound, status, provider, poller };
}

describe('Poller', () => {
  it('emits each inbound message once, even when the vendor repeats the cursor instant', async () => {
    const inbox = [message('a', 1), message('b', 2)];
    const { poller, inbound } = setup(inbox);
    poller.start();
    await poller.tick();
    inbox.push(message('c', 2), message('d', 3));
    await poller.tick();
    await poller.tick();
    expect(inbound.map((event) => event.vendorMessageId)).toEqual(['a', 'b', 'c', 'd']);
    expect(inbound[0]).toMatchObject({ provider: 'device', from: '+60123456789' });
    await poller.stop();
  });

  it('asks for statuses of pending messages only, and applies them', async () => {
    const statuses = new Map<string, StatusReport>([
      ['m1', { messageId: 'm1', status: 'delivered', scope: 'handset', vendorStatus: 'delivered', at: new Date(5) }],
    ]);
    const { poller, statusStore, status, provider } = setup([], statuses);
    await statusStore.apply({
      messageId: 'm1',
      provider: 'device',
      status: 'queued',
      scope: 'platform',
      at: new Date(1),
      source: 'send',
    });
    await statusStore.apply({
      messageId: 'm2',
      provider: 'device',
      status: 'failed',
      scope: 'platform',
      at: new Date(1),
      source: 'send',
    });
    await poller.tick();
    expect(provider.getStatus).toHaveBeenCalledTimes(1);
    expect((await statusStore.get('m1'))?.status).toBe('delivered');
    expect(status).toEqual([expect.objectContaining({ provider: 'device', changed: true, previous: 'queued' })]);
    await poller.tick();
    expect(provider.getStatus).toHaveBeenCalledTimes(1);
  });

  it('polls on the interval of the clock and stops cleanly', async () => {
    const inbox = [message('a', 1)];
    const { poller, clock, provider } = setup(inbox);
    poller.start();
    await clock.advance(0);
    expect(provider.pollInbound).toHaveBeenCalledTimes(1);
    await clock.advance(4999);
    expect(provider.pollInbound).toHaveBeenCalledTimes(1);
    await clock.advance(1);
    expect(provider.pollInbound).toHaveBeenCalledTimes(2);
    await poller.stop();
    expect(clock.sleeping()).toBe(0);
    await clock.advance(10_000);
    expect(provider.pollInbound).toHaveBeenCalledTimes(2);
  });

  it('starts the cursor at the start of the current second by default, as vendors stamp whole seconds', async () => {
    const inbox = [message('same-second', 0)];
    const { poller, clock, inbound } = setup(inbox, new Map(), undefined);
    await clock.advance(700);
    poller.start();
    await poller.tick();
    expect(inbound.map((event) => event.vendorMessageId)).toEqual(['same-second']);
    await poller.stop();
  });

  it('keeps polling after a provider error', async () => {
    const { poller, provider, inbound } = setup([message('a', 1)]);
    vi.mocked(provider.pollInbound!).mockRejectedValueOnce(new Error('phone offline'));
    poller.start();
    await poller.tick();
    await poller.tick();
    expect(inbound).toHaveLength(1);
    await poller.stop();
  });

  it('keeps asking about the other messages when one cannot be answered, and rotates through all of them', async () => {
    const statuses = new Map<string, StatusReport>();
    const { poller, statusStore, provider, clock } = setup([], statuses);
    for (let index = 0; index < 60; index++) {
      const messageId = `m${index}`;
      await statusStore.apply({
        messageId,
        provider: 'device',
        status: 'sent',
        scope: 'platform',
        at: new Date(1),
        source: 'send',
      });
      // m0 is unknown to the vendor; the rest stay `sent` for now.
      if (index > 0)
        statuses.set(messageId, { messageId, status: 'sent', scope: 'carrier', vendorStatus: 'sent', at: new Date(2) });
    }
    await poller.tick();
    expect(provider.getStatus).toHaveBeenCalledTimes(50);
    await clock.advance(1000);
    await poller.tick();
    const asked = new Set(vi.mocked(provider.getStatus!).mock.calls.map(([messageId]) => messageId));
    expect(asked.size).toBe(60);
  });
});
