import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import type { Attempt } from '../provider/v1/attempt.js';
import { expectPesanError } from '../testing/expect-pesan-error.js';
import { ManualClock } from './__fixtures__/manual-clock.js';
import { createHttpTransport } from './http-transport.js';

interface LoopbackServer {
  origin: string;
  /** Requests received, counted server-side. */
  requests: number;
  close(): Promise<void>;
}

const servers: LoopbackServer[] = [];
const agents: Agent[] = [];

afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.destroy()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startServer(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<LoopbackServer> {
  const server = createServer();
  const loopback: LoopbackServer = {
    origin: '',
    requests: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('request', (request, response) => {
    loopback.requests++;
    handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  loopback.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push(loopback);
  return loopback;
}

function answering(body: string) {
  return startServer((request, response) => {
    request.resume();
    request.on('end', () => response.end(body));
  });
}

/** Reads the whole request, then never answers. */
function hanging() {
  return startServer((request) => request.resume());
}

async function closedPortOrigin(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function transport(clock?: ManualClock) {
  const agent = new Agent({ keepAliveTimeout: 1_000 });
  agents.push(agent);
  return createHttpTransport(clock === undefined ? { dispatcher: agent } : { dispatcher: agent, clock });
}

const send = { provider: 'loopback', path: '/send', method: 'POST', form: { msg: 'hello' } } as const;

describe('HttpTransport against real loopback servers', () => {
  it('moves past a refused connection to the next origin', async () => {
    const refused = await closedPortOrigin();
    const working = await answering('2000 = SUCCESS');
    const response = await transport().request({ ...send, origins: [refused, working.origin] });
    expect(response).toMatchObject({ origin: working.origin, status: 200, body: '2000 = SUCCESS' });
    expect(response.attempts?.map((attempt) => [attempt.endpoint, attempt.outcome, attempt.errorCode])).toEqual([
      [refused, 'not_sent', 'PROVIDER_UNAVAILABLE'],
      [working.origin, 'success', undefined],
    ]);
    expect(working.requests).toBe(1);
  });

  it('reports a refused connection with its undici code', async () => {
    const error = await expectPesanError(transport().request({ ...send, origins: [await closedPortOrigin()] }));
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', outcome: 'not_sent' });
    expect((error.cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('stops after a timeout once the request was written', async () => {
    const slow = await hanging();
    const second = await answering('OK');
    const error = await expectPesanError(
      transport().request({ ...send, origins: [slow.origin, second.origin], timeoutMs: 200 }),
    );
    expect(error).toMatchObject({ code: 'TIMEOUT', outcome: 'unknown', endpoint: slow.origin });
    expect(attemptsOf(error).map((attempt) => attempt.outcome)).toEqual(['unknown']);
    expect(slow.requests).toBe(1);
    expect(second.requests).toBe(0);
  });

  it('moves on after a timeout when the request is idempotent', async () => {
    const slow = await hanging();
    const second = await answering('OK');
    const response = await transport().request({
      ...send,
      origins: [slow.origin, second.origin],
      timeoutMs: 200,
      idempotent: true,
    });
    expect(response.origin).toBe(second.origin);
    expect(response.attempts?.map((attempt) => attempt.outcome)).toEqual(['unknown', 'success']);
    expect(second.requests).toBe(1);
  });

  it("classifies undici's own headers timeout as unknown when the clock never fires", async () => {
    const slow = await hanging();
    const second = await answering('OK');
    const error = await expectPesanError(
      transport(new ManualClock()).request({ ...send, origins: [slow.origin, second.origin], timeoutMs: 200 }),
    );
    expect(error).toMatchObject({ code: 'TIMEOUT', outcome: 'unknown' });
    expect((error.cause as { code?: string }).code).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(second.requests).toBe(0);
  });

  it('classifies a body that stalls after the headers as unknown', async () => {
    const stalling = await startServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('20');
    });
    const second = await answering('OK');
    const error = await expectPesanError(
      transport().request({ ...send, origins: [stalling.origin, second.origin], timeoutMs: 200 }),
    );
    expect(error).toMatchObject({ code: 'TIMEOUT', outcome: 'unknown' });
    expect(second.requests).toBe(0);
  });

  it('stops when the server closes the connection after reading the request', async () => {
    const resetting = await startServer((request) => {
      request.resume();
      request.on('end', () => request.socket.destroy());
    });
    const second = await answering('OK');
    const error = await expectPesanError(transport().request({ ...send, origins: [resetting.origin, second.origin] }));
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', outcome: 'unknown', endpoint: resetting.origin });
    expect((error.cause as { code?: string }).code).toBe('UND_ERR_SOCKET');
    expect(resetting.requests).toBe(1);
    expect(second.requests).toBe(0);
  });

  it('moves past a real 503 and a real 404 page, and stops at a real 502 page', async () => {
    const failing = await startServer((request, response) => {
      request.resume();
      response.writeHead(503).end('busy');
    });
    const missing = await startServer((request, response) => {
      request.resume();
      response.writeHead(404, { 'content-type': 'text/html' }).end('<!DOCTYPE html><title>Not Found</title>');
    });
    const gateway = await startServer((request, response) => {
      request.resume();
      response.writeHead(502, { 'content-type': 'text/html' }).end('<!DOCTYPE html><title>502 Bad Gateway</title>');
    });
    const working = await answering('OK');
    const response = await transport().request({ ...send, origins: [failing.origin, missing.origin, working.origin] });
    expect(response.origin).toBe(working.origin);
    expect(response.attempts?.map((attempt) => attempt.outcome)).toEqual(['not_sent', 'not_sent', 'success']);
    // Issue 9 case 1: the 502 page hides whether the vendor's script ran; the mirror after it is not tried.
    const error = await transport()
      .request({ ...send, origins: [gateway.origin, working.origin] })
      .then(
        () => undefined,
        (thrown: unknown) => thrown as PesanError,
      );
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', outcome: 'unknown' });
    expect(working.requests).toBe(1);
  });

  it('uses the shared keep-alive agent when no dispatcher is given', async () => {
    const working = await answering('OK');
    const shared = createHttpTransport();
    expect((await shared.request({ ...send, origins: [working.origin] })).body).toBe('OK');
    expect((await shared.request({ ...send, origins: [working.origin] })).body).toBe('OK');
    expect(working.requests).toBe(2);
  });
});

function attemptsOf(error: PesanError): Attempt[] {
  return (error.details?.attempts ?? []) as Attempt[];
}
