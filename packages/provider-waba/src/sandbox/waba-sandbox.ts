import { PesanError } from '@pesan/core';
import {
  SANDBOX_CALLBACK_LIMITS,
  SandboxCallbackQueue,
  type SandboxFaultInput,
  type SandboxRecordedRequest,
  startSandboxServers,
  type VendorSandbox,
  type VendorSandboxMirrorOptions,
} from '@pesan/core/testing/sandbox';
import { WABA_ERROR_CODES } from '../waba-errors.js';
import {
  SandboxLedger,
  type WabaSandboxAccount,
  type WabaSandboxMessage,
  type WabaSandboxTemplate,
} from './sandbox-ledger.js';
import { wabaSandboxError, wabaSandboxPage } from './sandbox-pages.js';
import {
  inboundPayload,
  SandboxWebhooks,
  statusPayload,
  type WabaSandboxInbound,
  type WabaSandboxPush,
  type WabaSandboxStatus,
  type WabaSandboxWebhookShape,
} from './sandbox-webhooks.js';

/** The account a sandbox has when `accounts` is not given. */
export const WABA_SANDBOX_DEFAULT_ACCOUNT: Readonly<WabaSandboxAccount> = Object.freeze({
  appId: 'sandbox-app',
  appSecret: 'sandbox-app-secret',
  username: 'sandbox',
  password: 'sandbox-password',
  credits: 1000,
});

/** The templates a sandbox knows when `templates` is not given. */
export const WABA_SANDBOX_DEFAULT_TEMPLATES: readonly WabaSandboxTemplate[] = Object.freeze([
  { code: 'hello_world', languages: ['en'], category: 'utility' },
  { code: 'order_update', languages: ['en', 'ms'], category: 'utility' },
  { code: 'otp_code', languages: ['en', 'ms'], category: 'authentication' },
  { code: 'promo_sale', languages: ['en'], category: 'marketing' },
]);

/** How long a window stays open after an inbound message: 24 h. */
const WINDOW_MS = 24 * 60 * 60 * 1000;

/** What {@link startWabaSandbox} takes; everything is optional. */
/** Options of {@link startWabaSandbox}: 3 mirrors by default, as the vendor documents three origins. */
export interface WabaSandboxOptions extends VendorSandboxMirrorOptions {
  /** Accounts and their WhatsApp credits. Default: {@link WABA_SANDBOX_DEFAULT_ACCOUNT}. */
  accounts?: WabaSandboxAccount[];
  /** The template registry. Default: {@link WABA_SANDBOX_DEFAULT_TEMPLATES}. */
  templates?: WabaSandboxTemplate[];
  /** Where inbound messages and statuses are POSTed (`response` = base64 JSON). */
  webhookUrl?: string;
  /** The JSON shape pushed: `meta` (default, Meta's envelope) or `flat`. */
  webhookShape?: WabaSandboxWebhookShape;
  /** Statuses pushed for every accepted message, in order. Default `['sent', 'delivered', 'read']`; `[]` for none. */
  statusFlow?: readonly WabaSandboxStatus[];
  /** The sandbox's time in ms (windows open 24 h by it). Default `Date.now`; pass a fake clock's `now`. */
  now?: () => number;
  /** Requests, messages and pushes kept (the newest). Default 10 000. */
  maxRecords?: number;
}

/** A running WhatsApp (iSMS) sandbox: real HTTP servers on 127.0.0.1 sharing accounts, templates and windows. */
export interface WabaSandbox extends VendorSandbox<SandboxFaultInput> {
  /** Requests every mirror received, oldest first, `pwd` and `AppSecret` redacted. */
  readonly requests: readonly SandboxRecordedRequest[];
  /** Accepted messages, oldest first. */
  readonly messages: readonly WabaSandboxMessage[];
  /** Webhooks pushed, oldest first. */
  readonly pushes: readonly WabaSandboxPush[];
  /** Credits left on an account; throws for an unknown username. */
  credits(username: string): number;
  /** Sets an account's credits. */
  setCredits(username: string, credits: number): void;
  /**
   * A contact writes to the business: opens their 24 h window and POSTs the
   * message to the webhook URL (when set). Resolves with the push.
   */
  simulateInbound(inbound: WabaSandboxInbound): Promise<WabaSandboxPush | undefined>;
  /** Opens `contact`'s window without pushing anything (default time: now). */
  openWindow(contact: string, at?: Date): void;
  /** Pushes one status of an accepted message now. */
  pushStatus(messageId: string, status: WabaSandboxStatus): Promise<WabaSandboxPush | undefined>;
  /** Changes where webhooks go (`undefined`: nowhere). */
  setWebhookUrl(url: string | undefined): void;
  /** Resolves once every queued status push has run. */
  callbacksIdle(): Promise<void>;
}

const digits = (number: string) => number.replace(/^\+/, '').replace(/[\s-]/g, '');

