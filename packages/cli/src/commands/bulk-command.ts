import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CampaignItem } from '@pesan/core';
import { type CampaignCheckpoint, CheckpointWriter, readCheckpoint } from '../campaign-checkpoint.js';
import { progressView } from '../campaign-progress.js';
import { CampaignResultsFile } from '../campaign-results-file.js';
import { CliUsageError } from '../cli-usage-error.js';
import {
  assertReadable,
  type CsvMessageOptions,
  checkColumns,
  countCsvRows,
  csvMessages,
  readCsvHeader,
} from '../csv-messages.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { interruptSignal } from '../interrupt.js';
import { MessageTemplate } from '../message-template.js';
import { type CliContext, withMessenger } from '../messenger-session.js';
import { SettledPrefix } from '../settled-prefix.js';
import { textTable } from '../text-table.js';

/** Options of `pesan bulk`. */
export interface BulkCommandOptions {
  text?: string;
  textColumn?: string;
  toColumn: string;
  from?: string;
  channel?: 'sms' | 'whatsapp';
  concurrency?: number;
  /** Messages handed to the messenger at a time. */
  window?: number;
  resume?: string;
  checkpoint?: string;
  out?: string;
}

/** How often the checkpoint is rewritten while messages settle. */
export const CHECKPOINT_INTERVAL_MS = 250;

/** The checkpoint written beside a CSV when `--checkpoint` is not given. */
export function defaultCheckpointPath(csvPath: string): string {
  return `${csvPath}.checkpoint.json`;
}

interface ProviderTally {
  sent: number;
  credits: number;
}

function messageOptions(options: BulkCommandOptions): CsvMessageOptions {
  if ((options.text === undefined) === (options.textColumn === undefined)) {
    throw new CliUsageError('give exactly one of --text "Hi {{name}}" and --text-column <column>');
  }
  return {
    toColumn: options.toColumn,
    text:
      options.text !== undefined
        ? { template: new MessageTemplate(options.text) }
        : { column: options.textColumn as string },
    ...(options.channel === undefined ? {} : { channel: options.channel }),
    ...(options.from === undefined ? {} : { from: options.from }),
  };
}

/**
 * `pesan bulk <file.csv>`: streams the rows through a campaign (vendor
 * batching, bounded memory), shows progress on stderr, writes per-row
 * results to `--out` and a checkpoint after messages settle, so Ctrl-C then
 * `--resume <checkpoint>` sends no row twice.
 */
