import type { SandboxAnswer, SandboxRequest } from '@pesan/core/testing/sandbox';
import { creditsFor, isVendorAscii, vendorLength } from './sandbox-billing.js';
import type { IsmsSandboxAccount, SandboxLedger } from './sandbox-ledger.js';
import type { IsmsSandboxMessage } from './sandbox-message.js';
import { vendorErrorLine, vendorErrorObject, vendorSuccessLine } from './sandbox-vendor-answers.js';

/**
 * How a classic send to `;`-joined numbers is answered: `'one'` answer for the
 * request (one trx id shared by every number, as the pages' examples show), or
 * `'per-recipient'`: one line per number, CRLF-separated, in request order,
 * each with its own trx id or error (the classic page: "a corresponding
 * response value for each message").
 */
export type IsmsSandboxClassicAnswer = 'one' | 'per-recipient';

/** The endpoints the sandbox speaks. */
export const SANDBOX_ENDPOINTS = [
  '/isms_send_all_id.php',
  '/isms_send.php',
  '/isms_send_json.php',
  '/isms_send_bulk_json.php',
  '/isms_balance_json.php',
  '/isms_balance.php',
] as const;

/** Most messages one JSON request may carry. */
export const SANDBOX_MAX_JSON_MESSAGES = 50;

// PHP labels its plain-text answers text/html; so does the sandbox.
export const SANDBOX_TEXT_TYPE = 'text/html; charset=UTF-8';
const TEXT = SANDBOX_TEXT_TYPE;
const JSON_TYPE = 'application/json';
const NUMBER_PATTERN = /^\d{8,15}$/;

/** The web server's own page for a path it does not serve (404) or a method it does not take (405). */
function webServerPage(status: 404 | 405): SandboxAnswer {
  const title = status === 404 ? '404 Not Found' : '405 Method Not Allowed';
  const body = `<!DOCTYPE html>
<html><head><title>${title}</title></head>
<body><h1>${title.slice(4)}</h1><p>The requested URL was not found on this server.</p></body>
</html>
`;
  return { status, contentType: TEXT, body };
}

function text(body: string): SandboxAnswer {
  return { status: 200, contentType: TEXT, body };
}

function json(value: unknown): SandboxAnswer {
  return { status: 200, contentType: JSON_TYPE, body: JSON.stringify(value) };
}

/** `601X-XXXXXXX` style numbers: digits, dashes allowed, no `+`. */
function normaliseNumber(value: string): string | undefined {
  const digits = value.trim().replace(/-/g, '');
  return NUMBER_PATTERN.test(digits) ? digits : undefined;
}

function readType(value: unknown): 1 | 2 | undefined {
  const textValue = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return textValue === '1' ? 1 : textValue === '2' ? 2 : undefined;
}

function agreed(value: unknown): boolean {
  return typeof value === 'string' && value.trim().toUpperCase() === 'YES';
}

function missing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value === '');
}

/** A body problem the vendor reports: too long, or anything but ASCII sent as type 1 ("1 = ASCII"). */
function bodyProblem(message: string, type: 1 | 2, maxBodyLength: number): string | undefined {
  const length = vendorLength(message);
  if (length < 1 || length > maxBodyLength) return '-1006';
  if (type === 1 && !isVendorAscii(message)) return '-1012';
  return undefined;
}

/** The vendor's behaviour, endpoint by endpoint, over a shared ledger. */
export class SandboxProtocol {
  readonly #ledger: SandboxLedger;
  readonly #maxBodyLength: number;
  readonly #onAccepted: (messages: readonly IsmsSandboxMessage[]) => void;
  readonly #now: () => Date;
  readonly #classicAnswer: IsmsSandboxClassicAnswer;

  constructor(
    ledger: SandboxLedger,
    options: {
      maxBodyLength: number;
      onAccepted: (messages: readonly IsmsSandboxMessage[]) => void;
      now?: () => Date;
      classicAnswer?: IsmsSandboxClassicAnswer;
    },
  ) {
    this.#ledger = ledger;
    this.#maxBodyLength = options.maxBodyLength;
    this.#classicAnswer = options.classicAnswer ?? 'one';
    this.#onAccepted = options.onAccepted;
    this.#now = options.now ?? (() => new Date());
  }

  /** Whether the path is one the vendor serves. */
  serves(path: string): boolean {
    return (SANDBOX_ENDPOINTS as readonly string[]).includes(path);
  }

