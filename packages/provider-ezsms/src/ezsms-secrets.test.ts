import { createMessenger, type Messenger } from '@pesan/core';
import { createSecretLeakHarness, secretEchoAnswers } from '@pesan/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { EZSMS_RETURN_CODE_TABLE } from './ezsms-errors.js';
import { ezsms } from './ezsms-provider.js';
import { type EzsmsSandbox, startEzsmsSandbox } from './sandbox/index.js';

// Characters that each encoding writes differently: space, @, /, ", &, +, ', ~, ( ), ! and a non-ASCII letter.
const PASSWORD = 'p@ss w0rd/"\u00fc&+~(x)!\'';
const USERNAME = 'secrets-test';
const TOKEN = 'ezsms-secrets-test-webhook-token';
const TO = '+60123456789';

let sandbox: EzsmsSandbox | undefined;
let messenger: Messenger | undefined;

afterEach(async () => {
  await messenger?.close();
  await sandbox?.stop();
  messenger = undefined;
  sandbox = undefined;
});

describe.each(['POST', 'GET'] as const)('sms.com.my (%s) never lets its password out', (method) => {
  it('in any log line, event, error or result: success, every code, echo pages, timeouts, webhooks', async () => {
    sandbox = await startEzsmsSandbox({
      accounts: [{ username: USERNAME, password: PASSWORD, credits: 1_000, reseller: true }],
      mirrors: 2,
    });
    const harness = createSecretLeakHarness([PASSWORD]);
    const provider = ezsms({
      id: 'ezsms',
      username: USERNAME,
      password: PASSWORD,
      method,
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
    const send = (text: string, idempotencyKey?: string) =>
      harness.run(() => messenger!.send({ to: TO, text, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) }));
    // On both mirrors: with a seqno (the messenger gives every send an idempotency key) the next mirror is safe.
    const fault = async (mirror: number, input: Parameters<EzsmsSandbox['setFault']>[1]) => {
      await sandbox!.setFault(mirror, input);
      if (mirror === 0 && input !== 'refuse' && input !== undefined) await sandbox!.setFault(1, input);
    };

    await send('hello');
    await send('with a seqno', 'order-1');
    await harness.run(() =>
      messenger!.sendBulk([
        { to: TO, text: 'a' },
        { to: '+60123456788', text: 'a' },
      ]),
    );
    await harness.run(() => provider.getBalance());
    const successes = harness.results.length;

    for (const code of Object.keys(EZSMS_RETURN_CODE_TABLE)) {
      await fault(0, { vendorCode: code, times: 1 });
      await send(`code ${code}`);
    }
    const echoes = secretEchoAnswers({
      username: USERNAME,
      password: PASSWORD,
      mobile: TO.slice(1),
      message: 'echo',
      type: '1',
    });
    for (const echo of echoes) {
      const answer = { answer: echo.body, status: echo.status, contentType: echo.contentType, times: 1 };
      await fault(0, answer);
      await send(echo.name);
      await fault(0, answer);
      await send(echo.name, `echo-${echo.name}`);
      await fault(0, answer);
      await harness.run(() => provider.getBalance());
      await fault(0, answer);
      await harness.run(() => provider.transferCredits({ customer: 'customer', credits: 1 }));
    }
    await fault(0, { type: 'hang', times: 1 });
    await send('timeout');
    await fault(0, { type: 'hang', times: 1 });
    await send('timeout with a seqno', 'order-2');
    await fault(0, { htmlStatus: 502, times: 1 });
    await send('bad gateway');
    await fault(0, 'refuse');
    await sandbox.setFault(1, { type: 'hang', times: 1 });
    await send('refused, then timeout');
    await fault(0, undefined);

    const webhook = (token: string, query: string, body?: string) =>
      harness.run(async () => {
        const response = await messenger!.webhooks.handle(
          new Request(`http://127.0.0.1/webhooks/ezsms/${token}?${query}`, {
            method: body === undefined ? 'GET' : 'POST',
            ...(body === undefined ? {} : { headers: { 'content-type': 'text/plain' }, body }),
          }),
        );
        return { status: response.status, body: await response.text() };
      });
    const query = new URLSearchParams({ password: PASSWORD }).toString();
    for (const echo of echoes.slice(0, 4)) {
      await webhook('not-the-token-at-all', query, echo.body);
      await webhook(TOKEN, query, echo.body);
    }
    // An incoming SMS that quotes the password: it reaches the application redacted.
    await webhook(
      TOKEN,
      new URLSearchParams({
        Shortcode: '60120000000',
        Sender: '60198765432',
        ContentType: '1',
        Msg: `pw ${PASSWORD}`,
      }).toString(),
    );

    expect(successes).toBe(4);
    expect(harness.errors.length).toBeGreaterThanOrEqual(
      Object.keys(EZSMS_RETURN_CODE_TABLE).length - 4 + 2 * echoes.length,
    );
    expect(harness.events.length).toBeGreaterThan(20);
    expect(harness.logger.lines.length).toBeGreaterThan(20);
    harness.expectNoLeaks();
  });
});
