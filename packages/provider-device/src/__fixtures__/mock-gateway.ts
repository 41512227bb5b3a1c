/**
 * An undici `MockAgent` standing in for the gateway in unit tests: answers
 * each `action` of `myAPI.php` as told, and records every request exactly as
 * it was sent.
 */
import { MockAgent } from 'undici';

/** One request as it reached the mock. */
export interface CapturedRequest {
  origin: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The form body, parsed. */
  form: Record<string, string>;
}

/** An answer: a JSON body for status 200, or anything else. */
export type MockReply = string | { status?: number; body: string; contentType?: string };

/** Answers per action, in turn: the last one repeats. */
export type MockScript = Record<string, MockReply | MockReply[] | ((request: CapturedRequest) => MockReply)>;

function headersOf(raw: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (let index = 0; index + 1 < raw.length; index += 2)
      headers[String(raw[index]).toLowerCase()] = String(raw[index + 1]);
  } else if (raw && typeof raw === 'object') {
    for (const [name, value] of Object.entries(raw)) headers[name.toLowerCase()] = String(value);
  }
  return headers;
}

/** A mock gateway at `origin` answering `script`; `captured` lists every request. */
export function mockGateway(origin: string, script: MockScript) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const captured: CapturedRequest[] = [];
  const turns = new Map<string, number>();
  agent
    .get(origin)
    .intercept({ path: () => true, method: () => true })
    .reply((options) => {
      const body = typeof options.body === 'string' ? options.body : options.body == null ? '' : String(options.body);
      const request: CapturedRequest = {
        origin,
        method: options.method,
        path: options.path,
        headers: headersOf(options.headers),
        body,
        form: Object.fromEntries(new URLSearchParams(body)),
      };
      captured.push(request);
      const action = request.form.action ?? '';
      const entry = script[action];
      let reply: MockReply;
      if (entry === undefined) reply = { status: 404, body: 'no such action in the test script' };
      else if (typeof entry === 'function') reply = entry(request);
      else if (Array.isArray(entry)) {
        const turn = turns.get(action) ?? 0;
        turns.set(action, turn + 1);
        reply = entry[Math.min(turn, entry.length - 1)]!;
      } else reply = entry;
      const {
        status = 200,
        body: answer,
        contentType = 'application/json',
      } = typeof reply === 'string' ? { body: reply } : reply;
      return { statusCode: status, data: answer, responseOptions: { headers: { 'content-type': contentType } } };
    })
    .persist();
  return { agent, captured };
}
