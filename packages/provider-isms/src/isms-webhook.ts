import {
  type CountryCode,
  type MessageStatus,
  PesanError,
  type StatusScope,
  type StatusWebhookEvent,
  toE164,
  type WebhookRequest,
} from '@pesan/core';

/**
 * `dn_status` values and what they mean. The gateway page: DELIVERED,
 * ACCEPTED and SENT "reflect acknowledgement by the Telco SMSC only — not
 * delivery to the recipient's handset", so they are `sent` with scope
 * `carrier`, never `delivered`. PENDING is "submitted to iSMS platform".
 */
export const ISMS_DELIVERY_STATUSES: Readonly<Record<string, { status: MessageStatus; scope: StatusScope }>> = {
  DELIVERED: { status: 'sent', scope: 'carrier' },
  ACCEPTED: { status: 'sent', scope: 'carrier' },
  SENT: { status: 'sent', scope: 'carrier' },
  UNDELIVERED: { status: 'failed', scope: 'carrier' },
  PENDING: { status: 'queued', scope: 'platform' },
};

function invalid(message: string, provider: string | undefined): PesanError {
  return new PesanError('INVALID_RESPONSE', { message: `Unreadable iSMS delivery callback: ${message}`, provider });
}

function recipientOf(msisdn: string | undefined, region: CountryCode): string | undefined {
  if (msisdn === undefined || msisdn.trim() === '') return undefined;
  const digits = msisdn.replace(/[\s-]/g, '');
  for (const candidate of [`+${digits.replace(/^00/, '').replace(/^\+/, '')}`, msisdn]) {
    try {
      return toE164(candidate, region);
    } catch {
      // try the next reading
    }
  }
  return undefined;
}

/**
 * The longest callback read, URL and body together, in characters: its three
 * fields are a few dozen, so anything longer is not a delivery callback.
 */
export const ISMS_WEBHOOK_MAX_LENGTH = 8 * 1024;

/** What parsing a callback needs. */
export interface IsmsWebhookOptions {
  /** Provider instance id, for errors. */
  provider?: string;
  /** Region for a national `msisdn`; default `MY`. */
  defaultRegion?: CountryCode;
  /** The time stamped on events (the vendor sends none). Default: now. */
  now?: () => Date;
}

/**
 * Parses an iSMS delivery callback: `GET <callback>?msisdn=&trx_id=&dn_status=`
 * (a form-encoded POST with the same fields is read too). Returns one status
 * event: `messageId` is `trx_id`, `vendorStatus` the raw `dn_status`, `to`
 * the `msisdn` in E.164 (left out when it is not a valid number).
 *
 * Throws `PesanError` `INVALID_RESPONSE` when `trx_id` or `dn_status` is
 * missing, or `dn_status` is not one of the documented values (DELIVERED,
 * ACCEPTED, SENT, UNDELIVERED, PENDING, any case): an undocumented status is
 * refused rather than guessed, so it surfaces as a 400 in the webhook handler.
 * So is a callback longer than {@link ISMS_WEBHOOK_MAX_LENGTH}.
 */
export function parseIsmsWebhook(request: WebhookRequest, options: IsmsWebhookOptions = {}): StatusWebhookEvent[] {
  const { provider } = options;
  const length = (request.url?.length ?? 0) + (typeof request.body === 'string' ? request.body.length : 0);
  if (length > ISMS_WEBHOOK_MAX_LENGTH) {
    throw invalid(`${length} characters, more than ${ISMS_WEBHOOK_MAX_LENGTH}`, provider);
  }
  let url: URL;
  try {
    url = new URL(request.url, 'http://callback.invalid');
  } catch {
    throw invalid('the URL cannot be parsed', provider);
  }
  const fields = new Map(url.searchParams);
  const contentType = Object.entries(request.headers ?? {}).find(
    ([name]) => name.toLowerCase() === 'content-type',
  )?.[1];
  if (
    typeof request.body === 'string' &&
    request.body !== '' &&
    (contentType ?? '').includes('x-www-form-urlencoded')
  ) {
    for (const [name, value] of new URLSearchParams(request.body)) if (!fields.has(name)) fields.set(name, value);
  }
  const trxId = fields.get('trx_id')?.trim();
  const dnStatus = fields.get('dn_status')?.trim();
  if (!trxId) throw invalid('trx_id is missing', provider);
  if (!dnStatus) throw invalid('dn_status is missing', provider);
  const mapped = ISMS_DELIVERY_STATUSES[dnStatus.toUpperCase()];
  if (mapped === undefined) {
    throw invalid(`dn_status ${JSON.stringify(dnStatus.slice(0, 40))} is not a documented status`, provider);
  }
  const msisdn = fields.get('msisdn');
  const to = recipientOf(msisdn, options.defaultRegion ?? 'MY');
  return [
    {
      type: 'status',
      messageId: trxId,
      status: mapped.status,
      scope: mapped.scope,
      vendorStatus: dnStatus,
      ...(to === undefined ? {} : { to }),
      at: options.now?.() ?? new Date(),
      raw: { msisdn, trx_id: trxId, dn_status: dnStatus },
    },
  ];
}
