import type { DurationSamples, DurationSummary } from './duration-samples.js';

/** How a comparison reads its tasks: time per call, or items per second when each call handles `itemsPerCall` items. */
export type ComparisonUnit = { kind: 'latency' } | { kind: 'throughput'; itemsPerCall: number; itemName: string };

/** A ratio to print: `numerator / denominator`, both task names. */
export interface ComparisonRatio {
  numerator: string;
  denominator: string;
}

/** What {@link comparisonTable} prints. */
export interface Comparison {
  title: string;
  unit: ComparisonUnit;
  /** Task names, in the order they appear in the table. */
  tasks: readonly string[];
  ratios: readonly ComparisonRatio[];
  /** Lines printed under the table (setup, caveats). */
  notes?: readonly string[];
}

function formatDuration(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 100) return `${ms.toFixed(2)} ms`;
  return `${ms.toFixed(0)} ms`;
}

function formatRate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en-US');
}

function rateOf(summary: DurationSummary, itemsPerCall: number): number {
  return (itemsPerCall / summary.meanMs) * 1000;
}

function pad(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * A readable table of the tasks' recorded durations, then one line per ratio
 * (`messenger.send / raw undici request = 1.8x`). Latency ratios are of mean
 * times per call (with the medians' ratio beside them); throughput ratios are
 * of items per second.
 */
export function comparisonTable(samples: DurationSamples, comparison: Comparison): string {
  const summaries = new Map(comparison.tasks.map((task) => [task, samples.summary(task)] as const));
  const summaryOf = (task: string) => {
    const summary = summaries.get(task) ?? samples.summary(task);
    summaries.set(task, summary);
    return summary;
  };
  const { unit } = comparison;
  const header =
    unit.kind === 'latency'
      ? ['task', 'mean', 'median', 'calls']
      : ['task', `${unit.itemName}/s`, 'mean per call', 'calls'];
  const rows = comparison.tasks.map((task) => {
    const summary = summaryOf(task);
    return unit.kind === 'latency'
      ? [task, formatDuration(summary.meanMs), formatDuration(summary.medianMs), String(summary.count)]
      : [task, formatRate(rateOf(summary, unit.itemsPerCall)), formatDuration(summary.meanMs), String(summary.count)];
  });
  const ratioLines = comparison.ratios.map(({ numerator, denominator }) => {
    const top = summaryOf(numerator);
    const bottom = summaryOf(denominator);
    if (unit.kind === 'latency') {
      const added = top.meanMs - bottom.meanMs;
      const sign = added >= 0 ? '+' : '-';
      const meanRatio = (top.meanMs / bottom.meanMs).toFixed(2);
      const medianRatio = (top.medianMs / bottom.medianMs).toFixed(2);
      return `${numerator} / ${denominator} = ${meanRatio}x (${sign}${formatDuration(Math.abs(added))} per call; median ${medianRatio}x)`;
    }
    const ratio = rateOf(top, unit.itemsPerCall) / rateOf(bottom, unit.itemsPerCall);
    return `${numerator} / ${denominator} = ${ratio.toFixed(1)}x ${unit.itemName}/s`;
  });
  return [
    '',
    comparison.title,
    ...pad([header, ...rows]).map((line) => `  ${line}`),
    '',
    ...ratioLines.map((line) => `  ${line}`),
    ...(comparison.notes ?? []).map((note) => `  note: ${note}`),
    '',
  ].join('\n');
}
