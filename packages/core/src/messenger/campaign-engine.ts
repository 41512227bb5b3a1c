import { inject, injectable } from 'tsyringe';
import { TOKENS } from '../di/tokens.js';
import { PesanError } from '../errors/pesan-error.js';
import {
  type IdempotencyBatchClaim,
  IdempotencyGuard,
  type IdempotencyRequest,
  type IdempotencySettlement,
  type SendOutcome,
} from '../idempotency/idempotency-guard.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { SendResult } from '../provider/v1/send-result.js';
import type { RoutePlan } from '../routing/route-plan.js';
import type { Clock } from '../runtime/clock.js';
import type { IdGenerator } from '../runtime/id-generator.js';
import { type BulkDispatch, type BulkJob, BulkSender } from './bulk-sender.js';
import type { CampaignItem, CampaignOptions, CampaignSource, CampaignSummary } from './campaign.js';
import { CampaignProgressMeter } from './campaign-progress-meter.js';
import { CampaignWatermark } from './campaign-watermark.js';
import { prepareMessage, recipientOf } from './message-preparation.js';
import { asPesanError } from './provider-failure.js';
import { ResolvedMessengerOptions } from './resolved-messenger-options.js';
import { RouteExecutor } from './route-executor.js';

/** Default {@link CampaignOptions.window}. */
export const DEFAULT_CAMPAIGN_WINDOW = 1_000;

/** Longest a partly filled batch waits for a slow source before it is sent anyway, in milliseconds. */
export const CAMPAIGN_LINGER_MS = 10;

/**
 * Messages whose idempotency keys are claimed together (one round trip to a
 * store with `setManyIfAbsent`) when no provider batches; otherwise the
 * largest `maxBatch`, so a vendor batch fills in one claim, not in one round trip per message.
 */
export const CAMPAIGN_CLAIM_BATCH = 50;

/** How many messages a run claims together: a whole vendor batch, within the window. */
function claimBatchOf(providers: Iterable<ProviderV1>, window: number): number {
  let largest = CAMPAIGN_CLAIM_BATCH;
  for (const provider of providers) {
    if (provider.sendBulk) largest = Math.max(largest, Math.floor(provider.capabilities.maxBatch));
  }
  return Math.min(window, largest);
}

/** What the engine needs from the messenger around each message. */
export interface CampaignDelivery {
  /** The route plan of a validated message. */
  plan(message: OutboundMessage): Promise<RoutePlan>;
  /** Records a sent message (status store, `sent` event). */
  succeeded(result: SendResult, message: OutboundMessage): Promise<void>;
  /** Reports a failed message (`failed` event); returns the error to report. */
  failed(error: PesanError, context: { to?: string; message?: OutboundMessage }): PesanError;
}

/**
 * What a run is for.
 *
 * - `campaign` (`sendCampaign`): a message without a key gets
 *   `${campaignId}:${index}`, claimed like any key; a cancellation stops
 *   reading the source, and messages it left unsent are not reported.
 * - `bulk` (`sendBulk`): a message without a key gets a fresh unclaimed id,
 *   as `send` does; every message is reported, a cancelled one as failed.
 */
export type CampaignMode = { kind: 'campaign'; campaignId: string } | { kind: 'bulk' };

/** One run of the engine. */
export interface CampaignRun {
  readonly source: CampaignSource;
  readonly options: CampaignOptions;
  /** The run's signal: the caller's `options.signal` and the messenger's shutdown. */
  readonly signal: AbortSignal;
  readonly delivery: CampaignDelivery;
  readonly mode: CampaignMode;
}

/** A message read and validated, waiting for its key to be claimed with others. */
interface Admission extends IdempotencyRequest {
  readonly index: number;
  /** Whether `key` is claimed (a `sendBulk` message without a key gets a fresh one, not claimed). */
  readonly claimed: boolean;
  readonly derivedKey: boolean;
}

interface CampaignJob extends BulkJob {
  /** Settles the message's idempotency key, when the run claimed one. */
  readonly settle: ((outcome: SendOutcome) => Promise<void>) | undefined;
  /** Whether the key was derived from the campaign id (its stored result is kept small). */
  readonly derivedKey: boolean;
}

