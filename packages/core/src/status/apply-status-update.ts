import { statusAdvances } from './status-order.js';
import type { StatusApplyResult, StatusRecord, StatusUpdate } from './status-store.js';

/**
 * The monotonic merge every store shares: returns the new record without
 * mutating `existing`. A report equal to one in the history (same status,
 * scope and vendor status) is a duplicate and changes nothing, whatever its
 * time: most vendors send no time, so a retried callback is stamped when it
 * arrives and would otherwise never match.
 */
export function applyStatusUpdate(existing: StatusRecord | undefined, update: StatusUpdate): StatusApplyResult {
  if (!existing) {
    const record: StatusRecord = {
      messageId: update.messageId,
      provider: update.provider,
      to: update.to,
      status: update.status,
      scope: update.scope,
      vendorStatus: update.vendorStatus,
      updatedAt: update.at,
      history: [
        {
          status: update.status,
          scope: update.scope,
          vendorStatus: update.vendorStatus,
          at: update.at,
          applied: true,
          source: update.source,
        },
      ],
    };
    return { record, changed: true, duplicate: false };
  }

  const duplicate = existing.history.some(
    (entry) =>
      entry.status === update.status && entry.scope === update.scope && entry.vendorStatus === update.vendorStatus,
  );
  if (duplicate) return { record: existing, changed: false, duplicate: true, previous: existing.status };

  const applied = statusAdvances(existing.status, update.status);
  const record: StatusRecord = {
    ...existing,
    to: existing.to ?? update.to,
    history: [
      ...existing.history,
      {
        status: update.status,
        scope: update.scope,
        vendorStatus: update.vendorStatus,
        at: update.at,
        applied,
        source: update.source,
      },
    ],
    ...(applied
      ? { status: update.status, scope: update.scope, vendorStatus: update.vendorStatus, updatedAt: update.at }
      : {}),
  };
  return { record, changed: applied, duplicate: false, previous: existing.status };
}
