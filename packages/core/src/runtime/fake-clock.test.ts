import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.js';

describe('FakeClock', () => {
  it('resolves sleeps in due order when advanced, and not before', async () => {
    const clock = new FakeClock(1000);
    const woken: string[] = [];
    void clock.sleep(200).then(() => woken.push(`b@${clock.now()}`));
    void clock.sleep(100).then(() => woken.push(`a@${clock.now()}`));
    await clock.advance(99);
    expect(woken).toEqual([]);
    await clock.advance(150);
    expect(woken).toEqual(['a@1100', 'b@1200']);
    expect(clock.now()).toBe(1249);
  });

  it('runs sleeps started by woken code within the same advance', async () => {
    const clock = new FakeClock(0);
    const woken: number[] = [];
    void (async () => {
      for (let index = 0; index < 3; index++) {
        await clock.sleep(10);
        woken.push(clock.now());
      }
    })();
    await clock.advance(30);
    expect(woken).toEqual([10, 20, 30]);
  });

  it('rejects an aborted sleep and forgets it', async () => {
    const clock = new FakeClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(100, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(clock.pendingSleeps).toBe(0);
  });
});
