import { MemorySendWindowStore, PesanError } from '@pesan/core';
import { expectPesanError, FakeClock } from '@pesan/core/testing';
import type { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CHECK_STATUS_SENT,
  checkStatus,
  DEVICE_STATUS,
  ERROR_MESSAGES,
  errorAnswer,
  HISTORY_INCOMING,
  SEND_SMS_QUEUED,
} from './__fixtures__/device-answers.js';
import { type MockScript, mockGateway } from './__fixtures__/mock-gateway.js';
import { deviceGateway } from './device-gateway-provider.js';
import type { DeviceGatewayOptions } from './device-options.js';

const ORIGIN = 'https://isms.my.id';
const API_KEY = 'a3f1c9e07b5d42e6a8c1f03b97d6e25f4c0a9b18e7d35f62a1c4e09b8d7f3a26';
const UID = '70d05483459a53d7';

let agents: MockAgent[] = [];

afterEach(async () => {
  await Promise.all(agents.map((agent) => agent.close()));
  agents = [];
});

function setup(script: MockScript, options: Partial<DeviceGatewayOptions> = {}) {
  const gateway = mockGateway(ORIGIN, script);
  agents.push(gateway.agent);
  const provider = deviceGateway({
    apiKey: API_KEY,
    deviceUid: UID,
    deviceStatusIntervalMs: 0,
    dispatcher: gateway.agent,
    ...options,
  } as DeviceGatewayOptions);
  return { provider, captured: gateway.captured };
}

describe('send: the exact request', () => {
  it('POSTs send_sms as a form to /myAPI.php with the key, the device, +E.164, the text and the slot', async () => {
    const { provider, captured } = setup({ send_sms: SEND_SMS_QUEUED });
    const result = await provider.send({ to: '012-345 6789', text: 'Hello World' });

    expect(captured).toHaveLength(1);
    const [request] = captured;
    expect(request).toMatchObject({ origin: ORIGIN, method: 'POST', path: '/myAPI.php' });
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toBe(
      `api_key=${API_KEY}&action=send_sms&device_uid=${UID}&phone_number=%2B60123456789&message=Hello+World&sim_slot=1`,
    );
    expect(result).toMatchObject({
      status: 'queued',
      messageId: '145',
      provider: 'device',
      providerType: 'device',
      to: '+60123456789',
      segments: 1,
      deliveryReports: false,
      raw: { device: { deviceUid: UID }, simSlot: 1, answer: { status: 'success', data: { message_id: 145 } } },
    });
    expect(result.attempts).toEqual([
      expect.objectContaining({ provider: 'device', endpoint: ORIGIN, outcome: 'success' }),
    ]);
  });

  it('names the device by device_id and the slot given', async () => {
    const { provider, captured } = setup(
      { send_sms: SEND_SMS_QUEUED },
      { deviceUid: undefined, deviceId: 12, simSlot: 2 },
    );
    await provider.send({ to: '+8801712345678', text: 'Hi' });
    expect(captured[0]?.body).toBe(
      `api_key=${API_KEY}&action=send_sms&device_id=12&phone_number=%2B8801712345678&message=Hi&sim_slot=2`,
    );
  });

  it('counts parts as the phone splits them', () => {
    const { provider } = setup({});
    expect(provider.segments({ to: '+60123456789', text: 'a'.repeat(161) })).toMatchObject({
      encoding: 'gsm7',
      segments: 2,
    });
    expect(provider.segments({ to: '+60123456789', text: '你好' })).toMatchObject({ encoding: 'ucs2', segments: 1 });
  });

  it('refuses what a phone cannot send before any request', async () => {
    const { provider, captured } = setup({ send_sms: SEND_SMS_QUEUED });
    expect(await expectPesanError(provider.send({ to: '+60123456789', text: 'x', flash: true }))).toMatchObject({
      code: 'UNSUPPORTED',
      outcome: 'rejected',
    });
    expect((await expectPesanError(provider.send({ to: '60;123', text: 'x' }))).code).toBe('INVALID_RECIPIENT');
    expect(captured).toHaveLength(0);
  });

  it('has no balance method: the API has none', () => {
    const { provider } = setup({});
    expect('getBalance' in provider).toBe(false);
    expect(provider.capabilities).toMatchObject({
      channels: ['sms'],
      balance: false,
      status: true,
      inbound: true,
      deliveryReports: false,
      nativeOtp: true,
      idempotent: false,
      maxBatch: 1,
    });
  });
});

