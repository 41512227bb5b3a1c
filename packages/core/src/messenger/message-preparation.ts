import { chooseEncoding } from '../encoding/encoding-choice.js';
import { parseOutboundMessage } from '../message/outbound-message-schema.js';
import type { CountryCode } from '../phone/to-e164.js';
import { toE164 } from '../phone/to-e164.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';

/**
 * Validates a message before any provider sees it: its shape
 * (`INVALID_MESSAGE`), its recipient, normalised to E.164
 * (`INVALID_RECIPIENT`), and a forced `gsm7` on text GSM-7 cannot carry
 * (`INVALID_MESSAGE`).
 */
export function prepareMessage(input: unknown, defaultRegion: CountryCode): OutboundMessage {
  const message = parseOutboundMessage(input);
  const to = toE164(message.to, defaultRegion);
  if ((message.channel ?? 'sms') === 'sms' && message.text && !message.binary) {
    chooseEncoding(message.text, message.encoding);
  }
  return { ...message, to };
}

/** The recipient of an input that may not even be a message, for failed items and events. */
export function recipientOf(input: unknown): string {
  const to = typeof input === 'object' && input !== null ? (input as { to?: unknown }).to : undefined;
  return typeof to === 'string' ? to : '';
}
