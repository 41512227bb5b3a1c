import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import iconv from 'iconv-lite';
import { SandboxCallbackQueue } from './sandbox-callback-queue.js';
import { pushCallback } from './sandbox-callbacks.js';
import { type ActiveFault, activateFault, type EzsmsSandboxFault } from './sandbox-faults.js';
import { handleCreditsLeft, handleSend, handleTransfer, type PageContext } from './sandbox-pages.js';
import { SandboxParameters } from './sandbox-parameters.js';
import { type EzsmsSandboxAccount, type EzsmsSandboxMessage, SandboxState } from './sandbox-state.js';

/** Options of {@link startEzsmsSandbox}. */
export interface EzsmsSandboxOptions {
  /** Accounts; default one reseller `demoezsms` / `1234` with 1000 credits and a customer `customer` / `1234` with 0. */
  accounts?: EzsmsSandboxAccount[];
  /** Number of mirror servers sharing one state (default 1, at most 8). */
  mirrors?: number;
  /** Delivery Status API URL: delivery reports are pushed here (GET `MsgId`, `Sender`, `Status`). */
  callbackUrl?: string;
  /** Incoming SMS API URL: incoming messages are pushed here (GET `Shortcode`, `Sender`, `ContentType`, `Msg`). */
  incomingUrl?: string;
  /** Port of the first mirror (default 0: any free port); mirror `i` gets `port + i`. */
  port?: number;
  /** Time source in milliseconds, for seqno expiry (default `Date.now`). */
  now?: () => number;
  /** Pushes this delivery status (e.g. 6) for every message accepted with a `MsgId`; off by default. */
  autoDeliver?: number;
  /** The gateway number sent as `Sender` in delivery reports and as the default `Shortcode` (default `60120000000`). */
  gatewayNumber?: string;
  /** Answer format of `creditsLeft.aspx` (default `pair`: `used,remaining`). */
  creditsLeftFormat?: 'bare' | 'pair' | 'labelled';
  /** Path of the credit-transfer page, which the spec does not name (default `/websmsapi/transferCredits.aspx`). */
  transferPath?: string;
  /** Most recipients per `ISendSMSNoDR.aspx` request (default 1000); more answers 1705. */
  maxRecipients?: number;
  /** Messages kept in memory (default 10 000; oldest dropped). */
  maxMessages?: number;
  /** Longest query string accepted, like IIS's default (default 2048 bytes); longer gets an HTML 404.15. */
  maxQueryStringLength?: number;
}

/** One request a mirror received, for assertions. */
export interface EzsmsSandboxRequest {
  mirror: number;
  method: string;
  /** Path as requested. */
  path: string;
  /** Parameters, lower-case names, the password hidden. */
  params: Record<string, string>;
  /** The answer body, or the fault that replaced it. */
  answer: string;
}

/** A pushed incoming SMS. */
export interface EzsmsSandboxIncoming {
  /** The mobile number sending (digits, or `+` and digits). */
  from: string;
  /** The gateway number receiving (default the sandbox's `gatewayNumber`). */
  to?: string;
  text: string;
  /** Send as Unicode hex (default: when `text` is not plain ASCII). */
  unicode?: boolean;
  /** `ContentType` for Unicode; the spec names both 2 and 3 (default 2). */
  contentType?: 2 | 3;
}

/** A running sandbox. */
export interface EzsmsSandbox {
  /** Origin of the first mirror, e.g. `http://127.0.0.1:54321`: pass as `baseUrls: [url]`. */
  readonly url: string;
  /** Origins of every mirror, in order: pass as `baseUrls`. */
  readonly urls: readonly string[];
  /** Accepted messages, oldest first, one per recipient (a copy). */
  readonly messages: readonly EzsmsSandboxMessage[];
  /** The last requests received (at most 1000), oldest first. */
  readonly requests: readonly EzsmsSandboxRequest[];
  /** Closes every server and socket and cancels pending timers and callbacks. */
  stop(): Promise<void>;
  /** Injects a fault on one mirror, or clears it with `undefined`. Resolves once a refusal or its end is in effect. */
  setFault(mirrorIndex: number, fault: EzsmsSandboxFault | undefined): Promise<void>;
  /** Credits an account has left. */
  credits(username: string): number;
  /** Pushes a delivery report for `msgId` to `callbackUrl`; resolves with the callback's HTTP status (undefined without a URL). */
  deliver(msgId: string, status: number): Promise<number | undefined>;
  /** Pushes an incoming SMS to `incomingUrl`; resolves with the callback's HTTP status. */
  receive(incoming: EzsmsSandboxIncoming): Promise<number>;
  /**
   * Callbacks dropped because the push queue was full. Pushes run 4 at a time
   * with at most 10 000 waiting; a push beyond that is dropped (its `deliver()`
   * or `receive()` promise rejects) and counted here.
   */
  readonly droppedCallbacks: number;
  /** Resolves once no callback is queued or being pushed. */
  callbacksIdle(): Promise<void>;
}

