import type { IncomingMessage, ServerResponse } from 'node:http';
import { PesanError } from '../../errors/pesan-error.js';
import type { SandboxAnswer } from './sandbox-answer.js';
import { sandboxErrorPage } from './sandbox-error-page.js';
import { normaliseSandboxFault, type SandboxFault, type SandboxFaultInput, sandboxFaultName } from './sandbox-fault.js';
import { SandboxMirror } from './sandbox-mirror.js';
import { SANDBOX_REDACTED_HEADERS, SandboxRedaction } from './sandbox-redaction.js';
import { createSandboxRequest, type SandboxRequest } from './sandbox-request.js';
import { readSandboxBody, SANDBOX_MAX_REQUEST_BYTES, SandboxRequestTooLargeError } from './sandbox-request-body.js';
import { type SandboxRecordedRequest, SandboxRequestLog } from './sandbox-request-log.js';
import { SandboxTimers } from './sandbox-timers.js';

/** The vendor's pages: answers a request the sandbox processes. May be async; a throw answers an HTML 500. */
export type SandboxHandler = (request: SandboxRequest) => SandboxAnswer | Promise<SandboxAnswer>;

/** The hook behind `vendorCode` faults: which codes the vendor has, and its answer for one. */
export interface SandboxVendorCodes {
  /** Whether `code` is one of the vendor's; checked when the fault is set. Default: any code. */
  check?(code: string): boolean;
  /** The vendor's own error answer for `code` to `request` (nothing is processed). */
  answer(code: string, request: SandboxRequest): SandboxAnswer;
}

/** What {@link startSandboxServers} takes. */
export interface SandboxServersOptions {
  /** The vendor's pages, shared by every mirror. */
  handle: SandboxHandler;
  /** How many mirrors to start, 1 to 16. Default 1. */
  mirrors?: number;
  /** Port of the first mirror; mirror `i` listens on `port + i`. Default 0: any free port each. */
  port?: number;
  /** How long a `hang` holds a request before dropping its connection. Default 60 000 ms. */
  maxHangMs?: number;
  /** How many requests are kept in `records` (the newest). Default 1 000. */
  maxRecords?: number;
  /** Largest request body read; a larger one is answered 413 unprocessed. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Parameter names (query, form, and JSON keys at any depth) recorded as `***`, without regard to case. */
  redactParameters?: readonly string[];
  /** Header names recorded as `***`. Default `authorization`, `proxy-authorization`, `cookie`, `x-api-key`. */
  redactHeaders?: readonly string[];
  /** The hook for `vendorCode` faults; without it they are refused. */
  vendorCode?: SandboxVendorCodes;
  /** The HTML page for `htmlStatus` faults, 413 and 500. Default nginx-style pages. */
  errorPage?: (status: number) => string;
  /** `content-type` of answers that name none (and of `answer` faults). Default `text/plain; charset=utf-8`. */
  answerContentType?: string;
}

/** Running mirrors: one real HTTP server each on 127.0.0.1, sharing one handler, each with its own fault slot. */
export interface SandboxServers {
  /** Origin of the first mirror, e.g. `http://127.0.0.1:50123`. */
  readonly url: string;
  /** Origin of every mirror, in order: a provider's `baseUrls`. */
  readonly urls: readonly string[];
  /** Requests received by every mirror, oldest first (bounded, redacted). */
  readonly records: readonly SandboxRecordedRequest[];
  /** Whether `stop()` was called. */
  readonly stopped: boolean;
  /** The fault in force on a mirror. */
  fault(mirror: number): SandboxFault | undefined;
  /**
   * Installs (or, with `undefined`, clears) a fault on one mirror (0-based);
   * resolves once it is in force. Throws `PesanError` `INVALID_CONFIG` for a
   * bad fault or mirror. Does nothing once stopped.
   */
  setFault(mirror: number, fault: SandboxFaultInput | undefined): Promise<void>;
  /** Waits `ms` on a timer the servers own: `stop()` ends it early. */
  delay(ms: number): Promise<void>;
  /** Closes every server and socket, releases held requests and cancels every timer. */
  stop(): Promise<void>;
}

const MAX_MIRRORS = 16;
// Lets in-process clients see their pooled keep-alive sockets close, so the
// next request connects (and is refused or reset) instead of writing to a dead
// socket, which would read as a reset after the write (`unknown`).
const REFUSE_SETTLE_MS = 25;

/** What a `badStatusLine` fault writes: not an HTTP/1.1 status line. */
const BAD_STATUS_LINE_ANSWER = 'HTTP/1.1 2x0 OK\r\ncontent-length: 2\r\n\r\nOK';

