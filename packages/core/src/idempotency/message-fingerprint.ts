import { hash } from 'node:crypto';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';

/** JSON with object keys sorted, so equal values give equal text whatever the key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The `channel`, `encoding` and `flash` members of the canonical JSON. */
function channelEncodingFlash(message: OutboundMessage): string {
  return `"channel":${JSON.stringify(message.channel ?? 'sms')},"encoding":${JSON.stringify(message.encoding ?? 'auto')},"flash":${message.flash ?? false}`;
}

/** {@link channelEncodingFlash} of a message leaving all three to their defaults (most do), written once. */
const DEFAULT_CHANNEL_ENCODING_FLASH = channelEncodingFlash({ to: '' });

function defaultsWritten(message: OutboundMessage): boolean {
  return message.channel === undefined && message.encoding === undefined && message.flash === undefined;
}

/**
 * What makes two sends "the same message" for idempotency: a SHA-256 of the
 * validated message's recipient and content (`to`, `text`, `channel`,
 * `from`, `encoding`, `flash`, `binary`, `template`, `media`), with defaults
 * filled in. `metadata` and the key itself are left out: they never reach
 * the vendor.
 */
export function messageFingerprint(message: OutboundMessage): string {
  // The canonical JSON of the content, written out in its sorted key order (a campaign fingerprints every message).
  let json = message.binary === undefined ? '{' : `{"binary":${canonicalJson(message.binary)},`;
  json += defaultsWritten(message) ? DEFAULT_CHANNEL_ENCODING_FLASH : channelEncodingFlash(message);
  if (message.from !== undefined) json += `,"from":${JSON.stringify(message.from)}`;
  if (message.media !== undefined) json += `,"media":${canonicalJson(message.media)}`;
  if (message.template !== undefined) json += `,"template":${canonicalJson(message.template)}`;
  if (message.text !== undefined) json += `,"text":${JSON.stringify(message.text)}`;
  if (message.to !== undefined) json += `,"to":${JSON.stringify(message.to)}`;
  // The one-shot `hash` (Node >= 20.12) is about 3x faster than a Hash object for a string this short.
  return hash('sha256', `${json}}`, 'base64url');
}
