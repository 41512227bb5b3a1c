import {
  type SandboxAnswer,
  SandboxCallbackQueue,
  type SandboxRequest,
  sandboxText,
  sendSandboxCallback,
  startSandboxServers,
} from '@pesan/core/testing/sandbox';
import iconv from 'iconv-lite';
import type { EzsmsSandboxAccount } from './sandbox-account.js';
import { type EzsmsSandboxFault, toKitFault } from './sandbox-faults.js';
import { IIS_404_15_PAGE, IIS_404_PAGE, iisErrorPage } from './sandbox-iis-pages.js';
import type { EzsmsSandboxMessage } from './sandbox-message.js';
import { handleCreditsLeft, handleSend, handleTransfer, type PageContext } from './sandbox-pages.js';
import { SandboxParameters } from './sandbox-parameters.js';
import { type EzsmsSandboxRequest, ezsmsRequestView } from './sandbox-request-view.js';
import { SandboxState } from './sandbox-state.js';

export type { EzsmsSandboxAccount } from './sandbox-account.js';
export type { EzsmsSandboxFault } from './sandbox-faults.js';
export type { EzsmsSandboxMessage, EzsmsSandboxPage } from './sandbox-message.js';
export type { EzsmsSandboxRequest } from './sandbox-request-view.js';

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
  /**
   * Remember the seqno of a refused request too (1704, 1705, ...), so a later
   * request with it answers 1718: a vendor that does. Default false: only
   * accepted requests' seqnos are remembered.
   */
  rememberRefusedSeqno?: boolean;
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

const MAX_MIRRORS = 8;
const MAX_REQUEST_LOG = 1000;
const SEQNO_TTL_MS = 24 * 60 * 60 * 1000;
const DEFAULT_TRANSFER_PATH = '/websmsapi/transferCredits.aspx';
const VENDOR_CODE = /^\d{4}$/;

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

  const push = (url: string, query: Record<string, string>): Promise<number> =>
    callbacks.push(() => sendSandboxCallback(url, { query, signal: lifetime.signal })).then((answer) => answer.status);

  const pushDeliveryReport = (message: EzsmsSandboxMessage, status: number): Promise<number | undefined> => {
    message.status = status;
    const callbackUrl = options.callbackUrl;
    const msgId = message.messageId;
    if (!callbackUrl || msgId === undefined) return Promise.resolve(undefined);
    return push(callbackUrl, { MsgId: msgId, Sender: gatewayNumber, Status: String(status) });
  };

  const pageContext = (mirror: number): PageContext => ({
    state,
    mirror,
    maxRecipients: options.maxRecipients ?? 1000,
    creditsLeftFormat: options.creditsLeftFormat ?? 'pair',
    rememberRefusedSeqno: options.rememberRefusedSeqno ?? false,
    onAccepted: (message) => {
      if (options.autoDeliver === undefined) return;
      const stored = state.findMessage(message.messageId ?? '');
      if (stored) pushDeliveryReport(stored, options.autoDeliver).catch(() => {});
    },
  });

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

  const handle = (request: SandboxRequest): SandboxAnswer => {
    if (request.method !== 'GET' && request.method !== 'POST') {
      return { status: 405, contentType: 'text/html', headers: { allow: 'GET, POST' }, body: IIS_404_PAGE };
    }
    if (Buffer.byteLength(request.rawQuery) > maxQueryStringLength) {
      return { status: 404, contentType: 'text/html; charset=utf-8', body: IIS_404_15_PAGE };
    }
    const answer = answerFor(request.mirror, request.path, new SandboxParameters(request.query, request.form));
    if (answer === undefined) return { status: 404, contentType: 'text/html; charset=utf-8', body: IIS_404_PAGE };
    return sandboxText(answer);
  };

  const servers = await startSandboxServers({
    mirrors: mirrorCount,
    maxRecords: MAX_REQUEST_LOG,
    redactParameters: ['password'],
    errorPage: iisErrorPage,
    vendorCode: { check: (code) => VENDOR_CODE.test(code), answer: (code) => sandboxText(code) },
    handle,
    ...(options.port ? { port: options.port } : {}),
  });

  return {
    url: servers.url,
    urls: servers.urls,
    get messages() {
      return state.messages();
    },
    get requests() {
      return servers.records.map(ezsmsRequestView);
    },
    async stop() {
      if (servers.stopped) return;
      lifetime.abort(new Error('sandbox stopped'));
      // Drops the queued pushes at once; the ones in flight end with the abort.
      const callbacksStopped = callbacks.stop();
      await servers.stop();
      await callbacksStopped;
    },
    async setFault(mirrorIndex, fault) {
      if (!Number.isInteger(mirrorIndex) || mirrorIndex < 0 || mirrorIndex >= servers.urls.length) {
        throw new RangeError(`no mirror ${mirrorIndex}; the sandbox has ${servers.urls.length}`);
      }
      if (servers.stopped) throw new Error('sandbox stopped');
      await servers.setFault(mirrorIndex, fault === undefined ? undefined : toKitFault(fault));
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
      return push(incomingUrl, {
        Shortcode: incoming.to ?? gatewayNumber,
        Sender: incoming.from.replace(/^\+/, ''),
        ContentType: unicode ? String(incoming.contentType ?? 2) : '1',
        Msg: unicode ? iconv.encode(incoming.text, 'utf16-be').toString('hex').toUpperCase() : incoming.text,
      });
    },
  };
}
