import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { WindowState } from '../whatsapp/whatsapp-windows.js';

function withoutKeys(message: OutboundMessage, keys: readonly (keyof OutboundMessage)[]): OutboundMessage {
  const copy = { ...message };
  for (const key of keys) delete copy[key];
  return copy;
}

/**
 * `message` as the WhatsApp leg of a cross-channel route sends it. `from`
 * belongs to the channel the message was written for, so an SMS sender ID is
 * dropped and the WhatsApp provider uses its own number.
 */
export function whatsappLeg(message: OutboundMessage): OutboundMessage {
  const writtenFor = message.channel ?? 'sms';
  return { ...(writtenFor === 'whatsapp' ? message : withoutKeys(message, ['from'])), channel: 'whatsapp' };
}

/**
 * `message` as the SMS leg of a cross-channel route sends it: `fallbackText`
 * (else `text`) on channel `sms`, without template or file; `undefined` when
 * there is no text to send.
 */
export function smsLeg(message: OutboundMessage): OutboundMessage | undefined {
  const writtenFor = message.channel ?? 'sms';
  const text = message.fallbackText ?? message.text;
  if (!text) return undefined;
  const dropped: (keyof OutboundMessage)[] = ['template', 'media', 'fallbackText'];
  if (writtenFor === 'whatsapp') dropped.push('from');
  return { ...withoutKeys(message, dropped), text, channel: 'sms' };
}

/** Why a message has no SMS leg. */
export const NO_SMS_LEG = 'no SMS fallback: a WhatsApp message without text needs fallbackText';

/**
 * Why the WhatsApp leg cannot carry `message` now, or `undefined`: free text
 * and files need the 24 h window, and a window known to be closed would only
 * earn `OUTSIDE_SESSION_WINDOW`. A template goes at any time, and an unknown
 * window is tried (the vendor's answer decides).
 */
export function whatsappWindowGap(message: OutboundMessage, window: WindowState | undefined): string | undefined {
  if (message.template !== undefined || window !== 'closed') return undefined;
  return 'the 24 h WhatsApp window is closed (free text and files need a message from the contact first; a template does not)';
}
