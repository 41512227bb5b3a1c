import { inject, injectable } from 'tsyringe';
import { TOKENS } from '../di/tokens.js';
import { PesanError } from '../errors/pesan-error.js';
import { EventBus } from '../events/event-bus.js';
import type { SendOutcome } from '../idempotency/idempotency-guard.js';
import type { Attempt } from '../provider/v1/attempt.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { Clock } from '../runtime/clock.js';
import { providerAttempt } from './bounded-call.js';
import { BulkTaskGate } from './bulk-task-gate.js';
import { ProviderCaller } from './provider-caller.js';
import { asPesanError, providerFailure } from './provider-failure.js';
import { ResolvedMessengerOptions } from './resolved-messenger-options.js';
import { markRetried, RouteExecutor, type RouteRun } from './route-executor.js';

/** One message of a bulk send, on its route. */
export interface BulkJob {
  /** Position in the input. */
  readonly index: number;
  readonly run: RouteRun;
}

/** Called once per job when it is over. */
export type BulkCompletion<Job extends BulkJob = BulkJob> = (job: Job, outcome: SendOutcome) => Promise<void>;

/** How a {@link BulkDispatch} sends. */
export interface BulkDispatchOptions<Job extends BulkJob> {
  readonly signal: AbortSignal;
  readonly complete: BulkCompletion<Job>;
  /**
   * Called instead of `complete` for the messages a batch request sent, in
   * batch order, so what is recorded per message can be written together.
   */
  readonly completeMany?: (jobs: readonly Job[], outcomes: readonly SendOutcome[]) => Promise<void>;
  /**
   * Most requests (a batch or a single send) in flight at once per provider
   * (the first provider of a job's route, or the one it fails over to).
   * Default: the provider's `limits[id].concurrency`, else `bulkConcurrency`.
   */
  readonly concurrency?: number;
}

interface Group<Job extends BulkJob> {
  readonly key: string;
  readonly provider: ProviderV1;
  readonly jobs: Job[];
}

/** The error of a job not sent because its bulk send was cancelled. */
function cancelled(provider: string): PesanError {
  return new PesanError('TIMEOUT', {
    message: 'The send was cancelled before this message was sent',
    outcome: 'not_sent',
    provider,
    details: { aborted: true },
  });
}

/**
 * Sends many messages with vendor batching where the first provider of a
 * message's route has `sendBulk`: messages for the same provider (and, when
 * the vendor cannot personalise a batch, the same content) go in chunks of
 * `capabilities.maxBatch`. A message that fails in a chunk continues on its
 * own route exactly as a single send would (failover, idempotent retry).
 * Everything else is sent one by one.
 *
 * Jobs stream in through a {@link BulkDispatch}: a chunk goes out as soon as
 * it is full (or on `flush()`), and a provider's chunks and single sends run
 * concurrently up to its concurrency (see {@link BulkDispatchOptions}).
 */
@injectable()
export class BulkSender {
  constructor(
    @inject(ResolvedMessengerOptions) private readonly options: ResolvedMessengerOptions,
    @inject(RouteExecutor) readonly executor: RouteExecutor,
    @inject(ProviderCaller) readonly caller: ProviderCaller,
    @inject(TOKENS.EventBus) readonly events: EventBus,
    @inject(TOKENS.Clock) readonly clock: Clock,
  ) {}

  /** A dispatch to add jobs to. */
  open<Job extends BulkJob>(options: BulkDispatchOptions<Job>): BulkDispatch<Job> {
    return new BulkDispatch(this, this.options, options);
  }

  /** Sends every job; `complete` is called once per job. Never throws. */
  async send(jobs: readonly BulkJob[], signal: AbortSignal, complete: BulkCompletion): Promise<void> {
    const dispatch = this.open({ signal, complete });
    for (const job of jobs) dispatch.add(job);
    dispatch.flush();
    await dispatch.drained();
  }
}

/**
 * One stream of bulk jobs: `add` each (a batch goes out once full), `flush`
 * when no more are coming soon (partly filled batches go out), await `drained`.
 */
