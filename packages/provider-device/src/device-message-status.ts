import type { MessageStatus, StatusScope } from '@pesan/core';

/** A gateway status read as pesan's. */
export interface DeviceStatusReading {
  /** Normalised status. */
  status: MessageStatus;
  /** Who vouches for it. */
  scope: StatusScope;
}

/**
 * The gateway's message statuses. `pending` and `queued` wait on the server
 * for the phone to fetch them; `sent` means the phone handed the SMS to the
 * network (the phone says so: scope `handset`); `delivered` is the network's
 * delivery report as the phone received it; `failed` is the phone's report.
 */
export const DEVICE_MESSAGE_STATUSES: Readonly<Record<string, DeviceStatusReading>> = Object.freeze({
  pending: { status: 'queued', scope: 'platform' },
  queued: { status: 'queued', scope: 'platform' },
  sent: { status: 'sent', scope: 'handset' },
  delivered: { status: 'delivered', scope: 'handset' },
  failed: { status: 'failed', scope: 'handset' },
});

/** Reads a gateway status; any other value is `unknown` (the caller keeps the vendor's value). */
export function readDeviceMessageStatus(vendorStatus: string): DeviceStatusReading {
  const key = vendorStatus.trim().toLowerCase();
  const known = Object.hasOwn(DEVICE_MESSAGE_STATUSES, key) ? DEVICE_MESSAGE_STATUSES[key] : undefined;
  return known ?? { status: 'unknown', scope: 'platform' };
}
