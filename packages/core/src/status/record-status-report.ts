import type { StatusReport } from '../provider/v1/status-report.js';
import type { StatusApplyResult, StatusHistoryEntry, StatusStore } from './status-store.js';

/** Applies a provider's report (from a callback or an answer to `getStatus`) to the store. */
export function recordStatusReport(
  store: StatusStore,
  provider: string,
  report: StatusReport,
  source: StatusHistoryEntry['source'],
): Promise<StatusApplyResult> {
  return store.apply({
    messageId: report.messageId,
    provider,
    to: report.to,
    status: report.status,
    scope: report.scope,
    vendorStatus: report.vendorStatus,
    at: report.at,
    source,
  });
}