export async function bulkCommand(context: CliContext, file: string, options: BulkCommandOptions): Promise<ExitCode> {
  const { output } = context;
  const csvPath = resolve(context.cwd, file);
  const csv = messageOptions(options);
  await assertReadable(csvPath);

  let previous: CampaignCheckpoint | undefined;
  let checkpointPath: string;
  if (options.resume !== undefined) {
    checkpointPath = resolve(context.cwd, options.resume);
    previous = await readCheckpoint(checkpointPath);
    if (previous.file !== csvPath) {
      throw new CliUsageError(`checkpoint ${checkpointPath} is for ${previous.file}, not ${csvPath}`);
    }
  } else {
    checkpointPath = resolve(context.cwd, options.checkpoint ?? defaultCheckpointPath(csvPath));
    if (existsSync(checkpointPath)) {
      const existing = await readCheckpoint(checkpointPath).catch(() => undefined);
      if (existing !== undefined && !existing.done) {
        throw new CliUsageError(
          `an unfinished bulk send of this file has a checkpoint: continue it with --resume ${checkpointPath}, or delete that file to start over`,
        );
      }
    }
  }

  const header = await readCsvHeader(csvPath);
  checkColumns(header, csv);
  const rows = await countCsvRows(csvPath);

  return withMessenger(context, {}, async (messenger) => {
    const campaignId = previous?.campaignId ?? randomUUID();
    const resumeFrom = previous?.nextIndex ?? 0;
    const base = {
      sent: previous?.sent ?? 0,
      failed: previous?.failed ?? 0,
      failedByCode: { ...(previous?.failedByCode ?? {}) },
      credits: previous?.credits ?? 0,
    };
    const totals = { sent: 0, failed: 0, failedByCode: {} as Record<string, number>, credits: 0, unknown: 0 };
    const byProvider = new Map<string, ProviderTally>();
    const prefix = new SettledPrefix(resumeFrom);
    const writer = new CheckpointWriter(checkpointPath);
    const results =
      options.out === undefined
        ? undefined
        : new CampaignResultsFile(resolve(context.cwd, options.out), (text) => output.redactor.redactText(text));

    const checkpoint = (done: boolean): CampaignCheckpoint => {
      const failedByCode = { ...base.failedByCode };
      for (const [code, count] of Object.entries(totals.failedByCode)) {
        failedByCode[code] = (failedByCode[code] ?? 0) + count;
      }
      return {
        version: 1,
        campaignId,
        file: csvPath,
        nextIndex: prefix.last + 1,
        rows,
        sent: base.sent + totals.sent,
        failed: base.failed + totals.failed,
        failedByCode,
        credits: base.credits + totals.credits,
        done,
        updatedAt: new Date().toISOString(),
      };
    };

    const progress = progressView(output, rows, resumeFrom);
    const interrupt = interruptSignal(() => {
      // Second Ctrl-C: record what settled and leave now. Messages in flight may be sent again on --resume.
      progress.stop();
      writeFileSync(checkpointPath, `${JSON.stringify(checkpoint(false), null, 2)}\n`);
      output.note(`pesan: stopped at once; checkpoint ${checkpointPath} (messages that were in flight may be resent)`);
      process.exit(EXIT_CODES.interrupted);
    });
    interrupt.signal.addEventListener(
      'abort',
      () => output.note('pesan: stopping: waiting for messages in flight (Ctrl-C again to quit at once)'),
      { once: true },
    );

    await writer.write(checkpoint(false));
    if (resumeFrom > 0) output.note(`pesan: resuming campaign ${campaignId} at row ${resumeFrom} of ${rows}`);
    let lastWrite = Date.now();
    const startedAt = Date.now();

    const onResult = async (item: CampaignItem) => {
      if (item.ok) {
        totals.sent++;
        totals.credits += item.result.credits ?? 0;
        const tally = byProvider.get(item.result.provider) ?? { sent: 0, credits: 0 };
        tally.sent++;
        tally.credits += item.result.credits ?? 0;
        byProvider.set(item.result.provider, tally);
      } else {
        totals.failed++;
        totals.failedByCode[item.error.code] = (totals.failedByCode[item.error.code] ?? 0) + 1;
        if (item.error.outcome === 'unknown') totals.unknown++;
      }
      await results?.write(item);
      prefix.settle(item.index);
      if (Date.now() - lastWrite >= CHECKPOINT_INTERVAL_MS) {
        lastWrite = Date.now();
        void writer.write(checkpoint(false));
      }
    };

    let summaryLast: number;
    try {
      // Ctrl-C stops the reading of rows, not the campaign: messages in flight
      // settle (a campaign `signal` would abort their requests, leaving them unknown).
      const summary = await messenger.sendCampaign(untilAborted(csvMessages(csvPath, csv), interrupt.signal), {
        campaignId,
        resumeFrom,
        onResult,
        onProgress: (update) => progress.update(update),
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
        ...(options.window === undefined ? {} : { window: options.window }),
      });
      summaryLast = summary.lastSettledIndex;
    } finally {
      progress.stop();
      interrupt.dispose();
      await results?.close();
    }
    const interrupted = interrupt.signal.aborted && prefix.last + 1 < rows;
    // The campaign's own account of what settled wins over ours (they agree when onResult saw every message).
    if (summaryLast > prefix.last)
      for (let index = prefix.last + 1; index <= summaryLast; index++) prefix.settle(index);
    const final = checkpoint(!interrupted && prefix.last + 1 >= rows);
    await writer.write(final);

    const elapsedSeconds = (Date.now() - startedAt) / 1000;
    const thisRun = totals.sent + totals.failed;
    output.document({
      ok: final.failed === 0 && !interrupted,
      campaignId,
      file: csvPath,
      rows,
      resumedFrom: resumeFrom,
      nextIndex: final.nextIndex,
      done: final.done,
      interrupted,
      sent: final.sent,
      failed: final.failed,
      failedByCode: final.failedByCode,
      credits: final.credits,
      thisRun: { sent: totals.sent, failed: totals.failed, unknownOutcome: totals.unknown, seconds: elapsedSeconds },
      byProvider: Object.fromEntries(byProvider),
      checkpoint: checkpointPath,
      ...(results === undefined ? {} : { results: results.path }),
    });

    output.line(`Campaign ${campaignId}: ${csvPath}`);
    const summaryRows: unknown[][] = [
      ['rows', rows],
      ['sent', final.sent],
      ['failed', final.failed],
      ...Object.entries(final.failedByCode).map(([code, count]) => [`  ${code}`, count]),
      ['credits', final.credits],
      [
        'this run',
        `${thisRun} messages in ${elapsedSeconds.toFixed(1)} s (${Math.round(thisRun / Math.max(elapsedSeconds, 0.001))}/s)`,
      ],
    ];
    // Label and value columns; the header row of the table is not needed here.
    for (const line of textTable(['', ''], summaryRows).slice(1)) output.line(`  ${line}`);
    if (byProvider.size > 0) {
      output.line('');
      const providerRows = [...byProvider].map(([provider, tally]) => [provider, tally.sent, tally.credits]);
      for (const line of textTable(['provider', 'sent', 'credits'], providerRows)) output.line(`  ${line}`);
    }
    if (totals.unknown > 0) {
      output.line('');
      output.line(
        `  ${totals.unknown} message(s) have an unknown outcome: they may have been sent; do not resend them blindly.`,
      );
    }
    output.line('');
    if (results !== undefined) output.line(`Results: ${results.path}`);
    output.line(`Checkpoint: ${checkpointPath}`);
    if (interrupted) {
      output.note(`pesan: interrupted at row ${final.nextIndex} of ${rows}; continue with:`);
      output.note(`  pesan bulk ${file} <the same options> --resume ${checkpointPath}`);
      return EXIT_CODES.interrupted;
    }
    return final.failed > 0 ? EXIT_CODES.notSent : EXIT_CODES.ok;
  });
}

/** Yields from `source` until `signal` aborts, then ends it. */
async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  for await (const item of source) {
    if (signal.aborted) return;
    yield item;
  }
}
