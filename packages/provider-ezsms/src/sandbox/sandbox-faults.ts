import type { SandboxFaultInput } from '@pesan/core/testing/sandbox';

/**
 * A fault injected on one mirror of the sandbox: the kit's vocabulary
 * (`'refuse'`, `'resetBeforeRead'`, `'reset'`, `'hang'`, `'drop'`,
 * `{ slow: ms }`, `{ slowBody: ms }`, `{ htmlStatus: 504 }`, `'html502'`,
 * `{ answer: '1703' }`, `{ vendorCode: '1703' }`, each but `refuse` with an
 * optional `times`), or the sandbox's older shapes:
 *
 * - `refuse`: the mirror stops listening, so connections are refused (until cleared).
 * - `hang`: the request is read and never answered (until the client gives up or the sandbox stops).
 * - `reset`: the request is read, then the connection is destroyed; nothing is processed.
 * - `drop-answer` (the kit's `drop`): the request is processed (sent, billed,
 *   seqno kept), then the connection is destroyed before the answer: the case
 *   seqno dedupe is for.
 * - `html502`: `502 Bad Gateway` with an HTML page, nothing processed.
 * - `{ kind: 'answer', answer }`: answers `answer` (any vendor code, e.g. `1703`) with status 200, nothing processed.
 * - `{ kind: 'slow', delayMs }`: waits (at most 30 s), then handles the request normally.
 *
 * `times` limits a fault to the next `times` requests on that mirror.
 */
export type EzsmsSandboxFault =
  | SandboxFaultInput
  | 'drop-answer'
  | { kind: 'refuse' }
  | { kind: 'hang' | 'reset' | 'drop-answer' | 'html502'; times?: number }
  | { kind: 'answer'; answer: string; times?: number }
  | { kind: 'slow'; delayMs: number; times?: number };

/** The longest `slow` delay the sandbox honours in the older `{ kind: 'slow', delayMs }` shape. */
export const MAX_SLOW_DELAY_MS = 30_000;

type OlderFault = Extract<EzsmsSandboxFault, { kind: string }>;

function count(times: number | undefined): { times?: number } {
  if (times === undefined || times === Number.POSITIVE_INFINITY) return {};
  if (!(times >= 1)) throw new RangeError('fault times must be at least 1');
  return { times: Math.ceil(times) };
}

function fromOlder(fault: OlderFault): SandboxFaultInput {
  switch (fault.kind) {
    case 'refuse':
      return 'refuse';
    case 'answer':
      return { answer: fault.answer, ...count(fault.times) };
    case 'slow':
      if (!(fault.delayMs >= 0)) throw new RangeError('slow delayMs must be at least 0');
      return { slow: Math.round(Math.min(fault.delayMs, MAX_SLOW_DELAY_MS)), ...count(fault.times) };
    case 'drop-answer':
      return { type: 'drop', ...count(fault.times) };
    default:
      return { type: fault.kind, ...count(fault.times) };
  }
}

/** The kit's fault for a sandbox fault; throws `RangeError` for a bad setting of an older shape. */
export function toKitFault(fault: EzsmsSandboxFault): SandboxFaultInput {
  if (fault === 'drop-answer') return 'drop';
  if (typeof fault === 'object' && fault !== null && 'kind' in fault) return fromOlder(fault);
  return fault as SandboxFaultInput;
}