export class BulkDispatch<Job extends BulkJob> {
  private readonly groups = new Map<string, Group<Job>>();
  private readonly gates = new Map<string, BulkTaskGate>();
  private readonly providers: ReadonlyMap<string, ProviderV1>;
  private readonly signal: AbortSignal;
  private readonly complete: BulkCompletion<Job>;
  private readonly completeMany:
    | ((jobs: readonly Job[], outcomes: readonly SendOutcome[]) => Promise<void>)
    | undefined;
  /** Jobs in partly filled batches, not sent yet. */
  private held = 0;
  /** Completions started outside any gate (a follow-up whose route was over). */
  private readonly loose = new Set<Promise<void>>();

  constructor(
    private readonly sender: BulkSender,
    private readonly settings: ResolvedMessengerOptions,
    options: BulkDispatchOptions<Job>,
  ) {
    this.providers = settings.providers;
    this.signal = options.signal;
    this.complete = options.complete;
    this.completeMany = options.completeMany;
    this.concurrency = options.concurrency;
  }

  private readonly concurrency: number | undefined;

  /** Jobs waiting in partly filled batches. */
  get pending(): number {
    return this.held;
  }

  /** Queues `job`: into its provider's batch (sent when full), or as a single send. */
  add(job: Job): void {
    const candidate = job.run.plan.candidates[job.run.index]!;
    const provider = this.providers.get(candidate.provider)!;
    if (!provider.sendBulk || provider.capabilities.maxBatch < 2) {
      this.gate(provider.id).run(() => this.sendAlone(job));
      return;
    }
    const key = groupKey(provider, candidate.message);
    let group = this.groups.get(key);
    if (!group) {
      group = { key, provider, jobs: [] };
      this.groups.set(key, group);
    }
    group.jobs.push(job);
    this.held += 1;
    if (group.jobs.length >= provider.capabilities.maxBatch) this.launch(group);
  }

  /** Sends every partly filled batch now. */
  flush(): void {
    for (const group of [...this.groups.values()]) this.launch(group);
  }

  /** Resolves once everything added (and flushed) is complete. */
  async drained(): Promise<void> {
    // Bounded: each round waits for work that was running when it started; new work comes only from that work.
    while (this.busy) {
      await Promise.all([...this.gates.values()].map((gate) => gate.idle()));
      await Promise.all(this.loose);
    }
  }

  /** Whether a send or a completion is running or waiting (jobs held in partly filled batches aside). */
  get busy(): boolean {
    if (this.loose.size > 0) return true;
    for (const gate of this.gates.values()) if (gate.size > 0) return true;
    return false;
  }

  private gate(providerId: string): BulkTaskGate {
    let gate = this.gates.get(providerId);
    if (!gate) {
      const limit = this.concurrency ?? this.settings.limits[providerId]?.concurrency ?? this.settings.bulkConcurrency;
      gate = new BulkTaskGate(Math.max(1, Math.floor(limit)));
      this.gates.set(providerId, gate);
    }
    return gate;
  }

  private launch(group: Group<Job>): void {
    this.groups.delete(group.key);
    this.held -= group.jobs.length;
    // A batch of one is a plain send: simpler, and it keeps the idempotent retry.
    if (group.jobs.length === 1) {
      const job = group.jobs[0]!;
      this.gate(group.provider.id).run(() => this.sendAlone(job));
      return;
    }
    this.gate(group.provider.id).run(() => this.sendGroup(group.provider, group.jobs));
  }

  private async sendAlone(job: Job): Promise<void> {
    let outcome: SendOutcome;
    if (this.signal.aborted) {
      // Nothing unsent is sent after a cancellation.
      const provider = job.run.plan.candidates[job.run.index]!.provider;
      outcome = { ok: false, error: this.stopped(job, cancelled(provider)) };
    } else {
      try {
        outcome = { ok: true, result: await this.sender.executor.run(job.run, this.signal) };
      } catch (error) {
        outcome = { ok: false, error: asPesanError(error) };
      }
    }
    await this.complete(job, outcome);
  }

  /** The error to report for a job stopped at `error`: the run's decisive error. */
  private stopped(job: Job, error: PesanError): PesanError {
    try {
      this.sender.executor.advance(job.run, error, this.signal);
    } catch (thrown) {
      return asPesanError(thrown);
    }
    return error;
  }

  /** Continues a job that failed in a chunk on its own route, through the gate of its next provider. */
  private followUp(job: Job, error: PesanError): void {
    try {
      this.sender.executor.advance(job.run, error, this.signal);
    } catch (thrown) {
      this.detach(this.complete(job, { ok: false, error: asPesanError(thrown) }));
      return;
    }
    const next = job.run.plan.candidates[job.run.index]!.provider;
    this.gate(next).run(() => this.sendAlone(job));
  }

