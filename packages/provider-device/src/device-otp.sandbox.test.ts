import { createMessenger, type Logger, MemoryOtpStore, type Messenger } from '@pesan/core';
import { expectPesanError, FakeClock } from '@pesan/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceGateway } from './device-gateway-provider.js';
import { DEVICE_SANDBOX_API_KEY, type DeviceSandbox, startDeviceSandbox } from './sandbox/index.js';

const SECRET = 'device-otp-test-secret-0123456789abcdef';
const TO = '+60123456789';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function recordingLogger(into: unknown[]): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    into.push({ level, message, fields });
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

async function application(
  devices: { deviceId: number; deviceUid?: string }[] = [{ deviceId: 1, deviceUid: 'phone-a' }],
) {
  const clock = new FakeClock();
  const sandbox: DeviceSandbox = await startDeviceSandbox({
    clock,
    accounts: [
      {
        apiKey: DEVICE_SANDBOX_API_KEY,
        devices: devices.map((device) => ({ ...device, deviceUid: device.deviceUid ?? `uid-${device.deviceId}` })),
      },
    ],
  });
  cleanups.push(() => sandbox.stop());
  const logs: unknown[] = [];
  const logger = recordingLogger(logs);
  const phones = deviceGateway({
    id: 'phones',
    apiKey: DEVICE_SANDBOX_API_KEY,
    devices: devices.map((device) =>
      device.deviceUid === undefined ? { deviceId: device.deviceId } : { deviceUid: device.deviceUid },
    ),
    baseUrls: [sandbox.url],
    deviceStatusIntervalMs: 0,
    clock,
    logger,
  });
  const store = new MemoryOtpStore({ clock });
  const messenger: Messenger = createMessenger({
    providers: [phones],
    clock,
    logger,
    stores: { otp: store },
    otp: { secret: SECRET },
  });
  cleanups.push(() => messenger.close());
  const events: unknown[] = [];
  for (const event of ['attempt', 'sent', 'failed', 'failover'] as const) {
    messenger.on(event, (payload) => {
      events.push(payload);
    });
  }
  const requests = (action: string) => sandbox.records.filter((record) => record.parameters.action === action);
  return { clock, sandbox, phones, messenger, store, logs, events, requests };
}

