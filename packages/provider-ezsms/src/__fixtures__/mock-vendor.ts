import { MockAgent } from 'undici';

/** One request the mock vendor received. */
export interface CapturedRequest {
  origin: string;
  method: string;
  path: string;
  /** Query parameters (GET). */
  query: Record<string, string>;
  /** Form body parameters (POST). */
  form: Record<string, string>;
  /** The raw body. */
  body: string;
  headers: Record<string, string>;
}

/** A scripted answer: a body with status 200, or status and body. */
export type MockAnswer = string | { status: number; body: string; headers?: Record<string, string> };

/**
 * An undici MockAgent standing in for sms.com.my: every request to `origins`
 * is captured and answered from `answers` in turn (the last one repeats).
 */
export function mockVendor(answers: MockAnswer[], origins: string[] = ['https://www.sms.com.my']) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const requests: CapturedRequest[] = [];
  let next = 0;
  for (const origin of origins) {
    agent
      .get(origin)
      .intercept({ path: () => true, method: () => true })
      .reply((options) => {
        const url = new URL(options.path, origin);
        const body = typeof options.body === 'string' ? options.body : options.body ? String(options.body) : '';
        const headers = Object.fromEntries(
          Object.entries((options.headers ?? {}) as Record<string, string>).map(([name, value]) => [
            name.toLowerCase(),
            String(value),
          ]),
        );
        requests.push({
          origin,
          method: options.method,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          form: Object.fromEntries(new URLSearchParams(body)),
          body,
          headers,
        });
        const answer = answers[Math.min(next++, answers.length - 1)] ?? '';
        if (typeof answer === 'string') {
          return {
            statusCode: 200,
            data: answer,
            responseOptions: { headers: { 'content-type': 'text/html; charset=utf-8' } },
          };
        }
        return { statusCode: answer.status, data: answer.body, responseOptions: { headers: answer.headers ?? {} } };
      })
      .persist();
  }
  return { agent, requests };
}