  /** Whether the endpoint answers JSON errors (`{ status: 'error', ... }`). */
  answersJson(path: string): boolean {
    return path === '/isms_send_json.php' || path === '/isms_balance_json.php';
  }

  /** The vendor's answer for a vendor code on `path`, for the `vendorCode` fault (404 on paths it does not serve). */
  errorAnswer(path: string, code: string): SandboxAnswer {
    if (!this.serves(path)) return webServerPage(404);
    if (code === '2000')
      return path === '/isms_send_json.php'
        ? json({ total_failed: 0, total_credits_used: 0, results: [] })
        : text(vendorSuccessLine());
    return this.answersJson(path) ? json(vendorErrorObject(code)) : text(vendorErrorLine(code));
  }

  /** Answers one request as the vendor's web server does: 405 for other methods, 404 for other paths. */
  answer(request: SandboxRequest): SandboxAnswer {
    if (request.method !== 'GET' && request.method !== 'POST') return webServerPage(405);
    return this.serves(request.path) ? this.handle(request) : webServerPage(404);
  }

  /** Handles one request to a served path. */
  handle(request: SandboxRequest): SandboxAnswer {
    switch (request.path) {
      case '/isms_send_all_id.php':
        return this.#classicSend(request, true);
      case '/isms_send.php':
        return this.#classicSend(request, false);
      case '/isms_send_json.php':
        return this.#jsonSend(request, 'results');
      case '/isms_send_bulk_json.php':
        return this.#jsonSend(request, 'lines');
      case '/isms_balance_json.php':
        return this.#balance(request, true);
      default:
        return this.#balance(request, false);
    }
  }