describe('getStatus', () => {
  it('POSTs check_status with the message id and reads the page example as sent, scope handset', async () => {
    const { provider, captured } = setup({ check_status: CHECK_STATUS_SENT });
    const report = await provider.getStatus('145');
    expect(captured[0]?.body).toBe(`api_key=${API_KEY}&action=check_status&message_id=145`);
    expect(report).toMatchObject({
      messageId: '145',
      status: 'sent',
      scope: 'handset',
      vendorStatus: 'sent',
      to: '+8801712345678',
    });
  });

  it.each([
    ['pending', 'queued', 'platform'],
    ['queued', 'queued', 'platform'],
    ['sent', 'sent', 'handset'],
    ['delivered', 'delivered', 'handset'],
    ['failed', 'failed', 'handset'],
    ['DELIVERED', 'delivered', 'handset'],
    ['processing', 'unknown', 'platform'],
    ['constructor', 'unknown', 'platform'],
  ])('maps %s to %s (%s)', async (vendorStatus, status, scope) => {
    const { provider } = setup({ check_status: checkStatus(vendorStatus) });
    expect(await provider.getStatus('145')).toMatchObject({ status, scope, vendorStatus });
  });

  it('names the phone and slot that carried a message it sent', async () => {
    const { provider } = setup({ send_sms: SEND_SMS_QUEUED, check_status: checkStatus('delivered') });
    await provider.send({ to: '+60123456789', text: 'x' });
    const report = await provider.getStatus('145');
    expect(report.raw).toMatchObject({ device: { deviceUid: UID }, simSlot: 1 });
  });
});

describe('pollInbound', () => {
  it('POSTs get_history for incoming, 100, and answers oldest first in E.164 from since on', async () => {
    const { provider, captured } = setup({ get_history: HISTORY_INCOMING });
    const messages = await provider.pollInbound(new Date('2025-11-25T10:01:00Z'));
    expect(captured[0]?.body).toBe(`api_key=${API_KEY}&action=get_history&type=incoming&limit=100`);
    expect(messages).toEqual([
      expect.objectContaining({
        channel: 'sms',
        from: '+60123456780',
        text: 'Yes, confirm my booking',
        at: new Date('2025-11-25T10:01:00Z'),
        vendorMessageId: '902',
      }),
      expect.objectContaining({ from: '+60123456789', text: 'STOP', vendorMessageId: '903' }),
    ]);
    expect(messages[0]?.raw).toMatchObject({ id: 902, sim_slot: 2 });
  });

  it('reads the gateway times at the configured offset', async () => {
    const { provider } = setup({ get_history: HISTORY_INCOMING }, { vendorUtcOffset: '+08:00' });
    const messages = await provider.pollInbound(new Date(0));
    expect(messages.map((message) => message.at.toISOString())).toEqual([
      '2025-11-25T02:00:00.000Z',
      '2025-11-25T02:01:00.000Z',
      '2025-11-25T02:02:00.000Z',
    ]);
  });
});

describe('errors', () => {
  it.each([
    [ERROR_MESSAGES.invalidApiKey, 'AUTH_FAILED', 'not_sent'],
    [ERROR_MESSAGES.ipNotAllowed, 'IP_NOT_ALLOWED', 'not_sent'],
    [ERROR_MESSAGES.deviceOffline, 'PROVIDER_UNAVAILABLE', 'not_sent'],
    [ERROR_MESSAGES.missingParameters, 'MISSING_PARAMETER', 'rejected'],
    [ERROR_MESSAGES.invalidNumber, 'INVALID_RECIPIENT', 'rejected'],
    [ERROR_MESSAGES.unexplained, 'UNKNOWN', 'unknown'],
  ])('maps "%s" to %s, %s, keeping the message', async (message, code, outcome) => {
    const { provider } = setup({ send_sms: errorAnswer(message) });
    const error = await expectPesanError(provider.send({ to: '+60123456789', text: 'x' }));
    expect(error).toMatchObject({ code, outcome, provider: 'device', vendorMessage: message, endpoint: ORIGIN });
    expect(error.vendorCode).toBeUndefined();
    expect(error.attempts.length).toBeGreaterThanOrEqual(1);
  });

  it('reads a success envelope without data.message_id as INVALID_RESPONSE, unknown (the phone may send it)', async () => {
    const { provider } = setup({
      send_sms: JSON.stringify({ status: 'success', message: 'SMS queued successfully.', response: true, data: {} }),
    });
    const error = await expectPesanError(provider.send({ to: '+60123456789', text: 'x' }));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', outcome: 'unknown' });
  });

  it.each([
    [
      'an HTML page with status 200',
      { body: '<!DOCTYPE html><html><body>Maintenance</body></html>', contentType: 'text/html' },
      'unknown',
    ],
    ['JSON that is not the envelope', { body: '{"ok":true}' }, 'unknown'],
    ['a 404 page', { status: 404, body: 'Not Found', contentType: 'text/plain' }, 'not_sent'],
    ['a 503', { status: 503, body: 'busy', contentType: 'text/plain' }, 'not_sent'],
    ['a 502', { status: 502, body: 'bad gateway', contentType: 'text/plain' }, 'unknown'],
  ])('follows the transport rules for %s', async (_, reply, outcome) => {
    const { provider, captured } = setup({ send_sms: reply });
    const error = await expectPesanError(provider.send({ to: '+60123456789', text: 'x' }));
    expect(error.outcome).toBe(outcome);
    expect(captured).toHaveLength(1);
  });
});

