import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { PesanError } from '@pesan/core';
import { type IsmsSandboxPush, type PushRequest, SandboxCallbacks } from './sandbox-callbacks.js';
import {
  HTML_404_PAGE,
  HTML_502_PAGE,
  type IsmsSandboxFault,
  type IsmsSandboxFaultInput,
  normaliseFault,
} from './sandbox-faults.js';
import {
  type IsmsDeliveryStatus,
  type IsmsSandboxAccount,
  type IsmsSandboxMessage,
  SandboxLedger,
} from './sandbox-ledger.js';
import { type IsmsSandboxClassicAnswer, type SandboxAnswer, SandboxProtocol } from './sandbox-protocol.js';
import { type ReadRequest, RequestTooLargeError, readSandboxRequest } from './sandbox-request-reader.js';

/** The account a sandbox has when `accounts` is not given. */
export const ISMS_SANDBOX_DEFAULT_ACCOUNT: Readonly<IsmsSandboxAccount> = Object.freeze({
  username: 'sandbox',
  password: 'sandbox-password',
  credits: 1000,
});

/** What {@link startIsmsSandbox} takes; everything is optional. */
export interface IsmsSandboxOptions {
  /** Accounts (`un`/`pwd`) and their credits. Default: {@link ISMS_SANDBOX_DEFAULT_ACCOUNT}. */
  accounts?: IsmsSandboxAccount[];
  /** How many mirrors (servers) to start, 1 to 8. Default 4, as the vendor documents four origins. */
  mirrors?: number;
  /** Where delivery callbacks are pushed (`?msisdn=&trx_id=&dn_status=` is appended). */
  callbackUrl?: string;
  /**
   * Push `PENDING` then `DELIVERED` for every accepted message on its own
   * (when `callbackUrl` is set). Default true; false leaves pushes to `deliver()`.
   */
  autoDeliver?: boolean;
  /** Port of the first mirror; mirror `i` listens on `port + i`. Default 0 (any free port). */
  port?: number;
  /** Longest `msg` accepted before `-1006`, in characters. Default 900 (the classic page's limit). */
  maxBodyLength?: number;
  /** How long a `hang` fault holds a request before dropping the connection. Default 60 000 ms. */
  maxHangMs?: number;
  /** How many messages, requests and pushes are kept for inspection (the newest). Default 100 000. */
  maxRecords?: number;
  /**
   * How a classic send to `;`-joined numbers is answered. `'one'` (default):
   * one answer for the request, one trx id shared by every number, a bad
   * number failing the request with `-1009`. `'per-recipient'`: one
   * CRLF-separated line per number in request order, each with its own trx
   * id or `-1009`.
   */
  classicAnswer?: IsmsSandboxClassicAnswer;
}

/** One request a mirror received. The password is replaced by `***`. */
export interface IsmsSandboxRequest {
  /** Mirror index (0 is `url`). */
  mirror: number;
  /** `GET` or `POST`. */
  method: string;
  /** E.g. `/isms_send_all_id.php`. */
  path: string;
  /** `content-type` as sent, lower case. */
  contentType: string;
  /** Query and form parameters. */
  parameters: Record<string, string>;
  /** The JSON body, parsed, when there was one. */
  json?: unknown;
  /** The fault the request met, when one was set. */
  fault?: IsmsSandboxFault['type'];
  /** When it arrived. */
  at: Date;
}