/** The first half of an answer, as a complete answer. */
function truncated(answer: SandboxAnswer): SandboxAnswer {
  return { ...answer, body: answer.body.slice(0, Math.floor(answer.body.length / 2)) };
}

/** The answer padded with spaces to `bytes`. */
function padded(answer: SandboxAnswer, bytes: number): SandboxAnswer {
  const missing = bytes - Buffer.byteLength(answer.body);
  return missing > 0 ? { ...answer, body: answer.body + ' '.repeat(missing) } : answer;
}

function integerOption(value: number | undefined, fallback: number, name: string, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new PesanError('INVALID_CONFIG', {
      message: `Sandbox option ${name} must be an integer from ${min} to ${max}`,
    });
  }
  return value;
}

/**
 * Starts `mirrors` real `node:http` servers on 127.0.0.1 that share one
 * handler, record what they receive, and run the kit's faults per mirror. A
 * vendor sandbox passes its pages as `handle` and keeps only its protocol.
 *
 * @example
 * ```ts
 * const servers = await startSandboxServers({
 *   mirrors: 2,
 *   redactParameters: ['password'],
 *   vendorCode: { answer: (code) => sandboxText(code) },
 *   handle: (request) => (request.path === '/send' ? sandboxText('OK:1') : sandboxText('no page', { status: 404 })),
 * });
 * await servers.setFault(0, 'refuse'); // mirror 0 is down
 * await servers.setFault(1, 'drop'); // mirror 1 sends, then loses the answer
 * await servers.stop();
 * ```
 */