/**
 * A result as the idempotency store keeps it for a key the campaign derived:
 * what a replay needs (status, id, provider, recipient, parts, credits),
 * without the vendor's raw answer and the attempts, so a million-message
 * campaign does not keep a million answers for the key's TTL.
 */
function storedResult(result: SendResult): SendResult {
  // Optional fields assigned, not spread in: a campaign stores one of these per message.
  const stored: SendResult = {
    status: result.status,
    provider: result.provider,
    providerType: result.providerType,
    to: result.to,
    segments: result.segments,
    attempts: [],
    raw: undefined,
  };
  if (result.messageId !== undefined) stored.messageId = result.messageId;
  if (result.credits !== undefined) stored.credits = result.credits;
  if (result.deliveryReports !== undefined) stored.deliveryReports = result.deliveryReports;
  return stored;
}

/** The outcome the idempotency store keeps for a job: for a derived key, the compact result. */
function kept(job: CampaignJob, outcome: SendOutcome): SendOutcome {
  return outcome.ok && job.derivedKey ? { ok: true, result: storedResult(outcome.result) } : outcome;
}

function sourceLength(source: CampaignSource): number | undefined {
  return Array.isArray(source) ? source.length : undefined;
}

function iteratorOf(source: CampaignSource): Iterator<OutboundMessage> | AsyncIterator<OutboundMessage> {
  const asyncIterable = source as AsyncIterable<OutboundMessage>;
  if (typeof asyncIterable[Symbol.asyncIterator] === 'function') return asyncIterable[Symbol.asyncIterator]();
  const iterable = source as Iterable<OutboundMessage>;
  if (source !== null && typeof iterable[Symbol.iterator] === 'function') return iterable[Symbol.iterator]();
  throw new PesanError('INVALID_MESSAGE', {
    message: 'A campaign needs an array, an iterable or an async iterable of messages',
  });
}

/**
 * Streams messages from a source through validation, idempotency, routing
 * and the {@link BulkSender} (vendor batching, per-provider concurrency,
 * failover one by one), reporting each message once as it settles. At most
 * `window` messages are taken from the source and not yet settled, so
 * memory does not grow with the campaign, and the source is read only as
 * fast as messages settle (backpressure). `sendCampaign` and `sendBulk` both run on it.
 */
@injectable()
export class CampaignEngine {
  constructor(
    @inject(ResolvedMessengerOptions) private readonly settings: ResolvedMessengerOptions,
    @inject(BulkSender) private readonly bulk: BulkSender,
    @inject(RouteExecutor) private readonly executor: RouteExecutor,
    @inject(IdempotencyGuard) private readonly idempotency: IdempotencyGuard,
    @inject(TOKENS.IdGenerator) private readonly ids: IdGenerator,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  /**
   * Runs a campaign; resolves with its summary. Rejects with the first error
   * `onResult` threw, or the source threw, once the messages in flight settled.
   */
  run(run: CampaignRun): Promise<CampaignSummary> {
    const { settings, bulk, executor, idempotency, ids, clock } = this;
    return new CampaignRunState({ settings, bulk, executor, idempotency, ids, clock }, run).run();
  }
}

/** The engine's services, for its runs. */
interface EngineParts {
  readonly settings: ResolvedMessengerOptions;
  readonly bulk: BulkSender;
  readonly executor: RouteExecutor;
  readonly idempotency: IdempotencyGuard;
  readonly ids: IdGenerator;
  readonly clock: Clock;
}

/** The state of one campaign run. */
class CampaignRunState {
  private readonly window: number;
  private readonly resumeFrom: number;
  private readonly watermark: CampaignWatermark;
  private readonly meter: CampaignProgressMeter;
  private readonly failedByCode: Record<string, number> = {};
  private credits = 0;
  private readonly dispatch: BulkDispatch<CampaignJob>;
  /** Messages taken from the source and not settled yet. */
  private open = 0;
  private roomWaiter: (() => void) | undefined;
  /** Whether the run is waiting for the source (not for room in the window). */
  private readingSource = false;
  /** Whether a linger is armed; each has its generation, and only the current one may flush. */
  private lingerArmed = false;
  private lingerGeneration = 0;
  /** Messages read and validated, their keys not claimed yet (fewer than `claimBatch`). */
  private admitting: Admission[] = [];
  /** Claims one group of `admitting` after another, so messages reach the dispatch in source order. */
  private admissions: Promise<void> = Promise.resolve();
  private readonly claimBatch: number;
  private reporting: Promise<void> = Promise.resolve();
  private callbackFailed = false;
  private callbackError: unknown;
  /** Replays and failures settled outside the dispatch. */
  private readonly loose = new Set<Promise<void>>();

