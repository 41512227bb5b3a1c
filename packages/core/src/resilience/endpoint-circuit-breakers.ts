import { inject, injectable } from 'tsyringe';
import { TOKENS } from '../di/tokens.js';
import { EventBus } from '../events/event-bus.js';
import type { CircuitState } from '../events/messenger-events.js';
import { ResolvedMessengerOptions } from '../messenger/resolved-messenger-options.js';
import type { EndpointGuard } from '../provider/v1/endpoint-guard.js';
import type { Clock } from '../runtime/clock.js';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';

/** One endpoint's breaker state, for dashboards and tests. */
export interface EndpointCircuitState {
  provider: string;
  endpoint: string;
  state: CircuitState;
}

/**
 * A circuit breaker per provider endpoint (origin), handed to providers as
 * `ctx.endpointGuard`: the HTTP transport asks `allow` before each origin and
 * `report`s how it went, so an open endpoint costs no network call. State
 * changes are emitted as `circuit` events.
 */
@injectable()
export class EndpointCircuitBreakers implements EndpointGuard {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.EventBus) private readonly events: EventBus,
    @inject(ResolvedMessengerOptions) private readonly settings: { circuitBreaker: CircuitBreakerOptions },
  ) {}

  allow(provider: string, origin: string): boolean {
    return this.breaker(provider, origin).tryAcquire();
  }

  report(provider: string, origin: string, result: 'success' | 'failure'): void {
    const breaker = this.breaker(provider, origin);
    if (result === 'success') breaker.recordSuccess();
    else breaker.recordFailure();
  }

  /** The state of one endpoint (`closed` for one never seen). */
  state(provider: string, origin: string): CircuitState {
    return this.breakers.get(this.key(provider, origin))?.state ?? 'closed';
  }

  /** Every endpoint seen so far. */
  snapshot(): EndpointCircuitState[] {
    return [...this.breakers.entries()].map(([key, breaker]) => {
      const [provider = '', endpoint = ''] = JSON.parse(key) as [string, string];
      return { provider, endpoint, state: breaker.state };
    });
  }

  private key(provider: string, origin: string): string {
    return JSON.stringify([provider, origin]);
  }

  private breaker(provider: string, origin: string): CircuitBreaker {
    const key = this.key(provider, origin);
    let breaker = this.breakers.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker(this.settings.circuitBreaker, this.clock, (from, to) =>
        this.events.emit('circuit', { provider, endpoint: origin, from, to, at: new Date(this.clock.now()) }),
      );
      this.breakers.set(key, breaker);
    }
    return breaker;
  }
}
