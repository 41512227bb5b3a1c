import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import { FakeClock } from '../runtime/fake-clock.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';

describe('ConcurrencyLimiter', () => {
  it('holds callers beyond the cap until a slot frees, in order', async () => {
    const clock = new FakeClock(0);
    const limiter = new ConcurrencyLimiter(2, clock);
    const first = await limiter.acquire(1000);
    const second = await limiter.acquire(1000);
    let third: (() => void) | undefined;
    void limiter.acquire(1000).then((release) => {
      third = release;
    });
    await clock.flush();
    expect(limiter.active).toBe(2);
    expect(limiter.waiting).toBe(1);
    expect(third).toBeUndefined();
    first();
    first();
    await clock.flush();
    expect(third).toBeTypeOf('function');
    expect(limiter.active).toBe(2);
    second();
    third!();
    expect(limiter.active).toBe(0);
  });

  it('gives up after maxWaitMs with RATE_LIMITED, and a timed-out waiter never gets a slot', async () => {
    const clock = new FakeClock(0);
    const limiter = new ConcurrencyLimiter(1, clock, 'dev');
    const release = await limiter.acquire(0);
    const waiting = limiter.acquire(100).catch((error: unknown) => error);
    await clock.advance(100);
    const error = await waiting;
    expect(PesanError.isInstance(error) && error.code).toBe('RATE_LIMITED');
    expect(limiter.waiting).toBe(0);
    release();
    expect(limiter.active).toBe(0);
  });

  it('refuses at once with maxWaitMs 0 when full, and honours abort', async () => {
    const clock = new FakeClock(0);
    const limiter = new ConcurrencyLimiter(1, clock);
    await limiter.acquire(0);
    await expect(limiter.acquire(0)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    const controller = new AbortController();
    const waiting = limiter.acquire(1000, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    expect(limiter.waiting).toBe(0);
  });
});