  constructor(
    private readonly parts: EngineParts,
    private readonly campaign: CampaignRun,
  ) {
    const { options } = campaign;
    this.window = Math.max(1, Math.floor(options.window ?? DEFAULT_CAMPAIGN_WINDOW));
    this.resumeFrom = Math.max(0, Math.floor(options.resumeFrom ?? 0));
    this.watermark = new CampaignWatermark(this.resumeFrom);
    this.claimBatch = claimBatchOf(this.parts.settings.providers.values(), this.window);
    const length = sourceLength(campaign.source);
    this.meter = new CampaignProgressMeter(
      this.parts.clock,
      options.onProgress,
      length === undefined ? undefined : Math.max(0, length - this.resumeFrom),
    );
    this.dispatch = this.parts.bulk.open<CampaignJob>({
      signal: campaign.signal,
      complete: (job, outcome) => this.completed(job, outcome),
      completeMany: (jobs, outcomes) => this.completedMany(jobs, outcomes),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    });
  }

  async run(): Promise<CampaignSummary> {
    const iterator = iteratorOf(this.campaign.source);
    let finished = false;
    try {
      // Bounded by the source; an endless source ends only by `signal` or a failing callback.
      for (let index = 0; ; index++) {
        if (this.stopping) break;
        // The source is read only while the window has room: backpressure.
        while (this.open >= this.window) {
          await this.admitWaiting();
          if (this.open < this.window) break;
          // Messages settling will make room; only when nothing is being sent must partly filled batches go.
          if (!this.dispatch.busy) this.dispatch.flush();
          await new Promise<void>((resolve) => {
            this.roomWaiter = resolve;
          });
        }
        if (this.stopping) break;
        if (this.dispatch.pending > 0 || this.admitting.length > 0) this.armLinger();
        this.readingSource = true;
        const next = await iterator.next();
        this.readingSource = false;
        if (next.done) {
          finished = true;
          break;
        }
        if (index < this.resumeFrom) continue;
        if (this.stopping) break;
        this.open += 1;
        this.take(index, next.value);
        if (this.admitting.length >= this.claimBatch) await this.admitWaiting();
      }
    } finally {
      this.readingSource = false;
      this.stopLinger();
      if (!finished) await closeIterator(iterator);
      // Read but not claimed: after a cancellation or a failed callback they are left unsent and unsettled.
      if (this.stopping) this.admitting = [];
      await this.admitWaiting();
      this.dispatch.flush();
      await this.dispatch.drained();
      await Promise.all(this.loose);
      await this.reporting;
    }
    this.meter.tick(true);
    if (this.callbackFailed) throw this.callbackError;
    return {
      sent: this.meter.sent,
      failed: this.meter.failed,
      failedByCode: this.failedByCode,
      credits: this.credits,
      lastSettledIndex: this.watermark.last,
    };
  }

  /** Sends partly filled batches when the source is still being waited for {@link CAMPAIGN_LINGER_MS} from now. */
  private armLinger(): void {
    if (this.lingerArmed) return;
    this.lingerArmed = true;
    const generation = this.lingerGeneration;
    // No signal: a disarmed linger's timer just runs out (at most one per claim group, for 10 ms).
    this.parts.clock.sleep(CAMPAIGN_LINGER_MS).then(
      () => {
        if (generation !== this.lingerGeneration) return;
        this.lingerArmed = false;
        if (!this.readingSource) return;
        void this.admitWaiting().then(() => this.dispatch.flush());
      },
      () => {},
    );
  }

  /** Disarms the linger: its timer runs out without flushing (no abort per batch, which costs an event dispatch). */
  private stopLinger(): void {
    if (!this.lingerArmed) return;
    this.lingerArmed = false;
    this.lingerGeneration += 1;
  }

