import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { expectPesanError } from '../testing/expect-pesan-error.js';
import { createHttpTransport } from './http-transport.js';

/** A raw TCP server on 127.0.0.1: it reads the request, then writes `answer` byte for byte. */
interface RawServer {
  origin: string;
  /** Requests that reached it. */
  requests: number;
}

const servers: Server[] = [];
const sockets = new Set<Socket>();
const agents: Agent[] = [];

afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.destroy()));
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Writes `answer` once the request's head arrived; `close` ends the connection after it (default true). */
async function rawServer(answer: string, { close = true }: { close?: boolean } = {}): Promise<RawServer> {
  const raw: RawServer = { origin: '', requests: 0 };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      raw.requests++;
      socket.write(answer, 'latin1');
      if (close) socket.end();
    };
    socket.on('data', onData);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  raw.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return raw;
}

function transport() {
  const agent = new Agent({ keepAliveTimeout: 1_000 });
  agents.push(agent);
  return createHttpTransport({ dispatcher: agent });
}

const send = { provider: 'loopback', path: '/send', method: 'POST', form: { msg: 'hello' }, timeoutMs: 2_000 } as const;

describe('malformed HTTP answers after the request was written', () => {
  it.each([
    ['garbage in a chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n', {}],
    ['a bad status code', 'HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\nOK', {}],
    ['a status out of range', 'HTTP/1.1 1000 OK\r\nContent-Length: 2\r\n\r\nOK', {}],
    ['no status line at all', 'NOT HTTP AT ALL\r\n\r\n', {}],
    ['an unknown HTTP version', 'HTTP/9.9 200 OK\r\nContent-Length: 2\r\n\r\nOK', {}],
    ['a header name with a space', 'HTTP/1.1 200 OK\r\nBad Header: x\r\nContent-Length: 2\r\n\r\nOK', {}],
    ['a content-length that is not a number', 'HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\nOK', {}],
    ['bare LF line ends', 'HTTP/1.1 200 OK\nContent-Length: 2\n\nOK', {}],
    [
      'a body shorter than its content-length',
      'HTTP/1.1 200 OK\r\nContent-Length: 50\r\nConnection: close\r\n\r\nOK',
      {},
    ],
    ['a short body on a keep-alive connection', 'HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nOK', {}],
    ['two different content-lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nOK', {}],
    ['a chunked body cut short', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc', {}],
    [
      'a 100 Continue nobody asked for',
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK',
      {},
    ],
  ])('%s is INVALID_RESPONSE, unknown, and the next origin is not tried', async (_, answer) => {
    const malformed = await rawServer(answer);
    const next = await rawServer('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK');
    const error = await expectPesanError(transport().request({ ...send, origins: [malformed.origin, next.origin] }));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', outcome: 'unknown', endpoint: malformed.origin });
    expect(error.message).not.toContain('hello');
    expect(malformed.requests).toBe(1);
    expect(next.requests).toBe(0);
  });

  it("keeps llhttp's reason for a parser error", async () => {
    const malformed = await rawServer('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n');
    const error = await expectPesanError(transport().request({ ...send, origins: [malformed.origin] }));
    expect(error.details).toMatchObject({
      networkCode: 'UND_ERR_HTTP_PARSER',
      parserReason: 'Invalid character in chunk size',
    });
    expect(error.message).toContain('Invalid character in chunk size');
  });

  it('moves on after a malformed answer when the request is idempotent', async () => {
    const malformed = await rawServer('HTTP/1.1 2x0 OK\r\n\r\n');
    const next = await rawServer('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK');
    const response = await transport().request({ ...send, origins: [malformed.origin, next.origin], idempotent: true });
    expect(response.body).toBe('OK');
    expect(response.attempts?.map((attempt) => [attempt.outcome, attempt.errorCode])).toEqual([
      ['unknown', 'INVALID_RESPONSE'],
      ['success', undefined],
    ]);
  });

  it('still reads a close before any answer as a lost connection, not a malformed answer', async () => {
    const closing = await rawServer('');
    const error = await expectPesanError(transport().request({ ...send, origins: [closing.origin] }));
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', outcome: 'unknown' });
  });

  it('reads an HTTP/1.0 answer ended by closing the connection as an answer', async () => {
    const old = await rawServer('HTTP/1.0 200 OK\r\n\r\n2000 = SUCCESS');
    const response = await transport().request({ ...send, origins: [old.origin] });
    expect(response).toMatchObject({ status: 200, body: '2000 = SUCCESS' });
  });
});
