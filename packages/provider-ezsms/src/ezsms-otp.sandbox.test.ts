import { createMessenger, type Logger, MemoryOtpStore, type Messenger } from '@pesan/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ezsms } from './index.js';
import { type EzsmsSandbox, startEzsmsSandbox } from './sandbox/index.js';

const account = { username: 'demoezsms', password: '1234' };
const SECRET = 'ezsms-otp-test-secret-0123456789abcdef';
const TO = '+60123456789';

let sandbox: EzsmsSandbox | undefined;
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

describe('messenger.otp by sms.com.my SMS (sandbox)', () => {
  it('sends a code the sandbox records, and accepts it once', async () => {
    sandbox = await startEzsmsSandbox({ accounts: [{ ...account, credits: 100 }] });
    const logs: unknown[] = [];
    const events: unknown[] = [];
    const logger = recordingLogger(logs);
    const store = new MemoryOtpStore();
    messenger = createMessenger({
      providers: [ezsms({ id: 'ezsms', ...account, baseUrls: [sandbox.url], logger })],
      logger,
      stores: { otp: store },
      otp: { secret: SECRET },
    });
    for (const event of ['attempt', 'sent', 'failed', 'failover'] as const) {
      messenger.on(event, (payload) => {
        events.push(payload);
      });
    }

    const sent = await messenger.otp.send({ to: TO, template: 'Kod pengesahan anda ialah {code}' });
    expect(sent).toMatchObject({ to: TO, provider: 'ezsms', channel: 'sms', native: false });
    expect(sandbox.messages).toHaveLength(1);
    const message = sandbox.messages[0]!;
    expect(message.mobile).toBe('60123456789');
    const code = /^Kod pengesahan anda ialah (\d{6})$/.exec(message.text ?? '')?.[1];
    expect(code).toBeDefined();

    const wrong = code === '000000' ? '000001' : '000000';
    expect(await messenger.otp.verify({ to: TO, code: wrong })).toEqual({ valid: false, reason: 'mismatch' });
    expect(await messenger.otp.verify({ to: TO, code: code! })).toEqual({ valid: true });
    expect(await messenger.otp.verify({ to: TO, code: code! })).toEqual({ valid: false, reason: 'not_found' });

    expect(JSON.stringify([logs, events, store.entries(), sent])).not.toContain(code);
  });
});