  private get stopping(): boolean {
    return this.callbackFailed || (this.campaign.mode.kind === 'campaign' && this.campaign.signal.aborted);
  }

  /** Validates and keys one message, and queues it for {@link admitWaiting}. */
  private take(index: number, input: OutboundMessage): void {
    let message: OutboundMessage;
    try {
      message = prepareMessage(input, this.parts.settings);
    } catch (error) {
      this.detach(this.finish(index, recipientOf(input), undefined, { ok: false, error: asPesanError(error) }));
      return;
    }
    const { mode } = this.campaign;
    let key = message.idempotencyKey;
    if (key !== undefined) {
      this.admitting.push({ index, key, message, claimed: true, derivedKey: false });
      return;
    }
    key = mode.kind === 'campaign' ? `${mode.campaignId}:${index}` : this.parts.ids.next();
    // `prepareMessage` made `message`, with `withFields`, so the key added here keeps one hidden class for every
    // message. (Added to a spread copy, it gave each message a class of its own in Node 20, and every later read
    // of it, from the fingerprint to the provider, missed V8's inline caches: see `withFields`.)
    message.idempotencyKey = key;
    this.admitting.push({
      index,
      key,
      message,
      claimed: mode.kind === 'campaign',
      derivedKey: mode.kind === 'campaign',
    });
  }

  /** Claims the keys of the messages waiting (one round trip), then routes each and hands it to the dispatch. */
  private admitWaiting(): Promise<void> {
    if (this.admitting.length === 0) return this.admissions;
    const group = this.admitting;
    this.admitting = [];
    this.admissions = this.admissions.then(async () => {
      await this.admit(group);
      // The linger was for messages now sent; messages read from here on get a linger of their own.
      if (this.dispatch.pending === 0 && this.admitting.length === 0) this.stopLinger();
    });
    return this.admissions;
  }

  private async admit(group: readonly Admission[]): Promise<void> {
    const requests = group.every((admission) => admission.claimed)
      ? group
      : group.filter((admission) => admission.claimed);
    let claims: IdempotencyBatchClaim[] = [];
    try {
      if (requests.length > 0) claims = await this.parts.idempotency.claimMany(requests);
    } catch (error) {
      // claimMany answers store failures per key; anything else fails the group, none of it sent.
      const failure: IdempotencyBatchClaim = { kind: 'failed', error: asPesanError(error) };
      claims = requests.map(() => failure);
    }
    let claimed = 0;
    for (const { index, message, claimed: keyed, derivedKey } of group) {
      let settle: CampaignJob['settle'];
      if (keyed) {
        const claim = claims[claimed++]!;
        if (claim.kind === 'failed') {
          this.detach(this.finish(index, message.to, message, { ok: false, error: claim.error }));
          continue;
        }
        if (claim.kind === 'replay') {
          // Not awaited here: the first holder of the key may be in this very campaign, not sent yet.
          const to = message.to;
          this.detach(
            claim.result.then(
              (result) => this.report({ index, to: result.to, ok: true, result }),
              (error: unknown) => this.report({ index, to, ok: false, error: asPesanError(error) }),
            ),
          );
          continue;
        }
        settle = claim.settle;
      }
      // Planned here, one message after another (no async step of its own per message), so the dispatch gets
      // them in source order.
      let job: CampaignJob;
      try {
        const plan = await this.campaign.delivery.plan(message);
        job = { index, run: this.parts.executor.start(plan, message), settle, derivedKey };
      } catch (error) {
        this.unrouted(index, message, settle, asPesanError(error));
        continue;
      }
      this.dispatch.add(job);
    }
  }

  /** Settles and reports a claimed message whose route could not be planned. */
  private unrouted(index: number, message: OutboundMessage, settle: CampaignJob['settle'], error: PesanError): void {
    const outcome: SendOutcome = { ok: false, error };
    this.detach(
      (async () => {
        await settle?.(outcome);
        await this.finish(index, message.to, message, outcome);
      })(),
    );
  }