interface Mirror {
  index: number;
  port: number;
  server: Server;
  sockets: Set<Socket>;
  fault: ActiveFault | undefined;
  listening: boolean;
}

const MAX_HANG_MS = 60_000;
const REFUSE_SETTLE_MS = 25;
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_MIRRORS = 8;
const MAX_REQUEST_LOG = 1000;
const SEQNO_TTL_MS = 24 * 60 * 60 * 1000;
const DEFAULT_TRANSFER_PATH = '/websmsapi/transferCredits.aspx';
const HTML_502 =
  '<!DOCTYPE html><html><head><title>502 - Web server received an invalid response</title></head><body><h1>502 - Bad Gateway</h1></body></html>';
const HTML_404 =
  '<!DOCTYPE html><html><head><title>404 - File or directory not found.</title></head><body></body></html>';
const HTML_404_15 =
  '<!DOCTYPE html><html><head><title>HTTP Error 404.15 - Not Found</title></head><body>The request filtering module is configured to deny a request where the query string is too long.</body></html>';

/**
 * Starts a simulator of sms.com.my's HTTP API (spec 1.84) on loopback: one
 * real `node:http` server per mirror, sharing accounts, credits, messages and
 * seqno memory. It serves `websmsapi/ISendSMS.aspx`, `ISendSMSNoDR.aspx`,
 * `ISendSMS2D.aspx`, `creditsLeft.aspx` and the transfer page, by GET and
 * POST, with parameter names and paths matched without regard to case.
 *
 * @example
 * ```ts
 * const sandbox = await startEzsmsSandbox({ mirrors: 2 });
 * const provider = ezsms({ username: 'demoezsms', password: '1234', baseUrls: sandbox.urls });
 * await provider.send({ to: '+60123456789', text: 'Hi' });
 * await sandbox.stop();
 * ```
 */
