/**
 * A mock gateway for unit tests, on `createMockVendor`: answers each `action`
 * of `myAPI.php` as told, and records every request exactly as it was sent.
 */
import { createMockVendor, type MockVendorReply, type MockVendorRequest } from '@pesan/core/testing';

/** One request as it reached the mock. */
export type CapturedRequest = MockVendorRequest;

/** An answer: a JSON body for status 200, or anything else. */
export type MockReply = MockVendorReply;

/** Answers per action, in turn: the last one repeats. */
export type MockScript = Record<string, MockReply | MockReply[] | ((request: CapturedRequest) => MockReply)>;

/** A mock gateway at `origin` answering `script`; `captured` lists every request. */
export function mockGateway(origin: string, script: MockScript) {
  const vendor = createMockVendor({ contentType: 'application/json' });
  const turns = new Map<string, number>();
  vendor.route(origin, '*', (request) => {
    const action = request.form.action ?? '';
    const entry = script[action];
    if (entry === undefined) return { status: 404, body: 'no such action in the test script' };
    if (typeof entry === 'function') return entry(request);
    if (!Array.isArray(entry)) return entry;
    const turn = turns.get(action) ?? 0;
    turns.set(action, turn + 1);
    return entry[Math.min(turn, entry.length - 1)]!;
  });
  return { agent: vendor.agent, captured: vendor.requests };
}
