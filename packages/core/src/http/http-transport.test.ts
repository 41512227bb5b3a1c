import { container } from 'tsyringe';
import { Dispatcher, MockAgent, errors as undiciErrors } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TOKENS } from '../di/tokens.js';
import { PesanError } from '../errors/pesan-error.js';
import type { Attempt } from '../provider/v1/attempt.js';
import type { EndpointGuard } from '../provider/v1/endpoint-guard.js';
import type { Logger } from '../provider/v1/logger.js';
import { silentLogger } from '../runtime/logger.js';
import { expectPesanError } from '../testing/expect-pesan-error.js';
import { ManualClock } from './__fixtures__/manual-clock.js';
import type { HttpRequest } from './http-request.js';
import { createHttpTransport, HttpTransport } from './http-transport.js';

const A = 'https://a.example';
const B = 'https://b.example';
const C = 'https://c.example';

interface CapturedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

let mockAgent: MockAgent;
let clock: ManualClock;

beforeEach(() => {
  mockAgent = new MockAgent({ enableCallHistory: true });
  mockAgent.disableNetConnect();
  clock = new ManualClock();
});

afterEach(async () => {
  await mockAgent.close();
});

function transport(logger: Logger = silentLogger) {
  return createHttpTransport({ dispatcher: mockAgent, clock, logger });
}

function capture(
  origin: string,
  path: string,
  method: 'GET' | 'POST',
  status = 200,
  body = 'OK',
  contentType = 'text/html; charset=UTF-8',
) {
  const captured: CapturedRequest[] = [];
  mockAgent
    .get(origin)
    .intercept({ path, method })
    .reply((options) => {
      captured.push({
        method: options.method,
        path: options.path,
        headers: options.headers as Record<string, string>,
        body: options.body,
      });
      return { statusCode: status, data: body, responseOptions: { headers: { 'content-type': contentType } } };
    });
  return captured;
}

/** A reply that never comes; the per-try timer is fired once the request has started. */
function hang(origin: string, path: string) {
  mockAgent
    .get(origin)
    .intercept({ path, method: () => true })
    .reply(200, (() => {
      clock.expireTimers();
      return new Promise(() => {});
    }) as unknown as () => string);
}

function base(overrides: Partial<HttpRequest> = {}): HttpRequest {
  return { provider: 'isms', origins: [A], path: '/send.php', method: 'POST', ...overrides };
}

function outcomes(attempts: readonly Attempt[]) {
  return attempts.map((attempt) => [attempt.endpoint, attempt.outcome, attempt.errorCode]);
}

describe('HttpTransport: outgoing requests', () => {
  it('sends a form body exactly', async () => {
    const captured = capture(A, '/send.php', 'POST', 200, '2000 = SUCCESS');
    const response = await transport().request(
      base({ form: { un: 'user', pwd: 'p@ss word', msg: 'Hi & bye' }, headers: { 'x-trace': '1' } }),
    );
    expect(captured).toEqual([
      {
        method: 'POST',
        path: '/send.php',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-trace': '1' },
        body: 'un=user&pwd=p%40ss+word&msg=Hi+%26+bye',
      },
    ]);
    expect(response).toMatchObject({ origin: A, url: `${A}/send.php`, status: 200, body: '2000 = SUCCESS' });
    expect(response.headers['content-type']).toBe('text/html; charset=UTF-8');
    expect(outcomes(response.attempts ?? [])).toEqual([[A, 'success', undefined]]);
  });

  it('sends a JSON body exactly', async () => {
    const captured = capture(A, '/isms_send_waba.php', 'POST', 200, '{"status":"ok"}');
    const response = await transport().request(
      base({ path: '/isms_send_waba.php', json: { to: '60123456789', text: 'Hé 👋' } }),
    );
    expect(captured).toEqual([
      {
        method: 'POST',
        path: '/isms_send_waba.php',
        headers: { 'content-type': 'application/json' },
        body: '{"to":"60123456789","text":"Hé 👋"}',
      },
    ]);
    expect(response.body).toBe('{"status":"ok"}');
  });

  it('keeps a caller content-type', async () => {
    const captured = capture(A, '/send.php', 'POST');
    await transport().request(base({ json: [1], headers: { 'Content-Type': 'application/json; charset=utf-8' } }));
    expect(captured[0]?.headers).toEqual({ 'Content-Type': 'application/json; charset=utf-8' });
  });

  it('appends the query to the path and redacts it in the result', async () => {
    const captured = capture(A, '/balance.php?type=1&un=user&pwd=s%26cret', 'GET', 200, '12.5');
    const response = await transport().request(
      base({ method: 'GET', path: '/balance.php?type=1', query: { un: 'user', pwd: 's&cret' } }),
    );
    expect(captured).toEqual([
      { method: 'GET', path: '/balance.php?type=1&un=user&pwd=s%26cret', headers: {}, body: undefined },
    ]);
    expect(response.url).toBe(`${A}/balance.php?type=***&un=***&pwd=***`);
  });

  it('returns a 4xx answer with a vendor body to the provider', async () => {
    capture(A, '/send.php', 'POST', 400, '-1004 = INSUFFICIENT CREDITS');
    const response = await transport().request(base({ origins: [A, B] }));
    expect(response).toMatchObject({ origin: A, status: 400, body: '-1004 = INSUFFICIENT CREDITS' });
  });

  it('resolves from a tsyringe container with explicit tokens', async () => {
    capture(A, '/send.php', 'POST');
    const child = container.createChildContainer();
    child.register(TOKENS.Dispatcher, { useValue: mockAgent });
    child.register(TOKENS.Clock, { useValue: clock });
    child.register(TOKENS.Logger, { useValue: silentLogger });
    const resolved = child.resolve(HttpTransport);
    expect(resolved).toBeInstanceOf(HttpTransport);
    expect((await resolved.request(base())).status).toBe(200);
    child.dispose();
  });
});

