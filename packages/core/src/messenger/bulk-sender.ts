import { inject, injectable } from 'tsyringe';
import { TOKENS } from '../di/tokens.js';
import { PesanError } from '../errors/pesan-error.js';
import { EventBus } from '../events/event-bus.js';
import type { SendOutcome } from '../idempotency/idempotency-guard.js';
import type { Attempt } from '../provider/v1/attempt.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { Clock } from '../runtime/clock.js';
import { ProviderCaller, providerAttempt } from './provider-caller.js';
import { asPesanError, providerFailure } from './provider-failure.js';
import { ResolvedMessengerOptions } from './resolved-messenger-options.js';
import { RouteExecutor, type RouteRun } from './route-executor.js';

/** One message of a bulk send, on its route. */
export interface BulkJob {
  /** Position in the input. */
  readonly index: number;
  readonly run: RouteRun;
}

/** Called once per job when it is over. */
export type BulkCompletion = (job: BulkJob, outcome: SendOutcome) => Promise<void>;

type Task = () => Promise<void>;

interface Group {
  readonly provider: ProviderV1;
  readonly jobs: BulkJob[];
}

/**
 * Sends many messages with vendor batching where the first provider of a
 * message's route has `sendBulk`: messages for the same provider (and, when
 * the vendor cannot personalise a batch, the same content) go in chunks of
 * `capabilities.maxBatch`. A message that fails in a chunk continues on its
 * own route exactly as a single send would (failover, idempotent retry).
 * Everything else is sent one by one, `concurrency` at a time.
 */
