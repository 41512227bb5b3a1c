import { describe, expect, it } from 'vitest';
import type { CircuitState } from '../events/messenger-events.js';
import { FakeClock } from '../runtime/fake-clock.js';
import { CircuitBreaker } from './circuit-breaker.js';

describe('CircuitBreaker', () => {
  function breaker() {
    const clock = new FakeClock(0);
    const changes: [CircuitState, CircuitState][] = [];
    const instance = new CircuitBreaker({ failureThreshold: 3, resetTimeoutMs: 1000 }, clock, (from, to) =>
      changes.push([from, to]),
    );
    return { clock, instance, changes };
  }

  it('opens after consecutive failures; a success resets the count', () => {
    const { instance } = breaker();
    instance.recordFailure();
    instance.recordFailure();
    instance.recordSuccess();
    instance.recordFailure();
    instance.recordFailure();
    expect(instance.state).toBe('closed');
    instance.recordFailure();
    expect(instance.state).toBe('open');
    expect(instance.tryAcquire()).toBe(false);
  });

  it('lets exactly one probe through after the reset timeout; success closes', async () => {
    const { instance, clock, changes } = breaker();
    for (let index = 0; index < 3; index++) instance.recordFailure();
    await clock.advance(999);
    expect(instance.tryAcquire()).toBe(false);
    await clock.advance(1);
    expect(instance.tryAcquire()).toBe(true);
    expect(instance.state).toBe('half-open');
    expect(instance.tryAcquire()).toBe(false);
    expect(instance.tryAcquire()).toBe(false);
    instance.recordSuccess();
    expect(instance.state).toBe('closed');
    expect(instance.tryAcquire()).toBe(true);
    expect(changes).toEqual([
      ['closed', 'open'],
      ['open', 'half-open'],
      ['half-open', 'closed'],
    ]);
  });

  it('a failed probe opens the circuit again for a full timeout', async () => {
    const { instance, clock } = breaker();
    for (let index = 0; index < 3; index++) instance.recordFailure();
    await clock.advance(1000);
    expect(instance.tryAcquire()).toBe(true);
    instance.recordFailure();
    expect(instance.state).toBe('open');
    await clock.advance(500);
    expect(instance.tryAcquire()).toBe(false);
    await clock.advance(500);
    expect(instance.tryAcquire()).toBe(true);
  });

  it('a probe that never reports frees the slot after the reset timeout', async () => {
    const { instance, clock } = breaker();
    for (let index = 0; index < 3; index++) instance.recordFailure();
    await clock.advance(1000);
    expect(instance.tryAcquire()).toBe(true);
    await clock.advance(1000);
    expect(instance.tryAcquire()).toBe(true);
  });
});
