import {
  type CallContext,
  type Clock,
  type Logger,
  MemorySendWindowStore,
  PesanError,
  type SendWindowReservation,
  type SendWindowStore,
} from '@pesan/core';
import { type DeviceRef, deviceKey, type PoolSim, type SimSlot } from './device-options.js';
import { type DeviceState, stateOfDevice } from './device-states.js';

/** Options of {@link DevicePool}. */
export interface DevicePoolOptions {
  /** Provider instance id, for errors. */
  provider: string;
  /** Every SIM, in configuration order (the tie-break of least recently used). */
  sims: readonly PoolSim[];
  /** Time source: windows, waits and refresh intervals all read it. */
  clock: Clock;
  /** Longest one {@link DevicePool.acquire} waits for a SIM under its limit. */
  maxWaitMs: number;
  /** How often device states are read; 0 never. */
  refreshIntervalMs: number;
  /** Reads device states (`device_status`) with the caller's context; a failure keeps the states known before. */
  readStates?: (context: CallContext) => Promise<Map<string, DeviceState>>;
  /** Where refresh failures are reported. */
  logger: Logger;
  /**
   * Where each SIM's parts are counted, before the call context's
   * `sendWindows` (the messenger's store) and a window in memory.
   */
  sendWindows?: SendWindowStore;
}

/** A SIM the pool lent a send: give it back with {@link DevicePool.settle}. */
export interface SimLease {
  /** The phone. */
  readonly device: DeviceRef;
  /** Its slot. */
  readonly simSlot: SimSlot;
  /** Internal: the SIM, the parts counted and the store they are counted in. */
  readonly lane: number;
  readonly reservation: string;
  readonly parts: number;
  readonly sendWindows: SendWindowStore;
}

/** How a leased send ended, for the SIM's window and the device's state. */
export type LeaseOutcome = 'queued' | 'not_queued' | 'device_unavailable' | 'unknown';

interface Lane {
  readonly sim: PoolSim;
  readonly key: string;
  /** Its window's key in the send window store. */
  readonly windowKey: string;
  /** When it was last tried, as a count of tries (not time: two tries in one millisecond still have an order). */
  lastUsed: number;
  /** Parts in its window as the store last answered, and which store that was. */
  used: number;
  countedIn?: SendWindowStore;
}

/**
 * The key of one SIM's window in a send window store:
 * `<provider id>/<device key>/<slot>`, e.g. `device/uid:70d05483459a53d7/1`.
 * Instances sending through the same phones share a window when they use the
 * same provider id.
 */
export function simWindowKey(provider: string, sim: { device: DeviceRef; simSlot: SimSlot }): string {
  return `${provider}/${deviceKey(sim.device)}/${sim.simSlot}`;
}

// More waits than this in one acquire means something keeps taking the freed
// slot: give up rather than spin (the deadline bounds it in time as well).
const MAX_WAIT_ROUNDS = 64;

/**
 * The phones and SIMs of one provider. Spreads sends least recently used
 * first, skips phones `device_status` reports stopped (read on an interval,
 * and again right after a phone refused a send), keeps every SIM under its
 * limit, and waits for a SIM at most `maxWaitMs`. When no SIM can take a
 * send it fails `not_sent`, so the messenger can fail over to an SMS vendor.
 *
 * Each SIM's parts are counted in a {@link SendWindowStore}: the pool's
 * `sendWindows`, else the call context's (the messenger's
 * `stores.sendWindows`), else one in memory. A shared store (`@pesan/redis`)
 * keeps every instance sending through the same phones under one limit.
 */
export class DevicePool {
  readonly #options: DevicePoolOptions;
  readonly #lanes: Lane[];
  #states = new Map<string, DeviceState>();
  /** Devices that refused a send, by key: skipped until the time given. */
  readonly #downUntil = new Map<string, number>();
  #refreshedAt: number | undefined;
  #leases = 0;
  #refreshing: Promise<void> | undefined;
  readonly #ownWindows: SendWindowStore;

