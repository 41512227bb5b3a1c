import { createHttpTransport, createMessenger, failover, type InboundEvent, type StatusEvent } from '@pesan/core';
import {
  createFakeProvider,
  describeProviderConformance,
  expectPesanError,
  FakeClock,
} from '@pesan/core/testing/vitest';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceGateway } from './device-gateway-provider.js';
import type { DeviceGatewayOptions } from './device-options.js';
import { DEVICE_SANDBOX_API_KEY, type DeviceSandbox, startDeviceSandbox } from './sandbox/index.js';

const KEY = DEVICE_SANDBOX_API_KEY;
const WRONG_KEY = 'f'.repeat(64);

describeProviderConformance('device', async () => {
  const sandbox = await startDeviceSandbox({ mirrors: 2 });
  await sandbox.setFault(1, 'refuse');
  const options = { apiKey: KEY, deviceUid: '70d05483459a53d7', baseUrls: [sandbox.urls[0]!] };
  return {
    provider: deviceGateway(options),
    recipient: '+60123456789',
    badCredentials: deviceGateway({ ...options, apiKey: WRONG_KEY }),
    unreachable: deviceGateway({ ...options, baseUrls: [sandbox.urls[1]!] }),
    close: () => sandbox.stop(),
  };
});

let sandboxes: DeviceSandbox[] = [];

afterEach(async () => {
  await Promise.all(sandboxes.map((sandbox) => sandbox.stop()));
  sandboxes = [];
});

const PHONES = [
  { deviceId: 1, deviceUid: 'phone-a', sims: 2 as const },
  { deviceId: 2, deviceUid: 'phone-b', sims: 1 as const, state: 'stopped' as const },
  { deviceId: 3, deviceUid: 'phone-c', sims: 1 as const },
];

async function start(options: Parameters<typeof startDeviceSandbox>[0] = {}) {
  const sandbox = await startDeviceSandbox({ accounts: [{ apiKey: KEY, devices: PHONES }], ...options });
  sandboxes.push(sandbox);
  return sandbox;
}

function pool(sandbox: DeviceSandbox, options: Partial<DeviceGatewayOptions> = {}) {
  return deviceGateway({
    apiKey: KEY,
    devices: [{ deviceUid: 'phone-a', simSlots: [1, 2] }, { deviceUid: 'phone-b' }, { deviceId: 3 }],
    baseUrls: [...sandbox.urls],
    ...options,
  });
}

