import fc from 'fast-check';
import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import type { Attempt } from '../provider/v1/attempt.js';
import { ManualClock } from './__fixtures__/manual-clock.js';
import { createHttpTransport } from './http-transport.js';

type Behaviour =
  | 'ok'
  | 'refused'
  | 'unavailable'
  | 'badGateway'
  | 'htmlPage'
  | 'htmlRefusal'
  | 'rateLimited'
  | 'unknown';

const behaviour = fc.constantFrom<Behaviour>(
  'ok',
  'refused',
  'unavailable',
  'badGateway',
  'htmlPage',
  'htmlRefusal',
  'rateLimited',
  'unknown',
);

/** Behaviours after which the vendor may have the request (issue 9: 5xx but 503, and HTML 200, are `unknown`). */
const MAY_HAVE_IT: ReadonlySet<Behaviour> = new Set(['unknown', 'badGateway', 'htmlPage']);

function arrange(mockAgent: MockAgent, clock: ManualClock, origin: string, what: Behaviour): void {
  const interceptor = mockAgent.get(origin).intercept({ path: '/send', method: 'POST' });
  switch (what) {
    case 'ok':
      interceptor.reply(200, '2000 = SUCCESS');
      return;
    case 'refused':
      interceptor.replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      return;
    case 'unavailable':
      interceptor.reply(503, 'Service Unavailable');
      return;
    case 'badGateway':
      interceptor.reply(502, 'Bad Gateway');
      return;
    case 'htmlPage':
      interceptor.reply(200, '<html><body>Service Unavailable</body></html>');
      return;
    case 'htmlRefusal':
      interceptor.reply(403, '<html><body>Forbidden</body></html>');
      return;
    case 'rateLimited':
      interceptor.reply(429, 'Too Many Requests');
      return;
    case 'unknown':
      // The request starts, then never gets an answer: the per-try timer fires.
      interceptor.reply(200, (() => {
        clock.expireTimers();
        return new Promise(() => {});
      }) as unknown as () => string);
      return;
  }
}

function isTerminal(what: Behaviour, idempotent: boolean): boolean {
  return what === 'ok' || what === 'rateLimited' || (MAY_HAVE_IT.has(what) && !idempotent);
}

describe('HttpTransport origin walking (property)', () => {
  it('tries origins in order and never past the first terminal outcome', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(behaviour, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        async (behaviours, idempotent) => {
          const mockAgent = new MockAgent({ enableCallHistory: true });
          mockAgent.disableNetConnect();
          const clock = new ManualClock();
          const origins = behaviours.map((_, index) => `https://mirror${index}.example`);
          behaviours.forEach((what, index) => {
            arrange(mockAgent, clock, origins[index] as string, what);
          });
          const transport = createHttpTransport({ dispatcher: mockAgent, clock });

          const terminal = behaviours.findIndex((what) => isTerminal(what, idempotent));
          const expectedTries = terminal === -1 ? behaviours.length : terminal + 1;
          const tried = behaviours.slice(0, expectedTries);

          let attempts: Attempt[];
          let dispatched: (string | undefined)[] = [];
          try {
            const response = await transport.request({
              provider: 'p',
              origins,
              path: '/send',
              method: 'POST',
              form: { msg: 'hi' },
              idempotent,
            });
            expect(behaviours[terminal]).toBe('ok');
            expect(response.origin).toBe(origins[terminal]);
            attempts = response.attempts ?? [];
          } catch (error) {
            expect(PesanError.isInstance(error)).toBe(true);
            const failure = error as PesanError;
            expect(terminal === -1 || behaviours[terminal] !== 'ok').toBe(true);
            expect(failure.outcome).toBe(tried.some((what) => MAY_HAVE_IT.has(what)) ? 'unknown' : 'not_sent');
            attempts = attemptsOf(failure);
          } finally {
            dispatched =
              mockAgent
                .getCallHistory()
                ?.calls()
                .map((call) => call.origin) ?? [];
            await mockAgent.close();
          }

          expect(attempts.map((attempt) => attempt.endpoint)).toEqual(origins.slice(0, expectedTries));
          expect(dispatched).toEqual(origins.slice(0, expectedTries));
          const firstUnknown = attempts.findIndex((attempt) => attempt.outcome === 'unknown');
          if (!idempotent && firstUnknown !== -1) expect(firstUnknown).toBe(attempts.length - 1);
          expect(attempts.map((attempt) => attempt.outcome)).toEqual(
            tried.map((what) => (what === 'ok' ? 'success' : MAY_HAVE_IT.has(what) ? 'unknown' : 'not_sent')),
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

function attemptsOf(error: PesanError): Attempt[] {
  return (error.details?.attempts ?? []) as Attempt[];
}
