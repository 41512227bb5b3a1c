import type { Logger } from '../provider/v1/logger.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { Clock } from '../runtime/clock.js';
import { withFields } from '../runtime/with-fields.js';
import { recordStatusReport } from '../status/record-status-report.js';
import type { StatusStore } from '../status/status-store.js';
import type { WebhookEventSink } from '../webhooks/webhook-handler.js';

/** Options of {@link Poller}. */
export interface PollerOptions {
  providers: readonly ProviderV1[];
  statusStore: StatusStore;
  events: WebhookEventSink;
  clock: Clock;
  logger: Logger;
  /** Time between rounds. */
  intervalMs: number;
  /** Most pending messages asked about per provider and round. Default 50. */
  statusBatch?: number;
  /**
   * Where the inbound cursor of each provider starts. Default: when polling
   * starts, rounded down to the second (vendors stamp messages in whole
   * seconds: one received in the same second must not be lost).
   */
  since?: Date;
}

/**
 * Asks providers without push for what they know: inbound messages since a
 * per-provider cursor, and the status of messages that are not final. A
 * message seen at the cursor's instant may come back in the next round (the
 * cursor is inclusive at vendors that filter by `>=`), so recently emitted
 * keys are remembered and nothing is emitted twice.
 */
export class Poller {
  private readonly cursors = new Map<string, number>();
  private readonly seenAtCursor = new Map<string, Set<string>>();
  private readonly controller = new AbortController();
  private loop: Promise<void> | undefined;
  private round: Promise<void> = Promise.resolve();

  constructor(private readonly options: PollerOptions) {}

  /** Starts the loop; a second call does nothing. */
  start(): void {
    if (this.loop) return;
    const start = this.options.since?.getTime() ?? Math.floor(this.options.clock.now() / 1000) * 1000;
    for (const provider of this.options.providers) this.cursors.set(provider.id, start);
    this.loop = this.run();
  }

  /** Stops the loop and waits for the round in progress. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
  }

  /**
   * One round: inbound then statuses, for every provider. Errors are logged,
   * never thrown. Rounds never overlap: a call during a round runs after it.
   */
  tick(): Promise<void> {
    this.round = this.round.then(() => this.poll());
    return this.round;
  }

  private async poll(): Promise<void> {
    for (const provider of this.options.providers) {
      if (this.controller.signal.aborted) return;
      if (provider.pollInbound) await this.guard(provider, 'inbound', () => this.pollInbound(provider));
      if (provider.getStatus) await this.guard(provider, 'status', () => this.pollStatuses(provider));
    }
  }

  private async run(): Promise<void> {
    const { clock, intervalMs } = this.options;
    while (!this.controller.signal.aborted) {
      await this.tick();
      try {
        await clock.sleep(intervalMs, this.controller.signal);
      } catch {
        return;
      }
    }
  }

  private async guard(provider: ProviderV1, what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.options.logger.warn(`polling ${what} failed`, { provider: provider.id, error: String(error) });
    }
  }

  private async pollInbound(provider: ProviderV1): Promise<void> {
    const cursor = this.cursors.get(provider.id) ?? 0;
    const messages = await provider.pollInbound!(new Date(cursor), { signal: this.controller.signal });
    let next = cursor;
    const seen = this.seenAtCursor.get(provider.id) ?? new Set<string>();
    const fresh = messages
      .filter((message) => message.at.getTime() >= cursor)
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const message of fresh) {
      const key = message.vendorMessageId ?? `${message.from}|${message.at.getTime()}|${message.text}`;
      if (seen.has(key)) continue;
      const time = message.at.getTime();
      if (time > next) {
        next = time;
        seen.clear();
      }
      seen.add(key);
      try {
        this.options.events.inbound(withFields(message, { provider: provider.id }));
      } catch (error) {
        this.options.logger.error('inbound listener failed', { provider: provider.id, error: String(error) });
      }
    }
    this.cursors.set(provider.id, next);
    this.seenAtCursor.set(provider.id, seen);
  }

  private async pollStatuses(provider: ProviderV1): Promise<void> {
    const { statusStore, statusBatch = 50, clock, logger } = this.options;
    const roundStart = new Date(clock.now());
    // Least recently checked first, so messages that never move cannot starve newer ones.
    const pending = await statusStore.pending({
      provider: provider.id,
      limit: statusBatch,
      notCheckedSince: roundStart,
    });
    for (const record of pending) {
      if (this.controller.signal.aborted) return;
      try {
        const report = await provider.getStatus!(record.messageId, { signal: this.controller.signal });
        const result = await recordStatusReport(statusStore, provider.id, report, 'poll');
        if (!result.duplicate && result.changed) this.emitStatus(withFields(result, { provider: provider.id }));
      } catch (error) {
        // One message the vendor cannot answer for must not stop the others.
        logger.warn('polling status failed', {
          provider: provider.id,
          messageId: record.messageId,
          error: String(error),
        });
      }
      await statusStore.markChecked(record.messageId, provider.id, new Date(clock.now()));
    }
  }

  private emitStatus(event: Parameters<PollerOptions['events']['status']>[0]): void {
    try {
      this.options.events.status(event);
    } catch (error) {
      this.options.logger.error('status listener failed', { provider: event.provider, error: String(error) });
    }
  }
}