  /** `completed` for the messages one batch sent: their keys settled together, then each reported. */
  private async completedMany(jobs: readonly CampaignJob[], outcomes: readonly SendOutcome[]): Promise<void> {
    const settlements: IdempotencySettlement[] = [];
    for (let position = 0; position < jobs.length; position++) {
      const job = jobs[position]!;
      if (job.settle)
        settlements.push({ key: job.run.message.idempotencyKey!, outcome: kept(job, outcomes[position]!) });
    }
    if (settlements.length > 0) await this.parts.idempotency.settleMany(settlements);
    const { delivery } = this.campaign;
    for (let position = 0; position < jobs.length; position++) {
      const job = jobs[position]!;
      const outcome = outcomes[position]!;
      if (!outcome.ok) {
        await this.finish(job.index, job.run.message.to, job.run.message, outcome);
        continue;
      }
      // What `finish` does for a sent message, written out: a batch's messages then take no async step of their own.
      await delivery.succeeded(outcome.result, job.run.message);
      const reported = this.report({ index: job.index, to: outcome.result.to, ok: true, result: outcome.result });
      if (reported) await reported;
    }
  }

  private async completed(job: CampaignJob, outcome: SendOutcome): Promise<void> {
    if (job.settle) await job.settle(kept(job, outcome));
    await this.finish(job.index, job.run.message.to, job.run.message, outcome);
  }

  /** Records a message the campaign itself decided (sent or failed), then reports it. */
  private async finish(
    index: number,
    to: string,
    message: OutboundMessage | undefined,
    outcome: SendOutcome,
  ): Promise<void> {
    const { delivery } = this.campaign;
    let reported: Promise<void> | undefined;
    if (outcome.ok) {
      await delivery.succeeded(outcome.result, message!);
      reported = this.report({ index, to: outcome.result.to, ok: true, result: outcome.result });
    } else {
      const error = delivery.failed(outcome.error, { to, ...(message ? { message } : {}) });
      reported = this.report({ index, to, ok: false, error });
    }
    if (reported) await reported;
  }

  /**
   * Counts and reports one settled message, and frees its place in the
   * window. Answers a promise only while `onResult` runs: without one, a
   * message is reported without a promise of its own.
   */
  private report(item: CampaignItem): Promise<void> | undefined {
    let reporting: Promise<void> | undefined;
    try {
      if (!this.count(item)) return undefined;
      const onResult = this.campaign.options.onResult;
      if (onResult) {
        // One call at a time, in the order messages settle.
        const call = this.reporting.then(() => onResult(item));
        this.reporting = call.catch((error: unknown) => {
          if (this.callbackFailed) return;
          this.callbackFailed = true;
          this.callbackError = error;
        });
        reporting = this.reporting.then(() => this.release());
      }
    } finally {
      // Freed now, unless `onResult` is still to run (then once it has).
      if (reporting === undefined) this.release();
    }
    return reporting;
  }

  /** Counts a settled message; `false` for one left unsettled (not sent because of the cancellation). */
  private count(item: CampaignItem): boolean {
    // Certainly not sent because of the cancellation: left unsettled, so a resumed run sends it.
    const unsent = !item.ok && item.error.outcome === 'not_sent';
    if (unsent && this.campaign.mode.kind === 'campaign' && this.campaign.signal.aborted) return false;
    if (item.ok) {
      this.meter.sent += 1;
      this.credits += item.result.credits ?? 0;
    } else {
      this.meter.failed += 1;
      this.failedByCode[item.error.code] = (this.failedByCode[item.error.code] ?? 0) + 1;
    }
    this.watermark.settle(item.index);
    this.meter.tick();
    return true;
  }

  /** Frees a settled message's place in the window, waking the reader waiting for room. */
  private release(): void {
    this.open -= 1;
    const waiter = this.roomWaiter;
    this.roomWaiter = undefined;
    waiter?.();
  }

  private detach(work: Promise<void>): void {
    const tracked = work.catch(() => {}).finally(() => this.loose.delete(tracked));
    this.loose.add(tracked);
  }
}

async function closeIterator(iterator: Iterator<OutboundMessage> | AsyncIterator<OutboundMessage>): Promise<void> {
  try {
    await iterator.return?.();
  } catch {
    // The source's own cleanup failing does not change what was sent.
  }
}
