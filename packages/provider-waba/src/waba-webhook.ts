import {
  type CountryCode,
  type InboundWebhookEvent,
  type MessageStatus,
  PesanError,
  type StatusScope,
  type StatusWebhookEvent,
  toE164,
  type WebhookEvent,
  type WebhookRequest,
} from '@pesan/core';
import { decodeWabaWebhook } from './waba-webhook-payload.js';

/** A file, image, audio or video that came with an inbound WhatsApp message. */
export interface WabaInboundMedia {
  /** `image`, `document`, `audio`, `video`, `sticker`, or `file` for a flat payload. */
  kind: string;
  /** A URL to fetch it, when the payload has one. */
  url?: string;
  /** The media id (Meta's shape), to fetch it through the platform. */
  id?: string;
  /** MIME type, when given. */
  mimeType?: string;
  /** File name, when given. */
  filename?: string;
}

/** An inbound WhatsApp message, with its media when it carried one. */
export interface WabaInboundEvent extends InboundWebhookEvent {
  /** The media the message carried (its caption, if any, is `text`). */
  media?: WabaInboundMedia;
}

/** Options of {@link parseWabaWebhook}. */
export interface WabaWebhookOptions {
  /** Provider instance id, for errors. */
  provider: string;
  /** Region for a sender written without its country code. */
  defaultRegion: CountryCode;
  /** When a payload carries no time. */
  now: () => Date;
}

/**
 * WhatsApp statuses and how far each one vouches. `sent` is the WhatsApp
 * platform's (the message left the business); `delivered` and `read` are the
 * handset's own receipts; `failed` is the platform giving up.
 */
export const WABA_STATUSES: Readonly<Record<string, { status: MessageStatus; scope: StatusScope }>> = {
  sent: { status: 'sent', scope: 'platform' },
  delivered: { status: 'delivered', scope: 'handset' },
  read: { status: 'read', scope: 'handset' },
  failed: { status: 'failed', scope: 'platform' },
};

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const scalar = (value: unknown): string | undefined =>
  typeof value === 'string' ? value.trim() || undefined : typeof value === 'number' ? String(value) : undefined;
const first = (object: Json, keys: readonly string[]): string | undefined => {
  for (const key of keys) {
    const value = scalar(object[key]);
    if (value !== undefined) return value;
  }
  return undefined;
};

const MEDIA_KINDS = ['image', 'document', 'audio', 'video', 'sticker'] as const;

function invalid(provider: string, reason: string): PesanError {
  return new PesanError('INVALID_RESPONSE', {
    provider,
    outcome: 'not_sent',
    message: `Unreadable WhatsApp (iSMS) webhook: ${reason}`,
  });
}

/** A WhatsApp number (international digits, with or without `+`) in E.164, or `undefined`. */
function e164(value: string | undefined, region: CountryCode): string | undefined {
  if (value === undefined) return undefined;
  const compact = value.replace(/[\s-]/g, '');
  try {
    return toE164(/^\d+$/.test(compact) ? `+${compact}` : compact, region);
  } catch {
    return undefined;
  }
}

/** Seconds or milliseconds since the epoch, or an ISO time; `undefined` when unreadable. */
function timeOf(value: unknown): Date | undefined {
  const text = scalar(value);
  if (text === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) {
    const number = Number(text);
    return new Date(number > 1e12 ? number : number * 1000);
  }
  const parsed = Date.parse(text);
  return Number.isFinite(parsed) ? new Date(parsed) : undefined;
}

/** Text and media of a message in Meta's shape (`text.body`, `image.caption`, `button.text`, ...). */
function metaContent(message: Json): { text: string; media?: WabaInboundMedia } {
  if (typeof message.text === 'string') return { text: message.text };
  if (isObject(message.text)) return { text: scalar(message.text.body) ?? '' };
  for (const kind of MEDIA_KINDS) {
    const media = message[kind];
    if (!isObject(media)) continue;
    const url = first(media, ['link', 'url']);
    const id = scalar(media.id);
    const mimeType = scalar(media.mime_type);
    const filename = scalar(media.filename);
    return {
      text: scalar(media.caption) ?? '',
      media: {
        kind,
        ...(url === undefined ? {} : { url }),
        ...(id === undefined ? {} : { id }),
        ...(mimeType === undefined ? {} : { mimeType }),
        ...(filename === undefined ? {} : { filename }),
      },
    };
  }
  if (isObject(message.button)) return { text: scalar(message.button.text) ?? '' };
  if (isObject(message.interactive)) {
    const reply = message.interactive.button_reply ?? message.interactive.list_reply;
    if (isObject(reply)) return { text: scalar(reply.title) ?? '' };
  }
  return { text: '' };
}

/** Text and media of a flat message (`text` / `message` / `content`, `fileUrl` / `mediaUrl` / `url`). */
function flatContent(message: Json): { text: string; media?: WabaInboundMedia } {
  const url = first(message, ['fileUrl', 'mediaUrl', 'media_url', 'url', 'link']);
  const filename = first(message, ['fileName', 'filename']);
  const text =
    typeof message.text === 'string' || isObject(message.text)
      ? metaContent(message).text
      : (first(message, ['message', 'content', 'Content', 'body', 'caption']) ?? '');
  if (url !== undefined) {
    return { text, media: { kind: 'file', url, ...(filename === undefined ? {} : { filename }) } };
  }
  const meta = metaContent(message);
  return meta.media ? { text: text || meta.text, media: meta.media } : { text };
}

