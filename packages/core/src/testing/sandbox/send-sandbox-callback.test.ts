import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendSandboxCallback } from './send-sandbox-callback.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let origin: string;
let received: Received[];
let reply: (response: ServerResponse) => void;

beforeEach(async () => {
  received = [];
  reply = (response) => response.end('OK');
  server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      received.push({
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      reply(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('sendSandboxCallback', () => {
  it('GETs the URL with the query appended, keeping its own query', async () => {
    const answer = await sendSandboxCallback(`${origin}/dr?u=user`, { query: { MsgId: '1', Status: '6' } });
    expect(answer).toEqual({ status: 200, body: 'OK' });
    expect(received).toMatchObject([{ method: 'GET', url: '/dr?u=user&MsgId=1&Status=6', body: '' }]);
  });

  it('POSTs a body with its headers', async () => {
    await sendSandboxCallback(`${origin}/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': 'sig' },
      body: '{"entry":[]}',
    });
    expect(received[0]).toMatchObject({
      method: 'POST',
      body: '{"entry":[]}',
      headers: { 'content-type': 'application/json', 'x-signature': 'sig', 'content-length': '12' },
    });
  });

  it('resolves any HTTP status, with the answer body', async () => {
    reply = (response) => response.writeHead(503).end('busy');
    expect(await sendSandboxCallback(`${origin}/hook`)).toEqual({ status: 503, body: 'busy' });
  });

  it('rejects when the URL refuses, times out, is aborted, or is not http(s)', async () => {
    await expect(sendSandboxCallback('http://127.0.0.1:9/unreachable')).rejects.toThrow();
    reply = () => {};
    await expect(sendSandboxCallback(`${origin}/slow`, { timeoutMs: 20 })).rejects.toThrow(/no answer in 20 ms/);
    const controller = new AbortController();
    const aborted = sendSandboxCallback(`${origin}/slow`, { signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toThrow();
    await expect(sendSandboxCallback('ftp://127.0.0.1/x')).rejects.toThrow(/http\(s\) only/);
    await expect(sendSandboxCallback('not a url')).rejects.toThrow();
  });
});