/** A running iSMS sandbox: one real HTTP server per mirror on 127.0.0.1, sharing accounts and messages. */
export interface IsmsSandbox {
  /** Origin of the first mirror, e.g. `http://127.0.0.1:50123`. */
  readonly url: string;
  /** Origin of every mirror, in order: pass as the provider's `baseUrls`. */
  readonly urls: readonly string[];
  /** Accepted messages, one per recipient, oldest first. */
  readonly messages: readonly IsmsSandboxMessage[];
  /** Requests received by every mirror, oldest first. */
  readonly requests: readonly IsmsSandboxRequest[];
  /** Delivery callbacks pushed, oldest first. */
  readonly pushes: readonly IsmsSandboxPush[];
  /** Credits left on an account; throws for an unknown username. */
  credits(username: string): number;
  /** Sets an account's credits. */
  setCredits(username: string, credits: number): void;
  /**
   * Installs (or, with `undefined`, clears) a fault on one mirror (0-based).
   * Resolves once it is in force. Shorthands: `'refuse'`, `{ vendorCode: '-1004' }`, ...
   */
  setFault(mirror: number, fault: IsmsSandboxFaultInput | undefined): Promise<void>;
  /** Sets the status of every message of `trxId` (or only `msisdn`'s) and pushes the callbacks. */
  deliver(trxId: string, status: IsmsDeliveryStatus, msisdn?: string): Promise<IsmsSandboxPush[]>;
  /** Changes where callbacks go (`undefined`: nowhere). */
  setCallbackUrl(url: string | undefined): void;
  /** Resolves once every queued callback has been pushed. */
  callbacksIdle(): Promise<void>;
  /** Closes every server and socket, drops pending callbacks and timers. */
  stop(): Promise<void>;
}

interface Mirror {
  index: number;
  server: Server;
  port: number;
  listening: boolean;
  fault: IsmsSandboxFault | undefined;
  sockets: Set<Socket>;
  held: Set<ServerResponse>;
}

const TEXT = 'text/html; charset=UTF-8';
const MAX_MIRRORS = 8;
const REFUSE_SETTLE_MS = 25;

function positiveInteger(value: number | undefined, fallback: number, name: string, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new PesanError('INVALID_CONFIG', { message: `Sandbox option ${name} must be an integer from 1 to ${max}` });
  }
  return value;
}

function redactParameters(parameters: Record<string, string>): Record<string, string> {
  return 'pwd' in parameters ? { ...parameters, pwd: '***' } : { ...parameters };
}

function redactJson(body: string): unknown {
  if (!body.trim().startsWith('{') && !body.trim().startsWith('[')) return undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'pwd' in parsed) {
      return { ...parsed, pwd: '***' };
    }
    return parsed;
  } catch {
    return undefined;
  }
}

function send(response: ServerResponse, answer: SandboxAnswer): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(answer.status, {
    'content-type': answer.contentType,
    'content-length': Buffer.byteLength(answer.body),
  });
  response.end(answer.body);
}

/**
 * Starts an iSMS sandbox: `mirrors` real `node:http` servers on 127.0.0.1
 * speaking `isms_send_all_id.php` (GET and POST form, `;` recipients),
 * `isms_send.php`, `isms_send_json.php`, `isms_send_bulk_json.php`,
 * `isms_balance_json.php` and `isms_balance.php` with the vendor's answers and
 * codes, billing 153 (type 1) or 63 (type 2) characters per credit, pushing
 * delivery callbacks, and injecting faults per mirror.
 *
 * @example
 * ```ts
 * const sandbox = await startIsmsSandbox({ accounts: [{ username: 'u', password: 'p', credits: 100 }] });
 * const provider = isms({ username: 'u', password: 'p', baseUrls: sandbox.urls });
 * await sandbox.setFault(0, { type: 'refuse' }); // the first mirror is down
 * await provider.send({ to: '+60123456789', text: 'Hi' }); // answered by the second
 * await sandbox.stop();
 * ```
 */
