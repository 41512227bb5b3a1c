import type { CircuitState } from '../events/messenger-events.js';
import type { Clock } from '../runtime/clock.js';

/** Options of a {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long an open circuit refuses calls before one probe is let through. Default 30 000. */
  resetTimeoutMs?: number;
}

/** Defaults of {@link CircuitBreakerOptions}. */
export const DEFAULT_CIRCUIT_BREAKER_OPTIONS: Required<CircuitBreakerOptions> = {
  failureThreshold: 5,
  resetTimeoutMs: 30_000,
};

/**
 * One endpoint's circuit breaker. `closed`: calls pass, consecutive failures
 * are counted. `open`: calls are refused until `resetTimeoutMs` has passed.
 * `half-open`: exactly one probe passes; its success closes the circuit, its
 * failure opens it again. Other calls while the probe runs are refused.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probeStartedAt: number | undefined;
  private readonly options: Required<CircuitBreakerOptions>;

  /**
   * @param onChange Told about every state change (the messenger emits `circuit` events from it).
   */
  constructor(
    options: CircuitBreakerOptions,
    private readonly clock: Clock,
    private readonly onChange: (from: CircuitState, to: CircuitState) => void = () => {},
  ) {
    this.options = {
      failureThreshold: Math.max(1, options.failureThreshold ?? DEFAULT_CIRCUIT_BREAKER_OPTIONS.failureThreshold),
      resetTimeoutMs: Math.max(0, options.resetTimeoutMs ?? DEFAULT_CIRCUIT_BREAKER_OPTIONS.resetTimeoutMs),
    };
  }

  /** The current state. */
  get state(): CircuitState {
    return this.current;
  }

  /** Whether a call may go now. In `half-open`, true exactly once per probe. */
  tryAcquire(): boolean {
    const now = this.clock.now();
    if (this.current === 'closed') return true;
    if (this.current === 'open') {
      if (now - this.openedAt < this.options.resetTimeoutMs) return false;
      this.move('half-open');
      this.probeStartedAt = now;
      return true;
    }
    // A probe that never reported (aborted, or its caller forgot) must not block the endpoint forever.
    if (this.probeStartedAt !== undefined && now - this.probeStartedAt < this.options.resetTimeoutMs) return false;
    this.probeStartedAt = now;
    return true;
  }

  /** A call succeeded. */
  recordSuccess(): void {
    this.failures = 0;
    this.probeStartedAt = undefined;
    if (this.current !== 'closed') this.move('closed');
  }

  /** A call failed in a way that counts against the endpoint. */
  recordFailure(): void {
    if (this.current === 'half-open') {
      this.open();
      return;
    }
    if (this.current === 'open') return;
    this.failures += 1;
    if (this.failures >= this.options.failureThreshold) this.open();
  }

  private open(): void {
    this.openedAt = this.clock.now();
    this.probeStartedAt = undefined;
    this.failures = 0;
    this.move('open');
  }

  private move(to: CircuitState): void {
    const from = this.current;
    this.current = to;
    this.onChange(from, to);
  }
}
