import { FakeClock } from '@pesan/core/testing';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEVICE_SANDBOX_API_KEY,
  DEVICE_SANDBOX_DEVICE,
  DEVICE_SANDBOX_MESSAGES,
  type DeviceSandbox,
  type DeviceSandboxOptions,
  startDeviceSandbox,
} from './device-sandbox.js';

const KEY = DEVICE_SANDBOX_API_KEY;
const UID = DEVICE_SANDBOX_DEVICE.deviceUid;

let sandbox: DeviceSandbox | undefined;

afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

async function start(options: DeviceSandboxOptions = {}): Promise<DeviceSandbox> {
  sandbox = await startDeviceSandbox(options);
  return sandbox;
}

/** The gateway's envelope, as the tests read it. */
interface GatewayJson {
  status: string;
  message: string;
  response?: boolean;
  data?: unknown;
}

async function post(origin: string, parameters: Record<string, string>) {
  const answer = await request(`${origin}/myAPI.php`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(parameters).toString(),
  });
  return { status: answer.statusCode, json: (await answer.body.json()) as GatewayJson };
}

describe('device sandbox: the page', () => {
  it('queues send_sms and moves it pending -> sent -> delivered on the clock', async () => {
    const clock = new FakeClock(Date.UTC(2025, 10, 25, 10));
    const { url } = await start({ clock });
    const sent = await post(url, {
      api_key: KEY,
      action: 'send_sms',
      device_uid: UID,
      phone_number: '+60123456789',
      message: 'Hello World',
      sim_slot: '1',
    });
    expect(sent.json).toEqual({
      status: 'success',
      message: 'SMS queued successfully.',
      response: true,
      data: { message_id: 145, status: 'pending', sim_slot: 1 },
    });
    const status = async () => (await post(url, { api_key: KEY, action: 'check_status', message_id: '145' })).json.data;
    expect(await status()).toEqual({
      status: 'pending',
      created_at: '2025-11-25 10:00:00',
      processed_at: null,
      phone_number: '+60123456789',
    });
    await clock.advance(2_000);
    expect(await status()).toMatchObject({ status: 'sent', processed_at: '2025-11-25 10:00:02' });
    await clock.advance(3_000);
    expect(await status()).toMatchObject({ status: 'delivered' });
  });

  it('fails messages to listed numbers, and keeps others sent when never delivered', async () => {
    const clock = new FakeClock();
    const { url } = await start({
      clock,
      outcomes: { failNumbers: ['+60100000001'], undeliveredNumbers: ['+60100000002'] },
    });
    for (const phone_number of ['+60100000001', '+60100000002']) {
      await post(url, { api_key: KEY, action: 'send_sms', device_id: '11', phone_number, message: 'x' });
    }
    await clock.advance(60_000);
    expect(sandbox!.messages.map((message) => message.status)).toEqual(['failed', 'sent']);
  });

  it('answers the page errors', async () => {
    const { url } = await start();
    const cases: [Record<string, string>, string][] = [
      [{ api_key: 'nope', action: 'send_sms' }, DEVICE_SANDBOX_MESSAGES.invalidApiKey],
      [{ api_key: KEY, action: 'dance' }, DEVICE_SANDBOX_MESSAGES.invalidAction],
      [{ api_key: KEY, action: 'send_sms', device_uid: UID, message: 'x' }, DEVICE_SANDBOX_MESSAGES.missingParameters],
      [
        { api_key: KEY, action: 'send_sms', device_uid: UID, phone_number: '12ab', message: 'x' },
        DEVICE_SANDBOX_MESSAGES.invalidNumber,
      ],
      [
        { api_key: KEY, action: 'send_sms', device_uid: 'other', phone_number: '+60123456789', message: 'x' },
        DEVICE_SANDBOX_MESSAGES.deviceOffline,
      ],
      [{ api_key: KEY, action: 'check_status', message_id: '999' }, DEVICE_SANDBOX_MESSAGES.messageNotFound],
    ];
    for (const [parameters, message] of cases) {
      expect((await post(url, parameters)).json).toEqual({ status: 'error', message, response: false });
    }
  });

  it('reports device states, and refuses sends to a stopped phone', async () => {
    const { url } = await start({
      accounts: [
        {
          apiKey: KEY,
          devices: [
            { deviceId: 1, deviceUid: 'a1', sims: 2 },
            { deviceId: 2, deviceUid: 'b2', state: 'stopped' },
          ],
        },
      ],
    });
    expect((await post(url, { api_key: KEY, action: 'device_status' })).json.data).toEqual([
      { device_id: 1, device_uid: 'a1', device_name: 'Phone 1', status: 'running', sims: 2 },
      { device_id: 2, device_uid: 'b2', device_name: 'Phone 2', status: 'stopped', sims: 1 },
    ]);
    const refused = await post(url, {
      api_key: KEY,
      action: 'send_sms',
      device_id: '2',
      phone_number: '+60123456789',
      message: 'x',
    });
    expect(refused.json.message).toBe(DEVICE_SANDBOX_MESSAGES.deviceOffline);
    sandbox!.setDeviceState({ deviceId: 2 }, 'running');
    const accepted = await post(url, {
      api_key: KEY,
      action: 'send_sms',
      device_id: '2',
      phone_number: '+60123456789',
      message: 'x',
    });
    expect(accepted.json.status).toBe('success');
  });

  it('holds messages of a phone that stops until it runs again', async () => {
    const clock = new FakeClock();
    const { url } = await start({ clock });
    await post(url, { api_key: KEY, action: 'send_sms', device_uid: UID, phone_number: '+60123456789', message: 'x' });
    sandbox!.setDeviceState({ deviceUid: UID }, 'stopped');
    await clock.advance(10_000);
    expect(sandbox!.messages[0]?.status).toBe('pending');
    sandbox!.setDeviceState({ deviceUid: UID }, 'running');
    await clock.advance(10_000);
    expect(sandbox!.messages[0]?.status).toBe('delivered');
  });

  it('lists history newest first by type, at most limit, with incoming messages', async () => {
    const clock = new FakeClock(Date.UTC(2025, 10, 25, 10));
    const { url } = await start({ clock, utcOffset: '+08:00' });
    sandbox!.receive({ from: '+60123456789', text: 'first' });
    await clock.advance(1_000);
    await post(url, {
      api_key: KEY,
      action: 'send_sms',
      device_uid: UID,
      phone_number: '+60123456789',
      message: 'reply',
    });
    await clock.advance(1_000);
    sandbox!.receive({ from: '+60123456780', text: 'second', simSlot: 1 });
    const incoming = await post(url, { api_key: KEY, action: 'get_history', type: 'incoming', limit: '5' });
    expect(incoming.json.data).toEqual([
      expect.objectContaining({
        id: 901,
        phone_number: '+60123456780',
        message: 'second',
        type: 'incoming',
        created_at: '2025-11-25 18:00:02',
      }),
      expect.objectContaining({ id: 900, message: 'first', created_at: '2025-11-25 18:00:00' }),
    ]);
    const all = await post(url, { api_key: KEY, action: 'get_history', limit: '2' });
    expect((all.json.data as { message: string }[]).map((record) => record.message)).toEqual(['second', 'reply']);
  });

  it('makes, sends and verifies OTPs once', async () => {
    const clock = new FakeClock();
    const { url } = await start({ clock });
    const sent = await post(url, {
      api_key: KEY,
      action: 'send_otp',
      device_uid: UID,
      phone_number: '+60123456789',
      message: 'Your login code is {otp}. Valid for 5 mins.',
      length: '4',
    });
    expect(sent.json).toMatchObject({ status: 'success', data: { message_id: 145 } });
    const code = sandbox!.otps[0]!.code;
    expect(code).toMatch(/^\d{4}$/);
    expect(sandbox!.messages[0]?.text).toBe(`Your login code is ${code}. Valid for 5 mins.`);
    const verify = (otp_code: string) =>
      post(url, { api_key: KEY, action: 'verify_otp', phone_number: '+60123456789', otp_code });
    expect((await verify(code === '0000' ? '1111' : '0000')).json.message).toBe(DEVICE_SANDBOX_MESSAGES.invalidOtp);
    expect((await verify(code)).json).toEqual({
      status: 'success',
      message: 'OTP Verified Successfully.',
      response: true,
    });
    expect((await verify(code)).json.message).toBe(DEVICE_SANDBOX_MESSAGES.invalidOtp);
  });

  it('expires OTPs on the clock', async () => {
    const clock = new FakeClock();
    const { url } = await start({ clock });
    await post(url, { api_key: KEY, action: 'send_otp', device_uid: UID, phone_number: '+60123456789', expiry: '1' });
    await clock.advance(60_000);
    const answer = await post(url, {
      api_key: KEY,
      action: 'verify_otp',
      phone_number: '+60123456789',
      otp_code: sandbox!.otps[0]!.code,
    });
    expect(answer.json.status).toBe('error');
  });

  it("enforces each SIM's own limit: the phone sends nothing past it", async () => {
    const clock = new FakeClock();
    const { url } = await start({
      clock,
      accounts: [
        {
          apiKey: KEY,
          devices: [{ deviceId: 1, deviceUid: 'a1', sims: 2, simLimit: { maxCount: 2, intervalMs: 60_000 } }],
        },
      ],
    });
    for (let index = 0; index < 3; index++) {
      await post(url, {
        api_key: KEY,
        action: 'send_sms',
        device_uid: 'a1',
        phone_number: '+60123456789',
        message: 'x',
        sim_slot: '1',
      });
    }
    await post(url, {
      api_key: KEY,
      action: 'send_sms',
      device_uid: 'a1',
      phone_number: '+60123456789',
      message: 'x',
      sim_slot: '2',
    });
    await clock.advance(10_000);
    expect(sandbox!.messages.map((message) => [message.simSlot, message.status, message.failure])).toEqual([
      [1, 'delivered', undefined],
      [1, 'delivered', undefined],
      [1, 'failed', 'sms_limit'],
      [2, 'delivered', undefined],
    ]);
    expect(sandbox!.limitBlocked).toBe(1);
    expect(sandbox!.sentParts({ deviceUid: 'a1' }, 1)).toBe(2);
  });

  it('injects gateway errors and transport faults, and records requests without the key', async () => {
    const { url } = await start();
    await sandbox!.setFault(0, { vendorCode: DEVICE_SANDBOX_MESSAGES.deviceOffline, times: 1 });
    const faulted = await post(url, { api_key: KEY, action: 'device_status' });
    expect(faulted.json).toEqual({ status: 'error', message: DEVICE_SANDBOX_MESSAGES.deviceOffline, response: false });
    expect((await post(url, { api_key: KEY, action: 'device_status' })).json.status).toBe('success');
    await sandbox!.setFault(0, 'html502');
    const page = await request(`${url}/myAPI.php`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `api_key=${KEY}&action=device_status`,
    });
    expect(page.statusCode).toBe(502);
    await page.body.dump();
    expect(sandbox!.records.map((record) => record.parameters.api_key)).toEqual(['***', '***', '***']);
    expect(JSON.stringify(sandbox!.records)).not.toContain(KEY);
  });
});