describe('messenger.otp over the device gateway’s native OTP (sandbox)', () => {
  it('has the gateway make, send and check the code', async () => {
    const { sandbox, messenger, store, logs, events, requests } = await application();
    const sent = await messenger.otp.send({ to: '012-345 6789', template: 'Kod pesan anda: {code}' });
    expect(sent).toMatchObject({ to: TO, provider: 'phones', channel: 'sms', native: true });
    expect(sent.expiresAt).toEqual(new Date(Date.UTC(2024, 0, 1) + 300_000));

    expect(requests('send_otp').map((record) => record.parameters)).toEqual([
      {
        api_key: '***',
        action: 'send_otp',
        device_uid: 'phone-a',
        phone_number: TO,
        length: '6',
        expiry: '5',
        message: 'Kod pesan anda: {otp}',
        sim_slot: '1',
      },
    ]);
    expect(requests('send_sms')).toHaveLength(0);
    const code = sandbox.otps[0]!.code;
    expect(code).toMatch(/^\d{6}$/);
    expect(sandbox.messages.at(-1)).toMatchObject({ phoneNumber: TO, text: `Kod pesan anda: ${code}` });
    expect(sent.messageId).toBe(String(sandbox.messages.at(-1)!.id));

    const wrong = code === '000000' ? '000001' : '000000';
    expect(await messenger.otp.verify({ to: TO, code: wrong })).toEqual({ valid: false, reason: 'mismatch' });
    expect(await messenger.otp.verify({ to: TO, code })).toEqual({ valid: true });
    expect(requests('verify_otp').map((record) => record.parameters)).toEqual([
      { api_key: '***', action: 'verify_otp', phone_number: TO, otp_code: wrong },
      { api_key: '***', action: 'verify_otp', phone_number: TO, otp_code: code },
    ]);
    // Used once: answered without asking the gateway again.
    expect(await messenger.otp.verify({ to: TO, code })).toEqual({ valid: false, reason: 'not_found' });
    expect(requests('verify_otp')).toHaveLength(2);

    const everything = JSON.stringify([logs, events, store.entries()]);
    expect(everything).not.toContain(code);
  });

  it('applies the cooldown, the attempt limit and the expiry before asking the gateway', async () => {
    const { clock, sandbox, messenger, requests } = await application();
    await messenger.otp.send({ to: TO });
    const refused = await expectPesanError(messenger.otp.send({ to: TO }));
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', outcome: 'not_sent', details: { retryAfterSeconds: 30 } });
    expect(requests('send_otp')).toHaveLength(1);

    const code = sandbox.otps[0]!.code;
    const wrong = code === '0000' ? '1111' : '0000';
    for (let attempt = 0; attempt < 5; attempt++) await messenger.otp.verify({ to: TO, code: wrong });
    expect(await messenger.otp.verify({ to: TO, code })).toEqual({ valid: false, reason: 'too_many_attempts' });
    expect(requests('verify_otp')).toHaveLength(5);

    await clock.advance(30_000);
    await messenger.otp.send({ to: TO, ttlSeconds: 90 });
    expect(requests('send_otp').at(-1)!.parameters.expiry).toBe('2');
    await clock.advance(90_000);
    expect(await messenger.otp.verify({ to: TO, code: sandbox.otps[0]!.code })).toEqual({
      valid: false,
      reason: 'expired',
    });
    expect(requests('verify_otp')).toHaveLength(5);
  });

  it('sends the messenger’s own code by send_sms when a phone has no deviceUid', async () => {
    const { sandbox, phones, messenger, requests } = await application([{ deviceId: 7 }]);
    expect(phones.capabilities.nativeOtp).toBe(false);
    const sent = await messenger.otp.send({ to: TO });
    expect(sent).toMatchObject({ provider: 'phones', native: false });
    expect(requests('send_otp')).toHaveLength(0);
    const code = /(\d{6})/.exec(sandbox.messages.at(-1)!.text)![1]!;
    expect(await messenger.otp.verify({ to: TO, code })).toEqual({ valid: true });
    expect(requests('verify_otp')).toHaveLength(0);
    await expectPesanError(phones.sendOtp({ to: TO, length: 6, ttlSeconds: 300, template: '{code}' })).then((error) =>
      expect(error).toMatchObject({ code: 'UNSUPPORTED' }),
    );
  });

  it('works as provider methods on their own', async () => {
    const { sandbox, phones } = await application();
    const sent = await phones.sendOtp({ to: TO, length: 8, ttlSeconds: 60, template: 'Code: {code}' });
    expect(sent.messageId).toBe(String(sandbox.messages.at(-1)!.id));
    expect(sent.expiresAt).toEqual(new Date(Date.UTC(2024, 0, 1) + 60_000));
    const code = sandbox.otps[0]!.code;
    expect(code).toMatch(/^\d{8}$/);
    expect(JSON.stringify(sent)).not.toContain(code);
    expect(await phones.verifyOtp({ to: TO, code: '12' })).toEqual({ valid: false, reason: 'mismatch' });
    expect(await phones.verifyOtp({ to: TO, code })).toEqual({ valid: true });
    expect(await phones.verifyOtp({ to: TO, code })).toEqual({ valid: false, reason: 'mismatch' });
  });

  it('fails a verify the gateway cannot answer instead of guessing', async () => {
    const { sandbox, phones } = await application();
    await sandbox.setFault(0, { vendorCode: 'Invalid API Key.', times: 1 });
    const error = await expectPesanError(phones.verifyOtp({ to: TO, code: '123456' }));
    expect(error).toMatchObject({ code: 'AUTH_FAILED' });
  });
});
