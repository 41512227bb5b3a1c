import { type OutboundMessage, PesanError, toE164 } from '@pesan/core';
import { publicHttpsUrlProblem } from './public-https-url.js';
import { wabaNumber } from './waba-options.js';

/** The vendor's `Type`: a template, free text (`message`) or a file. */
export type WabaMessageType = 'template' | 'message' | 'file';

/** WhatsApp's longest free text, in characters. */
export const WABA_MAX_TEXT_LENGTH = 4096;

/**
 * The JSON body of `isms_send_waba.php`, fields named and ordered as the
 * vendor's parameter table names them. Numbers are international digits
 * without `+`.
 */
export interface WabaRequestBody {
  AppId: string;
  AppSecret: string;
  un: string;
  pwd: string;
  agreedterm: 'YES';
  ChannelType: 'whatsapp';
  Type: WabaMessageType;
  From: string;
  To: string;
  /** `template` only. */
  TemplateCode?: string;
  /** `template` only. */
  Language?: string;
  /** `template` only: variable values as a JSON object. */
  TemplateParams?: Record<string, string>;
  /** `message` only. */
  Content?: string;
  /** `file` only: a direct, public URL. */
  fileUrl?: string;
  /** `file` only: the name the recipient sees. */
  fileName?: string;
}

/** The account fields of every request. */
export interface WabaCredentials {
  appId: string;
  appSecret: string;
  username: string;
  password: string;
}

/** A message ready for the vendor, and what pesan should tell about it. */
export interface WabaRequest {
  type: WabaMessageType;
  /** Recipient in E.164. */
  to: string;
  body: WabaRequestBody;
  /** Notes for the result (text the vendor's file message cannot carry). */
  notes: string[];
}

function invalid(provider: string, message: string, code: 'INVALID_MESSAGE' | 'INVALID_SENDER' = 'INVALID_MESSAGE') {
  return new PesanError(code, { provider, outcome: 'rejected', message });
}

/**
 * Builds the request for one WhatsApp message (`to` already E.164):
 * `template` → `Type: "template"` with `TemplateCode`, `Language`,
 * `TemplateParams`; `media` → `Type: "file"` with `fileUrl`, `fileName`
 * (a public `https:` URL only); `text` alone → `Type: "message"` with
 * `Content`. A template's `text` is its SMS fallback and is not sent by
 * WhatsApp; the vendor's file message has no caption, so a file's `text` is
 * not sent either (the result says so). Throws `PesanError` before any request.
 */
export function wabaRequest(
  message: OutboundMessage,
  credentials: WabaCredentials,
  from: string,
  provider: string,
  defaultRegion: Parameters<typeof toE164>[1],
): WabaRequest {
  if ((message.channel ?? 'sms') !== 'whatsapp') {
    throw invalid(provider, `${provider} carries WhatsApp only: send with channel "whatsapp"`);
  }
  if (message.template && message.media) {
    throw invalid(provider, 'A WhatsApp message is a template, a file or free text, not a template with a file');
  }
  let sender = from;
  if (message.from !== undefined) {
    try {
      sender = toE164(message.from, defaultRegion);
    } catch {
      throw invalid(provider, 'from must be the registered WABA phone number', 'INVALID_SENDER');
    }
  }
  const base = {
    AppId: credentials.appId,
    AppSecret: credentials.appSecret,
    un: credentials.username,
    pwd: credentials.password,
    agreedterm: 'YES' as const,
    ChannelType: 'whatsapp' as const,
  };
  const numbers = { From: wabaNumber(sender), To: wabaNumber(message.to) };
  if (message.template) {
    return {
      type: 'template',
      to: message.to,
      body: {
        ...base,
        Type: 'template',
        ...numbers,
        TemplateCode: message.template.name,
        Language: message.template.language,
        TemplateParams: { ...(message.template.params ?? {}) },
      },
      notes: [],
    };
  }
  if (message.media) {
    const problem = publicHttpsUrlProblem(message.media.url);
    if (problem) throw invalid(provider, `media.url ${problem}`);
    return {
      type: 'file',
      to: message.to,
      body: { ...base, Type: 'file', ...numbers, fileUrl: message.media.url, fileName: message.media.filename },
      notes: message.text ? ['The vendor’s file message has no caption: text was not sent by WhatsApp'] : [],
    };
  }
  const text = message.text ?? '';
  if (text.trim() === '') throw invalid(provider, 'A WhatsApp message needs text, a template or a file');
  if ([...text].length > WABA_MAX_TEXT_LENGTH) {
    throw invalid(provider, `WhatsApp text is at most ${WABA_MAX_TEXT_LENGTH} characters`);
  }
  return { type: 'message', to: message.to, body: { ...base, Type: 'message', ...numbers, Content: text }, notes: [] };
}
