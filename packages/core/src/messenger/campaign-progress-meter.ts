import type { Clock } from '../runtime/clock.js';
import type { CampaignProgress } from './campaign.js';

/** Least time between two progress reports. */
export const PROGRESS_INTERVAL_MS = 250;

/** Counts a campaign's settled messages and reports progress at most every {@link PROGRESS_INTERVAL_MS}. */
export class CampaignProgressMeter {
  sent = 0;
  failed = 0;
  private readonly startedAt: number;
  private lastReport = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    private readonly report: ((progress: CampaignProgress) => void) | undefined,
    /** Messages this run will settle, when the source's length is known. */
    private readonly total: number | undefined,
  ) {
    this.startedAt = clock.now();
  }

  get settled(): number {
    return this.sent + this.failed;
  }

  /** Reports when the last report is old enough, or always with `final`. */
  tick(final = false): void {
    if (!this.report) return;
    const now = this.clock.now();
    if (!final && now - this.lastReport < PROGRESS_INTERVAL_MS) return;
    this.lastReport = now;
    const seconds = (now - this.startedAt) / 1000;
    const ratePerSecond = seconds > 0 ? this.settled / seconds : 0;
    const progress: CampaignProgress = { settled: this.settled, sent: this.sent, failed: this.failed, ratePerSecond };
    if (this.total !== undefined && ratePerSecond > 0) {
      progress.etaSeconds = Math.max(0, this.total - this.settled) / ratePerSecond;
    }
    this.report(progress);
  }
}