  constructor(options: DevicePoolOptions) {
    this.#options = options;
    this.#ownWindows = new MemorySendWindowStore({ clock: options.clock });
    this.#lanes = options.sims.map((sim) => ({
      sim,
      key: deviceKey(sim.device),
      windowKey: simWindowKey(options.provider, sim),
      lastUsed: 0,
      used: 0,
    }));
  }

  /**
   * What the pool knows of each SIM now, for logs and the demo: `used` is
   * the parts in its window as the send window store last answered (a send,
   * or {@link refreshUsage}).
   */
  snapshot(): {
    device: DeviceRef;
    simSlot: SimSlot;
    state: DeviceState | 'unknown';
    down: boolean;
    used: number;
    limit: number;
  }[] {
    const now = this.#options.clock.now();
    return this.#lanes.map((lane) => ({
      device: lane.sim.device,
      simSlot: lane.sim.simSlot,
      state: stateOfDevice(this.#states, lane.sim.device) ?? 'unknown',
      down: this.#isDown(lane, now),
      used: lane.used,
      limit: lane.sim.limit.maxCount,
    }));
  }

  /**
   * Lends the least recently used SIM that is running and under its limit
   * for a send of `parts` SMS parts, waiting (on the clock) at most
   * `maxWaitMs` for one. Throws `PesanError`, outcome `not_sent`:
   * `PROVIDER_UNAVAILABLE` when every phone is stopped, `RATE_LIMITED` when
   * every running SIM is at its limit past the wait bound.
   */
  async acquire(parts: number, context: CallContext = {}): Promise<SimLease> {
    const { clock, maxWaitMs } = this.#options;
    const signal = context.signal;
    const sendWindows = this.#sendWindowsFor(context);
    const deadline = clock.now() + maxWaitMs;
    await this.#refreshIfStale(context);
    for (let round = 0; round <= MAX_WAIT_ROUNDS; round++) {
      const running = this.#lanes.filter((lane) => !this.#isDown(lane, clock.now()));
      if (running.length === 0) throw this.#allStopped();
      // Stable: configuration order among SIMs tried equally long ago.
      const candidates = [...running].sort((first, second) => first.lastUsed - second.lastUsed);
      let earliest = Number.POSITIVE_INFINITY;
      for (const lane of candidates) {
        // Marked before the store answers, so concurrent sends spread over the SIMs instead of queueing on one.
        this.#leases += 1;
        lane.lastUsed = this.#leases;
        const answer = await this.#reserve(sendWindows, lane, parts);
        if (answer.granted) {
          return {
            device: lane.sim.device,
            simSlot: lane.sim.simSlot,
            lane: this.#lanes.indexOf(lane),
            reservation: answer.id,
            parts,
            sendWindows,
          };
        }
        earliest = Math.min(earliest, clock.now() + answer.waitMs);
      }
      const now = clock.now();
      if (earliest > deadline || round === MAX_WAIT_ROUNDS) throw this.#saturated(parts, earliest, now, running);
      try {
        await clock.sleep(earliest - now, signal);
      } catch (reason) {
        throw new PesanError('TIMEOUT', {
          provider: this.#options.provider,
          outcome: 'not_sent',
          message: 'Aborted while waiting for a SIM under its send limit; nothing was sent',
          cause: reason,
        });
      }
    }
    throw this.#saturated(parts, Number.POSITIVE_INFINITY, clock.now(), []);
  }

  /**
   * Ends a lease. A send the gateway certainly did not queue gives its parts
   * back; a phone that refused it is skipped until the next refresh interval
   * and the states are read again at once.
   */
  async settle(lease: SimLease, outcome: LeaseOutcome, context: CallContext = {}): Promise<void> {
    const lane = this.#lanes[lease.lane];
    if (lane === undefined) return;
    if (outcome === 'not_queued' || outcome === 'device_unavailable') await this.#release(lane, lease);
    if (outcome !== 'device_unavailable') return;
    const now = this.#options.clock.now();
    this.#downUntil.set(lane.key, now + (this.#options.refreshIntervalMs || 60_000));
    await this.refresh(context);
  }

  /** Reads device states now (one read at a time; callers during a read share it). */
  refresh(context: CallContext = {}): Promise<void> {
    const readStates = this.#options.readStates;
    if (readStates === undefined || this.#options.refreshIntervalMs === 0) return Promise.resolve();
    this.#refreshing ??= (async () => {
      try {
        this.#states = await readStates(context);
      } catch (error) {
        this.#options.logger.warn('device gateway: reading device states failed; keeping the last known', {
          provider: this.#options.provider,
          code: PesanError.isInstance(error) ? error.code : undefined,
        });
      } finally {
        this.#refreshedAt = this.#options.clock.now();
        this.#refreshing = undefined;
      }
    })();
    return this.#refreshing;
  }

  /**
   * Reads each SIM's parts from the send window store now (the store each
   * was last counted in, else the one `context` selects), for {@link snapshot}.
   */
  async refreshUsage(context: CallContext = {}): Promise<void> {
    const fallback = this.#sendWindowsFor(context);
    await Promise.all(
      this.#lanes.map(async (lane) => {
        const sendWindows = lane.countedIn ?? fallback;
        try {
          lane.used = await sendWindows.used(lane.windowKey, lane.sim.limit);
          lane.countedIn = sendWindows;
        } catch (error) {
          this.#options.logger.warn('device gateway: reading a SIM’s send window failed; keeping the last known', {
            provider: this.#options.provider,
            device: lane.key,
            simSlot: lane.sim.simSlot,
            code: PesanError.isInstance(error) ? error.code : undefined,
          });
        }
      }),
    );
  }

  #sendWindowsFor(context: CallContext): SendWindowStore {
    return this.#options.sendWindows ?? context.sendWindows ?? this.#ownWindows;
  }

  /** Counts `parts` in the lane's window; a store that fails means nothing was sent. */
  async #reserve(sendWindows: SendWindowStore, lane: Lane, parts: number): Promise<SendWindowReservation> {
    let answer: SendWindowReservation;
    try {
      answer = await sendWindows.reserve(lane.windowKey, parts, lane.sim.limit);
    } catch (error) {
      if (PesanError.isInstance(error) && error.code === 'INVALID_CONFIG') throw error.with({ outcome: 'not_sent' });
      throw new PesanError('PROVIDER_UNAVAILABLE', {
        provider: this.#options.provider,
        outcome: 'not_sent',
        retryable: true,
        message: `Counting the send against the limit of ${lane.key} SIM ${lane.sim.simSlot} failed (the send window store did not answer); nothing was sent`,
        cause: error,
      });
    }
    lane.used = answer.used;
    lane.countedIn = sendWindows;
    return answer;
  }

  /** Gives a lease's parts back; a store that fails keeps them counted until they slide out (the safe side). */
  async #release(lane: Lane, lease: SimLease): Promise<void> {
    try {
      await lease.sendWindows.release(lane.windowKey, lease.reservation);
      if (lane.countedIn === lease.sendWindows) lane.used = Math.max(0, lane.used - lease.parts);
    } catch (error) {
      this.#options.logger.warn(
        'device gateway: giving parts back to a SIM’s send window failed; they count until they slide out',
        {
          provider: this.#options.provider,
          device: lane.key,
          simSlot: lane.sim.simSlot,
          code: PesanError.isInstance(error) ? error.code : undefined,
        },
      );
    }
  }

  async #refreshIfStale(context: CallContext): Promise<void> {
    const interval = this.#options.refreshIntervalMs;
    if (interval === 0) return;
    const refreshedAt = this.#refreshedAt;
    if (refreshedAt === undefined || this.#options.clock.now() - refreshedAt >= interval) await this.refresh(context);
  }

  #isDown(lane: Lane, now: number): boolean {
    if (stateOfDevice(this.#states, lane.sim.device) === 'stopped') return true;
    const until = this.#downUntil.get(lane.key);
    if (until === undefined) return false;
    if (now < until) return true;
    this.#downUntil.delete(lane.key);
    return false;
  }

  #allStopped(): PesanError {
    const devices = [...new Set(this.#lanes.map((lane) => lane.key))];
    return new PesanError('PROVIDER_UNAVAILABLE', {
      provider: this.#options.provider,
      outcome: 'not_sent',
      retryable: true,
      message: `Every device of the pool is stopped or offline (${devices.join(', ')}); nothing was sent`,
      details: { devices },
    });
  }

  #saturated(parts: number, earliest: number, now: number, running: readonly Lane[]): PesanError {
    const never = !Number.isFinite(earliest);
    const waitMs = never ? undefined : Math.max(0, earliest - now);
    return new PesanError('RATE_LIMITED', {
      provider: this.#options.provider,
      outcome: 'not_sent',
      retryable: !never,
      message: never
        ? `No SIM of the pool can send ${parts} SMS parts within its send limit; nothing was sent`
        : `Every running SIM of the pool is at its send limit for ${waitMs} ms more (the wait bound is ${this.#options.maxWaitMs} ms); nothing was sent`,
      details: {
        parts,
        ...(waitMs === undefined ? {} : { waitMs }),
        sims: running.map((lane) => ({ device: lane.key, simSlot: lane.sim.simSlot, limit: lane.sim.limit })),
      },
    });
  }
}