@injectable()
export class BulkSender {
  constructor(
    @inject(ResolvedMessengerOptions) private readonly options: ResolvedMessengerOptions,
    @inject(RouteExecutor) private readonly executor: RouteExecutor,
    @inject(ProviderCaller) private readonly caller: ProviderCaller,
    @inject(TOKENS.EventBus) private readonly events: EventBus,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {
    this.providers = options.providers;
  }

  private readonly providers: ReadonlyMap<string, ProviderV1>;

  /** Sends every job; `complete` is called once per job. Never throws. */
  async send(jobs: readonly BulkJob[], signal: AbortSignal, complete: BulkCompletion): Promise<void> {
    const groups = new Map<string, Group>();
    const singles: BulkJob[] = [];
    for (const job of jobs) {
      const candidate = job.run.plan.candidates[job.run.index]!;
      const provider = this.providers.get(candidate.provider)!;
      if (!provider.sendBulk || provider.capabilities.maxBatch < 2) {
        singles.push(job);
        continue;
      }
      const key = this.groupKey(provider, candidate.message);
      const group = groups.get(key) ?? { provider, jobs: [] };
      group.jobs.push(job);
      groups.set(key, group);
    }
    const followUps: Task[] = [];
    const batched: Group[] = [];
    for (const group of groups.values()) {
      // A batch of one is a plain send: simpler, and it keeps the idempotent retry.
      if (group.jobs.length === 1) singles.push(group.jobs[0]!);
      else batched.push(group);
    }
    await Promise.all([
      ...batched.map((group) => this.sendGroup(group, signal, complete, followUps)),
      this.pool(
        singles.map((job) => () => this.sendAlone(job, signal, complete)),
        this.options.bulkConcurrency,
      ),
    ]);
    await this.pool(followUps, this.options.bulkConcurrency);
  }

  private groupKey(provider: ProviderV1, message: OutboundMessage): string {
    const channel = message.channel ?? 'sms';
    if (provider.capabilities.personalisedBulk) return JSON.stringify([provider.id, channel]);
    const { to: _to, idempotencyKey: _key, metadata: _metadata, ...content } = message;
    return JSON.stringify([provider.id, channel, content]);
  }

  private async sendAlone(job: BulkJob, signal: AbortSignal, complete: BulkCompletion): Promise<void> {
    let outcome: SendOutcome;
    try {
      outcome = { ok: true, result: await this.executor.run(job.run, signal) };
    } catch (error) {
      outcome = { ok: false, error: asPesanError(error) };
    }
    await complete(job, outcome);
  }

  private async continueAfter(job: BulkJob, error: PesanError, signal: AbortSignal, complete: BulkCompletion) {
    let outcome: SendOutcome;
    try {
      this.executor.advance(job.run, error, signal);
      outcome = { ok: true, result: await this.executor.run(job.run, signal) };
    } catch (thrown) {
      outcome = { ok: false, error: asPesanError(thrown) };
    }
    await complete(job, outcome);
  }

  private async sendGroup(group: Group, signal: AbortSignal, complete: BulkCompletion, followUps: Task[]) {
    const { provider } = group;
    const size = Math.max(1, provider.capabilities.maxBatch);
    // Chunks one after another: a provider's batches share its rate limit anyway.
    for (let start = 0; start < group.jobs.length; start += size) {
      const chunk = group.jobs.slice(start, start + size);
      let failures = await this.sendChunk(provider, chunk, signal, complete);
      // A vendor that deduplicates can only do so for the request it saw: a
      // chunk whose answer was lost is retried once as the same chunk (same
      // messages, same keys, so the same vendor dedupe key), never split into
      // single sends with keys of their own, which would send every message twice.
      const wholeChunkUnknown =
        provider.capabilities.idempotent &&
        failures.length === chunk.length &&
        failures.every(({ error }) => error.outcome === 'unknown');
      if (wholeChunkUnknown && !signal.aborted) {
        for (const { job, error } of failures) job.run.errors.push(error);
        failures = await this.sendChunk(provider, chunk, signal, complete);
      }
      for (const { job, error } of failures) {
        // The same-provider retry after `unknown` was this chunk's (or cannot be a single send).
        if (provider.capabilities.idempotent && error.outcome === 'unknown') job.run.retried.add(job.run.index);
        followUps.push(() => this.continueAfter(job, error, signal, complete));
      }
    }
  }

  /** Sends one chunk; completes the jobs it sent and returns the ones that failed. */
  private async sendChunk(
    provider: ProviderV1,
    chunk: readonly BulkJob[],
    signal: AbortSignal,
    complete: BulkCompletion,
  ): Promise<{ job: BulkJob; error: PesanError }[]> {
    const chunkAttempts: Attempt[] = [];
    const sink = (attempt: Attempt) => {
      chunkAttempts.push(attempt);
      this.events.emit('attempt', { attempt });
    };
    const messages = chunk.map((job) => job.run.plan.candidates[job.run.index]!.message);
    const startedAt = this.clock.now();
    const failures: { job: BulkJob; error: PesanError }[] = [];
    try {
      const { result, recordedAttempts } = await this.caller.sendBulk(provider, messages, signal, sink);
      for (const [position, job] of chunk.entries()) {
        job.run.attempts.push(...chunkAttempts);
        const item = result.items[position];
        const itemSink = this.executor.sink(job.run);
        if (item?.ok) {
          if (recordedAttempts === 0) {
            if (item.result.attempts?.length) for (const attempt of item.result.attempts) itemSink(attempt);
            else itemSink(providerAttempt(provider.id, startedAt, this.clock.now()));
          }
          await complete(job, { ok: true, result: this.executor.finish(job.run, item.result) });
          continue;
        }
        const error = item
          ? providerFailure(item.error, provider.id)
          : new PesanError('INVALID_RESPONSE', {
              message: `Provider "${provider.id}" returned ${result.items.length} bulk items for ${chunk.length} messages`,
              provider: provider.id,
            });
        if (recordedAttempts === 0) itemSink(providerAttempt(provider.id, startedAt, this.clock.now(), error));
        failures.push({ job, error });
      }
    } catch (thrown) {
      const error = providerFailure(thrown, provider.id);
      for (const job of chunk) {
        job.run.attempts.push(...chunkAttempts);
        failures.push({ job, error });
      }
    }
    return failures;
  }

  private async pool(tasks: readonly Task[], concurrency: number): Promise<void> {
    let next = 0;
    const worker = async () => {
      // Bounded by the task list: each task is taken once.
      while (next < tasks.length) {
        const task = tasks[next++]!;
        await task();
      }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), tasks.length) }, worker));
  }
}
