import { chooseEncoding } from '../encoding/encoding-choice.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';

/**
 * Why `provider` cannot carry `message`, or `undefined` when it can. Read
 * from `capabilities` only (plus the text's encoding), never the network.
 */
export function capabilityGap(provider: ProviderV1, message: OutboundMessage): string | undefined {
  const capabilities = provider.capabilities;
  const channel = message.channel ?? 'sms';
  if (!capabilities.channels.includes(channel)) return `does not carry channel ${channel}`;
  if (message.template && !capabilities.templates) return 'cannot send WhatsApp templates';
  if (message.media && !capabilities.files) return 'cannot send files';
  if (message.flash && !capabilities.flash) return 'cannot send flash SMS';
  if (message.binary && !capabilities.binary) return 'cannot send binary SMS';
  // A provider that takes both encodings takes any text in `auto` or `ucs2`: no need to scan it.
  const anyEncoding =
    message.encoding !== 'gsm7' && capabilities.encodings.includes('gsm7') && capabilities.encodings.includes('ucs2');
  if (channel === 'sms' && !message.binary && message.text && !anyEncoding) {
    let encoding: 'gsm7' | 'ucs2';
    try {
      encoding = chooseEncoding(message.text, message.encoding);
    } catch {
      // Forced gsm7 on text GSM-7 cannot carry: validation reports it before routing.
      return 'text cannot be sent in the requested encoding';
    }
    if (!capabilities.encodings.includes(encoding)) return `cannot send ${encoding} text`;
  }
  return lengthGap(provider, message);
}

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** Why the text of `message` is too long for `provider` (`maxCharacters`, `maxSegments`), or `undefined`. */
function lengthGap(provider: ProviderV1, message: OutboundMessage): string | undefined {
  const { maxCharacters, maxSegments } = provider.capabilities;
  // A template's text is not sent (it is the SMS fallback's): only free text counts.
  const text = message.template ? undefined : message.text;
  // Code points are never more than UTF-16 units: only a text that long can be too long.
  if (maxCharacters !== undefined && text !== undefined && text.length > maxCharacters) {
    const characters = codePoints(text);
    if (characters > maxCharacters) return `text is ${characters} characters, more than the ${maxCharacters} it takes`;
  }
  if (maxSegments !== undefined && (message.channel ?? 'sms') === 'sms' && text && !message.binary) {
    let segments: number;
    try {
      segments = provider.segments(message).segments;
    } catch {
      // A provider that cannot count this text says so when it is sent.
      return undefined;
    }
    if (segments > maxSegments) return `text needs ${segments} SMS parts, more than the ${maxSegments} it takes`;
  }
  return undefined;
}
