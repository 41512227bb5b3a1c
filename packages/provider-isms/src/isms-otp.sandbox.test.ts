import { createMessenger, type Logger, MemoryOtpStore, type Messenger } from '@pesan/core';
import { afterEach, describe, expect, it } from 'vitest';
import { isms } from './isms-provider.js';
import { type IsmsSandbox, startIsmsSandbox } from './sandbox/index.js';

const account = { username: 'acme', password: 'acme-secret', credits: 100 };
const SECRET = 'isms-otp-test-secret-0123456789abcdef';
const TO = '+60123456789';

let sandbox: IsmsSandbox | undefined;
let messenger: Messenger | undefined;
afterEach(async () => {
  await messenger?.close();
  await sandbox?.stop();
});

function recordingLogger(into: unknown[]): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    into.push({ level, message, fields });
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

describe('messenger.otp by iSMS SMS (sandbox)', () => {
  it('sends a code the sandbox records, and accepts it once', async () => {
    sandbox = await startIsmsSandbox({ accounts: [{ ...account }], autoDeliver: false, mirrors: 2 });
    const logs: unknown[] = [];
    const events: unknown[] = [];
    const logger = recordingLogger(logs);
    const store = new MemoryOtpStore();
    messenger = createMessenger({
      providers: [
        isms({
          id: 'isms',
          username: account.username,
          password: account.password,
          baseUrls: [...sandbox.urls],
          logger,
        }),
      ],
      logger,
      stores: { otp: store },
      otp: { secret: SECRET, length: 8 },
    });
    for (const event of ['attempt', 'sent', 'failed', 'failover'] as const) {
      messenger.on(event, (payload) => {
        events.push(payload);
      });
    }
    // The first mirror is down: the send moves to the second, as any send does.
    await sandbox.setFault(0, 'refuse');

    const sent = await messenger.otp.send({ to: '012-345 6789', template: 'Your ACME code: {code}' });
    expect(sent).toMatchObject({ to: TO, provider: 'isms', channel: 'sms', native: false });
    expect(sandbox.messages).toHaveLength(1);
    const message = sandbox.messages[0]!;
    expect(message).toMatchObject({ to: '60123456789', mirror: 1, trxId: sent.messageId });
    const code = /^Your ACME code: (\d{8})$/.exec(message.text)?.[1];
    expect(code).toBeDefined();

    expect(await messenger.otp.verify({ to: TO, code: '1234' })).toEqual({ valid: false, reason: 'mismatch' });
    expect(await messenger.otp.verify({ to: '0123456789', code: code! })).toEqual({ valid: true });
    expect(await messenger.otp.verify({ to: TO, code: code! })).toEqual({ valid: false, reason: 'not_found' });

    expect(logs.length).toBeGreaterThan(0);
    expect(events.length).toBeGreaterThan(0);
    expect(JSON.stringify([logs, events, store.entries(), sent])).not.toContain(code);
  });

  it('refuses a resend inside the cooldown without a request to iSMS', async () => {
    sandbox = await startIsmsSandbox({ accounts: [{ ...account }], autoDeliver: false, mirrors: 1 });
    messenger = createMessenger({
      providers: [
        isms({ id: 'isms', username: account.username, password: account.password, baseUrls: [...sandbox.urls] }),
      ],
      otp: { secret: SECRET },
    });
    await messenger.otp.send({ to: TO });
    const requests = sandbox.requests.length;
    await expect(messenger.otp.send({ to: TO })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      outcome: 'not_sent',
      details: { retryAfterSeconds: 30 },
    });
    expect(sandbox.requests).toHaveLength(requests);
    expect(sandbox.messages).toHaveLength(1);
  });
});