  #account(username: unknown, password: unknown): { account?: IsmsSandboxAccount; code?: string } {
    if (missing(username) || missing(password)) return { code: '-1008' };
    const account = this.#ledger.authenticate(String(username), String(password));
    if (account === undefined) return { code: '-1001' };
    if (account.suspended) return { code: '-1002' };
    return { account };
  }

  #classicSend(request: SandboxRequest, answersId: boolean): SandboxAnswer {
    const { un, pwd, dstno, msg, type, agreedterm } = request.parameters;
    if ([un, pwd, dstno, msg, type].some(missing)) return text(vendorErrorLine('-1008'));
    const { account, code } = this.#account(un, pwd);
    if (account === undefined) return text(vendorErrorLine(code ?? '-1001'));
    if (!agreed(agreedterm)) return text(vendorErrorLine('-1013'));
    const smsType = readType(type);
    if (smsType === undefined) return text(vendorErrorLine('-1005'));
    const problem = bodyProblem(msg!, smsType, this.#maxBodyLength);
    if (problem !== undefined) return text(vendorErrorLine(problem));
    const recipients = dstno!.split(';').filter((part) => part.trim() !== '');
    if (recipients.length === 0) return text(vendorErrorLine('-1008'));
    const numbers = recipients.map(normaliseNumber);
    if (this.#classicAnswer === 'per-recipient' && recipients.length > 1) {
      return this.#classicSendPerRecipient(request, account, numbers, answersId);
    }
    if (numbers.some((number) => number === undefined)) return text(vendorErrorLine('-1009'));
    const perRecipient = creditsFor(msg!, smsType);
    if (account.credits < perRecipient * numbers.length) return text(vendorErrorLine('-1004'));

    const trxId = this.#ledger.nextTrxId();
    const messages = numbers.map((to) => this.#classicMessage(request, account, to!, trxId, smsType, perRecipient));
    this.#ledger.accept(account, messages);
    this.#onAccepted(messages);
    return text(vendorSuccessLine(answersId ? trxId : undefined));
  }

  // One line per number: a bad number gets its own -1009, the others are sent
  // with a trx id each. Credits stay all or nothing for the request.
  #classicSendPerRecipient(
    request: SandboxRequest,
    account: IsmsSandboxAccount,
    numbers: (string | undefined)[],
    answersId: boolean,
  ): SandboxAnswer {
    const { msg, type } = request.parameters;
    const smsType = readType(type)!;
    const perRecipient = creditsFor(msg!, smsType);
    const valid = numbers.filter((number) => number !== undefined).length;
    if (account.credits < perRecipient * valid) return text(vendorErrorLine('-1004'));
    const messages: IsmsSandboxMessage[] = [];
    const lines = numbers.map((to) => {
      if (to === undefined) return vendorErrorLine('-1009');
      const trxId = this.#ledger.nextTrxId();
      messages.push(this.#classicMessage(request, account, to, trxId, smsType, perRecipient));
      return vendorSuccessLine(answersId ? trxId : undefined);
    });
    this.#ledger.accept(account, messages);
    this.#onAccepted(messages);
    return text(lines.join('\r\n'));
  }

  #classicMessage(
    request: SandboxRequest,
    account: IsmsSandboxAccount,
    to: string,
    trxId: string,
    type: 1 | 2,
    credits: number,
  ): IsmsSandboxMessage {
    const { msg, sendid } = request.parameters;
    return {
      trxId,
      mirror: request.mirror,
      endpoint: request.path,
      username: account.username,
      to,
      text: msg!,
      type,
      ...(missing(sendid) ? {} : { senderId: sendid }),
      credits,
      status: 'PENDING',
      at: this.#now(),
    };
  }

  #jsonSend(request: SandboxRequest, shape: 'results' | 'lines'): SandboxAnswer {
    const fail = (code: string) => (shape === 'results' ? json(vendorErrorObject(code)) : text(vendorErrorLine(code)));
    let payload: unknown;
    try {
      payload = JSON.parse(request.body);
    } catch {
      return fail('-1014');
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return fail('-1014');
    const body = payload as Record<string, unknown>;
    const { account, code } = this.#account(body.un, body.pwd);
    if (account === undefined) return fail(code ?? '-1001');
    if (!agreed(body.agreedterm)) return fail('-1013');
    const smsType = readType(body.type);
    if (smsType === undefined) return fail(missing(body.type) ? '-1008' : '-1005');
    if (!Array.isArray(body.messages) || body.messages.length === 0) return fail('-1008');
    if (body.messages.length > SANDBOX_MAX_JSON_MESSAGES) return fail('-1010');
    const senderId = typeof body.sendid === 'string' && body.sendid !== '' ? body.sendid : undefined;

    const at = this.#now();
    const checked = body.messages.map((entry: unknown) => {
      const item = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
      const dstno = typeof item.dstno === 'string' ? item.dstno : '';
      const message = typeof item.msg === 'string' ? item.msg : undefined;
      if (message === undefined || dstno === '') return { dstno, code: '-1008' };
      const number = normaliseNumber(dstno);
      if (number === undefined) return { dstno, code: '-1009' };
      const problem = bodyProblem(message, smsType, this.#maxBodyLength);
      if (problem !== undefined) return { dstno, code: problem };
      return { dstno, code: '2000', number, message, credits: creditsFor(message, smsType) };
    });
    const needed = checked.reduce((sum, item) => sum + (item.credits ?? 0), 0);
    if (account.credits < needed) return fail('-1004');

    const accepted: IsmsSandboxMessage[] = [];
    const results = checked.map((item) => {
      if (item.code !== '2000') return { ...item, trxId: '' };
      const trxId = this.#ledger.nextTrxId();
      accepted.push({
        trxId,
        mirror: request.mirror,
        endpoint: request.path,
        username: account.username,
        to: item.number!,
        text: item.message!,
        type: smsType,
        ...(senderId === undefined ? {} : { senderId }),
        credits: item.credits!,
        status: 'PENDING',
        at,
      });
      return { ...item, trxId };
    });
    this.#ledger.accept(account, accepted);
    this.#onAccepted(accepted);

    if (shape === 'lines') {
      return json(
        results.map((item) => (item.code === '2000' ? vendorSuccessLine(item.trxId) : vendorErrorLine(item.code))),
      );
    }
    return json({
      total_failed: results.filter((item) => item.code !== '2000').length,
      total_credits_used: needed,
      results: results.map((item) => ({ dstno: item.dstno, code: Number(item.code), sms_id: item.trxId })),
    });
  }

  #balance(request: SandboxRequest, answersJson: boolean): SandboxAnswer {
    let parameters: Record<string, unknown> = request.parameters;
    if (request.body.trim().startsWith('{')) {
      try {
        parameters = { ...parameters, ...(JSON.parse(request.body) as Record<string, unknown>) };
      } catch {
        return answersJson ? json(vendorErrorObject('-1014')) : text(vendorErrorLine('-1014'));
      }
    }
    const { account, code } = this.#account(parameters.un, parameters.pwd);
    if (account === undefined) {
      return answersJson ? json(vendorErrorObject(code ?? '-1001')) : text(vendorErrorLine(code ?? '-1001'));
    }
    const amount = account.credits.toFixed(2);
    return answersJson ? json({ balance: amount }) : text(amount);
  }
}
