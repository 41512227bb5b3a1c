import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import { FakeClock } from '../runtime/fake-clock.js';
import { TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  it('serves a burst at once, then one token per interval in arrival order', async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket({ ratePerMinute: 60, burst: 2 }, clock); // one per second
    const done: number[] = [];
    const takes = [0, 1, 2, 3].map((index) => bucket.take(10_000).then(() => done.push(index)));
    await clock.flush();
    expect(done).toEqual([0, 1]);
    await clock.advance(999);
    expect(done).toEqual([0, 1]);
    await clock.advance(1);
    expect(done).toEqual([0, 1, 2]);
    await clock.advance(1000);
    expect(done).toEqual([0, 1, 2, 3]);
    await Promise.all(takes);
  });

  it('refuses with RATE_LIMITED (not_sent) when the wait would exceed maxWaitMs, keeping no reservation', async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket({ ratePerMinute: 60, burst: 1 }, clock, 'isms');
    await bucket.take(0);
    const error = await bucket.take(500).catch((thrown: unknown) => thrown);
    expect(PesanError.isInstance(error) && error.code).toBe('RATE_LIMITED');
    expect(PesanError.isInstance(error) && error.outcome).toBe('not_sent');
    expect(PesanError.isInstance(error) && error.provider).toBe('isms');
    await clock.advance(1000);
    expect(bucket.available).toBe(1);
  });

  it('refills up to the burst only', async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket({ ratePerMinute: 600, burst: 3 }, clock);
    await clock.advance(60_000);
    expect(bucket.available).toBe(3);
  });
});
