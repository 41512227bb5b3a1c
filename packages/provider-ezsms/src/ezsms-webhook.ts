import { type CountryCode, fromUcs2Hex, PesanError, toE164, type WebhookEvent, type WebhookRequest } from '@pesan/core';
import { ezsmsDeliveryStatus } from './delivery-status.js';
import { WebhookParameters } from './webhook-parameters.js';

/**
 * The longest callback read, URL and body together, in characters: the same
 * 64 KiB as the webhook handler's default body limit, far above the longest
 * incoming SMS (hex UCS-2 of a long concatenated message is a few KiB).
 */
export const EZSMS_WEBHOOK_MAX_LENGTH = 64 * 1024;

/** What {@link parseEzsmsWebhook} needs besides the request. */
export interface EzsmsWebhookContext {
  /** Provider instance id, for errors. */
  provider: string;
  /** When the callback arrived (the vendor sends no time). */
  receivedAt: Date;
  /** Region for numbers the vendor writes nationally (leading `0`). */
  defaultRegion: CountryCode;
}

/**
 * Reads one sms.com.my callback. The vendor pushes two kinds by HTTP GET, told
 * apart by their parameters (names in any case):
 *
 * - delivery report: `MsgId`, `Status` (and `Sender`, the gateway number);
 * - incoming SMS: `Msg` with `Sender` and `Shortcode`, and `ContentType`
 *   (1 text; 2 or 3 Unicode as UTF-16 big-endian hex: the spec names both).
 *
 * Throws `PesanError` `INVALID_RESPONSE` for anything else, and for a callback
 * longer than {@link EZSMS_WEBHOOK_MAX_LENGTH}.
 */
export function parseEzsmsWebhook(request: WebhookRequest, context: EzsmsWebhookContext): WebhookEvent[] {
  const length = request.url.length + request.body.length;
  if (length > EZSMS_WEBHOOK_MAX_LENGTH) {
    throw new PesanError('INVALID_RESPONSE', {
      message: `Unreadable sms.com.my callback: ${length} characters, more than ${EZSMS_WEBHOOK_MAX_LENGTH}`,
      provider: context.provider,
      details: { length },
    });
  }
  const params = new WebhookParameters(request.url, request.body, request.headers['content-type']);
  const raw = params.toRecord();
  const isReport = params.has('msgid') || params.has('status');
  const isIncoming = params.has('msg') || params.has('shortcode') || params.has('contenttype');
  const fail = (reason: string) =>
    new PesanError('INVALID_RESPONSE', {
      message: `Unreadable sms.com.my callback: ${reason}`,
      provider: context.provider,
      details: { params: raw },
    });

  if (isReport && isIncoming) throw fail('it has both delivery-report and incoming-SMS parameters');
  if (isReport) {
    const messageId = params.get('msgid')?.trim();
    const vendorStatus = params.get('status')?.trim();
    if (!messageId) throw fail('MsgId is missing');
    if (!vendorStatus) throw fail('Status is missing');
    const status = ezsmsDeliveryStatus(vendorStatus);
    if (!status) throw fail(`Status ${JSON.stringify(vendorStatus)} is not a number`);
    return [
      {
        type: 'status',
        messageId,
        status: status.status,
        scope: status.scope,
        vendorStatus,
        at: context.receivedAt,
        raw,
      },
    ];
  }
  if (isIncoming) {
    const sender = params.get('sender')?.trim();
    const text = params.get('msg');
    if (!sender) throw fail('Sender is missing');
    if (text === undefined) throw fail('Msg is missing');
    const contentType = params.get('contenttype')?.trim() || '1';
    let decoded: string;
    if (contentType === '1') decoded = text;
    else if (contentType === '2' || contentType === '3') {
      try {
        decoded = fromUcs2Hex(text.trim());
      } catch {
        throw fail(`ContentType ${contentType} needs UTF-16 hex, got ${JSON.stringify(text.slice(0, 40))}`);
      }
    } else throw fail(`ContentType ${JSON.stringify(contentType)} is not 1, 2 or 3`);

    const from = vendorNumberToE164(sender, context.defaultRegion);
    if (!from) throw fail(`Sender ${JSON.stringify(sender)} is not a phone number`);
    const shortcode = params.get('shortcode')?.trim();
    const to = shortcode ? vendorNumberToE164(shortcode, context.defaultRegion) : undefined;
    return [
      {
        type: 'inbound',
        channel: 'sms',
        from,
        ...(to ? { to } : {}),
        text: decoded,
        at: context.receivedAt,
        raw,
      },
    ];
  }
  throw fail('it is neither a delivery report (MsgId, Status) nor an incoming SMS (Sender, Msg)');
}

/**
 * The vendor writes numbers as international digits without `+`
 * (`60198765432`); the region comes from the number itself. A national number
 * (leading `0`) is read in `defaultRegion`. `undefined` when neither works (a
 * short code such as `32728` is no E.164 number).
 */
function vendorNumberToE164(value: string, defaultRegion: CountryCode): string | undefined {
  const candidates = /^\d+$/.test(value) && !value.startsWith('0') ? [`+${value}`, value] : [value];
  for (const candidate of candidates) {
    try {
      return toE164(candidate, defaultRegion);
    } catch {
      // try the next reading
    }
  }
  return undefined;
}
