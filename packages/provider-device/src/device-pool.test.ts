import { MemorySendWindowStore, type SendWindowStore, silentLogger } from '@pesan/core';
import { createRecordingLogger, expectPesanError, FakeClock } from '@pesan/core/testing';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIM_SEND_LIMIT, type PoolSim, type SimSendLimit } from './device-options.js';
import { DevicePool, type SimLease, simWindowKey } from './device-pool.js';
import type { DeviceState } from './device-states.js';

const A = { deviceUid: 'phone-a' } as const;
const B = { deviceId: '12' } as const;

function sims(limit: SimSendLimit = DEFAULT_SIM_SEND_LIMIT): PoolSim[] {
  return [
    { device: A, simSlot: 1, limit },
    { device: A, simSlot: 2, limit },
    { device: B, simSlot: 1, limit },
  ];
}

function pool(options: { sims?: PoolSim[]; maxWaitMs?: number; states?: () => Map<string, DeviceState> } = {}) {
  const clock = new FakeClock();
  let reads = 0;
  const devicePool = new DevicePool({
    provider: 'device',
    sims: options.sims ?? sims(),
    clock,
    maxWaitMs: options.maxWaitMs ?? 10_000,
    refreshIntervalMs: options.states ? 60_000 : 0,
    logger: silentLogger,
    ...(options.states
      ? {
          readStates: async () => {
            reads += 1;
            return options.states!();
          },
        }
      : {}),
  });
  return { devicePool, clock, reads: () => reads };
}

const name = (lease: SimLease) => `${lease.device.deviceUid ?? lease.device.deviceId}/${lease.simSlot}`;

describe('DevicePool: spreading', () => {
  it('lends the least recently used SIM, in configuration order on ties', async () => {
    const { devicePool, clock } = pool();
    const order: string[] = [];
    for (let index = 0; index < 7; index++) {
      const lease = await devicePool.acquire(1);
      order.push(name(lease));
      await devicePool.settle(lease, 'queued');
      await clock.advance(1);
    }
    expect(order).toEqual(['phone-a/1', 'phone-a/2', '12/1', 'phone-a/1', 'phone-a/2', '12/1', 'phone-a/1']);
  });

  it('skips a phone device_status reports stopped, and uses it again once running', async () => {
    let stopped = true;
    const { devicePool, clock, reads } = pool({
      states: () => new Map<string, DeviceState>([['uid:phone-a', stopped ? 'stopped' : 'running']]),
    });
    const first: string[] = [];
    for (let index = 0; index < 3; index++) first.push(name(await devicePool.acquire(1)));
    expect(first).toEqual(['12/1', '12/1', '12/1']);
    expect(reads()).toBe(1);
    stopped = false;
    await clock.advance(60_000);
    expect(name(await devicePool.acquire(1))).toBe('phone-a/1');
    expect(reads()).toBe(2);
  });

  it('skips a phone that refused a send until the refresh interval passes, and reads states at once', async () => {
    const { devicePool, clock, reads } = pool({ states: () => new Map() });
    const lease = await devicePool.acquire(1);
    expect(name(lease)).toBe('phone-a/1');
    await devicePool.settle(lease, 'device_unavailable');
    expect(reads()).toBe(2);
    expect(name(await devicePool.acquire(1))).toBe('12/1');
    expect(name(await devicePool.acquire(1))).toBe('12/1');
    await clock.advance(60_000);
    // Back in the pool: its unused second SIM is the least recently used.
    expect(name(await devicePool.acquire(1))).toBe('phone-a/2');
  });

  it('fails PROVIDER_UNAVAILABLE, not_sent when every phone is stopped', async () => {
    const { devicePool } = pool({
      states: () =>
        new Map<string, DeviceState>([
          ['uid:phone-a', 'stopped'],
          ['id:12', 'stopped'],
        ]),
    });
    const error = await expectPesanError(devicePool.acquire(1));
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', outcome: 'not_sent', provider: 'device' });
    expect(error.message).toContain('uid:phone-a, id:12');
  });
});

