import type { CampaignProgress } from '@pesan/core';
import { SingleBar } from 'cli-progress';
import type { CliOutput } from './cli-output.js';

/** Shows a campaign's progress on stderr. */
export interface ProgressView {
  update(progress: CampaignProgress): void;
  stop(): void;
}

/** Plain progress lines at most this often when stderr is not a terminal. */
export const PLAIN_PROGRESS_INTERVAL_MS = 1000;

function seconds(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '?';
  if (value < 90) return `${Math.ceil(value)} s`;
  return `${Math.floor(value / 60)} min ${Math.ceil(value % 60)} s`;
}

/**
 * A progress bar with rate, ETA and failures when stderr is a terminal; one
 * plain line a second otherwise (logs, CI); nothing with `--json`. `total` is
 * the rows in the file; `done` the rows settled by earlier runs.
 */
export function progressView(output: CliOutput, total: number, done: number): ProgressView {
  if (output.json) return { update: () => {}, stop: () => {} };
  const etaOf = (progress: CampaignProgress) =>
    progress.etaSeconds ??
    (progress.ratePerSecond > 0 ? (total - done - progress.settled) / progress.ratePerSecond : undefined);
  if (output.stderr.isTTY) {
    const bar = new SingleBar({
      stream: output.stderr as NodeJS.WriteStream,
      format: ' {bar} {percentage}% | {value}/{total} rows | {rate}/s | ETA {etaText} | {failed} failed',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    });
    bar.start(total, done, { rate: 0, failed: 0, etaText: '?' });
    return {
      update: (progress) =>
        bar.update(done + progress.settled, {
          rate: Math.round(progress.ratePerSecond),
          failed: progress.failed,
          etaText: seconds(etaOf(progress)),
        }),
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  let latest: CampaignProgress | undefined;
  const print = (progress: CampaignProgress) => {
    const settled = done + progress.settled;
    const percent = total > 0 ? ((settled / total) * 100).toFixed(1) : '100.0';
    output.note(
      `progress: ${settled}/${total} rows (${percent}%), ${Math.round(progress.ratePerSecond)}/s, ETA ${seconds(
        etaOf(progress),
      )}, ${progress.failed} failed`,
    );
  };
  return {
    update: (progress) => {
      latest = progress;
      const now = Date.now();
      if (now - last < PLAIN_PROGRESS_INTERVAL_MS) return;
      last = now;
      print(progress);
    },
    stop: () => {
      if (latest !== undefined) print(latest);
    },
  };
}