/**
 * Starts a WhatsApp (iSMS) sandbox: `isms_send_waba.php` on `mirrors`
 * loopback origins with the vendor's answers and codes, accounts and credits
 * (a template costs 1 credit, a service session 1 credit for its first
 * reply), a template registry (`60006`), 24 h windows opened by simulated
 * inbound messages (`45010` outside them), webhook pushes (inbound messages
 * and `sent` → `delivered` → `read`), and every fault of the sandbox kit
 * per mirror, including any vendor code.
 *
 * @example
 * ```ts
 * const sandbox = await startWabaSandbox({ webhookUrl: messenger.webhooks.callbackUrl('waba', appOrigin) });
 * const provider = waba({ ...credentials, from: '60123450000', baseUrls: [...sandbox.urls] });
 * await sandbox.simulateInbound({ from: '+60198765432', text: 'Hi' }); // opens the window
 * await sandbox.setFault(0, 'refuse');                                 // mirror 1 down
 * await sandbox.stop();
 * ```
 */
export async function startWabaSandbox(options: WabaSandboxOptions = {}): Promise<WabaSandbox> {
  const maxRecords = options.maxRecords ?? 10_000;
  const ledger = new SandboxLedger(options.accounts ?? [WABA_SANDBOX_DEFAULT_ACCOUNT], maxRecords);
  const templates = new Map((options.templates ?? WABA_SANDBOX_DEFAULT_TEMPLATES).map((entry) => [entry.code, entry]));
  const now = options.now ?? Date.now;
  const shape = options.webhookShape ?? 'meta';
  const statusFlow = options.statusFlow ?? ['sent', 'delivered', 'read'];
  const webhooks = new SandboxWebhooks(new SandboxCallbackQueue(SANDBOX_CALLBACK_LIMITS), maxRecords);
  let webhookUrl = options.webhookUrl;
  let inboundSequence = 0;

  const business = (message?: WabaSandboxMessage) =>
    message?.from ?? [...ledger.accounts.values()].find((account) => account.numbers?.length)?.numbers?.[0];

  const pushStatus = async (message: WabaSandboxMessage, status: WabaSandboxStatus) => {
    const url = webhookUrl;
    if (url === undefined) return undefined;
    message.statuses.push(status);
    const payload = statusPayload(message.messageId, message.to, status, new Date(now()), business(message), shape);
    return webhooks.push(url, 'status', payload);
  };

  const servers = await startSandboxServers({
    mirrors: options.mirrors ?? 3,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.maxHangMs === undefined ? {} : { maxHangMs: options.maxHangMs }),
    maxRecords,
    redactParameters: ['pwd', 'AppSecret'],
    vendorCode: {
      check: (code) => /^-?\d+$/.test(code),
      answer: (code) => wabaSandboxError(code, Object.hasOwn(WABA_ERROR_CODES, code) ? undefined : 'Sandbox fault'),
    },
    handle: (request) =>
      wabaSandboxPage(request, {
        ledger,
        templates,
        now,
        windowMs: WINDOW_MS,
        accepted: (message) => {
          if (webhookUrl === undefined || statusFlow.length === 0) return;
          webhooks.enqueue(async () => {
            for (const status of statusFlow) {
              const push = await pushStatus(message, status);
              if (push === undefined || push.answer === undefined || push.answer >= 400) return;
            }
          });
        },
      }),
  });

  const account = (username: string) => {
    const found = ledger.accounts.get(username);
    if (!found) throw new PesanError('INVALID_CONFIG', { message: `No sandbox account "${username}"` });
    return found;
  };

  return {
    url: servers.url,
    urls: servers.urls,
    get requests() {
      return servers.records;
    },
    get messages() {
      return ledger.messages.items;
    },
    get pushes() {
      return webhooks.pushes.items;
    },
    credits: (username) => account(username).credits,
    setCredits: (username, credits) => {
      account(username).credits = credits;
    },
    setFault: (mirror, fault) => servers.setFault(mirror, fault),
    async simulateInbound(inbound) {
      const at = inbound.at ?? new Date(now());
      const from = digits(inbound.from);
      ledger.recordInbound(from, at.getTime());
      inboundSequence += 1;
      const url = webhookUrl;
      if (url === undefined) return undefined;
      const to = inbound.to ?? business();
      const payload = inboundPayload(
        { ...inbound, from, at, ...(to === undefined ? {} : { to: digits(to) }) },
        `wamid.SANDBOX${String(inboundSequence).padStart(6, '0')}`,
        shape,
      );
      return webhooks.push(url, 'inbound', payload);
    },
    openWindow(contact, at) {
      ledger.recordInbound(digits(contact), (at ?? new Date(now())).getTime());
    },
    async pushStatus(messageId, status) {
      const message = ledger.message(messageId);
      if (!message) throw new PesanError('INVALID_CONFIG', { message: `No sandbox message "${messageId}"` });
      return pushStatus(message, status);
    },
    setWebhookUrl(url) {
      webhookUrl = url;
    },
    callbacksIdle: () => webhooks.idle(),
    async stop() {
      await webhooks.stop();
      await servers.stop();
    },
  };
}
