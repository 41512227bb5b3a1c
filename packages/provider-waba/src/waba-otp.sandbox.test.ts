import { createMessenger, type Logger, MemoryOtpStore, type Messenger } from '@pesan/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startWabaSandbox, WABA_SANDBOX_DEFAULT_ACCOUNT, type WabaSandbox } from './sandbox/index.js';
import { waba } from './waba-provider.js';

const account = WABA_SANDBOX_DEFAULT_ACCOUNT;
const credentials = {
  appId: account.appId,
  appSecret: account.appSecret,
  username: account.username,
  password: account.password,
  from: '60123450000',
};
const SECRET = 'waba-otp-test-secret-0123456789abcdef';
const TO = '+60198765432';

let sandbox: WabaSandbox | undefined;
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

describe('messenger.otp by a WhatsApp authentication template (sandbox)', () => {
  it('sends the code as the template parameter, outside any 24 h window, and accepts it once', async () => {
    sandbox = await startWabaSandbox({ mirrors: 1, statusFlow: [] });
    const logs: unknown[] = [];
    const events: unknown[] = [];
    const logger = recordingLogger(logs);
    const store = new MemoryOtpStore();
    messenger = createMessenger({
      providers: [waba({ ...credentials, baseUrls: [...sandbox.urls], logger })],
      logger,
      stores: { otp: store },
      otp: { secret: SECRET },
    });
    for (const event of ['attempt', 'sent', 'failed', 'failover'] as const) {
      messenger.on(event, (payload) => {
        events.push(payload);
      });
    }

    const sent = await messenger.otp.send({ to: TO, channel: 'whatsapp', template: 'otp_code' });
    expect(sent).toMatchObject({ to: TO, provider: 'waba', channel: 'whatsapp', native: false });
    expect(sandbox.messages).toHaveLength(1);
    const request = sandbox.requests.at(-1)!;
    expect(request.json).toMatchObject({
      Type: 'template',
      To: '60198765432',
      TemplateCode: 'otp_code',
      Language: 'en',
    });
    const code = (request.json as { TemplateParams: Record<string, string> }).TemplateParams['1']!;
    expect(code).toMatch(/^\d{6}$/);
    expect(sent.messageId).toBe(sandbox.messages[0]!.messageId);

    expect(await messenger.otp.verify({ to: TO, code })).toEqual({ valid: true });
    expect(await messenger.otp.verify({ to: TO, code })).toEqual({ valid: false, reason: 'not_found' });
    expect(JSON.stringify([logs, events, store.entries(), sent])).not.toContain(code);
  });

  it('reports the vendor’s refusal of an unknown template, and frees the send', async () => {
    sandbox = await startWabaSandbox({ mirrors: 1, statusFlow: [] });
    messenger = createMessenger({
      providers: [waba({ ...credentials, baseUrls: [...sandbox.urls] })],
      otp: { secret: SECRET },
    });
    await expect(
      messenger.otp.send({ to: TO, channel: 'whatsapp', template: 'no_such_template' }),
    ).rejects.toMatchObject({ code: 'TEMPLATE_NOT_FOUND', outcome: 'rejected' });
    await expect(messenger.otp.send({ to: TO, channel: 'whatsapp', template: 'otp_code' })).resolves.toMatchObject({
      channel: 'whatsapp',
    });
  });
});
