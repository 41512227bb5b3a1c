import iconv from 'iconv-lite';
import type { AccountState } from './sandbox-account.js';
import { sandboxParts } from './sandbox-billing.js';
import type { EzsmsSandboxMessage, EzsmsSandboxPage } from './sandbox-message.js';
import type { SandboxParameters } from './sandbox-parameters.js';
import type { SandboxState } from './sandbox-state.js';

/** What a page handler needs besides the parameters. */
export interface PageContext {
  state: SandboxState;
  mirror: number;
  /** Most recipients one `ISendSMSNoDR.aspx` request may carry. */
  maxRecipients: number;
  /** Output format of `creditsLeft.aspx`. */
  creditsLeftFormat: 'bare' | 'pair' | 'labelled';
  /** Called for each message accepted with a `MsgId`. */
  onAccepted(message: EzsmsSandboxMessage): void;
  /** Remember the seqno of a refused request too (a vendor that does); by default only accepted ones are kept. */
  rememberRefusedSeqno?: boolean;
}

const MOBILE = /^\d{8,15}$/;
const NUMERIC_SENDER = /^\d{1,13}$/;
const ALPHANUMERIC_SENDER = /^[A-Za-z0-9]{1,11}$/;
const BARCODE_TYPES = new Set(['ems', 'nokia', 'mms', 'textmsg', 'textlink']);
const SEQNO_MAX_LENGTH = 20;

/** A `message` parameter decoded. */
export interface DecodedBody {
  encoding: 'text' | 'unicode' | 'binary';
  text?: string;
  hex?: string;
  udh?: string;
  /** Characters, UTF-16 units or bytes, by encoding. */
  length: number;
}

/**
 * `ISendSMS.aspx`, `ISendSMSNoDR.aspx` and `ISendSMS2D.aspx`. The dedupe key
 * is `seqno` or `sseqno` (the spec spells it both ways), one per request: a
 * repeat within 24 h answers 1718 and sends nothing, for a whole
 * `ISendSMSNoDR.aspx` group too. Only an accepted request's seqno is kept,
 * unless `rememberRefusedSeqno` is set.
 */
export function handleSend(page: EzsmsSandboxPage, params: SandboxParameters, context: PageContext): string {
  const { state } = context;
  const account = state.authenticate(params.get('username'), params.get('password'));
  if (!account) return '1702';
  const username = account.account.username;
  const seqno = params.get('seqno') || params.get('sseqno') || '';
  if (seqno.length > SEQNO_MAX_LENGTH) return '1706';
  if (seqno !== '' && state.isDuplicate(username, 'send', seqno)) return '1718';
  const answer = send(page, params, context, account, seqno);
  if (seqno !== '' && (answer.startsWith('1701') || context.rememberRefusedSeqno)) {
    state.rememberSeqno(username, 'send', seqno);
  }
  return answer;
}

function send(
  page: EzsmsSandboxPage,
  params: SandboxParameters,
  context: PageContext,
  account: AccountState,
  seqno: string,
): string {
  const { state } = context;
  const username = account.account.username;
  const mobiles = (params.get('mobile') ?? '').split(',').map((mobile) => mobile.trim());
  if (page !== 'ISendSMSNoDR' && mobiles.length !== 1) return '1705';
  if (mobiles.length > context.maxRecipients || !mobiles.every((mobile) => MOBILE.test(mobile))) return '1705';

  const sender = params.get('sender');
  if (sender !== undefined && sender !== '' && !NUMERIC_SENDER.test(sender) && !ALPHANUMERIC_SENDER.test(sender)) {
    return '1706';
  }

  const message = params.get('message') ?? '';
  let type: number | undefined;
  let msgType: string | undefined;
  let body: DecodedBody | undefined;
  let barcode: string | undefined;
  if (page === 'ISendSMS2D') {
    msgType = params.get('msgtype')?.toLowerCase();
    if (msgType === undefined || !BARCODE_TYPES.has(msgType) || message === '') return '1706';
    barcode = String(state.nextMessageId()).padStart(12, '0');
    const text = message.replaceAll(/%barcode%/gi, barcode);
    body = { encoding: 'text', text, length: text.length };
  } else {
    type = Number(params.get('type'));
    body = decodeSandboxMessage(type, message);
    if (!body) return '1706';
  }

  const parts = sandboxParts(body.encoding, body.length);
  if (!state.charge(account, parts * mobiles.length)) return '1704';

  const messageId = page === 'ISendSMSNoDR' ? undefined : state.nextMessageId();
  for (const mobile of mobiles) {
    const record: EzsmsSandboxMessage = {
      page,
      mirror: context.mirror,
      username,
      mobile,
      flash: type === 2 || type === 4,
      encoding: body.encoding,
      message,
      parts,
      acceptedAt: state.now(),
      ...(messageId === undefined ? {} : { messageId }),
      ...(sender ? { sender } : {}),
      ...(type === undefined ? {} : { type }),
      ...(msgType === undefined ? {} : { msgType }),
      ...(body.text === undefined ? {} : { text: body.text }),
      ...(body.hex === undefined ? {} : { hex: body.hex }),
      ...(body.udh === undefined ? {} : { udh: body.udh }),
      ...(seqno === '' ? {} : { seqno }),
      ...(barcode === undefined ? {} : { barcode }),
    };
    state.addMessage(record);
    if (messageId !== undefined) context.onAccepted(record);
  }
  return messageId === undefined ? '1701' : `1701:${messageId}`;
}