describe('device pools', () => {
  const pool = { deviceUid: undefined, devices: [{ deviceUid: UID, simSlots: [1, 2] as (1 | 2)[] }, { deviceId: 12 }] };

  it('spreads sends least recently used first across phones and slots', async () => {
    const { provider, captured } = setup({ send_sms: SEND_SMS_QUEUED }, pool);
    for (let index = 0; index < 6; index++) await provider.send({ to: '+60123456789', text: `m${index}` });
    const carriers = captured.map(
      (request) => `${request.form.device_uid ?? request.form.device_id}/${request.form.sim_slot}`,
    );
    expect(carriers).toEqual([`${UID}/1`, `${UID}/2`, '12/1', `${UID}/1`, `${UID}/2`, '12/1']);
  });

  it('skips a phone device_status reports stopped, and reads states again after the interval', async () => {
    const clock = new FakeClock();
    const { provider, captured } = setup(
      {
        device_status: [
          DEVICE_STATUS,
          JSON.stringify({
            status: 'success',
            message: 'ok',
            response: true,
            data: [{ device_id: 12, status: 'running' }],
          }),
        ],
        send_sms: SEND_SMS_QUEUED,
      },
      { ...pool, devices: [{ deviceId: 12 }, { deviceUid: UID }], deviceStatusIntervalMs: 60_000, clock },
    );
    await provider.send({ to: '+60123456789', text: 'a' });
    await provider.send({ to: '+60123456789', text: 'b' });
    expect(captured.map((request) => request.form.action)).toEqual(['device_status', 'send_sms', 'send_sms']);
    expect(
      captured.filter((request) => request.form.action === 'send_sms').map((request) => request.form.device_uid),
    ).toEqual([UID, UID]);
    expect(captured[0]?.body).toBe(`api_key=${API_KEY}&action=device_status`);

    await clock.advance(60_000);
    await provider.send({ to: '+60123456789', text: 'c' });
    expect(captured.at(-2)?.form.action).toBe('device_status');
    expect(captured.at(-1)?.form).toMatchObject({ action: 'send_sms', device_id: '12' });
  });

  it('moves to the next phone when the gateway says one is offline, and reads states again at once', async () => {
    const { provider, captured } = setup(
      {
        device_status: JSON.stringify({ status: 'success', message: 'ok', response: true, data: [] }),
        send_sms: (request) =>
          request.form.device_uid === UID ? errorAnswer(ERROR_MESSAGES.deviceOffline) : SEND_SMS_QUEUED,
      },
      { ...pool, deviceStatusIntervalMs: 60_000 },
    );
    const result = await provider.send({ to: '+60123456789', text: 'x' });
    expect(result.raw).toMatchObject({ device: { deviceId: '12' }, simSlot: 1 });
    expect(captured.map((request) => request.form.action)).toEqual([
      'device_status',
      'send_sms',
      'device_status',
      'send_sms',
    ]);
    expect(result.attempts).toHaveLength(2);
    // The offline phone is skipped for the next sends too.
    await provider.send({ to: '+60123456789', text: 'y' });
    expect(captured.at(-1)?.form.device_id).toBe('12');
  });

  it('fails not_sent with a clear error when every phone is stopped', async () => {
    const { provider, captured } = setup(
      {
        device_status: JSON.stringify({
          status: 'success',
          message: 'ok',
          response: true,
          data: [
            { device_uid: UID, status: 'stopped' },
            { device_id: '12', status: 'stopped' },
          ],
        }),
        send_sms: SEND_SMS_QUEUED,
      },
      { ...pool, deviceStatusIntervalMs: 60_000 },
    );
    const error = await expectPesanError(provider.send({ to: '+60123456789', text: 'x' }));
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', outcome: 'not_sent', provider: 'device' });
    expect(error.message).toMatch(/Every device of the pool is stopped/);
    expect(captured.map((request) => request.form.action)).toEqual(['device_status']);
  });

  it('fails not_sent when every phone answers offline', async () => {
    const { provider } = setup({ send_sms: errorAnswer(ERROR_MESSAGES.deviceOffline) }, pool);
    const error = await expectPesanError(provider.send({ to: '+60123456789', text: 'x' }));
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', outcome: 'not_sent' });
    expect(error.message).toMatch(/Device not found or offline/);
    expect(error.attempts).toHaveLength(2);
  });

  it('keeps sending when device_status cannot be read', async () => {
    const { provider } = setup(
      { device_status: { status: 503, body: 'busy', contentType: 'text/plain' }, send_sms: SEND_SMS_QUEUED },
      { deviceStatusIntervalMs: 60_000 },
    );
    expect((await provider.send({ to: '+60123456789', text: 'x' })).messageId).toBe('145');
  });
});