describe('HttpTransport: failover between origins', () => {
  it('moves on after a 5xx', async () => {
    capture(A, '/send.php', 'POST', 503, 'Service Unavailable');
    capture(B, '/send.php', 'POST', 200, '2000 = SUCCESS');
    const response = await transport().request(base({ origins: [A, B] }));
    expect(response.origin).toBe(B);
    expect(outcomes(response.attempts ?? [])).toEqual([
      [A, 'not_sent', 'PROVIDER_UNAVAILABLE'],
      [B, 'success', undefined],
    ]);
  });

  // Issue 9 cases 1 and 10: after the request was written, a page the vendor's grammar does not know is
  // `unknown`; the next origin is tried only when repeating the request is harmless.
  it('stops after an HTML page with status 200 (unknown), and moves on for an idempotent request', async () => {
    capture(A, '/send.php', 'POST', 200, '\n  <!DOCTYPE html><html><body>Maintenance</body></html>');
    const error = await expectPesanError(transport().request(base({ origins: [A, B] })));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', outcome: 'unknown', endpoint: A });
    capture(A, '/send.php', 'POST', 200, '\n  <!DOCTYPE html><html><body>Maintenance</body></html>');
    capture(B, '/send.php', 'POST', 200, '2000 = SUCCESS');
    const response = await transport().request(base({ origins: [A, B], idempotent: true }));
    expect(response.origin).toBe(B);
    expect(response.attempts?.[0]).toMatchObject({ outcome: 'unknown', reason: expect.stringContaining('HTML') });
  });

  it.each([500, 502, 504, 520])('stops after HTTP %i: the vendor script may have run (unknown)', async (status) => {
    capture(A, '/send.php', 'POST', status, '<html><body><h1>Bad Gateway</h1><hr>nginx</body></html>');
    const error = await expectPesanError(transport().request(base({ origins: [A, B] })));
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', outcome: 'unknown', endpoint: A });
    expect(outcomes(attemptsOf(error))).toEqual([[A, 'unknown', 'PROVIDER_UNAVAILABLE']]);
  });

  it('moves on after HTTP 503 with an HTML page (not taking requests: not_sent)', async () => {
    capture(A, '/send.php', 'POST', 503, '<html><body>503 Service Temporarily Unavailable</body></html>');
    capture(B, '/send.php', 'POST', 200, 'OK');
    expect((await transport().request(base({ origins: [A, B] }))).origin).toBe(B);
  });

  it('moves on after an HTML 404 page', async () => {
    capture(A, '/send.php', 'POST', 404, '<html><head><title>404 Not Found</title></head></html>');
    capture(B, '/send.php', 'POST', 200, 'OK');
    expect((await transport().request(base({ origins: [A, B] }))).origin).toBe(B);
  });

  it('reads a text/html answer as a page only when the vendor labels its answers honestly', async () => {
    capture(A, '/send.php', 'POST', 200, 'Bad Gateway');
    capture(B, '/send.php', 'POST', 200, '{"ok":true}', 'application/json');
    const response = await transport().request(
      base({ origins: [A, B], htmlErrorPage: 'body-or-content-type', idempotent: true }),
    );
    expect(response.origin).toBe(B);
    expect(response.attempts?.[0]).toMatchObject({ outcome: 'unknown', errorCode: 'INVALID_RESPONSE' });
  });

  it('moves on after a refused connection', async () => {
    mockAgent
      .get(A)
      .intercept({ path: '/send.php', method: 'POST' })
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }));
    capture(B, '/send.php', 'POST', 200, 'OK');
    const response = await transport().request(base({ origins: [A, B] }));
    expect(outcomes(response.attempts ?? [])).toEqual([
      [A, 'not_sent', 'PROVIDER_UNAVAILABLE'],
      [B, 'success', undefined],
    ]);
  });

  it('stops at 429 without trying the mirrors', async () => {
    mockAgent
      .get(A)
      .intercept({ path: '/send.php', method: 'POST' })
      .reply(429, 'slow down', { headers: { 'retry-after': '7' } });
    const guard = recordingGuard();
    const error = await expectPesanError(transport().request(base({ origins: [A, B], endpointGuard: guard })));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', outcome: 'not_sent', endpoint: A, provider: 'isms' });
    expect(error.details).toMatchObject({ status: 429, retryAfterMs: 7_000 });
    expect(outcomes(attemptsOf(error))).toEqual([[A, 'not_sent', 'RATE_LIMITED']]);
    expect(guard.allowed).toEqual([A]);
  });

  it('throws the last error with every attempt when all origins fail', async () => {
    capture(A, '/send.php', 'POST', 503, 'Service Unavailable');
    mockAgent
      .get(B)
      .intercept({ path: '/send.php', method: 'POST' })
      .replyWithError(Object.assign(new Error('getaddrinfo ENOTFOUND b.example'), { code: 'ENOTFOUND' }));
    capture(C, '/send.php', 'POST', 404, '<html><body>Not Found</body></html>');
    const recorded: Attempt[] = [];
    const error = await expectPesanError(
      transport().request(base({ origins: [A, B, C], recordAttempt: (attempt) => recorded.push(attempt) })),
    );
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', outcome: 'not_sent', endpoint: C });
    expect(outcomes(attemptsOf(error))).toEqual([
      [A, 'not_sent', 'PROVIDER_UNAVAILABLE'],
      [B, 'not_sent', 'PROVIDER_UNAVAILABLE'],
      [C, 'not_sent', 'INVALID_RESPONSE'],
    ]);
    expect(recorded).toEqual(error.details?.attempts);
    const perOrigin = error.details?.errors as PesanError[];
    expect(perOrigin.map((each) => each.endpoint)).toEqual([A, B, C]);
    expect(perOrigin[1]?.message).toContain('ENOTFOUND');
    for (const attempt of recorded) expect(attempt.startedAt).toBeInstanceOf(Date);
  });

  it('skips an origin whose circuit is open without a request', async () => {
    capture(B, '/send.php', 'POST', 200, 'OK');
    const guard = recordingGuard([A]);
    const response = await transport().request(base({ origins: [A, B], endpointGuard: guard }));
    expect(response.origin).toBe(B);
    expect(response.attempts?.[0]).toMatchObject({
      endpoint: A,
      outcome: 'skipped',
      reason: 'circuit open',
      durationMs: 0,
    });
    expect(
      mockAgent
        .getCallHistory()
        ?.calls()
        .map((call) => call.origin),
    ).toEqual([B]);
    expect(guard.reports).toEqual([[B, 'success']]);
  });

  it('reports failures to the endpoint guard', async () => {
    capture(A, '/send.php', 'POST', 503, 'oops');
    capture(B, '/send.php', 'POST', 200, 'OK');
    const guard = recordingGuard();
    await transport().request(base({ origins: [A, B], endpointGuard: guard }));
    expect(guard.reports).toEqual([
      [A, 'failure'],
      [B, 'success'],
    ]);
  });

  it('fails without a request when every circuit is open', async () => {
    const error = await expectPesanError(
      transport().request(base({ origins: [A, B], endpointGuard: recordingGuard([A, B]) })),
    );
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', outcome: 'not_sent' });
    expect(outcomes(attemptsOf(error))).toEqual([
      [A, 'skipped', undefined],
      [B, 'skipped', undefined],
    ]);
  });
});