/** `creditsLeft.aspx`. */
export function handleCreditsLeft(params: SandboxParameters, context: PageContext): string {
  const account = context.state.authenticate(params.get('username'), params.get('password'));
  if (!account) return '1702';
  switch (context.creditsLeftFormat) {
    case 'bare':
      return String(account.credits);
    case 'labelled':
      return `Total Credit Used: ${account.used}, Credit Left: ${account.credits}`;
    default:
      return `${account.used},${account.credits}`;
  }
}

/** The credit-transfer page (path undocumented). */
export function handleTransfer(params: SandboxParameters, context: PageContext): string {
  const { state } = context;
  const reseller = state.authenticate(params.get('username'), params.get('password'));
  if (!reseller) return '1702';
  const username = reseller.account.username;
  const seqno = params.get('seqno') ?? '';
  if (seqno.length > SEQNO_MAX_LENGTH) return '1709';
  if (seqno !== '' && state.isDuplicate(username, 'transfer', seqno)) return '1718';
  const answer = transfer(params, context, reseller);
  if (seqno !== '' && (answer === '1707' || context.rememberRefusedSeqno)) {
    state.rememberSeqno(username, 'transfer', seqno);
  }
  return answer;
}

function transfer(params: SandboxParameters, context: PageContext, reseller: AccountState): string {
  const { state } = context;
  const customer = state.account(params.get('cust') ?? '');
  if (!reseller.account.reseller || !customer || customer === reseller) return '1708';
  const value = params.get('credit') ?? '';
  if (!/^\d{1,9}$/.test(value) || Number(value) <= 0) return '1709';
  const amount = Number(value);
  if (!state.charge(reseller, amount)) return '1704';
  reseller.used -= amount;
  customer.credits += amount;
  return '1707';
}

/** Decodes a `message` parameter by `type` as the vendor does; `undefined` when the vendor would answer 1706. */
export function decodeSandboxMessage(type: number, message: string): DecodedBody | undefined {
  if (message === '') return undefined;
  switch (type) {
    case 1:
    case 2:
      return { encoding: 'text', text: message, length: message.length };
    case 3:
    case 4: {
      if (!/^(?:[0-9A-Fa-f]{4})+$/.test(message)) return undefined;
      const text = iconv.decode(Buffer.from(message, 'hex'), 'utf16-be');
      return { encoding: 'unicode', text, length: message.length / 4 };
    }
    case 5: {
      if (!/^(?:[0-9A-Fa-f]{2})+$/.test(message)) return undefined;
      const bytes = Buffer.from(message, 'hex');
      const headerLength = (bytes[0] ?? 0) + 1;
      if (bytes.length <= headerLength) return undefined;
      return {
        encoding: 'binary',
        udh: bytes.subarray(0, headerLength).toString('hex').toUpperCase(),
        hex: bytes.subarray(headerLength).toString('hex').toUpperCase(),
        length: bytes.length,
      };
    }
    case 6:
      if (!/^(?:[0-9A-Fa-f]{2})+$/.test(message)) return undefined;
      return { encoding: 'binary', hex: message.toUpperCase(), length: message.length / 2 };
    default:
      return undefined;
  }
}
