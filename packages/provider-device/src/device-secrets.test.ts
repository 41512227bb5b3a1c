import { createMessenger, type Messenger } from '@pesan/core';
import { createSecretLeakHarness, secretEchoAnswers } from '@pesan/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceGateway } from './device-gateway-provider.js';
import { type DeviceSandbox, startDeviceSandbox } from './sandbox/index.js';

// 64 printable characters, with those each encoding writes differently: @, /, ", &, +, ', ~, ( ), ! and %.
const API_KEY = 'K3y@/"&+~(x)!\'%-'.padEnd(64, 'Zq8Yv2Lm4Np6Rs0T');
const TOKEN = 'device-secrets-test-webhook-token';
const TO = '+60123456789';

// One message per entry of DEVICE_GATEWAY_ERRORS, each quoting the key as a careless gateway might.
const GATEWAY_ERRORS = [
  'Invalid API Key.',
  'Your IP is not whitelisted.',
  'Device not found or offline.',
  'Missing required parameters.',
  'Invalid phone number.',
  'Queue full',
];

let sandbox: DeviceSandbox | undefined;
let messenger: Messenger | undefined;

afterEach(async () => {
  await messenger?.close();
  await sandbox?.stop();
  messenger = undefined;
  sandbox = undefined;
});

describe('the device gateway never lets its API key out', () => {
  it('in any log line, event, error or result: success, every error, echo pages, timeouts, polling', async () => {
    sandbox = await startDeviceSandbox({
      accounts: [{ apiKey: API_KEY, devices: [{ deviceId: 1, deviceUid: 'phone-a', sims: 2 }] }],
      mirrors: 2,
      maxHangMs: 2_000,
    });
    const harness = createSecretLeakHarness([API_KEY]);
    const provider = deviceGateway({
      id: 'device',
      apiKey: API_KEY,
      devices: [{ deviceUid: 'phone-a', simSlots: [1, 2] }],
      baseUrls: [...sandbox.urls],
      timeoutMs: 300,
      logger: harness.logger,
    });
    messenger = createMessenger({
      providers: [provider],
      logger: harness.logger,
      webhooks: { token: TOKEN },
      circuitBreaker: { failureThreshold: 1_000_000 },
    });
    harness.watch(messenger);
    const send = (text: string) => harness.run(() => messenger!.send({ to: TO, text }));
    const fault = sandbox.setFault.bind(sandbox);

    sandbox.receive({ from: '+60198765432', text: `my key is ${API_KEY}` });
    await send('hello');
    const messageId = (harness.results[0] as { messageId?: string } | undefined)?.messageId ?? '1';
    await harness.run(() => provider.getStatus(messageId));
    await harness.run(() => provider.pollInbound(new Date(0)));
    const successes = harness.results.length;

    for (const message of GATEWAY_ERRORS) {
      await fault(0, { vendorCode: `${message} (api_key=${encodeURIComponent(API_KEY)})`, times: 1 });
      await send(message);
      await fault(0, { vendorCode: `${message} ${API_KEY}`, times: 1 });
      await harness.run(() => provider.getStatus(messageId));
    }
    const echoes = secretEchoAnswers({ api_key: API_KEY, action: 'send_sms', phone_number: TO, message: 'echo' });
    for (const echo of echoes) {
      const answer = { answer: echo.body, status: echo.status, contentType: echo.contentType, times: 1 };
      await fault(0, answer);
      await send(echo.name);
      await fault(0, answer);
      await fault(1, answer);
      await harness.run(() => provider.pollInbound(new Date(0)));
    }
    await fault(0, { type: 'hang', times: 1 });
    await send('timeout');
    await fault(0, { htmlStatus: 502, times: 1 });
    await send('bad gateway');
    await fault(0, 'refuse');
    await fault(1, { type: 'hang', times: 1 });
    await send('refused, then timeout');
    await fault(0, undefined);

    // The gateway pushes nothing: any webhook is rejected.
    for (const echo of echoes.slice(0, 4)) {
      await harness.run(async () => {
        const response = await messenger!.webhooks.handle(
          new Request(`http://127.0.0.1/webhooks/device/${TOKEN}`, { method: 'POST', body: echo.body }),
        );
        return { status: response.status, body: await response.text() };
      });
    }

    expect(successes).toBe(3);
    expect(harness.errors.length).toBeGreaterThanOrEqual(GATEWAY_ERRORS.length + echoes.length);
    expect(harness.events.length).toBeGreaterThan(10);
    expect(harness.logger.lines.length).toBeGreaterThan(20);
    harness.expectNoLeaks();
  });
});
