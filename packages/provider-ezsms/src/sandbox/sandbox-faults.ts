/**
 * A fault injected on one mirror of the sandbox.
 *
 * - `refuse`: the mirror stops listening, so connections are refused (until cleared).
 * - `hang`: the request is read and never answered (until the client gives up or the sandbox stops).
 * - `reset`: the request is read, then the connection is destroyed; nothing is processed.
 * - `drop-answer`: the request is processed (sent, billed, seqno kept), then the
 *   connection is destroyed before the answer: the case seqno dedupe is for.
 * - `html502`: `502 Bad Gateway` with an HTML page, nothing processed.
 * - `{ kind: 'answer', answer }`: answers `answer` (any vendor code, e.g. `1703`) with status 200, nothing processed.
 * - `{ kind: 'slow', delayMs }`: waits (at most 30 s), then handles the request normally.
 *
 * `times` limits a fault to the next `times` requests on that mirror.
 */
export type EzsmsSandboxFault =
  | 'refuse'
  | 'hang'
  | 'reset'
  | 'drop-answer'
  | 'html502'
  | { kind: 'refuse' }
  | { kind: 'hang' | 'reset' | 'drop-answer' | 'html502'; times?: number }
  | { kind: 'answer'; answer: string; times?: number }
  | { kind: 'slow'; delayMs: number; times?: number };

/** A fault in one shape, with its remaining count. */
export type ActiveFault =
  | { kind: 'refuse' }
  | { kind: 'hang' | 'reset' | 'drop-answer' | 'html502'; remaining: number }
  | { kind: 'answer'; answer: string; remaining: number }
  | { kind: 'slow'; delayMs: number; remaining: number };

/** The longest `slow` delay the sandbox honours. */
export const MAX_SLOW_DELAY_MS = 30_000;

/** Normalises and checks a fault. */
export function activateFault(fault: EzsmsSandboxFault): ActiveFault {
  const shape = typeof fault === 'string' ? { kind: fault } : fault;
  if (shape.kind === 'refuse') return { kind: 'refuse' };
  const times = 'times' in shape && shape.times !== undefined ? shape.times : Number.POSITIVE_INFINITY;
  if (!(times >= 1)) throw new RangeError('fault times must be at least 1');
  if (shape.kind === 'answer') return { kind: 'answer', answer: shape.answer, remaining: times };
  if (shape.kind === 'slow') {
    if (!(shape.delayMs >= 0)) throw new RangeError('slow delayMs must be at least 0');
    return { kind: 'slow', delayMs: Math.min(shape.delayMs, MAX_SLOW_DELAY_MS), remaining: times };
  }
  return { kind: shape.kind, remaining: times };
}