export async function startEzsmsSandbox(options: EzsmsSandboxOptions = {}): Promise<EzsmsSandbox> {
  const mirrorCount = options.mirrors ?? 1;
  if (!Number.isInteger(mirrorCount) || mirrorCount < 1 || mirrorCount > MAX_MIRRORS) {
    throw new RangeError(`mirrors must be an integer from 1 to ${MAX_MIRRORS}`);
  }
  const now = options.now ?? Date.now;
  const state = new SandboxState(
    options.accounts ?? [
      { username: 'demoezsms', password: '1234', credits: 1000, reseller: true },
      { username: 'customer', password: '1234', credits: 0 },
    ],
    now,
    { maxMessages: options.maxMessages ?? 10_000, maxSeqnos: 100_000, seqnoTtlMs: SEQNO_TTL_MS },
  );
  const gatewayNumber = options.gatewayNumber ?? '60120000000';
  const transferPath = (options.transferPath ?? DEFAULT_TRANSFER_PATH).toLowerCase();
  const maxQueryStringLength = options.maxQueryStringLength ?? 2048;
  const lifetime = new AbortController();
  const callbacks = new SandboxCallbackQueue();
  const timers = new Set<NodeJS.Timeout>();
  const hanging = new Set<ServerResponse>();
  const requestLog: EzsmsSandboxRequest[] = [];
  let stopped = false;

  const pushDeliveryReport = (message: EzsmsSandboxMessage, status: number): Promise<number | undefined> => {
    message.status = status;
    const callbackUrl = options.callbackUrl;
    const msgId = message.messageId;
    if (!callbackUrl || msgId === undefined) return Promise.resolve(undefined);
    return callbacks.push(() =>
      pushCallback(callbackUrl, { MsgId: msgId, Sender: gatewayNumber, Status: String(status) }, lifetime.signal),
    );
  };

  const pageContext = (mirror: number): PageContext => ({
    state,
    mirror,
    maxRecipients: options.maxRecipients ?? 1000,
    creditsLeftFormat: options.creditsLeftFormat ?? 'pair',
    onAccepted: (message) => {
      if (options.autoDeliver === undefined) return;
      const stored = state.findMessage(message.messageId ?? '');
      if (stored) pushDeliveryReport(stored, options.autoDeliver).catch(() => {});
    },
  });

  const log = (entry: EzsmsSandboxRequest) => {
    requestLog.push(entry);
    if (requestLog.length > MAX_REQUEST_LOG) requestLog.shift();
  };

  const answerFor = (mirror: number, path: string, params: SandboxParameters): string | undefined => {
    const context = pageContext(mirror);
    switch (path.toLowerCase()) {
      case '/websmsapi/isendsms.aspx':
        return handleSend('ISendSMS', params, context);
      case '/websmsapi/isendsmsnodr.aspx':
        return handleSend('ISendSMSNoDR', params, context);
      case '/websmsapi/isendsms2d.aspx':
        return handleSend('ISendSMS2D', params, context);
      case '/websmsapi/creditsleft.aspx':
        return handleCreditsLeft(params, context);
      default:
        return path.toLowerCase() === transferPath ? handleTransfer(params, context) : undefined;
    }
  };

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timer.unref();
      timers.add(timer);
    });

  const handle = async (mirror: Mirror, incoming: IncomingMessage, response: ServerResponse) => {
    const method = incoming.method ?? 'GET';
    const target = new URL(incoming.url ?? '/', 'http://sandbox.invalid');
    const rawQuery = (incoming.url ?? '').split('?')[1] ?? '';
    const body = await readBody(incoming);
    if (body === undefined) {
      response
        .writeHead(413, { 'content-type': 'text/html' })
        .end('<html><body>413 Request Entity Too Large</body></html>');
      return;
    }
    const contentType = incoming.headers['content-type'] ?? '';
    const form =
      method === 'POST' && /application\/x-www-form-urlencoded/i.test(contentType)
        ? new URLSearchParams(body)
        : new URLSearchParams();
    const params = new SandboxParameters(target.searchParams, form);
    const entry: EzsmsSandboxRequest = {
      mirror: mirror.index,
      method,
      path: target.pathname,
      params: params.toRecord(),
      answer: '',
    };
    log(entry);

    const fault = takeFault(mirror);
    if (fault?.kind === 'slow') {
      await delay(fault.delayMs);
      if (stopped) return;
    } else if (fault) {
      entry.answer = `fault:${fault.kind}`;
      switch (fault.kind) {
        case 'hang':
          hanging.add(response);
          response.on('close', () => hanging.delete(response));
          delay(MAX_HANG_MS).then(() => response.destroy());
          return;
        case 'reset':
          incoming.socket.destroy();
          return;
        case 'html502':
          response.writeHead(502, { 'content-type': 'text/html; charset=utf-8' }).end(HTML_502);
          return;
        case 'answer':
          entry.answer = fault.answer;
          response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(fault.answer);
          return;
        default:
          break;
      }
    }

    if (method !== 'GET' && method !== 'POST') {
      entry.answer = '405';
      response.writeHead(405, { 'content-type': 'text/html', allow: 'GET, POST' }).end(HTML_404);
      return;
    }
    if (Buffer.byteLength(rawQuery) > maxQueryStringLength) {
      entry.answer = '404.15';
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(HTML_404_15);
      return;
    }
    const answer = answerFor(mirror.index, target.pathname, params);
    if (answer === undefined) {
      entry.answer = '404';
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(HTML_404);
      return;
    }
    if (fault?.kind === 'drop-answer') {
      entry.answer = `fault:drop-answer (${answer})`;
      incoming.socket.destroy();
      return;
    }
    entry.answer = answer;
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(answer);
  };

  const takeFault = (mirror: Mirror): ActiveFault | undefined => {
    const fault = mirror.fault;
    if (!fault || fault.kind === 'refuse') return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) mirror.fault = undefined;
    return fault;
  };

  const makeServer = (mirror: Omit<Mirror, 'server'>): Server => {
    const server = createServer((incoming, response) => {
      handle(mirror as Mirror, incoming, response).catch(() => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/html' }).end(HTML_502);
        else response.destroy();
      });
    });
    server.requestTimeout = 60_000;
    server.headersTimeout = 30_000;
    server.keepAliveTimeout = 5_000;
    server.on('connection', (socket) => {
      mirror.sockets.add(socket);
      socket.on('close', () => mirror.sockets.delete(socket));
    });
    return server;
  };

  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });

  const closeServer = (mirror: Mirror) =>
    new Promise<void>((resolve) => {
      for (const response of hanging) if (response.socket && mirror.sockets.has(response.socket)) response.destroy();
      for (const socket of mirror.sockets) socket.destroy();
      if (!mirror.listening) {
        resolve();
        return;
      }
      mirror.listening = false;
      mirror.server.close(() => resolve());
      mirror.server.closeAllConnections();
    });

  const mirrors: Mirror[] = [];
  try {
    for (let index = 0; index < mirrorCount; index++) {
      const requestedPort = options.port ? options.port + index : 0;
      const partial = { index, port: 0, sockets: new Set<Socket>(), fault: undefined, listening: false };
      const mirror = partial as Mirror;
      mirror.server = makeServer(partial);
      mirror.port = await listen(mirror.server, requestedPort);
      mirror.listening = true;
      mirrors.push(mirror);
    }
  } catch (error) {
    await Promise.all(mirrors.map(closeServer));
    throw error;
  }

  const urls = mirrors.map((mirror) => `http://127.0.0.1:${mirror.port}`);

  return {
    url: urls[0] as string,
    urls,
    get messages() {
      return state.messages();
    },
    get requests() {
      return requestLog.map((entry) => ({ ...entry, params: { ...entry.params } }));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      lifetime.abort(new Error('sandbox stopped'));
      // Drops the queued pushes at once; the ones in flight end with the abort.
      const callbacksStopped = callbacks.stop();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const response of hanging) response.destroy();
      hanging.clear();
      await Promise.all(mirrors.map(closeServer));
      await callbacksStopped;
    },
    async setFault(mirrorIndex, fault) {
      const mirror = mirrors[mirrorIndex];
      if (!mirror) throw new RangeError(`no mirror ${mirrorIndex}; the sandbox has ${mirrors.length}`);
      if (stopped) throw new Error('sandbox stopped');
      const active = fault === undefined ? undefined : activateFault(fault);
      const wasRefusing = mirror.fault?.kind === 'refuse';
      mirror.fault = active;
      if (active?.kind === 'refuse' && !wasRefusing) {
        await closeServer(mirror);
        mirror.server = makeServer(mirror);
        // Let in-process clients see their pooled keep-alive sockets close, so
        // the next request connects (and is refused) instead of writing to a
        // dead socket, which would read as a reset after the write.
        await delay(REFUSE_SETTLE_MS);
      } else if (active?.kind !== 'refuse' && wasRefusing) {
        await listen(mirror.server, mirror.port);
        mirror.listening = true;
      }
    },
    credits(username) {
      return state.credits(username);
    },
    deliver(msgId, status) {
      const message = state.findMessage(msgId);
      if (!message) return Promise.reject(new Error(`no sandbox message with MsgId ${msgId}`));
      return pushDeliveryReport(message, status);
    },
    get droppedCallbacks() {
      return callbacks.dropped;
    },
    callbacksIdle() {
      return callbacks.idle();
    },
    receive(incoming) {
      const incomingUrl = options.incomingUrl;
      if (!incomingUrl) return Promise.reject(new Error('the sandbox has no incomingUrl'));
      const unicode = incoming.unicode ?? !/^[\x20-\x7e\r\n]*$/.test(incoming.text);
      const params = {
        Shortcode: incoming.to ?? gatewayNumber,
        Sender: incoming.from.replace(/^\+/, ''),
        ContentType: unicode ? String(incoming.contentType ?? 2) : '1',
        Msg: unicode ? iconv.encode(incoming.text, 'utf16-be').toString('hex').toUpperCase() : incoming.text,
      };
      return callbacks.push(() => pushCallback(incomingUrl, params, lifetime.signal));
    },
  };
}

function readBody(incoming: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    incoming.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', reject);
  });
}
