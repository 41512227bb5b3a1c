import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  allOutput,
  jsonOf,
  type PesanChild,
  runPesanInProcess,
  startPesan,
  temporaryDirectory,
} from './__fixtures__/pesan-process.js';

/**
 * The newcomer's path, each piece its own process: `pesan sandbox`, then
 * `pesan webhooks serve` on the port it names, then sends with the config it
 * wrote; delivery reports travel sandbox -> webhook server.
 */
describe('pesan sandbox and pesan webhooks serve', { timeout: 90_000 }, () => {
  const directory = temporaryDirectory();
  const cwd = directory.path;
  const children: PesanChild[] = [];

  afterAll(async () => {
    for (const child of children) if (child.child.exitCode === null) child.child.kill('SIGKILL');
    await Promise.all(children.map((child) => child.done));
    directory.remove();
  });

  it('serves every vendor, writes a working config, relays delivery reports, stops on Ctrl-C with exit 0', async () => {
    const sandbox = startPesan(['sandbox', '--port-base', '0', '--json'], { cwd });
    children.push(sandbox);
    await sandbox.waitFor(/"event":"ready"/);
    const ready = JSON.parse(sandbox.stdout().trim().split('\n')[0]!) as {
      config: string;
      urls: Record<string, string[]>;
      webhooks: string;
    };
    expect(ready.config).toBe(join(cwd, 'pesan.sandbox.yaml'));
    expect(Object.keys(ready.urls)).toEqual(['isms', 'ezsms', 'waba', 'device']);
    for (const urls of Object.values(ready.urls))
      for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const config = parse(readFileSync(ready.config, 'utf8')) as { webhooks: { token: string } };
    const token = config.webhooks.token;

    const check = await runPesanInProcess(['config', 'check', '--config', 'pesan.sandbox.yaml', '--json'], { cwd });
    expect(check.code).toBe(0);
    expect(jsonOf(check)).toMatchObject({ ok: true, config: { webhooks: { token: '***' } } });

    const port = new URL(ready.webhooks).port;
    const webhooks = startPesan(['webhooks', 'serve', '--port', port, '--json'], {
      cwd,
      env: { PESAN_CONFIG: 'pesan.sandbox.yaml' },
    });
    children.push(webhooks);
    await webhooks.waitFor(/Press Ctrl-C to stop/);
    expect(webhooks.stderr()).toMatch(/webhooks listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(webhooks.stderr()).toContain(`/webhooks/isms/***`);

    const env = { PESAN_CONFIG: 'pesan.sandbox.yaml' };
    const [sms, foreign, whatsapp, phone] = await Promise.all([
      runPesanInProcess(['send', '--to', '+60123456789', '--text', 'Hello from pesan', '--json'], { cwd, env }),
      runPesanInProcess(['send', '--to', '+6591234567', '--text', 'Hello Singapore', '--json'], { cwd, env }),
      runPesanInProcess(['send', '--channel', 'whatsapp', '--to', '+60123456789', '--text', 'Hi', '--json'], {
        cwd,
        env,
      }),
      runPesanInProcess(['send', '--provider', 'device', '--to', '+60123456789', '--text', 'Phone', '--json'], {
        cwd,
        env,
      }),
    ]);
    expect([sms.code, foreign.code, whatsapp.code, phone.code]).toEqual([0, 0, 0, 0]);
    expect(jsonOf(sms)).toMatchObject({ provider: 'isms' });
    expect(jsonOf(foreign)).toMatchObject({ provider: 'ezsms' });
    expect(jsonOf(whatsapp)).toMatchObject({ provider: 'waba' });
    expect(jsonOf(phone)).toMatchObject({ provider: 'device' });

    // iSMS pushes PENDING then DELIVERED, sms.com.my its status 6: one JSON line each.
    const ismsId = String(jsonOf(sms).messageId);
    const ezsmsId = String(jsonOf(foreign).messageId);
    await webhooks.waitFor(new RegExp(`"messageId":"${ismsId}","status":"sent"`));
    await webhooks.waitFor(new RegExp(`"messageId":"${ezsmsId}","status":"delivered"`));
    const events = webhooks
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'status', provider: 'isms', messageId: ismsId, scope: 'carrier' }),
    );

    const balance = await runPesanInProcess(['balance', '--json'], { cwd, env });
    expect(balance.code).toBe(0);
    expect((jsonOf(balance).balances as unknown[]).length).toBeGreaterThanOrEqual(2);

    webhooks.child.kill('SIGINT');
    sandbox.child.kill('SIGINT');
    const [webhooksRun, sandboxRun] = await Promise.all([webhooks.done, sandbox.done]);
    expect(webhooksRun.code).toBe(0);
    expect(sandboxRun.code).toBe(0);
    // With --json, stdout is JSON lines only.
    for (const line of sandboxRun.stdout.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();

    const everything = allOutput.join('\n');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain('sandbox-password');
    expect(everything).not.toContain('sandbox-app-secret');
  });
});