describe('device pools against the sandbox', () => {
  it('spreads sends over the running SIMs and never sends to the stopped phone', async () => {
    const sandbox = await start();
    const provider = pool(sandbox);
    const carriers: string[] = [];
    for (let index = 0; index < 6; index++) {
      const result = await provider.send({ to: '+60123456789', text: `message ${index}` });
      const raw = result.raw as { device: { deviceUid?: string; deviceId?: string }; simSlot: number };
      carriers.push(`${raw.device.deviceUid ?? raw.device.deviceId}/${raw.simSlot}`);
    }
    expect(carriers).toEqual(['phone-a/1', 'phone-a/2', '3/1', 'phone-a/1', 'phone-a/2', '3/1']);
    const sends = sandbox.records.filter((record) => record.parameters.action === 'send_sms');
    expect(sends.map((record) => record.parameters.device_uid ?? record.parameters.device_id)).not.toContain('phone-b');
    expect(sandbox.records[0]?.parameters).toEqual({ api_key: '***', action: 'device_status' });
    expect(sandbox.messages.map((message) => `${message.deviceUid}/${message.simSlot}`)).toEqual(
      carriers.map((carrier) => carrier.replace('3/', 'phone-c/')),
    );
  });

  it('moves on when a phone stops between two device_status reads', async () => {
    const sandbox = await start();
    const provider = pool(sandbox);
    await provider.send({ to: '+60123456789', text: 'first' });
    sandbox.setDeviceState({ deviceUid: 'phone-a' }, 'stopped');
    const result = await provider.send({ to: '+60123456789', text: 'second' });
    expect(result.raw).toMatchObject({ device: { deviceId: '3' } });
    // The refusal was read as a device failure: the states were read again right away.
    expect(sandbox.records.map((record) => record.parameters.action)).toEqual([
      'device_status',
      'send_sms',
      'send_sms',
      'device_status',
      'send_sms',
    ]);
  });

  it('fails not_sent when every phone is stopped, so the messenger can fail over', async () => {
    const sandbox = await start();
    sandbox.setDeviceState({ deviceUid: 'phone-a' }, 'stopped');
    sandbox.setDeviceState({ deviceId: 3 }, 'stopped');
    const error = await expectPesanError(pool(sandbox).send({ to: '+60123456789', text: 'x' }));
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', outcome: 'not_sent', provider: 'device' });
    expect(sandbox.messages).toHaveLength(0);
  });

  it('lets the messenger fail over to an SMS vendor when no phone can take the message', async () => {
    const sandbox = await start();
    sandbox.setDeviceState({ deviceUid: 'phone-a' }, 'stopped');
    sandbox.setDeviceState({ deviceId: 3 }, 'stopped');
    const backup = createFakeProvider({ id: 'isms' });
    const messenger = createMessenger({ providers: [pool(sandbox), backup], route: failover('device', 'isms') });
    try {
      const result = await messenger.send({ to: '+60123456789', text: 'x' });
      expect(result.provider).toBe('isms');
      expect(result.attempts.map((attempt) => [attempt.provider, attempt.outcome])).toContainEqual([
        'device',
        'not_sent',
      ]);
    } finally {
      await messenger.close();
    }
  });

  it('keeps every SIM under its limit with a fake clock: waits within the bound, else fails not_sent', async () => {
    const clock = new FakeClock();
    const limit = { maxCount: 2, intervalMs: 60_000 };
    const sandbox = await start({
      clock,
      accounts: [{ apiKey: KEY, devices: [{ deviceId: 1, deviceUid: 'phone-a', sims: 2, simLimit: limit }] }],
    });
    const options = {
      apiKey: KEY,
      devices: [{ deviceUid: 'phone-a', simSlots: [1, 2] as (1 | 2)[] }],
      baseUrls: [...sandbox.urls],
      simLimit: limit,
      clock,
      // The transport keeps real time: only the pool's windows and waits read the fake clock.
      transport: createHttpTransport(),
    };
    const strict = deviceGateway({ ...options, maxWaitMs: 0 });
    for (let index = 0; index < 4; index++) await strict.send({ to: '+60123456789', text: `m${index}` });
    const saturated = await expectPesanError(strict.send({ to: '+60123456789', text: 'one too many' }));
    expect(saturated).toMatchObject({ code: 'RATE_LIMITED', outcome: 'not_sent' });
    expect(saturated.message).toMatch(/at its send limit/);

    // A second provider instance knows nothing of the first one's sends: let the window pass first.
    await clock.advance(60_000);
    const patient = deviceGateway({ ...options, maxWaitMs: 60_000 });
    for (let index = 0; index < 4; index++) await patient.send({ to: '+60123456789', text: `p${index}` });
    let done = false;
    const waiting = patient.send({ to: '+60123456789', text: 'waits' }).then((result) => {
      done = true;
      return result;
    });
    for (let turn = 0; turn < 50 && clock.pendingSleeps === 0; turn++) await clock.flush();
    await clock.advance(59_999);
    expect(done).toBe(false);
    await clock.advance(1);
    expect((await waiting).messageId).toBeDefined();

    await clock.advance(120_000);
    // What the carrier saw: never more than the phone's own limit, and the phone blocked nothing.
    expect(sandbox.limitBlocked).toBe(0);
    expect(sandbox.messages.every((message) => message.status === 'delivered')).toBe(true);
  });

  it('sends OTP-length texts in parts and counts the parts against the limit', async () => {
    const clock = new FakeClock();
    const sandbox = await start({ clock });
    const provider = pool(sandbox, {
      devices: [{ deviceId: 3 }],
      simLimit: { maxCount: 3, intervalMs: 60_000 },
      maxWaitMs: 0,
      clock,
      transport: createHttpTransport(),
    });
    await provider.send({ to: '+60123456789', text: 'a'.repeat(200) });
    expect((await expectPesanError(provider.send({ to: '+60123456789', text: 'b'.repeat(200) }))).code).toBe(
      'RATE_LIMITED',
    );
    await provider.send({ to: '+60123456789', text: 'short' });
    expect(provider.sims()).toEqual([expect.objectContaining({ used: 3, limit: 3, state: 'running' })]);
  });
});

describe('polling through the messenger', () => {
  it('moves statuses queued -> sent -> delivered in the store with status events, and emits each incoming message once', async () => {
    const clock = new FakeClock(Date.UTC(2025, 10, 25, 10));
    const sandbox = await start({ clock, utcOffset: '+08:00' });
    const provider = pool(sandbox, { vendorUtcOffset: '+08:00', clock, transport: createHttpTransport() });
    const messenger = createMessenger({ providers: [provider], clock });
    const statuses: StatusEvent[] = [];
    const inbound: InboundEvent[] = [];
    messenger.on('status', (event) => {
      statuses.push(event);
    });
    messenger.on('inbound', (event) => {
      inbound.push(event);
    });
    const polling = messenger.startPolling({ intervalMs: 30_000 });
    try {
      const result = await messenger.send({ to: '+60123456789', text: 'Your table is ready' });
      expect((await messenger.getStatus(result.messageId!))?.status).toBe('queued');

      await clock.advance(2_000);
      sandbox.receive({ from: '+60123456789', text: 'On my way' });
      await polling.pollNow();
      const sent = await messenger.getStatus(result.messageId!);
      expect(sent).toMatchObject({ status: 'sent', scope: 'handset', vendorStatus: 'sent' });

      await clock.advance(3_000);
      sandbox.receive({ from: '0123456780', text: 'Me too' });
      await polling.pollNow();
      await polling.pollNow();
      const history = (await messenger.getStatus(result.messageId!))?.history ?? [];
      expect(history.filter((entry) => entry.applied).map((entry) => entry.status)).toEqual([
        'queued',
        'sent',
        'delivered',
      ]);
      expect(statuses.map((event) => [event.previous, event.record.status])).toEqual([
        ['queued', 'sent'],
        ['sent', 'delivered'],
      ]);
      expect(inbound.map((event) => [event.from, event.text, event.provider])).toEqual([
        ['+60123456789', 'On my way', 'device'],
        ['+60123456780', 'Me too', 'device'],
      ]);
    } finally {
      await polling.stop();
      await messenger.close();
    }
  });
});
