import { PesanError } from '../../errors/pesan-error.js';

/** Limits a fault to the next `times` requests on its mirror; without it the fault lasts until cleared. */
export interface SandboxFaultCount {
  readonly times?: number;
}

/**
 * A fault injected into one sandbox mirror, as the kit runs it. It lasts until
 * replaced or cleared (`setFault(mirror, undefined)`), or for `times` requests.
 *
 * - `refuse`: the mirror stops listening and drops its connections, so clients
 *   fail to connect (`ECONNREFUSED`: `not_sent`).
 * - `resetOnConnect`: each new connection is reset (TCP RST) as it is
 *   accepted, before a byte of the request is read; setting it drops open
 *   connections, so clients connect anew. In-process clients see
 *   `ECONNRESET` before they write (`not_sent`).
 * - `resetBeforeRead`: the socket is destroyed as the request arrives, its body unread.
 * - `reset`: the request is read, then the socket destroyed unanswered; nothing is processed.
 * - `hang`: the request is read and never answered (until the fault is cleared,
 *   the sandbox stops, or `maxHangMs` passes); nothing is processed.
 * - `slow`: waits `ms`, then processes the request normally.
 * - `slowBody`: processes the request, sends the status and headers, holds the
 *   body for `ms`, then sends it.
 * - `htmlStatus`: an nginx-style HTML page with `status` (500, 502, 503, 504,
 *   or 200 for a maintenance page); nothing is processed.
 * - `drop`: the request is processed normally (the vendor takes and bills the
 *   message), then the socket is destroyed before the answer: the answer was lost.
 * - `answer`: answers `body` verbatim with `status` (default 200); nothing is processed.
 * - `truncate`: processes the request, then answers the first half of its
 *   answer as a complete HTTP message (truncated JSON for a JSON vendor).
 * - `shortBody`: processes the request, sends the headers with the whole
 *   answer's `content-length`, half the body, and closes the connection.
 * - `badStatusLine`: processes the request, then writes an answer whose
 *   status line is not HTTP (`HTTP/1.1 2x0 OK`) and closes the connection.
 * - `contentType`: processes the request and answers normally, labelled `contentType`.
 * - `oversized`: processes the request and answers its answer padded with
 *   spaces to `bytes` (beyond a client's response limit).
 * - `vendorCode`: the vendor's own error answer for `code`, rendered by the
 *   vendor sandbox; nothing is processed.
 */
export type SandboxFault =
  | { readonly type: 'refuse' }
  | ({
      readonly type:
        | 'resetOnConnect'
        | 'resetBeforeRead'
        | 'reset'
        | 'hang'
        | 'drop'
        | 'truncate'
        | 'shortBody'
        | 'badStatusLine';
    } & SandboxFaultCount)
  | ({ readonly type: 'contentType'; readonly contentType: string } & SandboxFaultCount)
  | ({ readonly type: 'oversized'; readonly bytes: number } & SandboxFaultCount)
  | ({ readonly type: 'slow' | 'slowBody'; readonly ms: number } & SandboxFaultCount)
  | ({ readonly type: 'htmlStatus'; readonly status: number } & SandboxFaultCount)
  | ({
      readonly type: 'answer';
      readonly body: string;
      readonly status?: number;
      readonly contentType?: string;
      readonly headers?: Readonly<Record<string, string>>;
    } & SandboxFaultCount)
  | ({ readonly type: 'vendorCode'; readonly code: string } & SandboxFaultCount);

/** Faults named by one word: `'refuse'`, `'drop'`, `'html502'` (an `htmlStatus` 502 page), ... */
export type SandboxFaultShorthand =
  | 'refuse'
  | 'resetOnConnect'
  | 'truncate'
  | 'shortBody'
  | 'badStatusLine'
  | 'resetBeforeRead'
  | 'reset'
  | 'hang'
  | 'drop'
  | 'html200'
  | 'html500'
  | 'html502'
  | 'html503'
  | 'html504';

/**
 * What `setFault` accepts: a {@link SandboxFault} or a shorthand: `'refuse'`,
 * `{ type: 'html502' }`, `{ slow: 500 }`, `{ slowBody: 500 }`,
 * `{ htmlStatus: 504 }`, `{ vendorCode: '-1004' }` (a number too),
 * `{ answer: '1703' }`, `{ contentType: 'text/html' }`, `{ oversized: 2_000_000 }`;
 * each but `refuse` may carry `times`.
 */
export type SandboxFaultInput =
  | SandboxFault
  | SandboxFaultShorthand
  | ({ readonly type: SandboxFaultShorthand } & SandboxFaultCount)
  | ({ readonly slow: number } & SandboxFaultCount)
  | ({ readonly slowBody: number } & SandboxFaultCount)
  | ({ readonly htmlStatus: number } & SandboxFaultCount)
  | ({ readonly vendorCode: string | number } & SandboxFaultCount)
  | ({ readonly contentType: string } & SandboxFaultCount)
  | ({ readonly oversized: number } & SandboxFaultCount)
  | ({ readonly type: 'vendorCode'; readonly code: string | number } & SandboxFaultCount)
  | ({
      readonly answer: string;
      readonly status?: number;
      readonly contentType?: string;
      readonly headers?: Readonly<Record<string, string>>;
    } & SandboxFaultCount);

/** How a recorded request names the fault it met: the fault's type, or `html502` and the like for `htmlStatus`. */
export type SandboxFaultName = Exclude<SandboxFault['type'], 'htmlStatus'> | `html${number}`;

/** The longest `slow` or `slowBody` delay: the kit keeps every timer bounded. */
export const SANDBOX_MAX_DELAY_MS = 120_000;