describe('DevicePool: per-SIM limits', () => {
  const limit = { maxCount: 3, intervalMs: 60_000 };

  it('never lends a SIM past its limit: the others take over, then it fails RATE_LIMITED, not_sent', async () => {
    const { devicePool } = pool({ sims: sims(limit), maxWaitMs: 0 });
    const used = new Map<string, number>();
    for (let index = 0; index < 9; index++) {
      const lease = await devicePool.acquire(1);
      used.set(name(lease), (used.get(name(lease)) ?? 0) + 1);
    }
    expect(Object.fromEntries(used)).toEqual({ 'phone-a/1': 3, 'phone-a/2': 3, '12/1': 3 });
    const error = await expectPesanError(devicePool.acquire(1));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', outcome: 'not_sent', retryable: true });
    expect(error.message).toMatch(/at its send limit for 60000 ms more/);
    expect(devicePool.snapshot().map((sim) => sim.used)).toEqual([3, 3, 3]);
  });

  it('counts SMS parts, not messages', async () => {
    const { devicePool } = pool({ sims: [{ device: A, simSlot: 1, limit }], maxWaitMs: 0 });
    await devicePool.acquire(2);
    expect((await expectPesanError(devicePool.acquire(2))).code).toBe('RATE_LIMITED');
    expect(name(await devicePool.acquire(1))).toBe('phone-a/1');
    const tooLong = await expectPesanError(devicePool.acquire(4));
    expect(tooLong).toMatchObject({ code: 'RATE_LIMITED', outcome: 'not_sent', retryable: false });
  });

  it('waits on the clock, within the bound, for the first SIM to free up', async () => {
    const { devicePool, clock } = pool({ sims: [{ device: A, simSlot: 1, limit }], maxWaitMs: 30_000 });
    for (let index = 0; index < 3; index++) {
      await devicePool.acquire(1);
      await clock.advance(10_000);
    }
    // Counted at 0, 10 000 and 20 000: the first slides out at 60 000, 30 000 from now.
    let lent: SimLease | undefined;
    const waiting = devicePool.acquire(1).then((lease) => {
      lent = lease;
    });
    await clock.advance(29_999);
    expect(lent).toBeUndefined();
    await clock.advance(1);
    await waiting;
    expect(lent && name(lent)).toBe('phone-a/1');
    expect(clock.now() - Date.UTC(2024, 0, 1)).toBe(60_000);
  });

  it('does not wait past the bound', async () => {
    const { devicePool, clock } = pool({ sims: [{ device: A, simSlot: 1, limit }], maxWaitMs: 29_999 });
    for (let index = 0; index < 3; index++) {
      await devicePool.acquire(1);
      await clock.advance(10_000);
    }
    const error = await expectPesanError(devicePool.acquire(1));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', details: expect.objectContaining({ waitMs: 30_000 }) });
    expect(clock.pendingSleeps).toBe(0);
  });

  it('gives the parts back when the gateway certainly did not queue the message, and keeps them otherwise', async () => {
    const { devicePool } = pool({ sims: [{ device: A, simSlot: 1, limit }], maxWaitMs: 0 });
    await devicePool.settle(await devicePool.acquire(1), 'not_queued');
    await devicePool.settle(await devicePool.acquire(1), 'unknown');
    await devicePool.settle(await devicePool.acquire(1), 'queued');
    expect(devicePool.snapshot()[0]?.used).toBe(2);
  });

  it('uses the per-slot limits', async () => {
    const { devicePool } = pool({
      sims: [
        { device: A, simSlot: 1, limit: { maxCount: 1, intervalMs: 60_000 } },
        { device: A, simSlot: 2, limit: { maxCount: 2, intervalMs: 60_000 } },
      ],
      maxWaitMs: 0,
    });
    const order: string[] = [];
    for (let index = 0; index < 3; index++) order.push(name(await devicePool.acquire(1)));
    expect(order).toEqual(['phone-a/1', 'phone-a/2', 'phone-a/2']);
    expect((await expectPesanError(devicePool.acquire(1))).code).toBe('RATE_LIMITED');
  });

  it('fails not_sent (nothing sent) when the caller aborts while waiting', async () => {
    const { devicePool } = pool({ sims: [{ device: A, simSlot: 1, limit }], maxWaitMs: 120_000 });
    for (let index = 0; index < 3; index++) await devicePool.acquire(1);
    const controller = new AbortController();
    const waiting = expectPesanError(devicePool.acquire(1, { signal: controller.signal }));
    controller.abort(new Error('caller gave up'));
    expect(await waiting).toMatchObject({ code: 'TIMEOUT', outcome: 'not_sent' });
  });
});