  private detach(work: Promise<void>): void {
    const tracked = work.catch(() => {}).finally(() => this.loose.delete(tracked));
    this.loose.add(tracked);
  }

  private async sendGroup(provider: ProviderV1, chunk: readonly Job[]): Promise<void> {
    if (this.signal.aborted) {
      const error = cancelled(provider.id);
      for (const job of chunk) await this.complete(job, { ok: false, error: this.stopped(job, error) });
      return;
    }
    let failures = await this.sendChunk(provider, chunk);
    // A vendor that deduplicates can only do so for the request it saw: a
    // chunk whose answer was lost is retried once as the same chunk (same
    // messages, same keys, so the same vendor dedupe key), never split into
    // single sends with keys of their own, which would send every message twice.
    const wholeChunkUnknown =
      provider.capabilities.idempotent &&
      failures.length === chunk.length &&
      failures.every(({ error }) => error.outcome === 'unknown');
    if (wholeChunkUnknown && !this.signal.aborted) {
      for (const { job, error } of failures) job.run.errors.push(error);
      failures = await this.sendChunk(provider, chunk);
    }
    for (const { job, error } of failures) {
      // The same-provider retry after `unknown` was this chunk's (or cannot be a single send).
      if (provider.capabilities.idempotent && error.outcome === 'unknown') markRetried(job.run);
      this.followUp(job, error);
    }
  }

  /** Sends one chunk; completes the jobs it sent and returns the ones that failed. */
  private async sendChunk(provider: ProviderV1, chunk: readonly Job[]): Promise<{ job: Job; error: PesanError }[]> {
    const { caller, clock, events, executor } = this.sender;
    const chunkAttempts: Attempt[] = [];
    const sink = (attempt: Attempt) => {
      chunkAttempts.push(attempt);
      events.emit('attempt', { attempt });
    };
    const messages = chunk.map((job) => job.run.plan.candidates[job.run.index]!.message);
    const startedAt = clock.now();
    const failures: { job: Job; error: PesanError }[] = [];
    const sent: Job[] = [];
    const outcomes: SendOutcome[] = [];
    try {
      const { result, recordedAttempts } = await caller.sendBulk(provider, messages, this.signal, sink);
      for (let position = 0; position < chunk.length; position++) {
        const job = chunk[position]!;
        for (const attempt of chunkAttempts) job.run.attempts.push(attempt);
        const item = result.items[position];
        if (item?.ok) {
          if (recordedAttempts === 0) {
            const itemSink = executor.sink(job.run);
            if (item.result.attempts?.length) for (const attempt of item.result.attempts) itemSink(attempt);
            else itemSink(providerAttempt(provider.id, startedAt, clock.now()));
          }
          sent.push(job);
          outcomes.push({ ok: true, result: executor.finish(job.run, item.result) });
          continue;
        }
        const error = item
          ? providerFailure(item.error, provider.id)
          : new PesanError('INVALID_RESPONSE', {
              message: `Provider "${provider.id}" returned ${result.items.length} bulk items for ${chunk.length} messages`,
              provider: provider.id,
            });
        if (recordedAttempts === 0) executor.sink(job.run)(providerAttempt(provider.id, startedAt, clock.now(), error));
        failures.push({ job, error });
      }
    } catch (thrown) {
      const error = providerFailure(thrown, provider.id);
      for (const job of chunk) {
        job.run.attempts.push(...chunkAttempts);
        failures.push({ job, error });
      }
    }
    if (sent.length > 0) await this.completeSent(sent, outcomes);
    return failures;
  }

  private async completeSent(jobs: readonly Job[], outcomes: readonly SendOutcome[]): Promise<void> {
    if (this.completeMany) {
      await this.completeMany(jobs, outcomes);
      return;
    }
    for (let position = 0; position < jobs.length; position++)
      await this.complete(jobs[position]!, outcomes[position]!);
  }
}

function groupKey(provider: ProviderV1, message: OutboundMessage): string {
  const channel = message.channel ?? 'sms';
  if (provider.capabilities.personalisedBulk) return `${provider.id}\u0000${channel}`;
  const { to: _to, idempotencyKey: _key, metadata: _metadata, ...content } = message;
  return JSON.stringify([provider.id, channel, content]);
}