export async function startIsmsSandbox(options: IsmsSandboxOptions = {}): Promise<IsmsSandbox> {
  const mirrorCount = positiveInteger(options.mirrors, 4, 'mirrors', MAX_MIRRORS);
  const maxRecords = positiveInteger(options.maxRecords, 100_000, 'maxRecords', 10_000_000);
  const maxHangMs = positiveInteger(options.maxHangMs, 60_000, 'maxHangMs', 600_000);
  const maxBodyLength = positiveInteger(options.maxBodyLength, 900, 'maxBodyLength', 100_000);
  const basePort = options.port ?? 0;
  if (!Number.isInteger(basePort) || basePort < 0 || basePort + mirrorCount - 1 > 65_535) {
    throw new PesanError('INVALID_CONFIG', { message: 'Sandbox option port must be a free TCP port (or 0)' });
  }
  const autoDeliver = options.autoDeliver ?? true;

  const ledger = new SandboxLedger(options.accounts ?? [ISMS_SANDBOX_DEFAULT_ACCOUNT], maxRecords);
  const callbacks = new SandboxCallbacks(options.callbackUrl, maxRecords);
  const requests: IsmsSandboxRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sleepers = new Set<() => void>();
  let stopped = false;

  const pushesFor = (messages: readonly IsmsSandboxMessage[], statuses: IsmsDeliveryStatus[]) =>
    messages.map((message) =>
      callbacks.enqueue(statuses.map((status): PushRequest => ({ msisdn: message.to, trxId: message.trxId, status }))),
    );

  const classicAnswer = options.classicAnswer ?? 'one';
  if (classicAnswer !== 'one' && classicAnswer !== 'per-recipient') {
    throw new PesanError('INVALID_CONFIG', {
      message: "Sandbox option classicAnswer must be 'one' or 'per-recipient'",
    });
  }
  const protocol = new SandboxProtocol(ledger, {
    maxBodyLength,
    classicAnswer,
    onAccepted: (messages) => {
      if (!autoDeliver) return;
      for (const message of messages) message.status = 'DELIVERED';
      void Promise.all(pushesFor(messages, ['PENDING', 'DELIVERED']));
    },
  });

  // Resolved early by stop(), so no handler waits on a cleared timer.
  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        timers.delete(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timers.add(timer);
      sleepers.add(wake);
    });

  const record = (mirror: Mirror, read: ReadRequest, fault: IsmsSandboxFault | undefined) => {
    const json = redactJson(read.body);
    requests.push({
      mirror: mirror.index,
      method: read.method,
      path: read.path,
      contentType: read.contentType,
      parameters: redactParameters(read.parameters),
      ...(json === undefined ? {} : { json }),
      ...(fault === undefined ? {} : { fault: fault.type }),
      at: new Date(),
    });
    const excess = requests.length - maxRecords;
    if (excess > 0) requests.splice(0, excess);
  };

  const answerNormally = (mirror: Mirror, read: ReadRequest): SandboxAnswer => {
    if (read.method !== 'GET' && read.method !== 'POST') {
      return {
        status: 405,
        contentType: TEXT,
        body: HTML_404_PAGE.replace(/404 Not Found|Not Found/g, '405 Method Not Allowed'),
      };
    }
    if (!protocol.serves(read.path)) return { status: 404, contentType: TEXT, body: HTML_404_PAGE };
    return protocol.handle({
      mirror: mirror.index,
      path: read.path,
      method: read.method,
      parameters: read.parameters,
      body: read.body,
    });
  };

  const handle = async (mirror: Mirror, request: IncomingMessage, response: ServerResponse) => {
    let read: ReadRequest;
    try {
      read = await readSandboxRequest(request);
    } catch (error) {
      if (error instanceof RequestTooLargeError) {
        send(response, {
          status: 413,
          contentType: TEXT,
          body: '<html><body>413 Request Entity Too Large</body></html>',
        });
      } else {
        request.socket.destroy();
      }
      return;
    }
    const fault = mirror.fault;
    record(mirror, read, fault);
    if (stopped) {
      request.socket.destroy();
      return;
    }
    switch (fault?.type) {
      case 'refuse':
      case 'reset':
        request.socket.destroy();
        return;
      case 'hang': {
        mirror.held.add(response);
        const timer = setTimeout(() => {
          timers.delete(timer);
          mirror.held.delete(response);
          response.socket?.destroy();
        }, maxHangMs);
        timers.add(timer);
        response.on('close', () => {
          clearTimeout(timer);
          timers.delete(timer);
          mirror.held.delete(response);
        });
        return;
      }
      case 'html502':
        send(response, { status: 502, contentType: TEXT, body: HTML_502_PAGE });
        return;
      case 'vendorCode':
        send(
          response,
          protocol.serves(read.path)
            ? protocol.errorAnswer(read.path, fault.code)
            : { status: 404, contentType: TEXT, body: HTML_404_PAGE },
        );
        return;
      case 'answer':
        send(response, { status: fault.status ?? 200, contentType: fault.contentType ?? TEXT, body: fault.body });
        return;
      case 'slow':
        await delay(fault.ms);
        if (stopped) {
          request.socket.destroy();
          return;
        }
        break;
      default:
        break;
    }
    send(response, answerNormally(mirror, read));
  };

  const listen = (mirror: Mirror, port: number) =>
    new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      mirror.server.once('error', onError);
      mirror.server.listen(port, '127.0.0.1', () => {
        mirror.server.off('error', onError);
        mirror.port = (mirror.server.address() as AddressInfo).port;
        mirror.listening = true;
        resolve();
      });
    });

  const close = (mirror: Mirror) =>
    new Promise<void>((resolve) => {
      for (const response of mirror.held) response.socket?.destroy();
      mirror.held.clear();
      if (!mirror.listening) {
        for (const socket of mirror.sockets) socket.destroy();
        resolve();
        return;
      }
      mirror.listening = false;
      mirror.server.close(() => resolve());
      mirror.server.closeAllConnections();
      for (const socket of mirror.sockets) socket.destroy();
    });

  const mirrors: Mirror[] = [];
  try {
    for (let index = 0; index < mirrorCount; index++) {
      const server = createServer({ keepAliveTimeout: 5_000, requestTimeout: 0 });
      const mirror: Mirror = {
        index,
        server,
        port: 0,
        listening: false,
        fault: undefined,
        sockets: new Set(),
        held: new Set(),
      };
      server.on('connection', (socket: Socket) => {
        mirror.sockets.add(socket);
        socket.on('close', () => mirror.sockets.delete(socket));
      });
      server.on('request', (request: IncomingMessage, response: ServerResponse) => {
        handle(mirror, request, response).catch(() => request.socket.destroy());
      });
      mirrors.push(mirror);
      await listen(mirror, basePort === 0 ? 0 : basePort + index);
    }
  } catch (error) {
    await Promise.all(mirrors.map(close));
    throw new PesanError('INVALID_CONFIG', { message: 'The iSMS sandbox could not listen on 127.0.0.1', cause: error });
  }

  const urls = mirrors.map((mirror) => `http://127.0.0.1:${mirror.port}`);
  const mirrorAt = (index: number): Mirror => {
    const mirror = mirrors[index];
    if (mirror === undefined) {
      throw new PesanError('INVALID_CONFIG', { message: `No sandbox mirror ${index}: there are ${mirrors.length}` });
    }
    return mirror;
  };

  const creditsOf = (username: string): number => {
    const credits = ledger.credits(username);
    if (credits === undefined)
      throw new PesanError('INVALID_CONFIG', { message: `No sandbox account ${JSON.stringify(username)}` });
    return credits;
  };

  return {
    url: urls[0]!,
    urls,
    get messages() {
      return ledger.messages;
    },
    get requests() {
      return requests;
    },
    get pushes() {
      return callbacks.records;
    },
    credits: creditsOf,
    setCredits(username, credits) {
      creditsOf(username);
      ledger.setCredits(username, credits);
    },
    async setFault(index, input) {
      const mirror = mirrorAt(index);
      const fault = input === undefined ? undefined : normaliseFault(input);
      if (stopped) return;
      const previous = mirror.fault;
      mirror.fault = fault;
      if (previous?.type === 'hang' && fault?.type !== 'hang') {
        for (const response of mirror.held) response.socket?.destroy();
        mirror.held.clear();
      }
      if (fault?.type === 'refuse') {
        await close(mirror);
        // Let in-process clients see their pooled keep-alive sockets close, so
        // the next request connects (and is refused) instead of writing to a
        // dead socket, which would read as a reset after the write (`unknown`).
        await new Promise((resolve) => setTimeout(resolve, REFUSE_SETTLE_MS));
      } else if (!mirror.listening) await listen(mirror, mirror.port);
    },
    async deliver(trxId, status, msisdn) {
      const messages = ledger.byTrxId(trxId).filter((message) => msisdn === undefined || message.to === msisdn);
      for (const message of messages) message.status = status;
      const records = await Promise.all(pushesFor(messages, [status]));
      return records.flat();
    },
    setCallbackUrl(url) {
      callbacks.callbackUrl = url;
    },
    callbacksIdle() {
      return callbacks.idle();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      callbacks.stop();
      for (const wake of [...sleepers]) wake();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(mirrors.map(close));
    },
  };
}
