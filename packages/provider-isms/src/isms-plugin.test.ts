import { createMessengerFromConfig, isPesanPlugin, PesanError } from '@pesan/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plugin } from './isms-plugin.js';
import { type IsmsSandbox, startIsmsSandbox } from './sandbox/index.js';

let sandbox: IsmsSandbox;

beforeEach(async () => {
  sandbox = await startIsmsSandbox({ accounts: [{ username: 'cfg', password: 'cfg-pass', credits: 50 }], mirrors: 2 });
});

afterEach(async () => {
  await sandbox.stop();
});

describe('plugin', () => {
  it('is a pesan plugin of type isms with a data-only options schema', () => {
    expect(isPesanPlugin(plugin)).toBe(true);
    expect(plugin.type).toBe('isms');
    const parsed = plugin.optionsSchema.safeParse({ id: 'x', username: 'u', password: 'p', api: 'json' });
    expect(parsed.success).toBe(true);
    expect(plugin.optionsSchema.safeParse({ username: 'u', password: 'p', dispatcher: {} }).success).toBe(false);
  });

  it('builds a working provider from a config file', async () => {
    const messenger = await createMessengerFromConfig(
      {
        providers: [
          {
            type: 'isms',
            id: 'isms-primary',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: config files interpolate ${ENV}
            username: '${ISMS_USER}',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: config files interpolate ${ENV}
            password: '${ISMS_PASS}',
            baseUrls: [...sandbox.urls],
          },
        ],
        route: 'isms-primary',
      },
      { plugins: [plugin], env: { ISMS_USER: 'cfg', ISMS_PASS: 'cfg-pass' } },
    );
    try {
      const result = await messenger.send({ to: '+60123456789', text: 'from config' });
      expect(result).toMatchObject({ provider: 'isms-primary', providerType: 'isms', status: 'queued' });
      expect(sandbox.messages[0]).toMatchObject({ text: 'from config', trxId: result.messageId });
      expect((await messenger.getBalance('isms-primary')).amount).toBe(49);
    } finally {
      await messenger.close();
    }
  });

  it('lists bad options by path', async () => {
    let thrown: unknown;
    try {
      await createMessengerFromConfig(
        {
          providers: [{ type: 'isms', id: 'isms', username: 'u', pasword: 'p', senderId: 'not valid!' }],
          route: 'isms',
        },
        { plugins: [plugin] },
      );
    } catch (error) {
      thrown = error;
    }
    expect(PesanError.isInstance(thrown)).toBe(true);
    const problems = ((thrown as PesanError).details?.problems ?? []) as string[];
    expect(problems.join('\n')).toMatch(/providers\[0\]\.password/);
    expect(problems.join('\n')).toMatch(/providers\[0\]\.senderId/);
    expect(problems.join('\n')).toMatch(/pasword/);
  });
});
