import { createConnection } from 'node:net';
import { Agent, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpTransport } from '../../http/http-transport.js';
import { expectPesanError } from '../expect-pesan-error.js';
import { sandboxJson } from './sandbox-answer.js';
import { type SandboxServers, startSandboxServers } from './sandbox-servers.js';

let servers: SandboxServers;
let agent: Agent;
let processed: number;

beforeEach(async () => {
  processed = 0;
  agent = new Agent();
  servers = await startSandboxServers({
    mirrors: 1,
    handle() {
      processed += 1;
      return sandboxJson({ id: 'message-1', status: 'queued' });
    },
  });
});

afterEach(async () => {
  await servers.stop();
  await agent.close();
});

const send = () =>
  createHttpTransport({ dispatcher: agent }).request({
    provider: 'sandbox',
    origins: [servers.url],
    path: '/send',
    method: 'POST',
    json: { to: '60123456789' },
    timeoutMs: 2_000,
  });

describe('answer faults of the sandbox kit', () => {
  it('truncate: processes, then answers half the answer as a complete message', async () => {
    await servers.setFault(0, 'truncate');
    const response = await send();
    expect(response.body).toBe('{"id":"message-1",');
    expect(response.headers['content-type']).toBe('application/json');
    expect(processed).toBe(1);
    expect(servers.records[0]).toMatchObject({ fault: 'truncate', answer: { status: 200 } });
  });

  it('shortBody: processes, then closes before the content-length was sent (INVALID_RESPONSE, unknown)', async () => {
    await servers.setFault(0, 'shortBody');
    expect(await expectPesanError(send())).toMatchObject({ code: 'INVALID_RESPONSE', outcome: 'unknown' });
    expect(processed).toBe(1);
  });

  it('badStatusLine: processes, then answers a status line that is not HTTP (INVALID_RESPONSE, unknown)', async () => {
    await servers.setFault(0, 'badStatusLine');
    const error = await expectPesanError(send());
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', outcome: 'unknown' });
    expect(error.details).toMatchObject({ parserReason: 'Invalid status code' });
    expect(processed).toBe(1);
  });

  it('contentType: processes and answers normally under another content type', async () => {
    await servers.setFault(0, { contentType: 'text/html; charset=utf-8', times: 1 });
    const response = await send();
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(JSON.parse(response.body)).toEqual({ id: 'message-1', status: 'queued' });
    expect(servers.fault(0)).toBeUndefined();
  });

  it('oversized: processes and pads the answer beyond the client limit (INVALID_RESPONSE, unknown)', async () => {
    await servers.setFault(0, { oversized: 1_048_577 });
    expect(await expectPesanError(send())).toMatchObject({ code: 'INVALID_RESPONSE', outcome: 'unknown' });
    expect(processed).toBe(1);
    await servers.setFault(0, { oversized: 4_096 });
    const response = await send();
    expect(Buffer.byteLength(response.body)).toBe(4_096);
    expect(JSON.parse(response.body)).toMatchObject({ id: 'message-1' });
  });

  it('resetOnConnect: resets each new connection before reading, so the client has written nothing', async () => {
    const warm = await request(servers.url, { dispatcher: agent, method: 'POST', body: '{}' });
    await warm.body.dump();
    await servers.setFault(0, 'resetOnConnect');
    const error = await expectPesanError(send());
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', outcome: 'not_sent' });
    expect(servers.records).toHaveLength(1);
    expect(processed).toBe(1);
    const reset = await new Promise<string>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port: Number(new URL(servers.url).port) });
      socket.on('error', (thrown: NodeJS.ErrnoException) => resolve(thrown.code ?? 'error'));
      socket.on('close', () => resolve('closed'));
    });
    expect(reset).toBe('ECONNRESET');
    await servers.setFault(0, undefined);
    expect((await send()).status).toBe(200);
  });
});
