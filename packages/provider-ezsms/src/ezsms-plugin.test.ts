import { createMessengerFromConfig, PesanError } from '@pesan/core';
import { afterEach, describe, expect, it } from 'vitest';
import { plugin } from './index.js';
import { type EzsmsSandbox, startEzsmsSandbox } from './sandbox/index.js';

describe('ezsms plugin', () => {
  let sandbox: EzsmsSandbox | undefined;

  afterEach(async () => {
    await sandbox?.stop();
  });

  it('is the ezsms type with a strict options schema', () => {
    expect(plugin.type).toBe('ezsms');
    const parsed = plugin.optionsSchema.safeParse({ id: 'sms-my', username: 'u', password: 'p' });
    expect(parsed.success && parsed.data).toMatchObject({
      id: 'sms-my',
      baseUrls: ['https://www.sms.com.my'],
      method: 'POST',
      bulkMode: 'per-recipient',
      bulkChunkSize: 100,
      defaultRegion: 'MY',
    });
    expect(plugin.optionsSchema.safeParse({ username: 'u', password: 'p', senderId: 'x' }).success).toBe(false);
  });

  it('builds a working provider from config data, with the config id', async () => {
    sandbox = await startEzsmsSandbox();
    const messenger = await createMessengerFromConfig(
      {
        providers: [
          {
            type: 'ezsms',
            id: 'sms-my',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: config-file ${ENV} interpolation is under test
            username: '${EZSMS_USER}',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: config-file ${ENV} interpolation is under test
            password: '${EZSMS_PASSWORD}',
            baseUrls: [sandbox.url],
          },
        ],
      },
      { plugins: [plugin], env: { EZSMS_USER: 'demoezsms', EZSMS_PASSWORD: '1234' } },
    );
    try {
      const result = await messenger.send({ to: '+60123456789', text: 'from config', idempotencyKey: 'cfg-1' });
      expect(result).toMatchObject({ provider: 'sms-my', providerType: 'ezsms', status: 'queued' });
      expect(sandbox.messages).toMatchObject([{ text: 'from config', seqno: 'cfg-1' }]);
    } finally {
      await messenger.close();
    }
  });

  it('lists bad options by path', async () => {
    let error: unknown;
    try {
      await createMessengerFromConfig(
        { providers: [{ type: 'ezsms', id: 'e', username: 'u', password: 'p', sender: '!!', bulkMode: 'fast' }] },
        { plugins: [plugin], env: {} },
      );
    } catch (caught) {
      error = caught;
    }
    expect(PesanError.isInstance(error) && error.code).toBe('INVALID_CONFIG');
    const problems = ((error as PesanError).details?.problems ?? []) as string[];
    expect(problems.some((problem) => problem.startsWith('providers[0].sender'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('providers[0].bulkMode'))).toBe(true);
  });
});