describe('HttpTransport: when the vendor may have the request', () => {
  it('stops after a timeout once the request was written', async () => {
    hang(A, '/send.php');
    const error = await expectPesanError(transport().request(base({ origins: [A, B] })));
    expect(error).toMatchObject({ code: 'TIMEOUT', outcome: 'unknown', endpoint: A });
    expect(outcomes(attemptsOf(error))).toEqual([[A, 'unknown', 'TIMEOUT']]);
  });

  it('moves on after a timeout when the request is idempotent, and says the outcome is unknown if all fail', async () => {
    hang(A, '/send.php');
    capture(B, '/send.php', 'POST', 503);
    const error = await expectPesanError(transport().request(base({ origins: [A, B], idempotent: true })));
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', endpoint: B, outcome: 'unknown' });
    expect(outcomes(attemptsOf(error))).toEqual([
      [A, 'unknown', 'TIMEOUT'],
      [B, 'not_sent', 'PROVIDER_UNAVAILABLE'],
    ]);
  });

  it('moves on when the per-try timer fires before a connection was made', async () => {
    capture(B, '/send.php', 'POST', 200, 'OK');
    /** Origin A never connects (no request start); every other origin goes to the MockAgent. */
    class ConnectHangs extends Dispatcher {
      override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
        if (String(options.origin) === A) {
          queueMicrotask(() => clock.expireTimers());
          return true;
        }
        return mockAgent.dispatch(options, handler);
      }
    }
    const response = await createHttpTransport({ dispatcher: new ConnectHangs(), clock }).request(
      base({ origins: [A, B] }),
    );
    expect(response.origin).toBe(B);
    expect(outcomes(response.attempts ?? [])).toEqual([
      [A, 'not_sent', 'PROVIDER_UNAVAILABLE'],
      [B, 'success', undefined],
    ]);
  });

  it('treats undici headers timeouts as after the write', async () => {
    mockAgent
      .get(A)
      .intercept({ path: '/send.php', method: 'POST' })
      .replyWithError(new undiciErrors.HeadersTimeoutError());
    const error = await expectPesanError(transport().request(base({ origins: [A, B] })));
    expect(error).toMatchObject({ code: 'TIMEOUT', outcome: 'unknown' });
  });

  it('refuses an answer larger than the limit as INVALID_RESPONSE and stops', async () => {
    capture(A, '/send.php', 'POST', 200, 'x'.repeat(2_048));
    const error = await expectPesanError(transport().request(base({ origins: [A, B], maxResponseBytes: 1_024 })));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', outcome: 'unknown' });
  });

  it('reports a caller abort before the first try as not sent, with no attempt', async () => {
    const error = await expectPesanError(transport().request(base({ signal: AbortSignal.abort() })));
    expect(error).toMatchObject({ code: 'TIMEOUT', outcome: 'not_sent' });
    expect(error.details).toMatchObject({ aborted: true, attempts: [] });
    expect(mockAgent.getCallHistory()?.calls()).toEqual([]);
  });

  it('reports a caller abort in flight as unknown and stops, even when idempotent', async () => {
    const controller = new AbortController();
    mockAgent
      .get(A)
      .intercept({ path: '/send.php', method: 'POST' })
      .reply(200, (() => {
        queueMicrotask(() => controller.abort(new Error('caller gave up')));
        return new Promise(() => {});
      }) as unknown as () => string);
    const guard = recordingGuard();
    const error = await expectPesanError(
      transport().request(base({ origins: [A, B], idempotent: true, signal: controller.signal, endpointGuard: guard })),
    );
    expect(error).toMatchObject({
      code: 'TIMEOUT',
      outcome: 'unknown',
      details: expect.objectContaining({ aborted: true }),
    });
    expect(outcomes(attemptsOf(error))).toEqual([[A, 'unknown', 'TIMEOUT']]);
    expect(guard.reports).toEqual([]);
  });
});

