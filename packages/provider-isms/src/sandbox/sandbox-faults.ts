import { PesanError } from '@pesan/core';

/**
 * A fault injected into one sandbox mirror. It lasts until replaced or cleared
 * with `setFault(mirror, undefined)`.
 *
 * - `refuse`: the mirror stops listening and drops its open connections, so
 *   requests fail to connect (`not_sent`).
 * - `reset`: the mirror reads the request, then destroys the connection
 *   without answering (the request was written: `unknown`). Nothing is sent.
 * - `hang`: the mirror reads the request and never answers (until the fault
 *   is cleared, the sandbox stops, or `maxHangMs` passes). Nothing is sent.
 * - `html502`: an HTML "502 Bad Gateway" page, as a proxy in front of PHP gives.
 * - `vendorCode`: the vendor's answer for `code` (`-1004 = INSUFFICIENT CREDITS`,
 *   or the JSON error object on JSON endpoints); nothing is sent or billed.
 * - `slow`: waits `ms` milliseconds, then processes the request normally (the
 *   message is sent and billed even if the client gave up meanwhile).
 * - `answer`: answers `body` verbatim (an empty success, a garbled answer).
 */
export type IsmsSandboxFault =
  | { readonly type: 'refuse' }
  | { readonly type: 'reset' }
  | { readonly type: 'hang' }
  | { readonly type: 'html502' }
  | { readonly type: 'vendorCode'; readonly code: string }
  | { readonly type: 'slow'; readonly ms: number }
  | { readonly type: 'answer'; readonly body: string; readonly status?: number; readonly contentType?: string };

/**
 * What `setFault` accepts: a fault, or a shorthand: `'refuse'`, `'reset'`,
 * `'hang'`, `'html502'`, `{ vendorCode: '-1004' }`, `{ slow: 500 }`. A
 * `vendorCode` may be a number (`-1004`).
 */
export type IsmsSandboxFaultInput =
  | IsmsSandboxFault
  | 'refuse'
  | 'reset'
  | 'hang'
  | 'html502'
  | { readonly type: 'vendorCode'; readonly code: number }
  | { readonly vendorCode: string | number }
  | { readonly slow: number };

/** The longest delay `slow` accepts: the sandbox keeps every timer bounded. */
export const SANDBOX_MAX_DELAY_MS = 120_000;

const invalid = (message: string) => new PesanError('INVALID_CONFIG', { message: `Invalid sandbox fault: ${message}` });

/** Turns a fault or shorthand into a checked fault; throws `PesanError` `INVALID_CONFIG`. */
export function normaliseFault(input: IsmsSandboxFaultInput): IsmsSandboxFault {
  let fault: IsmsSandboxFault;
  if (typeof input === 'string') fault = { type: input };
  else if (typeof input !== 'object' || input === null) throw invalid('expected a fault object or name');
  else if ('vendorCode' in input) fault = { type: 'vendorCode', code: String(input.vendorCode) };
  else if ('slow' in input) fault = { type: 'slow', ms: input.slow };
  else if (input.type === 'vendorCode') fault = { type: 'vendorCode', code: String(input.code) };
  else fault = input;
  checkFault(fault);
  return fault;
}

/** Checks a fault before it is installed; throws `PesanError` `INVALID_CONFIG`. */
export function checkFault(fault: IsmsSandboxFault): void {
  switch (fault.type) {
    case 'refuse':
    case 'reset':
    case 'hang':
    case 'html502':
      return;
    case 'vendorCode':
      if (!/^-?\d{1,6}$/.test(fault.code)) throw invalid(`vendorCode needs a numeric code such as '-1004'`);
      return;
    case 'slow':
      if (!Number.isInteger(fault.ms) || fault.ms < 0 || fault.ms > SANDBOX_MAX_DELAY_MS) {
        throw invalid(`slow needs ms between 0 and ${SANDBOX_MAX_DELAY_MS}`);
      }
      return;
    case 'answer':
      if (typeof fault.body !== 'string') throw invalid('answer needs a body');
      if (fault.status !== undefined && (!Number.isInteger(fault.status) || fault.status < 100 || fault.status > 599)) {
        throw invalid('answer status must be an HTTP status');
      }
      return;
    default:
      throw invalid(`unknown fault type ${JSON.stringify((fault as { type?: unknown }).type)}`);
  }
}

/** The page a proxy answers with when PHP behind it is down. */
export const HTML_502_PAGE = `<!DOCTYPE html>
<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;

/** The page a web server answers for a path it does not serve. */
export const HTML_404_PAGE = `<!DOCTYPE html>
<html><head><title>404 Not Found</title></head>
<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body>
</html>
`;
