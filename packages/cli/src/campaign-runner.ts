import { randomUUID } from 'node:crypto';
import type { Messenger, OutboundMessage, PesanError, SendResult } from '@pesan/core';
import { SettledPrefix } from './settled-prefix.js';

/*
 * The campaign API agreed for `messenger.sendCampaign` in @pesan/core, as an
 * adapter over `messenger.sendBulk` in chunks, until the core method lands.
 * Same signature and semantics, so the bulk command switches to
 * `messenger.sendCampaign(source, options)` in one line.
 */

/** What a campaign sends: any iterable of messages, read lazily. */
export type CampaignSource = Iterable<OutboundMessage> | AsyncIterable<OutboundMessage>;

/** One settled message: its 0-based position in the source, and its result or error. */
export type CampaignResultItem =
  | { index: number; to: string; ok: true; result: SendResult }
  | { index: number; to: string; ok: false; error: PesanError };

/** Counts so far (this run only; messages skipped by `resumeFrom` are not counted). */
export interface CampaignProgress {
  settled: number;
  sent: number;
  failed: number;
  ratePerSecond: number;
  etaSeconds?: number;
}

/** Options of a campaign. */
export interface CampaignOptions {
  /** Prefix of each message's idempotency key `${campaignId}:${index}`. Default: a random UUID. */
  campaignId?: string;
  /** Called once per message as it settles. Awaited. */
  onResult?: (item: CampaignResultItem) => void | Promise<void>;
  /** Called as messages settle. */
  onProgress?: (progress: CampaignProgress) => void;
  /** Stops taking messages from the source; messages in flight settle. */
  signal?: AbortSignal;
  /** Skips the messages whose index is lower (they settled in an earlier run). */
  resumeFrom?: number;
  /** Messages per `sendBulk` call (the adapter's chunk). Default 500. */
  window?: number;
  /** `sendBulk` calls in flight at once. Default 2. */
  concurrency?: number;
}

/** What a campaign did. */
export interface CampaignSummary {
  sent: number;
  failed: number;
  failedByCode: Record<string, number>;
  credits: number;
  cost?: number;
  /** Highest index such that every index up to it has settled (`resumeFrom - 1` when nothing settled). */
  lastSettledIndex: number;
}

/** Runs a campaign: the signature of `messenger.sendCampaign`, with the messenger first. */
export type CampaignRunner = (source: CampaignSource, options?: CampaignOptions) => Promise<CampaignSummary>;

/**
 * Streams `source` through `messenger.sendBulk` in chunks of `window`
 * messages, `concurrency` chunks at a time, so memory stays bounded by the
 * chunks in flight, and vendor batching (iSMS JSON, 50 per request) applies.
 */
export async function sendCampaign(
  messenger: Messenger,
  source: CampaignSource,
  options: CampaignOptions = {},
): Promise<CampaignSummary> {
  const campaignId = options.campaignId ?? randomUUID();
  const window = Math.max(1, options.window ?? 500);
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const resumeFrom = Math.max(0, options.resumeFrom ?? 0);
  const summary: CampaignSummary = {
    sent: 0,
    failed: 0,
    failedByCode: {},
    credits: 0,
    lastSettledIndex: resumeFrom - 1,
  };
  const prefix = new SettledPrefix(resumeFrom);
  const startedAt = Date.now();

  const settle = async (item: CampaignResultItem) => {
    if (item.ok) {
      summary.sent++;
      summary.credits += item.result.credits ?? 0;
    } else {
      summary.failed++;
      summary.failedByCode[item.error.code] = (summary.failedByCode[item.error.code] ?? 0) + 1;
    }
    prefix.settle(item.index);
    summary.lastSettledIndex = prefix.last;
    await options.onResult?.(item);
  };

  const sendChunk = async (chunk: { index: number; message: OutboundMessage }[]) => {
    // No signal: a chunk once started settles, so nothing in it ends with an unknown outcome because of Ctrl-C.
    const { items } = await messenger.sendBulk(chunk.map(({ message }) => message));
    for (const [position, { index, message }] of chunk.entries()) {
      const item = items[position];
      if (item?.ok) await settle({ index, to: item.result.to, ok: true, result: item.result });
      else if (item) await settle({ index, to: item.to ?? message.to, ok: false, error: item.error });
    }
    const settled = summary.sent + summary.failed;
    const seconds = (Date.now() - startedAt) / 1000;
    options.onProgress?.({
      settled,
      sent: summary.sent,
      failed: summary.failed,
      ratePerSecond: seconds > 0 ? settled / seconds : 0,
    });
  };

  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const launch = (chunk: { index: number; message: OutboundMessage }[]) => {
    const running = sendChunk(chunk)
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
  };

  let chunk: { index: number; message: OutboundMessage }[] = [];
  let index = 0;
  try {
    for await (const message of source as AsyncIterable<OutboundMessage>) {
      const current = index++;
      if (current < resumeFrom) continue;
      if (options.signal?.aborted || failure !== undefined) break;
      chunk.push({
        index: current,
        message: { ...message, idempotencyKey: message.idempotencyKey ?? `${campaignId}:${current}` },
      });
      if (chunk.length < window) continue;
      launch(chunk);
      chunk = [];
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    if (chunk.length > 0 && !options.signal?.aborted && failure === undefined) launch(chunk);
  } finally {
    await Promise.all(inFlight);
  }
  if (failure !== undefined) throw failure;
  return summary;
}