export async function startSandboxServers(options: SandboxServersOptions): Promise<SandboxServers> {
  const mirrorCount = integerOption(options.mirrors, 1, 'mirrors', 1, MAX_MIRRORS);
  const maxHangMs = integerOption(options.maxHangMs, 60_000, 'maxHangMs', 1, 600_000);
  const maxRecords = integerOption(options.maxRecords, 1_000, 'maxRecords', 1, 10_000_000);
  const maxBodyBytes = integerOption(options.maxBodyBytes, SANDBOX_MAX_REQUEST_BYTES, 'maxBodyBytes', 1, 2 ** 30);
  const basePort = integerOption(options.port, 0, 'port', 0, 65_536 - mirrorCount);
  const errorPage = options.errorPage ?? sandboxErrorPage;
  const defaultContentType = options.answerContentType ?? 'text/plain; charset=utf-8';
  const vendorCode = options.vendorCode;
  const vendorCheck = vendorCode === undefined ? undefined : (vendorCode.check ?? (() => true));
  const log = new SandboxRequestLog(
    maxRecords,
    new SandboxRedaction(options.redactParameters ?? [], options.redactHeaders ?? SANDBOX_REDACTED_HEADERS),
  );
  const timers = new SandboxTimers();
  let stopped = false;

  const htmlPage = (status: number): SandboxAnswer => ({
    status,
    contentType: 'text/html; charset=utf-8',
    body: errorPage(status),
  });

  const write = (response: ServerResponse, answer: SandboxAnswer, record?: SandboxRecordedRequest) => {
    const status = answer.status ?? 200;
    if (record !== undefined) log.answered(record, { status, body: answer.body });
    if (response.headersSent || response.destroyed) return;
    response.writeHead(status, {
      ...answer.headers,
      'content-type': answer.contentType ?? defaultContentType,
      'content-length': Buffer.byteLength(answer.body),
    });
    response.end(answer.body);
  };

  const processRequest = async (request: SandboxRequest): Promise<SandboxAnswer> => {
    try {
      return await options.handle(request);
    } catch {
      return htmlPage(500);
    }
  };

  const hang = (mirror: SandboxMirror, response: ServerResponse) => {
    const cancel = timers.after(maxHangMs, () => response.socket?.destroy());
    mirror.hold(response, cancel);
  };

  const slowBody = async (response: ServerResponse, answer: SandboxAnswer, ms: number) => {
    const body = Buffer.from(answer.body);
    response.writeHead(answer.status ?? 200, {
      ...answer.headers,
      'content-type': answer.contentType ?? defaultContentType,
      'content-length': body.length,
    });
    response.flushHeaders();
    await timers.delay(ms);
    if (stopped) response.socket?.destroy();
    else response.end(body);
  };

  const shortBody = (response: ServerResponse, answer: SandboxAnswer) => {
    const body = Buffer.from(answer.body);
    response.writeHead(answer.status ?? 200, {
      ...answer.headers,
      'content-type': answer.contentType ?? defaultContentType,
      'content-length': body.length,
    });
    response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.socket?.destroy());
  };

  const serve = async (mirror: SandboxMirror, incoming: IncomingMessage, response: ServerResponse) => {
    const fault = mirror.take();
    if (stopped) {
      incoming.socket.destroy();
      return;
    }
    if (fault?.type === 'resetOnConnect') {
      // The request came over a connection opened before the fault.
      incoming.socket.resetAndDestroy();
      return;
    }
    if (fault?.type === 'resetBeforeRead') {
      log.record(createSandboxRequest(incoming, mirror.index, ''), sandboxFaultName(fault));
      incoming.socket.destroy();
      return;
    }
    let body: string;
    try {
      body = await readSandboxBody(incoming, maxBodyBytes);
    } catch (error) {
      if (error instanceof SandboxRequestTooLargeError) write(response, htmlPage(413));
      else incoming.socket.destroy();
      return;
    }
    const request = createSandboxRequest(incoming, mirror.index, body);
    const record = log.record(request, fault === undefined ? undefined : sandboxFaultName(fault));
    if (stopped) {
      incoming.socket.destroy();
      return;
    }
    switch (fault?.type) {
      case 'reset':
        incoming.socket.destroy();
        return;
      case 'hang':
        hang(mirror, response);
        return;
      case 'htmlStatus':
        write(response, htmlPage(fault.status), record);
        return;
      case 'answer':
        write(response, fault, record);
        return;
      case 'vendorCode':
        write(response, vendorCode!.answer(fault.code, request), record);
        return;
      case 'slow':
        await timers.delay(fault.ms);
        if (stopped) {
          incoming.socket.destroy();
          return;
        }
        break;
      default:
        break;
    }
    const answer = await processRequest(request);
    log.answered(record, { status: answer.status ?? 200, body: answer.body });
    switch (fault?.type) {
      case 'drop':
        incoming.socket.destroy();
        return;
      case 'slowBody':
        await slowBody(response, answer, fault.ms);
        return;
      case 'truncate':
        write(response, truncated(answer));
        return;
      case 'shortBody':
        shortBody(response, answer);
        return;
      case 'badStatusLine':
        incoming.socket.end(BAD_STATUS_LINE_ANSWER);
        return;
      case 'contentType':
        write(response, { ...answer, contentType: fault.contentType });
        return;
      case 'oversized':
        write(response, padded(answer, fault.bytes));
        return;
      default:
        write(response, answer);
    }
  };

  const mirrors: SandboxMirror[] = [];
  const listener = (mirror: SandboxMirror, incoming: IncomingMessage, response: ServerResponse) => {
    serve(mirror, incoming, response).catch(() => incoming.socket.destroy());
  };
  try {
    for (let index = 0; index < mirrorCount; index++) {
      const mirror = new SandboxMirror(index, listener);
      mirrors.push(mirror);
      await mirror.listen(basePort === 0 ? 0 : basePort + index);
    }
  } catch (error) {
    await Promise.all(mirrors.map((mirror) => mirror.close()));
    throw new PesanError('INVALID_CONFIG', {
      message: `Sandbox could not listen on 127.0.0.1: ${(error as Error).message}`,
      cause: error,
    });
  }
  const urls = Object.freeze(mirrors.map((mirror) => mirror.url));

  const mirrorAt = (index: number): SandboxMirror => {
    const mirror = Number.isInteger(index) ? mirrors[index] : undefined;
    if (mirror === undefined) {
      throw new PesanError('INVALID_CONFIG', { message: `No sandbox mirror ${index}: there are ${mirrors.length}` });
    }
    return mirror;
  };

  return {
    url: urls[0]!,
    urls,
    get records() {
      return log.records;
    },
    get stopped() {
      return stopped;
    },
    fault: (index) => mirrorAt(index).fault,
    async setFault(index, input) {
      const mirror = mirrorAt(index);
      const fault = input === undefined ? undefined : normaliseSandboxFault(input, vendorCheck);
      if (stopped) return;
      const wasRefusing = mirror.fault?.type === 'refuse';
      mirror.setFault(fault);
      if (fault?.type === 'refuse' && !wasRefusing) {
        await mirror.close();
        await timers.delay(REFUSE_SETTLE_MS);
      } else if (fault?.type !== 'refuse' && wasRefusing) {
        await mirror.listen();
      }
      if (fault?.type === 'resetOnConnect') {
        mirror.dropConnections();
        await timers.delay(REFUSE_SETTLE_MS);
      }
    },
    delay: (ms) => timers.delay(ms),
    async stop() {
      if (stopped) return;
      stopped = true;
      timers.clear();
      await Promise.all(mirrors.map((mirror) => mirror.close()));
    },
  };
}