describe('HttpTransport: hygiene', () => {
  it('never logs query, body or header values', async () => {
    capture(A, '/send.php?pwd=hunter2', 'POST', 503);
    capture(B, '/send.php?pwd=hunter2', 'POST', 200);
    const lines: string[] = [];
    const logger: Logger = {
      debug: (message, fields) => lines.push(JSON.stringify({ message, fields })),
      info: (message, fields) => lines.push(JSON.stringify({ message, fields })),
      warn: (message, fields) => lines.push(JSON.stringify({ message, fields })),
      error: (message, fields) => lines.push(JSON.stringify({ message, fields })),
    };
    const response = await transport(logger).request(
      base({
        origins: [A, B],
        query: { pwd: 'hunter2' },
        form: { password: 'hunter2' },
        headers: { authorization: 'Bearer hunter2' },
      }),
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('hunter2');
    expect(JSON.stringify(response.attempts)).not.toContain('hunter2');
    expect(response.url).not.toContain('hunter2');
  });

  it('rejects a request without origins or with two bodies before any network call', async () => {
    expect(await expectPesanError(transport().request(base({ origins: [] })))).toMatchObject({
      code: 'INVALID_CONFIG',
    });
    expect(await expectPesanError(transport().request(base({ form: {}, json: {} })))).toMatchObject({
      code: 'INVALID_CONFIG',
    });
  });
});

function recordingGuard(open: readonly string[] = []) {
  const allowed: string[] = [];
  const reports: [string, string][] = [];
  const guard: EndpointGuard & { allowed: string[]; reports: [string, string][] } = {
    allowed,
    reports,
    allow: (_provider, origin) => {
      if (open.includes(origin)) return false;
      allowed.push(origin);
      return true;
    },
    report: (_provider, origin, result) => {
      reports.push([origin, result]);
    },
  };
  return guard;
}

function attemptsOf(error: PesanError): Attempt[] {
  return (error.details?.attempts ?? []) as Attempt[];
}