describe('send windows', () => {
  const limit = { maxCount: 2, intervalMs: 60_000 };

  it('two providers on one store (two processes) together stay under the SIM’s limit, with no request past it', async () => {
    const sendWindows = new MemorySendWindowStore();
    const first = setup({ send_sms: SEND_SMS_QUEUED }, { simLimit: limit, maxWaitMs: 0, sendWindows });
    const second = setup({ send_sms: SEND_SMS_QUEUED }, { simLimit: limit, maxWaitMs: 0, sendWindows });
    await first.provider.send({ to: '+60123456789', text: 'a' });
    await second.provider.send({ to: '+60123456789', text: 'b' });
    const error = await expectPesanError(first.provider.send({ to: '+60123456789', text: 'c' }));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', outcome: 'not_sent', provider: 'device' });
    expect(first.captured).toHaveLength(1);
    expect(await sendWindows.used(`device/uid:${UID}/1`, limit)).toBe(2);
  });

  it('counts in the call context’s store when it has none of its own, and gives back what the gateway refused', async () => {
    const sendWindows = new MemorySendWindowStore();
    const { provider } = setup(
      { send_sms: [SEND_SMS_QUEUED, errorAnswer(ERROR_MESSAGES.invalidNumber)] },
      { simLimit: limit, maxWaitMs: 0 },
    );
    await provider.send({ to: '+60123456789', text: 'a' }, { sendWindows });
    expect(await sendWindows.used(`device/uid:${UID}/1`, limit)).toBe(1);
    const refused = await expectPesanError(provider.send({ to: '+60123456789', text: 'b' }, { sendWindows }));
    expect(refused.outcome).toBe('rejected');
    expect(await sendWindows.used(`device/uid:${UID}/1`, limit)).toBe(1);
    expect(provider.sims()).toEqual([expect.objectContaining({ used: 1, limit: 2 })]);
  });
});

describe('options', () => {
  it.each([
    ['a short key', { apiKey: 'abc' }],
    ['a key with a space', { apiKey: `${API_KEY.slice(0, 63)} ` }],
    ['no device', { deviceUid: undefined }],
    ['both ids', { deviceId: 3 }],
    ['a device list and a device', { devices: [{ deviceId: 1 }] }],
    ['a device with both ids', { deviceUid: undefined, devices: [{ deviceId: 1, deviceUid: 'x' }] }],
    ['slot 3', { simSlot: 3 }],
    ['a repeated device', { deviceUid: undefined, devices: [{ deviceId: 1 }, { deviceId: '1' }] }],
    ['a bad offset', { vendorUtcOffset: '7' }],
    ['a misspelt option', { simslot: 1 }],
    ['a send window store without used', { sendWindows: { reserve: () => {}, release: () => {} } }],
  ])('refuses %s with INVALID_CONFIG, never echoing the key', (_, options) => {
    let error: unknown;
    try {
      deviceGateway({ apiKey: API_KEY, deviceUid: UID, ...options } as DeviceGatewayOptions);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toMatchObject({ code: 'INVALID_CONFIG' });
    expect(JSON.stringify((error as PesanError).toJSON())).not.toContain(API_KEY.slice(0, 20));
  });

  it('defaults to https://isms.my.id, id device, slot 1', async () => {
    const { provider, captured } = setup({ send_sms: SEND_SMS_QUEUED });
    expect(provider.id).toBe('device');
    await provider.send({ to: '+60123456789', text: 'x' });
    expect(captured[0]?.origin).toBe(ORIGIN);
  });
});
