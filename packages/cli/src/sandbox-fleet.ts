import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import {
  DEVICE_SANDBOX_API_KEY,
  DEVICE_SANDBOX_DEVICE,
  type DeviceSandbox,
  startDeviceSandbox,
} from '@pesan/provider-device/sandbox';
import { type EzsmsSandbox, startEzsmsSandbox } from '@pesan/provider-ezsms/sandbox';
import { type IsmsSandbox, startIsmsSandbox } from '@pesan/provider-isms/sandbox';
import { startWabaSandbox, WABA_SANDBOX_DEFAULT_ACCOUNT, type WabaSandbox } from '@pesan/provider-waba/sandbox';
import { SANDBOX_PORT_OFFSETS } from './sandbox-ports.js';

/** Accounts of the sandboxes; they are the sandboxes' own and open nothing real. */
export const SANDBOX_ACCOUNTS = {
  isms: { username: 'sandbox', password: 'sandbox-password', credits: 1_000_000 },
  ezsms: { username: 'sandbox', password: 'sandbox-password', credits: 1_000_000, reseller: false },
  waba: { ...WABA_SANDBOX_DEFAULT_ACCOUNT, credits: 1_000_000 },
  device: { apiKey: DEVICE_SANDBOX_API_KEY, deviceUid: DEVICE_SANDBOX_DEVICE.deviceUid },
} as const;

/** The WhatsApp business number of the sandbox, and a customer whose 24 h window is open for free text. */
export const SANDBOX_WHATSAPP = { from: '60123450000', openContact: '+60123456789' } as const;

/** Every vendor sandbox, running. */
export interface SandboxFleet {
  isms: IsmsSandbox;
  ezsms: EzsmsSandbox;
  waba: WabaSandbox;
  device: DeviceSandbox;
  /** Origin the sandboxes push delivery reports and inbound messages to (`pesan webhooks serve` there). */
  webhookOrigin: string;
  webhookPort: number;
  /** The token in the callback URLs, and in the config written. */
  webhookToken: string;
  stop(): Promise<void>;
}

async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

/**
 * Starts the iSMS (two mirrors), sms.com.my, WhatsApp and device gateway
 * sandboxes on 127.0.0.1. With `portBase` 0 every port is chosen by the
 * system. Delivery reports and inbound messages are pushed to
 * `webhookOrigin/webhooks/<provider>/<token>`.
 */
export async function startSandboxFleet(options: { portBase: number; host?: string }): Promise<SandboxFleet> {
  const host = options.host ?? '127.0.0.1';
  const port = (offset: number) => (options.portBase === 0 ? 0 : options.portBase + offset);
  const webhookPort = options.portBase === 0 ? await freePort(host) : options.portBase + SANDBOX_PORT_OFFSETS.webhooks;
  const webhookOrigin = `http://${host}:${webhookPort}`;
  const webhookToken = `sandbox-${randomBytes(12).toString('hex')}`;
  const callback = (provider: string) => `${webhookOrigin}/webhooks/${provider}/${webhookToken}`;

  const started: { stop(): Promise<void> }[] = [];
  const track = <T extends { stop(): Promise<void> }>(sandbox: T): T => {
    started.push(sandbox);
    return sandbox;
  };
  const stop = async () => {
    await Promise.allSettled(started.map((sandbox) => sandbox.stop()));
  };
  try {
    const isms = track(
      await startIsmsSandbox({
        accounts: [SANDBOX_ACCOUNTS.isms],
        mirrors: 2,
        port: port(SANDBOX_PORT_OFFSETS.isms),
        callbackUrl: callback('isms'),
        maxHangMs: 30_000,
      }),
    );
    const ezsms = track(
      await startEzsmsSandbox({
        accounts: [SANDBOX_ACCOUNTS.ezsms],
        port: port(SANDBOX_PORT_OFFSETS.ezsms),
        callbackUrl: callback('ezsms'),
        incomingUrl: callback('ezsms'),
        autoDeliver: 6,
      }),
    );
    const waba = track(
      await startWabaSandbox({
        accounts: [SANDBOX_ACCOUNTS.waba],
        mirrors: 1,
        port: port(SANDBOX_PORT_OFFSETS.waba),
        webhookUrl: callback('waba'),
      }),
    );
    waba.openWindow(SANDBOX_WHATSAPP.openContact.slice(1));
    const device = track(await startDeviceSandbox({ mirrors: 1, port: port(SANDBOX_PORT_OFFSETS.device) }));
    return { isms, ezsms, waba, device, webhookOrigin, webhookPort, webhookToken, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The config of a messenger over the fleet, as plain data: what `pesan sandbox` writes to `pesan.sandbox.yaml`. */
export function sandboxConfig(fleet: SandboxFleet): Record<string, unknown> {
  return {
    defaultRegion: 'MY',
    delivery: 'at-most-once',
    webhooks: { token: fleet.webhookToken },
    providers: [
      {
        type: 'isms',
        id: 'isms',
        username: SANDBOX_ACCOUNTS.isms.username,
        password: SANDBOX_ACCOUNTS.isms.password,
        api: 'json',
        timeoutMs: 5000,
        baseUrls: [...fleet.isms.urls],
      },
      {
        type: 'ezsms',
        id: 'ezsms',
        username: SANDBOX_ACCOUNTS.ezsms.username,
        password: SANDBOX_ACCOUNTS.ezsms.password,
        timeoutMs: 5000,
        baseUrls: [...fleet.ezsms.urls],
      },
      {
        type: 'waba',
        id: 'waba',
        appId: SANDBOX_ACCOUNTS.waba.appId,
        appSecret: SANDBOX_ACCOUNTS.waba.appSecret,
        username: SANDBOX_ACCOUNTS.waba.username,
        password: SANDBOX_ACCOUNTS.waba.password,
        from: SANDBOX_WHATSAPP.from,
        timeoutMs: 5000,
        baseUrls: [...fleet.waba.urls],
      },
      {
        type: 'device',
        id: 'device',
        apiKey: SANDBOX_ACCOUNTS.device.apiKey,
        deviceUid: SANDBOX_ACCOUNTS.device.deviceUid,
        timeoutMs: 5000,
        baseUrls: [...fleet.device.urls],
      },
    ],
    route: {
      byChannel: {
        sms: { byCountry: { MY: { failover: ['isms', 'ezsms'] }, default: 'ezsms' } },
        whatsapp: 'waba',
      },
    },
    prices: {
      isms: { default: 0.08 },
      ezsms: { default: 0.07 },
      device: { default: 0 },
      waba: { default: { utility: 0.06, marketing: 0.12, authentication: 0.05, service: 0.03 } },
    },
  };
}
