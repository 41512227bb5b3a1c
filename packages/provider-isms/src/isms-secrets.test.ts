import { createMessenger, type Messenger } from '@pesan/core';
import { createSecretLeakHarness, secretEchoAnswers } from '@pesan/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ISMS_ERROR_CODES } from './isms-errors.js';
import { isms } from './isms-provider.js';
import { type IsmsSandbox, startIsmsSandbox } from './sandbox/index.js';

// Characters that each encoding writes differently: space, @, /, ", &, +, ', ~, ( ), ! and a non-ASCII letter.
const PASSWORD = 'p@ss w0rd/"\u00fc&+~(x)!\'';
const USERNAME = 'secrets-test';
const TOKEN = 'isms-secrets-test-webhook-token';
const TO = '+60123456789';

let sandbox: IsmsSandbox | undefined;
let messenger: Messenger | undefined;

afterEach(async () => {
  await messenger?.close();
  await sandbox?.stop();
  messenger = undefined;
  sandbox = undefined;
});

describe.each(['classic', 'json'] as const)('iSMS (%s API) never lets its password out', (api) => {
  it('in any log line, event, error or result: success, every code, echo pages, timeouts, webhooks', async () => {
    sandbox = await startIsmsSandbox({
      accounts: [{ username: USERNAME, password: PASSWORD, credits: 1_000 }],
      mirrors: 2,
      maxHangMs: 2_000,
    });
    const harness = createSecretLeakHarness([PASSWORD]);
    const provider = isms({
      id: 'isms',
      username: USERNAME,
      password: PASSWORD,
      api,
      baseUrls: [...sandbox.urls],
      timeoutMs: 300,
      logger: harness.logger,
    });
    messenger = createMessenger({
      providers: [provider],
      logger: harness.logger,
      webhooks: { token: TOKEN },
      // Every scripted failure must reach the sandbox, not an open circuit.
      circuitBreaker: { failureThreshold: 1_000_000 },
    });
    harness.watch(messenger);
    const send = (text: string) => harness.run(() => messenger!.send({ to: TO, text }));
    const fault = sandbox.setFault.bind(sandbox);

    await send('hello');
    await harness.run(() =>
      messenger!.sendBulk([
        { to: TO, text: 'a' },
        { to: '+60123456788', text: 'a' },
      ]),
    );
    await harness.run(() => provider.getBalance());
    const successes = harness.results.length;

    for (const code of Object.keys(ISMS_ERROR_CODES)) {
      await fault(0, { vendorCode: code, times: 1 });
      await send(`code ${code}`);
    }
    const echoes = secretEchoAnswers({
      un: USERNAME,
      pwd: PASSWORD,
      dstno: TO.slice(1),
      msg: 'echo',
      type: '1',
      agreedterm: 'YES',
    });
    for (const echo of echoes) {
      const answer = { answer: echo.body, status: echo.status, contentType: echo.contentType, times: 1 };
      await fault(0, answer);
      await send(echo.name);
      await fault(0, answer);
      await harness.run(() => provider.getBalance());
    }
    await fault(0, { type: 'hang', times: 1 });
    await send('timeout');
    await fault(0, { htmlStatus: 502, times: 1 });
    await send('bad gateway');
    await fault(0, 'refuse');
    await fault(1, { type: 'hang', times: 1 });
    await send('refused, then timeout');
    await fault(0, undefined);

    const post = (token: string, body: string) =>
      harness.run(async () => {
        const response = await messenger!.webhooks.handle(
          new Request(`http://127.0.0.1/webhooks/isms/${token}`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body,
          }),
        );
        return { status: response.status, body: await response.text() };
      });
    for (const echo of echoes.slice(0, 4)) {
      await post('not-the-token-at-all', echo.body);
      await post(TOKEN, echo.body);
    }

    expect(successes).toBe(3);
    expect(harness.errors.length).toBeGreaterThanOrEqual(Object.keys(ISMS_ERROR_CODES).length + echoes.length + 3);
    expect(harness.events.length).toBeGreaterThan(20);
    expect(harness.logger.lines.length).toBeGreaterThan(20);
    harness.expectNoLeaks();
  });
});
