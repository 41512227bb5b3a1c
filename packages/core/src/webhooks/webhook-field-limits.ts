import type { WebhookEvent } from '../provider/v1/webhook-event.js';

/**
 * The longest value of each field a vendor could send, in characters
 * (Unicode code points). A callback with a longer one did not come from a
 * vendor, and storing it would let one request cost megabytes of memory, so
 * the webhook handler answers it with 400 and keeps nothing.
 *
 * - `messageId` (and `vendorMessageId`): vendor ids are a 10-digit iSMS
 *   `trx_id`, a numeric sms.com.my `MsgId`, a ~60-character WhatsApp `wamid`.
 * - `vendorStatus`: the documented values are words (`DELIVERED`, `read`) or
 *   codes (`6`).
 * - `address` (`from`, `to`): E.164 is at most 16 characters; a short code or
 *   sender ID at most 13.
 * - `smsText`: a concatenated SMS may in theory have 255 parts (39 015 GSM
 *   characters), but handsets and SMSCs stop far earlier (typically 6 to 30
 *   parts, under 4 600 characters); 10 000 is about 65 GSM or 149 UCS-2 parts.
 * - `whatsappText`: WhatsApp's own limit on a text message body.
 */
export const WEBHOOK_FIELD_LIMITS = {
  messageId: 128,
  vendorStatus: 64,
  address: 32,
  smsText: 10_000,
  whatsappText: 4_096,
} as const;

/** Length in code points, without building an array for a string that is clearly too long or short. */
function characters(value: string, limit: number): number {
  if (value.length <= limit) return value.length;
  if (value.length > 2 * limit) return value.length;
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}

function tooLong(field: string, value: unknown, limit: number): string | undefined {
  if (typeof value !== 'string' || characters(value, limit) <= limit) return undefined;
  return `${field} is longer than ${limit} characters`;
}

/** Why a parsed event cannot have come from a vendor, or `undefined` when every field fits. */
export function oversizedWebhookField(event: WebhookEvent): string | undefined {
  const limits = WEBHOOK_FIELD_LIMITS;
  if (event.type === 'status') {
    return (
      tooLong('messageId', event.messageId, limits.messageId) ??
      tooLong('vendorStatus', event.vendorStatus, limits.vendorStatus) ??
      tooLong('to', event.to, limits.address)
    );
  }
  const textLimit = event.channel === 'whatsapp' ? limits.whatsappText : limits.smsText;
  return (
    tooLong('from', event.from, limits.address) ??
    tooLong('to', event.to, limits.address) ??
    tooLong('vendorMessageId', event.vendorMessageId, limits.messageId) ??
    tooLong('text', event.text, textLimit)
  );
}
