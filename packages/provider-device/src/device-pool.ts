import { type CallContext, type Clock, type Logger, PesanError } from '@pesan/core';
import { type DeviceRef, deviceKey, type PoolSim, type SimSlot } from './device-options.js';
import { type DeviceState, stateOfDevice } from './device-states.js';
import { type SimReservation, SimSendWindow } from './sim-send-window.js';

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
}

/** A SIM the pool lent a send: give it back with {@link DevicePool.settle}. */
export interface SimLease {
  /** The phone. */
  readonly device: DeviceRef;
  /** Its slot. */
  readonly simSlot: SimSlot;
  /** Internal: the SIM and the parts counted. */
  readonly lane: number;
  readonly reservation: SimReservation;
}

/** How a leased send ended, for the SIM's window and the device's state. */
export type LeaseOutcome = 'queued' | 'not_queued' | 'device_unavailable' | 'unknown';

interface Lane {
  readonly sim: PoolSim;
  readonly key: string;
  readonly window: SimSendWindow;
  /** When it was last lent, as a count of leases (not time: two leases in one millisecond still have an order). */
  lastUsed: number;
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

  constructor(options: DevicePoolOptions) {
    this.#options = options;
    this.#lanes = options.sims.map((sim) => ({
      sim,
      key: deviceKey(sim.device),
      window: new SimSendWindow(sim.limit),
      lastUsed: 0,
    }));
  }

  /** What the pool knows of each SIM now, for logs and the demo. */
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
      used: lane.window.used(now),
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
    const deadline = clock.now() + maxWaitMs;
    await this.#refreshIfStale(context);
    for (let round = 0; round <= MAX_WAIT_ROUNDS; round++) {
      const now = clock.now();
      const running = this.#lanes.filter((lane) => !this.#isDown(lane, now));
      if (running.length === 0) throw this.#allStopped();
      let best: Lane | undefined;
      let earliest = Number.POSITIVE_INFINITY;
      for (const lane of running) {
        const freeAt = lane.window.freeAt(now, parts);
        if (freeAt <= now) {
          if (best === undefined || lane.lastUsed < best.lastUsed) best = lane;
        } else if (freeAt < earliest) earliest = freeAt;
      }
      if (best !== undefined) {
        this.#leases += 1;
        best.lastUsed = this.#leases;
        return {
          device: best.sim.device,
          simSlot: best.sim.simSlot,
          lane: this.#lanes.indexOf(best),
          reservation: best.window.reserve(now, parts),
        };
      }
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
    if (outcome === 'not_queued' || outcome === 'device_unavailable') lane.window.release(lease.reservation);
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
