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
  // By provider, then origin: two lookups per call instead of a key string built on every try.
  private readonly breakers = new Map<string, Map<string, CircuitBreaker>>();

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
    return this.breakers.get(provider)?.get(origin)?.state ?? 'closed';
  }

  /** Every endpoint seen so far. */
  snapshot(): EndpointCircuitState[] {
    const states: EndpointCircuitState[] = [];
    for (const [provider, origins] of this.breakers) {
      for (const [endpoint, breaker] of origins) states.push({ provider, endpoint, state: breaker.state });
    }
    return states;
  }

  private breaker(provider: string, origin: string): CircuitBreaker {
    let origins = this.breakers.get(provider);
    if (origins === undefined) {
      origins = new Map();
      this.breakers.set(provider, origins);
    }
    let breaker = origins.get(origin);
    if (!breaker) {
      breaker = new CircuitBreaker(this.settings.circuitBreaker, this.clock, (from, to) =>
        this.events.emit('circuit', { provider, endpoint: origin, from, to, at: new Date(this.clock.now()) }),
      );
      origins.set(origin, breaker);
    }
    return breaker;
  }
}
