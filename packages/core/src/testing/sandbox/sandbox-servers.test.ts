import { Agent, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandboxJson, sandboxText } from './sandbox-answer.js';
import type { SandboxRequest } from './sandbox-request.js';
import { type SandboxServers, type SandboxServersOptions, startSandboxServers } from './sandbox-servers.js';

let servers: SandboxServers;
let agent: Agent;
let handled: SandboxRequest[];

async function start(options: Partial<SandboxServersOptions> = {}) {
  servers = await startSandboxServers({
    mirrors: 2,
    redactParameters: ['password', 'token'],
    vendorCode: {
      check: (code) => /^\d{4}$/.test(code),
      answer: (code, request) => sandboxText(`${code} on ${request.path}`),
    },
    handle(request) {
      handled.push(request);
      if (request.path === '/boom') throw new Error('page crashed');
      return request.path === '/json' ? sandboxJson({ ok: true, mirror: request.mirror }, 201) : sandboxText('1701:1');
    },
    ...options,
  });
}

function send(mirror = 0, path = '/send', options: { bodyTimeout?: number; signal?: AbortSignal } = {}) {
  return request(`${servers.urls[mirror]}${path}?user=u&password=secret`, {
    dispatcher: agent,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer abc' },
    body: 'message=Hi&token=t0k',
    ...options,
  });
}

async function answer(mirror = 0, path = '/send') {
  const response = await send(mirror, path);
  return { status: response.statusCode, type: response.headers['content-type'], body: await response.body.text() };
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let round = 0; round < 200; round++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not met after 200 rounds');
}

beforeEach(() => {
  handled = [];
  agent = new Agent({ pipelining: 0 });
});

afterEach(async () => {
  await servers?.stop();
  await agent.close();
});

describe('startSandboxServers', () => {
  it('starts real servers on 127.0.0.1 sharing one handler', async () => {
    await start({ mirrors: 3 });
    expect(servers.urls).toHaveLength(3);
    expect(new Set(servers.urls).size).toBe(3);
    for (const url of servers.urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(servers.url).toBe(servers.urls[0]);
    expect(await answer(2, '/json')).toEqual({ status: 201, type: 'application/json', body: '{"ok":true,"mirror":2}' });
    expect(handled[0]).toMatchObject({
      mirror: 2,
      method: 'POST',
      path: '/json',
      rawQuery: 'user=u&password=secret',
      parameters: { user: 'u', password: 'secret', message: 'Hi', token: 't0k' },
    });
  });

  it('records requests, newest kept, secrets replaced by ***', async () => {
    await start({ maxRecords: 2 });
    await answer();
    await request(`${servers.url}/json`, {
      dispatcher: agent,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'u', Password: 'p', nested: [{ token: 'x', keep: 1 }] }),
    }).then((response) => response.body.text());
    await answer(1);
    expect(servers.records.map((record) => [record.mirror, record.path])).toEqual([
      [0, '/json'],
      [1, '/send'],
    ]);
    expect(servers.records[0]?.json).toEqual({ user: 'u', Password: '***', nested: [{ token: '***', keep: 1 }] });
    expect(servers.records[1]).toMatchObject({
      parameters: { user: 'u', password: '***', message: 'Hi', token: '***' },
      query: [
        ['user', 'u'],
        ['password', '***'],
      ],
      form: [
        ['message', 'Hi'],
        ['token', '***'],
      ],
      headers: { authorization: '***' },
      answer: { status: 200, body: '1701:1' },
    });
    expect(JSON.stringify(servers.records)).not.toMatch(/secret|t0k|abc/);
  });

  it('answers an HTML 500 when the handler throws, and 413 for a body over the cap', async () => {
    await start({ maxBodyBytes: 16 });
    const crashed = await request(`${servers.url}/boom`, { dispatcher: agent });
    expect(crashed.statusCode).toBe(500);
    expect(await crashed.body.text()).toContain('500 Internal Server Error');
    const large = await request(`${servers.url}/send`, { dispatcher: agent, method: 'POST', body: 'x'.repeat(64) });
    expect(large.statusCode).toBe(413);
    await large.body.text();
    expect(handled.map((request) => request.path)).toEqual(['/boom']);
  });

  it('refuses bad options and mirror indexes with INVALID_CONFIG', async () => {
    await expect(startSandboxServers({ mirrors: 0, handle: () => sandboxText('') })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
    });
    await start();
    await expect(servers.setFault(2, 'hang')).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await expect(servers.setFault(0, { slow: -1 })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await expect(servers.setFault(0, { vendorCode: 'abc' })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await expect(servers.setFault(0, 'nope' as never)).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    expect(servers.fault(0)).toBeUndefined();
  });
});

