import { PesanError } from '../errors/pesan-error.js';
import type { Clock } from '../runtime/clock.js';

/** A message held until a time (`sendAt`, quiet hours), as `messenger.listScheduled()` shows it. */
export interface ScheduledMessage {
  /** What `cancelScheduled` takes: the message's `idempotencyKey`. */
  readonly id: string;
  /** Recipient in E.164. */
  readonly to: string;
  /** When it is due. */
  readonly sendAt: Date;
  /** Why it is held: `sendAt`, or the middleware that holds it (`malaysiaPromotional`). */
  readonly reason: string;
}

interface Hold {
  readonly info: ScheduledMessage;
  readonly controller: AbortController;
}

/**
 * The messages held in this process, each on a sleep of the messenger's
 * clock (so a `FakeClock` moves them), cancellable by id.
 */
export class MessageHolds {
  private readonly holds = new Map<string, Set<Hold>>();

  constructor(private readonly clock: Clock) {}

  /**
   * Sleeps until `at`. Rejects with `CANCELLED` when cancelled, or with the
   * signal's reason when `signal` aborts first.
   */
  async hold(info: ScheduledMessage, signal: AbortSignal): Promise<void> {
    const wait = info.sendAt.getTime() - this.clock.now();
    if (wait <= 0) return;
    if (signal.aborted) throw signal.reason;
    const controller = new AbortController();
    const hold: Hold = { info, controller };
    const onAbort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    let same = this.holds.get(info.id);
    if (!same) {
      same = new Set();
      this.holds.set(info.id, same);
    }
    same.add(hold);
    try {
      await this.clock.sleep(wait, controller.signal);
    } finally {
      signal.removeEventListener('abort', onAbort);
      same.delete(hold);
      if (same.size === 0 && this.holds.get(info.id) === same) this.holds.delete(info.id);
    }
  }

  /** Cancels every hold of `id`; `true` when there was one. */
  cancel(id: string): boolean {
    const same = this.holds.get(id);
    if (!same || same.size === 0) return false;
    for (const hold of [...same]) {
      hold.controller.abort(
        new PesanError('CANCELLED', {
          message: `The message held until ${hold.info.sendAt.toISOString()} was cancelled`,
          details: { id, sendAt: hold.info.sendAt.toISOString(), reason: hold.info.reason },
        }),
      );
    }
    return true;
  }

  /** Cancels everything held, with `reason` (the messenger is closing). */
  cancelAll(reason: PesanError): void {
    for (const same of this.holds.values()) for (const hold of same) hold.controller.abort(reason);
  }

  /** What is held, soonest first. */
  list(): ScheduledMessage[] {
    const all: ScheduledMessage[] = [];
    for (const same of this.holds.values()) for (const hold of same) all.push(hold.info);
    return all.sort((left, right) => left.sendAt.getTime() - right.sendAt.getTime());
  }
}