describe('DevicePool: send window stores', () => {
  const limit = { maxCount: 3, intervalMs: 60_000 };
  const one = [{ device: A, simSlot: 1 as const, limit }];

  function sharing(sendWindows: SendWindowStore, clock: FakeClock, provider = 'device', logger = silentLogger) {
    return new DevicePool({ provider, sims: one, clock, maxWaitMs: 0, refreshIntervalMs: 0, logger, sendWindows });
  }

  it('two pools on one store (two processes) together stay under a SIM’s limit, and fail as one pool does', async () => {
    const clock = new FakeClock();
    const sendWindows = new MemorySendWindowStore({ clock });
    const [first, second] = [sharing(sendWindows, clock), sharing(sendWindows, clock)];
    await first.acquire(2);
    await second.acquire(1);
    const error = await expectPesanError(first.acquire(1));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', outcome: 'not_sent', retryable: true });
    expect(error.message).toMatch(/at its send limit for 60000 ms more/);
    expect((await expectPesanError(second.acquire(1))).code).toBe('RATE_LIMITED');
    expect(await sendWindows.used(simWindowKey('device', one[0]!), limit)).toBe(3);
    // Another provider id counts on its own, even for the same phone.
    expect(name(await sharing(sendWindows, clock, 'other').acquire(3))).toBe('phone-a/1');
  });

  it('gives parts back to the store they were counted in', async () => {
    const clock = new FakeClock();
    const sendWindows = new MemorySendWindowStore({ clock });
    const [first, second] = [sharing(sendWindows, clock), sharing(sendWindows, clock)];
    const lease = await first.acquire(3);
    expect((await expectPesanError(second.acquire(1))).code).toBe('RATE_LIMITED');
    await first.settle(lease, 'not_queued');
    expect(first.snapshot()[0]?.used).toBe(0);
    expect(name(await second.acquire(3))).toBe('phone-a/1');
  });

  it('counts in the call context’s store (the messenger’s) when given none, and its own otherwise', async () => {
    const clock = new FakeClock();
    const messengerWindows = new MemorySendWindowStore({ clock });
    const { devicePool } = pool({ sims: one, maxWaitMs: 0 });
    const lease = await devicePool.acquire(2, { sendWindows: messengerWindows });
    expect(await messengerWindows.used('device/uid:phone-a/1', limit)).toBe(2);
    await devicePool.acquire(3);
    await devicePool.settle(lease, 'device_unavailable');
    expect(await messengerWindows.used('device/uid:phone-a/1', limit)).toBe(0);

    const ownWindows = new MemorySendWindowStore({ clock });
    const own = sharing(ownWindows, clock);
    await own.acquire(1, { sendWindows: messengerWindows });
    expect(await ownWindows.used('device/uid:phone-a/1', limit)).toBe(1);
    expect(await messengerWindows.used('device/uid:phone-a/1', limit)).toBe(0);
  });

  it('fails PROVIDER_UNAVAILABLE, not_sent when the store fails to count, and keeps parts when it fails to give back', async () => {
    const clock = new FakeClock();
    const logger = createRecordingLogger();
    const working = new MemorySendWindowStore({ clock });
    let failing = false;
    const flaky: SendWindowStore = {
      reserve: (key, parts, windowLimit) =>
        failing ? Promise.reject(new Error('ECONNREFUSED')) : working.reserve(key, parts, windowLimit),
      release: (key, id) => (failing ? Promise.reject(new Error('ECONNREFUSED')) : working.release(key, id)),
      used: (key, windowLimit) => working.used(key, windowLimit),
    };
    const devicePool = sharing(flaky, clock, 'device', logger);
    const lease = await devicePool.acquire(1);
    failing = true;
    const error = await expectPesanError(devicePool.acquire(1));
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', outcome: 'not_sent', retryable: true });
    expect(error.message).toMatch(/send window store did not answer/);
    await devicePool.settle(lease, 'not_queued');
    expect(await working.used('device/uid:phone-a/1', limit)).toBe(1);
    expect(logger.lines.map((line) => line.message)).toContain(
      'device gateway: giving parts back to a SIM’s send window failed; they count until they slide out',
    );
  });

  it('refreshUsage reads each SIM’s parts from the store, as other instances counted them', async () => {
    const clock = new FakeClock();
    const sendWindows = new MemorySendWindowStore({ clock });
    const [first, second] = [sharing(sendWindows, clock), sharing(sendWindows, clock)];
    await second.acquire(2);
    expect(first.snapshot()[0]?.used).toBe(0);
    await first.refreshUsage();
    expect(first.snapshot()[0]?.used).toBe(2);
    await clock.advance(60_000);
    await first.refreshUsage();
    expect(first.snapshot()[0]?.used).toBe(0);
  });
});