function inbound(message: Json, to: string | undefined, raw: Json, options: WabaWebhookOptions): WabaInboundEvent {
  const from = e164(first(message, ['from', 'From', 'sender', 'wa_id', 'msisdn']), options.defaultRegion);
  if (from === undefined) throw invalid(options.provider, 'the message has no valid sender ("from")');
  const receiver = e164(first(message, ['to', 'To']), options.defaultRegion) ?? to;
  const content = flatContent(message);
  const id = first(message, ['id', 'messageId', 'message_id', 'wamid']);
  return {
    type: 'inbound',
    channel: 'whatsapp',
    from,
    ...(receiver === undefined ? {} : { to: receiver }),
    text: content.text,
    at: timeOf(message.timestamp ?? message.time ?? message.date) ?? options.now(),
    ...(id === undefined ? {} : { vendorMessageId: id }),
    ...(content.media === undefined ? {} : { media: content.media }),
    raw,
  };
}

function status(entry: Json, raw: Json, options: WabaWebhookOptions): StatusWebhookEvent | undefined {
  const vendorStatus = scalar(entry.status);
  const mapped = vendorStatus === undefined ? undefined : WABA_STATUSES[vendorStatus.toLowerCase()];
  const messageId = first(entry, ['id', 'messageId', 'message_id', 'wamid']);
  if (mapped === undefined || messageId === undefined || vendorStatus === undefined) return undefined;
  const to = e164(first(entry, ['recipient_id', 'to', 'To', 'recipient']), options.defaultRegion);
  return {
    type: 'status',
    messageId,
    status: mapped.status,
    scope: mapped.scope,
    vendorStatus,
    ...(to === undefined ? {} : { to }),
    at: timeOf(entry.timestamp ?? entry.time) ?? options.now(),
    raw,
  };
}

/** Events of a Meta `value` object (`messages[]`, `statuses[]`, `metadata.display_phone_number`). */
function fromValue(value: Json, raw: Json, options: WabaWebhookOptions): WebhookEvent[] {
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const business = e164(scalar(metadata.display_phone_number), options.defaultRegion);
  const events: WebhookEvent[] = [];
  for (const message of list(value.messages)) {
    if (!isObject(message)) throw invalid(options.provider, 'a message is not an object');
    events.push(inbound(message, business, raw, options));
  }
  for (const entry of list(value.statuses)) {
    const event = isObject(entry) ? status(entry, raw, options) : undefined;
    if (event) events.push(event);
  }
  return events;
}

/**
 * Reads a WhatsApp callback: the `response` field (base64 JSON, see
 * `decodeWabaWebhook`), then the message object in any of the shapes below.
 * The vendor's page does not document the JSON fields, so these common
 * shapes are accepted (and every event keeps the decoded payload as `raw`):
 *
 * - Meta's webhook: `entry[].changes[].value` with `messages[]` (`from`,
 *   `id`, `timestamp`, `text.body`, or `image`/`document`/... with `link`,
 *   `id`, `caption`) and `statuses[]` (`id`, `status`, `timestamp`,
 *   `recipient_id`); `metadata.display_phone_number` is the business number;
 * - that `value` object alone (`{ messages, statuses }`);
 * - a flat message: `from` and `text` (or `message` / `content`), with
 *   `to`, `id` / `messageId`, `timestamp`, and `fileUrl` / `mediaUrl` / `url`
 *   for media;
 * - a flat status: `status` (`sent`, `delivered`, `read`, `failed`) with
 *   `messageId` / `id`, `to` / `recipient_id`, `timestamp`.
 *
 * Numbers become E.164; times are seconds or milliseconds since the epoch or
 * ISO strings (else now). Statuses other than the four are left out. Throws
 * `PesanError` `INVALID_RESPONSE` (the webhook handler answers 400) for bad
 * base64 or JSON, a message without a valid sender, or a payload with
 * neither messages nor statuses.
 */
export function parseWabaWebhook(request: WebhookRequest, options: WabaWebhookOptions): WebhookEvent[] {
  const payload = decodeWabaWebhook(request, options.provider);
  if (Array.isArray(payload.entry)) {
    const events: WebhookEvent[] = [];
    let values = 0;
    for (const entry of payload.entry) {
      for (const change of isObject(entry) ? list(entry.changes) : []) {
        if (!isObject(change) || !isObject(change.value)) continue;
        values += 1;
        events.push(...fromValue(change.value, payload, options));
      }
    }
    if (values === 0) throw invalid(options.provider, 'entry[] carries no changes[].value');
    return events;
  }
  if (Array.isArray(payload.messages) || Array.isArray(payload.statuses)) return fromValue(payload, payload, options);
  const flatStatus = typeof payload.status === 'string' && payload.text === undefined && payload.message === undefined;
  if (flatStatus) {
    const event = status(payload, payload, options);
    if (event) return [event];
    if (first(payload, ['from', 'From', 'sender']) === undefined) return [];
  }
  return [inbound(payload, undefined, payload, options)];
}
