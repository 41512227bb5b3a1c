import type { MessageStatus, StatusScope } from '@pesan/core';

/** A delivery-report `Status` value, normalised. */
export interface EzsmsDeliveryStatus {
  /** Normalised status. */
  status: MessageStatus;
  /** Who vouches for it. */
  scope: StatusScope;
  /** The vendor's words for the value. */
  description: string;
}

/**
 * Delivery-report statuses of spec 1.84. 11-17 are "only applicable in GSM
 * Gateway". Out of coverage (13, 14) is `queued` at the carrier: the handset
 * is off or away, the network keeps retrying until the validity period ends
 * (then `8 Expired` follows), so it is not a final failure.
 */
export const EZSMS_DELIVERY_STATUSES: Readonly<Record<string, EzsmsDeliveryStatus>> = {
  '6': { status: 'delivered', scope: 'handset', description: 'Deliver Successful' },
  '7': { status: 'failed', scope: 'carrier', description: 'Deliver Failed' },
  '8': { status: 'expired', scope: 'carrier', description: 'Expired' },
  '9': { status: 'unknown', scope: 'platform', description: 'Unknown' },
  '10': { status: 'rejected', scope: 'carrier', description: 'Rejected' },
  '11': { status: 'queued', scope: 'carrier', description: 'QInTelco' },
  '12': { status: 'failed', scope: 'carrier', description: 'Not In Service' },
  '13': { status: 'queued', scope: 'carrier', description: 'Out Of Coverage' },
  '14': { status: 'queued', scope: 'carrier', description: 'Out Of Coverage' },
  '15': { status: 'queued', scope: 'carrier', description: 'QInTelco' },
  '16': { status: 'queued', scope: 'carrier', description: 'QInTelco' },
  '17': { status: 'failed', scope: 'carrier', description: 'Not In Service' },
};

/**
 * Normalises a `Status` value. A number the spec does not list is `unknown`
 * (scope `platform`) with the value kept as `vendorStatus` by the caller;
 * `undefined` when the value is not a number at all.
 */
export function ezsmsDeliveryStatus(value: string): EzsmsDeliveryStatus | undefined {
  const trimmed = value.trim();
  if (!/^\d{1,4}$/.test(trimmed)) return undefined;
  const key = String(Number(trimmed));
  return (
    EZSMS_DELIVERY_STATUSES[key] ?? { status: 'unknown', scope: 'platform', description: 'Not documented in spec 1.84' }
  );
}
