import { createMessengerFromConfig, isPesanPlugin, PesanError } from '@pesan/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plugin } from './device-plugin.js';
import { DEVICE_SANDBOX_API_KEY, type DeviceSandbox, startDeviceSandbox } from './sandbox/index.js';

let sandbox: DeviceSandbox;

beforeEach(async () => {
  sandbox = await startDeviceSandbox({
    accounts: [
      {
        apiKey: DEVICE_SANDBOX_API_KEY,
        devices: [
          { deviceId: 1, deviceUid: 'phone-a', sims: 2 },
          { deviceId: 2, deviceUid: 'phone-b', state: 'stopped' },
        ],
      },
    ],
  });
});

afterEach(async () => {
  await sandbox.stop();
});

describe('plugin', () => {
  it('is a pesan plugin of type device with a data-only options schema', () => {
    expect(isPesanPlugin(plugin)).toBe(true);
    expect(plugin.type).toBe('device');
    expect(plugin.optionsSchema.safeParse({ apiKey: DEVICE_SANDBOX_API_KEY, deviceId: 4 }).success).toBe(true);
    expect(
      plugin.optionsSchema.safeParse({ apiKey: DEVICE_SANDBOX_API_KEY, deviceId: 4, dispatcher: {} }).success,
    ).toBe(false);
  });

  it('builds a working pool from a config file', async () => {
    const messenger = await createMessengerFromConfig(
      {
        providers: [
          {
            type: 'device',
            id: 'phones',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: config files interpolate ${ENV}
            apiKey: '${DEVICE_GATEWAY_API_KEY}',
            devices: [{ deviceUid: 'phone-a', simSlots: [1, 2] }, { deviceId: 2 }],
            simLimit: { maxCount: 20, intervalMs: 1_800_000 },
            baseUrls: [sandbox.url],
          },
        ],
        route: 'phones',
      },
      { plugins: [plugin], env: { DEVICE_GATEWAY_API_KEY: DEVICE_SANDBOX_API_KEY } },
    );
    try {
      const first = await messenger.send({ to: '+60123456789', text: 'from config' });
      const second = await messenger.send({ to: '+60123456789', text: 'again' });
      expect(first).toMatchObject({ provider: 'phones', providerType: 'device', status: 'queued' });
      expect([first.raw, second.raw]).toMatchObject([
        { device: { deviceUid: 'phone-a' }, simSlot: 1 },
        { device: { deviceUid: 'phone-a' }, simSlot: 2 },
      ]);
    } finally {
      await messenger.close();
    }
  });

  it('lists bad options by path without echoing the key', async () => {
    let thrown: unknown;
    try {
      await createMessengerFromConfig(
        { providers: [{ type: 'device', id: 'phones', apiKey: 'short-key-value', simSlot: 3 }], route: 'phones' },
        { plugins: [plugin] },
      );
    } catch (error) {
      thrown = error;
    }
    expect(PesanError.isInstance(thrown)).toBe(true);
    const text = JSON.stringify((thrown as PesanError).toJSON());
    expect(text).toContain('apiKey');
    expect(text).toContain('simSlot');
    expect(text).not.toContain('short-key-value');
  });
});
