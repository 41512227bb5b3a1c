import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type GroupableMessage, planGroupedRequests } from './grouped-bulk-plan.js';

function message(index: number, mobile: string, body = 'Sale'): GroupableMessage {
  return { index, mobile, type: 1, body, sender: undefined, idempotencyKey: undefined };
}

function plan(messages: GroupableMessage[], chunkSize: number): number[][] {
  return planGroupedRequests(messages, chunkSize).map((request) => request.members.map((member) => member.index));
}

describe('planGroupedRequests', () => {
  it('groups by body, type and sender, chunked, in order of first appearance', () => {
    const messages = [message(0, '601'), message(1, '602', 'Other'), message(2, '603'), message(3, '604')];
    expect(plan(messages, 2)).toEqual([[0, 2], [3], [1]]);
  });

  it('puts a number repeated in a group in another request', () => {
    const messages = [message(0, '601'), message(1, '601'), message(2, '602'), message(3, '601'), message(4, '603')];
    expect(plan(messages, 10)).toEqual([[0, 2, 4], [1], [3]]);
    expect(plan(messages, 2)).toEqual([[0, 2], [1, 4], [3]]);
  });

  it('never repeats a number in a request, never exceeds the chunk size, and places every message once (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('601', '602', '603', '604'), fc.constantFrom('A', 'B')), { maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        (entries, chunkSize) => {
          const messages = entries.map(([mobile, body], index) => message(index, mobile, body));
          const requests = planGroupedRequests(messages, chunkSize);
          for (const { members } of requests) {
            expect(members.length).toBeGreaterThan(0);
            expect(members.length).toBeLessThanOrEqual(chunkSize);
            expect(new Set(members.map((member) => member.mobile)).size).toBe(members.length);
            expect(new Set(members.map((member) => member.body)).size).toBe(1);
          }
          const placed = requests.flatMap((request) => request.members.map((member) => member.index));
          expect(placed.sort((a, b) => a - b)).toEqual(messages.map((_, index) => index));
        },
      ),
      { numRuns: 500 },
    );
  });
});