/** The largest `oversized` answer, in bytes: 64 MiB. */
export const SANDBOX_MAX_OVERSIZED_BYTES = 64 * 1024 * 1024;

/** How {@link normaliseSandboxFault} checks a `vendorCode`; without it, vendor codes are refused. */
export type SandboxVendorCodeCheck = (code: string) => boolean;

const PLAIN_TYPES = new Set([
  'refuse',
  'resetOnConnect',
  'resetBeforeRead',
  'reset',
  'hang',
  'drop',
  'truncate',
  'shortBody',
  'badStatusLine',
]);
const HTML_SHORTHAND = /^html(\d{3})$/;

function invalid(message: string): PesanError {
  return new PesanError('INVALID_CONFIG', { message: `Invalid sandbox fault: ${message}` });
}

function withCount<T extends SandboxFault>(fault: T, times: number | undefined): T {
  return times === undefined ? fault : { ...fault, times };
}

function fromShorthand(name: string, times: number | undefined): SandboxFault {
  const html = HTML_SHORTHAND.exec(name);
  if (html) return withCount({ type: 'htmlStatus', status: Number(html[1]) }, times);
  if (!PLAIN_TYPES.has(name)) throw invalid(`unknown fault ${JSON.stringify(name)}`);
  if (name === 'refuse') return { type: 'refuse' };
  return withCount({ type: name as 'reset' }, times);
}

function fromObject(input: Exclude<SandboxFaultInput, string>): SandboxFault {
  const times = 'times' in input ? input.times : undefined;
  if ('slow' in input) return withCount({ type: 'slow', ms: input.slow }, times);
  if ('slowBody' in input) return withCount({ type: 'slowBody', ms: input.slowBody }, times);
  if ('htmlStatus' in input) return withCount({ type: 'htmlStatus', status: input.htmlStatus }, times);
  if ('vendorCode' in input) return withCount({ type: 'vendorCode', code: String(input.vendorCode) }, times);
  if ('answer' in input) {
    const { answer, times: _, ...rest } = input;
    return withCount({ type: 'answer', body: answer, ...rest }, times);
  }
  if ('oversized' in input) return withCount({ type: 'oversized', bytes: input.oversized }, times);
  if ('contentType' in input && !('type' in input)) {
    return withCount({ type: 'contentType', contentType: input.contentType }, times);
  }
  switch (input.type) {
    case 'vendorCode':
      return withCount({ type: 'vendorCode', code: String(input.code) }, times);
    case 'slow':
    case 'slowBody':
    case 'htmlStatus':
    case 'answer':
    case 'contentType':
    case 'oversized':
      return input;
    default:
      if (input.type === 'refuse' && times !== undefined)
        throw invalid('refuse lasts until cleared; it takes no times');
      return fromShorthand(String(input.type), times);
  }
}

function checkStatus(status: unknown, what: string): void {
  if (status !== undefined && (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599)) {
    throw invalid(`${what} needs an HTTP status from 200 to 599`);
  }
}

function check(fault: SandboxFault, vendorCode: SandboxVendorCodeCheck | undefined): void {
  if ('times' in fault && fault.times !== undefined && (!Number.isInteger(fault.times) || fault.times < 1)) {
    throw invalid('times must be a positive integer');
  }
  switch (fault.type) {
    case 'slow':
    case 'slowBody':
      if (!Number.isInteger(fault.ms) || fault.ms < 0 || fault.ms > SANDBOX_MAX_DELAY_MS) {
        throw invalid(`${fault.type} needs ms between 0 and ${SANDBOX_MAX_DELAY_MS}`);
      }
      return;
    case 'htmlStatus':
      checkStatus(fault.status, 'htmlStatus');
      if (fault.status === undefined) throw invalid('htmlStatus needs a status');
      return;
    case 'answer':
      if (typeof fault.body !== 'string') throw invalid('answer needs a body');
      checkStatus(fault.status, 'answer');
      return;
    case 'contentType':
      if (typeof fault.contentType !== 'string' || !/^[\x21-\x7e][\x20-\x7e]*$/.test(fault.contentType)) {
        throw invalid('contentType needs a printable content type');
      }
      return;
    case 'oversized':
      if (!Number.isInteger(fault.bytes) || fault.bytes < 1 || fault.bytes > SANDBOX_MAX_OVERSIZED_BYTES) {
        throw invalid(`oversized needs bytes between 1 and ${SANDBOX_MAX_OVERSIZED_BYTES}`);
      }
      return;
    case 'vendorCode':
      if (vendorCode === undefined) throw invalid('this sandbox has no vendor codes');
      if (!vendorCode(fault.code))
        throw invalid(`vendorCode ${JSON.stringify(fault.code)} is not one this vendor uses`);
      return;
    default:
      if (!PLAIN_TYPES.has(fault.type)) throw invalid(`unknown fault type ${JSON.stringify(fault.type)}`);
  }
}

/**
 * Turns a fault or shorthand into a checked {@link SandboxFault}; throws
 * `PesanError` `INVALID_CONFIG`. `vendorCode` checks vendor codes; without
 * it a `vendorCode` fault is refused.
 */
export function normaliseSandboxFault(input: SandboxFaultInput, vendorCode?: SandboxVendorCodeCheck): SandboxFault {
  if (typeof input !== 'string' && (typeof input !== 'object' || input === null)) {
    throw invalid('expected a fault object or name');
  }
  const fault = typeof input === 'string' ? fromShorthand(input, undefined) : fromObject(input);
  check(fault, vendorCode);
  return fault;
}

/** The name a recorded request gives a fault: its type, or `html502` and the like for `htmlStatus`. */
export function sandboxFaultName(fault: SandboxFault): SandboxFaultName {
  return fault.type === 'htmlStatus' ? `html${fault.status}` : fault.type;
}
