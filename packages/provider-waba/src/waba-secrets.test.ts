import { createMessenger, type Messenger } from '@pesan/core';
import { createSecretLeakHarness, secretEchoAnswers } from '@pesan/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startWabaSandbox, type WabaSandbox } from './sandbox/index.js';
import { WABA_ERROR_CODES } from './waba-errors.js';
import { waba } from './waba-provider.js';

// Characters that each encoding writes differently: space, @, /, ", &, +, ', ~, ( ), ! and a non-ASCII letter.
const PASSWORD = 'p@ss w0rd/"\u00fc&+~(x)!\'';
const APP_SECRET = 'app/s3cret "\u00e9t\u00e9" &+=%';
const credentials = { appId: 'secrets-app', appSecret: APP_SECRET, username: 'secrets-test', password: PASSWORD };
const TOKEN = 'waba-secrets-test-webhook-token';
const TO = '+60198765432';

let sandbox: WabaSandbox | undefined;
let messenger: Messenger | undefined;

afterEach(async () => {
  await messenger?.close();
  await sandbox?.stop();
  messenger = undefined;
  sandbox = undefined;
});

describe('WhatsApp (iSMS) never lets its password or app secret out', () => {
  it('in any log line, event, error or result: success, every code, echo pages, timeouts, webhooks', async () => {
    sandbox = await startWabaSandbox({ accounts: [{ ...credentials, credits: 1_000 }], mirrors: 2 });
    const harness = createSecretLeakHarness([PASSWORD, APP_SECRET]);
    const provider = waba({
      id: 'waba',
      ...credentials,
      from: '60123450000',
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
    const send = () =>
      harness.run(() =>
        messenger!.send({ to: TO, channel: 'whatsapp', template: { name: 'hello_world', language: 'en' } }),
      );
    const fault = sandbox.setFault.bind(sandbox);

    await send();
    const successes = harness.results.length;
    for (const code of Object.keys(WABA_ERROR_CODES)) {
      await fault(0, { vendorCode: code, times: 1 });
      await send();
    }
    const echoes = secretEchoAnswers({ ...credentials, AppId: credentials.appId, from: '60123450000', to: TO });
    for (const echo of echoes) {
      await fault(0, { answer: echo.body, status: echo.status, contentType: echo.contentType, times: 1 });
      await send();
    }
    await fault(0, { type: 'hang', times: 1 });
    await send();
    await fault(0, { htmlStatus: 502, times: 1 });
    await send();
    await fault(0, 'refuse');
    await fault(1, { type: 'hang', times: 1 });
    await send();
    await fault(0, undefined);

    const post = (token: string, body: string) =>
      harness.run(async () => {
        const response = await messenger!.webhooks.handle(
          new Request(`http://127.0.0.1/webhooks/waba/${token}`, { method: 'POST', body }),
        );
        return { status: response.status, body: await response.text() };
      });
    for (const echo of echoes.slice(0, 4)) {
      await post('not-the-token-at-all', echo.body);
      await post(TOKEN, echo.body);
      await post(TOKEN, Buffer.from(echo.body).toString('base64'));
    }

    expect(successes).toBe(1);
    expect(harness.errors.length).toBeGreaterThanOrEqual(Object.keys(WABA_ERROR_CODES).length + echoes.length);
    expect(harness.events.length).toBeGreaterThan(20);
    expect(harness.logger.lines.length).toBeGreaterThan(20);
    harness.expectNoLeaks();
  });
});
