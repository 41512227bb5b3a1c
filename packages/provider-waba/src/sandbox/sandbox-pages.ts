import { type SandboxAnswer, type SandboxRequest, sandboxJson, sandboxText } from '@pesan/core/testing/sandbox';
import { WABA_ERROR_CODES } from '../waba-errors.js';
import type { SandboxLedger, WabaSandboxMessage, WabaSandboxTemplate } from './sandbox-ledger.js';

/** What the pages need besides the request. */
export interface WabaSandboxPageContext {
  ledger: SandboxLedger;
  templates: ReadonlyMap<string, WabaSandboxTemplate>;
  now: () => number;
  windowMs: number;
  accepted: (message: WabaSandboxMessage) => void;
}

const REQUIRED = ['AppId', 'AppSecret', 'un', 'pwd', 'agreedterm', 'ChannelType', 'Type', 'From', 'To'] as const;
const NUMBER = /^[1-9]\d{7,14}$/;

/** The vendor's error answer for `code`, with the text of the page's table. */
export function wabaSandboxError(code: string, message?: string): SandboxAnswer {
  const entry = (WABA_ERROR_CODES as Readonly<Record<string, { description: string }>>)[code];
  return sandboxJson({ statusCode: code, message: message ?? entry?.description ?? 'Error' });
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/**
 * `POST /isms_send_waba.php` (JSON), checked in the order a careful vendor
 * would: parameters (`1008`), credentials (`1001`), recipient (`50500`),
 * template (`60006`) or 24 h window (`45010`), credits (`70502`); then
 * `{ requestId, statusCode: "OK", messageId }`. Anything else is a 404 or 405 page.
 */
export function wabaSandboxPage(request: SandboxRequest, context: WabaSandboxPageContext): SandboxAnswer {
  if (request.path !== '/isms_send_waba.php') {
    return sandboxText('<html><body><h1>404 Not Found</h1></body></html>', {
      status: 404,
      contentType: 'text/html',
    });
  }
  if (request.method !== 'POST') {
    return sandboxText('<html><body><h1>405 Method Not Allowed</h1></body></html>', {
      status: 405,
      contentType: 'text/html',
    });
  }
  const body = request.json;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return wabaSandboxError('1008', 'Missing required parameter: the body is not a JSON object');
  }
  const fields = body as Record<string, unknown>;
  const missing = REQUIRED.filter((name) => text(fields[name]) === undefined);
  if (missing.length > 0) return wabaSandboxError('1008', `Missing required parameter: ${missing.join(', ')}`);
  if (fields.agreedterm !== 'YES') return wabaSandboxError('1008', 'Missing required parameter: agreedterm=YES');
  if (fields.ChannelType !== 'whatsapp') return wabaSandboxError('1008', 'Missing required parameter: ChannelType');

  const account = context.ledger.accounts.get(String(fields.un));
  if (
    account === undefined ||
    account.password !== fields.pwd ||
    account.appId !== fields.AppId ||
    account.appSecret !== fields.AppSecret
  ) {
    return wabaSandboxError('1001');
  }
  const from = String(fields.From);
  if (account.numbers !== undefined && !account.numbers.includes(from)) {
    return wabaSandboxError('1008', 'Missing required parameter: From is not a registered WABA number');
  }
  const to = String(fields.To);
  if (!NUMBER.test(to)) return wabaSandboxError('50500');

  const now = context.now();
  const type = fields.Type;
  let credits: number;
  let content: Pick<WabaSandboxMessage, 'content' | 'template' | 'file'>;
  if (type === 'template') {
    const code = text(fields.TemplateCode);
    const language = text(fields.Language);
    if (code === undefined || language === undefined) {
      return wabaSandboxError('1008', 'Missing required parameter: TemplateCode, Language');
    }
    const params = fields.TemplateParams ?? {};
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      return wabaSandboxError('1008', 'Missing required parameter: TemplateParams must be a JSON object');
    }
    const template = context.templates.get(code);
    if (template === undefined || !(template.languages ?? ['en']).includes(language)) return wabaSandboxError('60006');
    credits = 1;
    content = { template: { code, language, params: params as Record<string, unknown> } };
  } else if (type === 'message' || type === 'file') {
    if (type === 'message' && text(fields.Content) === undefined) {
      return wabaSandboxError('1008', 'Missing required parameter: Content');
    }
    if (type === 'file' && (text(fields.fileUrl) === undefined || text(fields.fileName) === undefined)) {
      return wabaSandboxError('1008', 'Missing required parameter: fileUrl, fileName');
    }
    const start = context.ledger.windowStart(to, now, context.windowMs);
    if (start === undefined) return wabaSandboxError('45010');
    // Service sessions are billed once per window: the first reply pays, later ones are free.
    credits = context.ledger.sessionBilled(to, start) ? 0 : 1;
    if (credits > account.credits) return wabaSandboxError('70502');
    if (credits > 0) context.ledger.billSession(to, start);
    content =
      type === 'message'
        ? { content: String(fields.Content) }
        : { file: { url: String(fields.fileUrl), name: String(fields.fileName) } };
  } else {
    return wabaSandboxError('1008', 'Missing required parameter: Type must be template, message or file');
  }
  if (credits > account.credits) return wabaSandboxError('70502');
  account.credits -= credits;

  const sequence = context.ledger.nextId();
  const message: WabaSandboxMessage = {
    messageId: String(20_240_000_000 + sequence),
    requestId: `SANDBOX-${String(sequence).padStart(8, '0')}`,
    account: account.username,
    type,
    from,
    to,
    ...content,
    credits,
    statuses: [],
    at: new Date(now),
  };
  context.ledger.messages.add(message);
  context.accepted(message);
  return sandboxJson({ requestId: message.requestId, statusCode: 'OK', messageId: message.messageId });
}