describe('faults', () => {
  it('refuse: connections are refused until cleared; the other mirror keeps working', async () => {
    await start();
    await answer();
    await servers.setFault(0, 'refuse');
    await expect(send(0)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect((await answer(1)).body).toBe('1701:1');
    await servers.setFault(0, undefined);
    expect((await answer(0)).body).toBe('1701:1');
    expect(handled.map((request) => request.mirror)).toEqual([0, 1, 0]);
  });

  it('resetBeforeRead: the socket is destroyed before the body is read; nothing processed', async () => {
    await start();
    await servers.setFault(0, 'resetBeforeRead');
    await expect(answer()).rejects.toThrow();
    expect(handled).toHaveLength(0);
    expect(servers.records).toMatchObject([{ fault: 'resetBeforeRead', form: [] }]);
    expect(servers.records[0]?.answer).toBeUndefined();
  });

  it('reset: the request is read, then the socket destroyed; nothing processed', async () => {
    await start();
    await servers.setFault(0, { type: 'reset' });
    await expect(answer()).rejects.toThrow();
    expect(handled).toHaveLength(0);
    expect(servers.records).toMatchObject([{ fault: 'reset', parameters: { message: 'Hi' } }]);
  });

  it('hang: read and never answered until cleared; nothing processed', async () => {
    await start();
    await servers.setFault(0, 'hang');
    const pending = answer().catch((error: unknown) => error);
    await waitFor(() => servers.records.length === 1);
    expect(servers.records[0]?.fault).toBe('hang');
    await servers.setFault(0, undefined);
    expect(await pending).toBeInstanceOf(Error);
    expect(handled).toHaveLength(0);
  });

  it('hang is bounded by maxHangMs', async () => {
    await start({ maxHangMs: 20 });
    await servers.setFault(0, 'hang');
    await expect(answer()).rejects.toThrow();
    expect(handled).toHaveLength(0);
  });

  it('slow: waits, then processes normally', async () => {
    await start();
    await servers.setFault(1, { slow: 10 });
    expect(await answer(1)).toMatchObject({ status: 200, body: '1701:1' });
    expect(handled).toHaveLength(1);
    expect(servers.records[0]).toMatchObject({ fault: 'slow', answer: { status: 200, body: '1701:1' } });
  });

  it('slowBody: processes, sends the headers, then holds the body', async () => {
    await start();
    await servers.setFault(0, { slowBody: 60_000 });
    const response = await send(0, '/send', { bodyTimeout: 50 });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-length']).toBe('6');
    expect(handled).toHaveLength(1);
    await expect(response.body.text()).rejects.toMatchObject({ code: 'UND_ERR_BODY_TIMEOUT' });
  });

  it('slowBody with a short hold delivers the whole body', async () => {
    await start();
    await servers.setFault(0, { slowBody: 5 });
    expect(await answer()).toMatchObject({ status: 200, body: '1701:1' });
  });

  it.each([500, 502, 503, 504, 200])('htmlStatus %i: an nginx-style HTML page; nothing processed', async (status) => {
    await start();
    await servers.setFault(0, { htmlStatus: status });
    const page = await answer();
    expect(page.status).toBe(status);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toMatch(/^<!DOCTYPE html>/);
    expect(page.body).toContain('nginx');
    expect(handled).toHaveLength(0);
    expect(servers.records[0]?.fault).toBe(`html${status}`);
  });

  it("'html502' and { type: 'html502' } are shorthands for htmlStatus 502", async () => {
    await start();
    await servers.setFault(0, 'html502');
    expect(servers.fault(0)).toEqual({ type: 'htmlStatus', status: 502 });
    await servers.setFault(0, { type: 'html504' });
    expect(servers.fault(0)).toEqual({ type: 'htmlStatus', status: 504 });
    expect((await answer()).body).toContain('504 Gateway Time-out');
  });

  it('drop: processes the request, then destroys the connection without the answer', async () => {
    await start();
    await servers.setFault(0, 'drop');
    await expect(answer()).rejects.toThrow();
    expect(handled).toHaveLength(1);
    expect(servers.records[0]).toMatchObject({ fault: 'drop', answer: { status: 200, body: '1701:1' } });
  });

  it('answer: any body, status and content type, verbatim; nothing processed', async () => {
    await start();
    await servers.setFault(0, { answer: '' });
    expect(await answer()).toEqual({ status: 200, type: 'text/plain; charset=utf-8', body: '' });
    await servers.setFault(0, { type: 'answer', body: '{"x":', status: 503, contentType: 'application/json' });
    expect(await answer()).toEqual({ status: 503, type: 'application/json', body: '{"x":' });
    expect(handled).toHaveLength(0);
  });

  it('vendorCode: the vendor sandbox renders its own error answer; nothing processed', async () => {
    await start();
    await servers.setFault(0, { vendorCode: 1703 });
    expect((await answer()).body).toBe('1703 on /send');
    await servers.setFault(0, { type: 'vendorCode', code: '1704' });
    expect((await answer()).body).toBe('1704 on /send');
    expect(handled).toHaveLength(0);
    expect(servers.records.map((record) => record.fault)).toEqual(['vendorCode', 'vendorCode']);
  });

  it('vendorCode is refused when the sandbox has no vendor codes', async () => {
    servers = await startSandboxServers({ handle: () => sandboxText('OK') });
    await expect(servers.setFault(0, { vendorCode: '1' })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });

  it('times: a fault meets only the next N requests on its mirror', async () => {
    await start();
    await servers.setFault(0, { answer: 'busy', times: 2 });
    expect((await answer()).body).toBe('busy');
    expect((await answer(1)).body).toBe('1701:1');
    expect((await answer()).body).toBe('busy');
    expect((await answer()).body).toBe('1701:1');
    expect(servers.fault(0)).toBeUndefined();
  });
});

describe('stop', () => {
  it('closes every server, ends held requests and cancels timers', async () => {
    await start();
    await servers.setFault(1, 'hang');
    await servers.setFault(0, { slow: 60_000 });
    const hung = answer(1).catch((error: unknown) => error);
    const slow = answer(0).catch((error: unknown) => error);
    const waiting = servers.delay(60_000);
    await waitFor(() => servers.records.length === 2);
    await servers.stop();
    expect(servers.stopped).toBe(true);
    expect(await hung).toBeInstanceOf(Error);
    expect(await slow).toBeInstanceOf(Error);
    await waiting;
    await expect(request(`${servers.urls[1]}/send`, { dispatcher: agent })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    expect(handled).toHaveLength(0);
    await servers.setFault(0, 'hang');
    await servers.stop();
  });
});
