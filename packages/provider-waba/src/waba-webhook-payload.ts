import { PesanError, type WebhookRequest } from '@pesan/core';

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * The longest callback read, URL and body together, in characters. A
 * message's JSON with media links is a few KiB as base64; 1 MiB leaves room
 * for a webhook handler given a larger `maxBodyBytes` than its 64 KiB default.
 */
export const WABA_WEBHOOK_MAX_LENGTH = 1024 * 1024;

function unreadable(provider: string, reason: string): PesanError {
  return new PesanError('INVALID_RESPONSE', {
    provider,
    outcome: 'not_sent',
    message: `Unreadable WhatsApp (iSMS) webhook: ${reason}`,
  });
}

/** The `response` field of a callback: form-encoded or JSON body, or (defensively) the query string. */
function responseField(request: WebhookRequest, provider: string): string {
  const body = request.body.trim();
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  if (body.startsWith('{') || type.includes('json')) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw unreadable(provider, 'the JSON body cannot be parsed');
    }
    const value = (json as { response?: unknown } | null)?.response;
    if (typeof value === 'string') return value;
    throw unreadable(provider, 'the JSON body has no "response" string');
  }
  const fromBody = body === '' ? null : new URLSearchParams(body).get('response');
  const value = fromBody ?? new URL(request.url, 'http://callback.invalid').searchParams.get('response');
  if (value === null) throw unreadable(provider, 'no "response" field');
  return value;
}

/**
 * The JSON object a callback carries: the vendor POSTs one field,
 * `response`, holding base64 of the JSON message object (PHP
 * `base64_encode(json_encode(...))`). Accepted: a form-encoded body, a JSON
 * body `{ "response": "..." }`, or `?response=` in the URL; standard or
 * URL-safe base64, and a `+` that form decoding turned into a space. Throws
 * `PesanError` `INVALID_RESPONSE` for bad base64, bad JSON or JSON that is
 * not an object, or a callback longer than {@link WABA_WEBHOOK_MAX_LENGTH}
 * (the webhook handler answers 400).
 */
export function decodeWabaWebhook(request: WebhookRequest, provider: string): Record<string, unknown> {
  const length = request.url.length + request.body.length;
  if (length > WABA_WEBHOOK_MAX_LENGTH) {
    throw unreadable(provider, `${length} characters, more than ${WABA_WEBHOOK_MAX_LENGTH}`);
  }
  const encoded = responseField(request, provider).trim().replace(/ /g, '+').replace(/\s+/g, '');
  if (encoded === '' || !BASE64.test(encoded)) throw unreadable(provider, '"response" is not base64');
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    throw unreadable(provider, '"response" does not decode to JSON');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw unreadable(provider, '"response" does not decode to a JSON object');
  }
  return payload as Record<string, unknown>;
}

/** Encodes a message object as the vendor does (for sandboxes and tests). */
export function encodeWabaWebhook(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64');
}
