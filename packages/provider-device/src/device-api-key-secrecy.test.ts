import { createMessenger, type Logger, PesanError, type ProviderV1 } from '@pesan/core';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceGateway } from './device-gateway-provider.js';
import { type DeviceSandbox, startDeviceSandbox } from './sandbox/index.js';

// A key that looks real, and that a careless gateway might echo back.
const KEY = 'Zq8Yv2Lm4Np6Rs0Tu1Wx3Ab5Cd7Ef9Gh2Jk4Mn6Pq8Rs0Tv2Wx4Yz6Ac8Bd0Ce2D';

let sandbox: DeviceSandbox | undefined;

afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

/** Every line a logger was given, written out in full. */
function recordingLogger(lines: string[]): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${serialise(fields)}`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

function serialise(value: unknown): string {
  return JSON.stringify(value, (_, entry: unknown) => {
    if (PesanError.isInstance(entry)) return { ...entry.toJSON(), stack: entry.stack };
    if (entry instanceof Error) return { message: entry.message, stack: entry.stack, cause: String(entry.cause) };
    return entry;
  });
}

/** Everything an application could print about an error. */
function errorText(error: unknown): string {
  if (!PesanError.isInstance(error)) return `${String(error)} ${(error as Error)?.stack}`;
  return [error.message, error.stack, serialise(error), String(error.cause), serialise(error.attempts)].join('\n');
}

describe('the API key never leaves the provider', () => {
  it('is in no log line, error, event, result, raw answer or attempt, even when the gateway echoes it', async () => {
    sandbox = await startDeviceSandbox({
      accounts: [{ apiKey: KEY, devices: [{ deviceId: 1, deviceUid: 'phone-a', sims: 2 }] }],
      mirrors: 2,
    });
    const lines: string[] = [];
    const seen: string[] = [];
    const logger = recordingLogger(lines);
    const provider = deviceGateway({
      apiKey: KEY,
      devices: [{ deviceUid: 'phone-a', simSlots: [1, 2] }],
      baseUrls: [...sandbox.urls],
      logger,
      timeoutMs: 2_000,
    });
    const messenger = createMessenger({ providers: [provider as ProviderV1], logger });
    for (const event of ['attempt', 'sent', 'failed', 'failover', 'status', 'inbound'] as const) {
      messenger.on(event, (payload) => {
        seen.push(serialise(payload));
      });
    }
    const attempt = async (run: () => Promise<unknown>) => {
      try {
        seen.push(serialise(await run()));
      } catch (error) {
        seen.push(errorText(error));
      }
    };
    const echo = (body: string) => sandbox!.setFault(0, { answer: body, contentType: 'application/json', times: 1 });

    // Happy paths: a send, its status, incoming messages.
    sandbox.receive({ from: '+60123456789', text: `my key is ${KEY}` });
    await attempt(() => messenger.send({ to: '+60123456789', text: 'hello' }));
    await attempt(() => provider.getStatus('145'));
    await attempt(() => provider.pollInbound(new Date(0)));
    await attempt(() => provider.refreshDevices());

    // Gateways that echo the key: known and unknown errors, a success without an id, a status, a page.
    await echo(JSON.stringify({ status: 'error', message: `Invalid API Key: ${KEY}` }));
    await attempt(() => messenger.send({ to: '+60123456789', text: 'a' }));
    await echo(JSON.stringify({ status: 'error', message: `Queue full for ${KEY}` }));
    await attempt(() => messenger.send({ to: '+60123456789', text: 'b' }));
    await echo(JSON.stringify({ status: 'success', message: `queued for ${KEY}`, response: true, data: { key: KEY } }));
    await attempt(() => messenger.send({ to: '+60123456789', text: 'c' }));
    await echo(
      JSON.stringify({ status: 'success', message: 'ok', data: { message_id: 7, status: 'pending', api_key: KEY } }),
    );
    await attempt(() => messenger.send({ to: '+60123456789', text: 'd' }));
    await echo(JSON.stringify({ status: 'success', message: 'ok', data: { status: 'sent', echo: KEY } }));
    await attempt(() => provider.getStatus('145'));
    await echo(`<html><body>Fatal error: bad key ${KEY}</body></html>`);
    await attempt(() => messenger.send({ to: '+60123456789', text: 'e' }));
    await echo(`not json ${KEY}`);
    await attempt(() => provider.pollInbound(new Date(0)));

    // Transport failures: a refused mirror, then a 502 page, then a reset.
    await sandbox.setFault(0, 'refuse');
    await sandbox.setFault(1, { htmlStatus: 502, times: 1 });
    await attempt(() => messenger.send({ to: '+60123456789', text: 'f' }));
    await sandbox.setFault(1, { type: 'reset', times: 1 });
    await attempt(() => messenger.send({ to: '+60123456789', text: 'g' }));
    await attempt(() => provider.getStatus('145'));

    // Bad options: the factory's error never shows the key either.
    await attempt(async () => deviceGateway({ apiKey: `${KEY}x`, deviceUid: 'phone-a' }));

    await messenger.close();
    const everything = [...lines, ...seen].join('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect(seen.length).toBeGreaterThan(15);
    expect(everything).toContain('***');
    expect(everything).not.toContain(KEY);
    // Not even a recognisable piece of it.
    expect(everything).not.toContain(KEY.slice(0, 24));
    expect(everything).not.toContain(KEY.slice(-24));
    // The sandbox recorded every request with the key replaced (its answers above echo it on purpose).
    const requests = sandbox.records.map(({ parameters, form, query, headers }) => ({
      parameters,
      form,
      query,
      headers,
    }));
    expect(JSON.stringify(requests)).not.toContain(KEY);
    expect(requests.every((request) => request.parameters.api_key === '***')).toBe(true);
    // And the requests did carry it, in the form body only.
    expect(sandbox.records.every((record) => record.query.length === 0)).toBe(true);
  });
});
