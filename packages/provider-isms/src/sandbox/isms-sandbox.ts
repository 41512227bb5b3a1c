import { PesanError } from '@pesan/core';
import {
  type SandboxRecordedRequest,
  startSandboxServers,
  type VendorSandbox,
  type VendorSandboxMirrorOptions,
} from '@pesan/core/testing/sandbox';
import { type IsmsSandboxPush, type PushRequest, SandboxCallbacks } from './sandbox-callbacks.js';
import { type IsmsSandboxFaultInput, ismsVendorCodes } from './sandbox-faults.js';
import { type IsmsSandboxAccount, SandboxLedger } from './sandbox-ledger.js';
import type { IsmsDeliveryStatus, IsmsSandboxMessage } from './sandbox-message.js';
import { type IsmsSandboxClassicAnswer, SANDBOX_TEXT_TYPE, SandboxProtocol } from './sandbox-protocol.js';

export { SANDBOX_CHARACTERS_PER_CREDIT } from './sandbox-billing.js';
export type { IsmsSandboxPush } from './sandbox-callbacks.js';
export { type IsmsSandboxFault, type IsmsSandboxFaultInput, SANDBOX_MAX_DELAY_MS } from './sandbox-faults.js';
export type { IsmsSandboxAccount } from './sandbox-ledger.js';
export type { IsmsDeliveryStatus, IsmsSandboxMessage } from './sandbox-message.js';
export type { IsmsSandboxClassicAnswer } from './sandbox-protocol.js';

/** The account a sandbox has when `accounts` is not given. */
export const ISMS_SANDBOX_DEFAULT_ACCOUNT: Readonly<IsmsSandboxAccount> = Object.freeze({
  username: 'sandbox',
  password: 'sandbox-password',
  credits: 1000,
});

/** What {@link startIsmsSandbox} takes; everything is optional. */
export interface IsmsSandboxOptions extends VendorSandboxMirrorOptions {
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
  /** Longest `msg` accepted before `-1006`, in characters. Default 900 (the classic page's limit). */
  maxBodyLength?: number;
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

/**
 * One request a mirror received, as the kit records it: method, path, query
 * and form parameters, the JSON body, the fault it met and the answer. `pwd`
 * is replaced by `***`.
 */
export type IsmsSandboxRequest = SandboxRecordedRequest;

/** A running iSMS sandbox: one real HTTP server per mirror on 127.0.0.1, sharing accounts and messages. */
export interface IsmsSandbox extends VendorSandbox<IsmsSandboxFaultInput> {
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
  /** Sets the status of every message of `trxId` (or only `msisdn`'s) and pushes the callbacks. */
  deliver(trxId: string, status: IsmsDeliveryStatus, msisdn?: string): Promise<IsmsSandboxPush[]>;
  /** Changes where callbacks go (`undefined`: nowhere). */
  setCallbackUrl(url: string | undefined): void;
  /** Resolves once every queued callback has been pushed. */
  callbacksIdle(): Promise<void>;
}

const MAX_MIRRORS = 8;

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
  const mirrors = options.mirrors ?? 4;
  if (!Number.isInteger(mirrors) || mirrors < 1 || mirrors > MAX_MIRRORS) {
    throw new PesanError('INVALID_CONFIG', {
      message: `Sandbox option mirrors must be an integer from 1 to ${MAX_MIRRORS}`,
    });
  }
  const maxRecords = options.maxRecords ?? 100_000;
  const maxBodyLength = options.maxBodyLength ?? 900;
  if (!Number.isInteger(maxBodyLength) || maxBodyLength < 1 || maxBodyLength > 100_000) {
    throw new PesanError('INVALID_CONFIG', {
      message: 'Sandbox option maxBodyLength must be an integer from 1 to 100000',
    });
  }
  const classicAnswer = options.classicAnswer ?? 'one';
  if (classicAnswer !== 'one' && classicAnswer !== 'per-recipient') {
    throw new PesanError('INVALID_CONFIG', {
      message: "Sandbox option classicAnswer must be 'one' or 'per-recipient'",
    });
  }
  const autoDeliver = options.autoDeliver ?? true;
  const ledger = new SandboxLedger(options.accounts ?? [ISMS_SANDBOX_DEFAULT_ACCOUNT], maxRecords);
  const callbacks = new SandboxCallbacks(options.callbackUrl, maxRecords);

  const pushesFor = (messages: readonly IsmsSandboxMessage[], statuses: IsmsDeliveryStatus[]) =>
    messages.map((message) =>
      callbacks.enqueue(statuses.map((status): PushRequest => ({ msisdn: message.to, trxId: message.trxId, status }))),
    );

  const protocol = new SandboxProtocol(ledger, {
    maxBodyLength,
    classicAnswer,
    onAccepted: (messages) => {
      if (!autoDeliver) return;
      for (const message of messages) message.status = 'DELIVERED';
      void Promise.all(pushesFor(messages, ['PENDING', 'DELIVERED']));
    },
  });

  const servers = await startSandboxServers({
    mirrors,
    maxRecords,
    redactParameters: ['pwd'],
    answerContentType: SANDBOX_TEXT_TYPE,
    vendorCode: ismsVendorCodes(protocol),
    handle: (request) => protocol.answer(request),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.maxHangMs === undefined ? {} : { maxHangMs: options.maxHangMs }),
  });

  const creditsOf = (username: string): number => {
    const credits = ledger.credits(username);
    if (credits === undefined)
      throw new PesanError('INVALID_CONFIG', { message: `No sandbox account ${JSON.stringify(username)}` });
    return credits;
  };

  return {
    url: servers.url,
    urls: servers.urls,
    get messages() {
      return ledger.messages;
    },
    get requests() {
      return servers.records;
    },
    get pushes() {
      return callbacks.records;
    },
    credits: creditsOf,
    setCredits(username, credits) {
      creditsOf(username);
      ledger.setCredits(username, credits);
    },
    setFault: (mirror, fault) => servers.setFault(mirror, fault),
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
      callbacks.stop();
      await servers.stop();
    },
  };
}
