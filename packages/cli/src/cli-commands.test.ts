// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files written here use ${ENV} references in plain strings.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DeviceSandbox, startDeviceSandbox } from '@pesan/provider-device/sandbox';
import { type EzsmsSandbox, startEzsmsSandbox } from '@pesan/provider-ezsms/sandbox';
import { type IsmsSandbox, startIsmsSandbox } from '@pesan/provider-isms/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allOutput, jsonOf, runPesan, runPesanInProcess, temporaryDirectory } from './__fixtures__/pesan-process.js';

const ISMS_PASSWORD = 'cli-isms-Password-9753';
const EZSMS_PASSWORD = 'cli-ezsms-secret-8642';
const DEVICE_API_KEY = `cli-device-key-${'k'.repeat(49)}`;
const WEBHOOK_TOKEN = 'cli-webhook-token-0123456789abcdef';

/**
 * Every command but bulk, sandbox and webhooks, run as a child process
 * against sandboxes started here: the test counts what reached the vendors.
 */
describe('pesan send, estimate, balance and status against the sandboxes', { timeout: 60_000 }, () => {
  const directory = temporaryDirectory();
  const cwd = directory.path;
  const env = { CLI_ISMS_PASSWORD: ISMS_PASSWORD, CLI_WEBHOOK_TOKEN: WEBHOOK_TOKEN };
  let isms: IsmsSandbox;
  let hanging: IsmsSandbox;
  let ezsms: EzsmsSandbox;
  let device: DeviceSandbox;

  const config = (ismsPassword: string) =>
    [
      'defaultRegion: MY',
      'webhooks:',
      '  token: ${CLI_WEBHOOK_TOKEN}',
      'providers:',
      '  - type: isms',
      '    id: isms',
      '    username: cli-user',
      `    password: ${ismsPassword}`,
      '    api: json',
      '    timeoutMs: 5000',
      `    baseUrls: [${isms.url}]`,
      '  - type: ezsms',
      '    id: ezsms',
      '    username: cli-ezsms',
      `    password: ${EZSMS_PASSWORD}`,
      `    baseUrls: [${ezsms.url}]`,
      '  - type: device',
      '    id: phone',
      `    apiKey: "${DEVICE_API_KEY}"`,
      '    deviceUid: cli-phone',
      `    baseUrls: [${device.url}]`,
      'route:',
      '  failover: [isms, ezsms]',
      'prices:',
      '  isms: { default: 0.08 }',
      '  ezsms: { default: 0.07 }',
    ].join('\n');

  beforeAll(async () => {
    const account = { username: 'cli-user', password: ISMS_PASSWORD, credits: 1000 };
    [isms, hanging, ezsms, device] = await Promise.all([
      startIsmsSandbox({ accounts: [account], mirrors: 1 }),
      startIsmsSandbox({ accounts: [account], mirrors: 1, maxHangMs: 5_000 }),
      startEzsmsSandbox({ accounts: [{ username: 'cli-ezsms', password: EZSMS_PASSWORD, credits: 500 }] }),
      startDeviceSandbox({
        mirrors: 1,
        accounts: [{ apiKey: DEVICE_API_KEY, devices: [{ deviceId: 7, deviceUid: 'cli-phone' }] }],
        schedule: { sentAfterMs: 0, deliveredAfterMs: 0 },
      }),
    ]);
    await hanging.setFault(0, 'hang');
    writeFileSync(join(cwd, 'pesan.config.yaml'), config('${CLI_ISMS_PASSWORD}'));
    writeFileSync(join(cwd, 'wrong-password.yaml'), config('not-the-password'));
    // A vendor that reads the request and never answers.
    writeFileSync(
      join(cwd, 'hanging.yaml'),
      [
        'providers:',
        '  - type: isms',
        '    id: slow-isms',
        '    username: cli-user',
        '    password: ${CLI_ISMS_PASSWORD}',
        '    timeoutMs: 800',
        `    baseUrls: [${hanging.url}]`,
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await Promise.all([isms?.stop(), hanging?.stop(), ezsms?.stop(), device?.stop()]);
    directory.remove();
  });

  it('send: exit 0; provider, message id, segments, credits and attempts, in JSON and for humans', async () => {
    const [json, human, bypass] = await Promise.all([
      runPesan(['send', '--to', '+60123450001', '--text', 'Hello from the CLI', '--json'], { cwd, env }),
      runPesanInProcess(['send', '--to', '012-345 0002', '--text', 'Terima kasih'], { cwd, env }),
      runPesanInProcess(['--json', 'send', '--provider', 'ezsms', '--to', '+60123450003', '--text', 'Direct'], {
        cwd,
        env,
      }),
    ]);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    const sent = jsonOf(json);
    expect(sent).toMatchObject({ ok: true, provider: 'isms', providerType: 'isms', to: '+60123450001', segments: 1 });
    expect(sent.credits).toBe(1);
    expect(sent.messageId).toBe(isms.messages.find((message) => message.to === '60123450001')?.trxId);
    expect(sent.attempts).toEqual([
      expect.objectContaining({ provider: 'isms', endpoint: isms.url, outcome: 'success' }),
    ]);

    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Sent to \+60123450002 via isms/);
    expect(human.stdout).toMatch(/segments +1/);
    expect(human.stdout).toMatch(/1\. isms http:\/\/127\.0\.0\.1:\d+ success/);

    // --provider bypasses the route (isms first): sms.com.my took it.
    expect(bypass.code).toBe(0);
    expect(jsonOf(bypass)).toMatchObject({ ok: true, provider: 'ezsms' });
    expect(ezsms.messages.map((message) => message.mobile)).toContain('60123450003');
    expect(isms.messages.some((message) => message.to === '60123450003')).toBe(false);
  });

  it('send: exit 1 on an authentication failure, exit 3 when the outcome is unknown (timeout)', async () => {
    const ismsBefore = isms.messages.length;
    const [auth, timeout] = await Promise.all([
      runPesan(
        [
          'send',
          '--config',
          'wrong-password.yaml',
          '--provider',
          'isms',
          '--to',
          '+60123450004',
          '--text',
          'x',
          '--json',
        ],
        { cwd, env },
      ),
      runPesan(['send', '--config', 'hanging.yaml', '--to', '+60123450005', '--text', 'Did it go?', '--json'], {
        cwd,
        env,
      }),
    ]);
    expect(auth.code).toBe(1);
    expect(jsonOf(auth)).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED', outcome: 'not_sent' } });
    expect(auth.stderr).toMatch(/^pesan: not sent: AUTH_FAILED at isms/);
    expect(isms.messages.length).toBe(ismsBefore);

    expect(timeout.code).toBe(3);
    expect(jsonOf(timeout)).toMatchObject({ ok: false, error: { code: 'TIMEOUT', outcome: 'unknown' } });
    expect(timeout.stderr).toMatch(/outcome unknown \(the message may have been sent: do not retry blindly\)/);
  });

  it('send: a bad recipient is rejected (exit 1) before any request', async () => {
    const requests = isms.requests.length;
    const run = await runPesanInProcess(['send', '--to', '+60 12;+60 13', '--text', 'x'], { cwd, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^pesan: rejected: INVALID_RECIPIENT/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(isms.requests.length).toBe(requests);
  });

  it('estimate, balance and status: exit 0 with JSON documents', async () => {
    const sent = jsonOf(
      await runPesanInProcess(
        ['send', '--json', '--provider', 'phone', '--to', '+60123450006', '--text', 'From the phone'],
        {
          cwd,
          env,
        },
      ),
    );
    const [estimate, estimateHuman, balance, balanceOne, status, missing] = await Promise.all([
      runPesan(['estimate', '--to', '+60123450007', '--text', 'Salam 你好', '--json'], { cwd, env }),
      runPesanInProcess(['estimate', '--to', '+60123450007', '--text', 'Salam'], { cwd, env }),
      runPesan(['balance', '--json'], { cwd, env }),
      runPesanInProcess(['balance', 'ezsms'], { cwd, env }),
      runPesan(['status', String(sent.messageId), '--json'], { cwd, env }),
      runPesanInProcess(['status', '999999', '--provider', 'phone'], { cwd, env }),
    ]);
    expect(estimate.code).toBe(0);
    expect(jsonOf(estimate)).toMatchObject({
      ok: true,
      to: '+60123450007',
      encoding: 'ucs2',
      segments: 1,
      providers: [
        { provider: 'isms', encoding: 'ucs2', cost: 0.08 },
        { provider: 'ezsms', encoding: 'ucs2', cost: 0.07 },
      ],
    });
    expect(estimateHuman.stdout).toMatch(/1 +isms +isms +sms +gsm7/);

    expect(balance.code).toBe(0);
    const balances = jsonOf(balance).balances as { provider: string; amount: number }[];
    expect(balances.find((entry) => entry.provider === 'isms')?.amount).toBe(isms.credits('cli-user'));
    expect(balances.map((entry) => entry.provider)).toContain('ezsms');
    expect(balanceOne.code).toBe(0);
    expect(balanceOne.stdout).toMatch(/ezsms +\d+ +credits/);

    expect(status.code).toBe(0);
    expect(jsonOf(status)).toMatchObject({ ok: true, found: true, provider: 'phone', messageId: sent.messageId });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no status for message 999999');
  });

  it('printed no password, API key or webhook token', () => {
    const everything = allOutput.join('\n');
    expect(everything).toContain('isms');
    for (const secret of [ISMS_PASSWORD, EZSMS_PASSWORD, DEVICE_API_KEY, WEBHOOK_TOKEN, 'not-the-password']) {
      expect(everything).not.toContain(secret);
    }
  });
});
