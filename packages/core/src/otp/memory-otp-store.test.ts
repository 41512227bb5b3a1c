import { describe, expect, it } from 'vitest';
import type { Logger } from '../provider/v1/logger.js';
import { FakeClock } from '../runtime/fake-clock.js';
import { MemoryOtpStore } from './memory-otp-store.js';

const entry = (version: number) => ({ version, sends: [1] });

describe('MemoryOtpStore', () => {
  it('writes only over the expected version', async () => {
    const store = new MemoryOtpStore({ clock: new FakeClock() });
    expect(await store.compareAndSet('a', 1, entry(2), 1000)).toBe(false);
    expect(await store.compareAndSet('a', 0, entry(1), 1000)).toBe(true);
    expect(await store.compareAndSet('a', 0, entry(1), 1000)).toBe(false);
    expect(await store.compareAndSet('a', 1, entry(2), 1000)).toBe(true);
    expect(await store.get('a')).toEqual(entry(2));
  });

  it('lets one of many concurrent writers of a version win', async () => {
    const store = new MemoryOtpStore({ clock: new FakeClock() });
    const wins = await Promise.all(Array.from({ length: 10 }, () => store.compareAndSet('a', 0, entry(1), 1000)));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('forgets an entry at its TTL, and then takes version 0 again', async () => {
    const clock = new FakeClock();
    const store = new MemoryOtpStore({ clock });
    await store.compareAndSet('a', 0, entry(1), 1000);
    await clock.advance(999);
    expect(await store.get('a')).toBeDefined();
    await clock.advance(1);
    expect(await store.get('a')).toBeUndefined();
    expect(store.entries()).toEqual([]);
    expect(await store.compareAndSet('a', 0, entry(1), 1000)).toBe(true);
  });

  it('hands out copies', async () => {
    const store = new MemoryOtpStore({ clock: new FakeClock() });
    await store.compareAndSet('a', 0, entry(1), 1000);
    const read = (await store.get('a'))!;
    read.sends.push(2);
    expect((await store.get('a'))!.sends).toEqual([1]);
  });

  it('is bounded: the least recently written number goes first, with one warning', async () => {
    const warnings: string[] = [];
    const logger: Logger = { debug() {}, info() {}, warn: (message) => warnings.push(message), error() {} };
    const store = new MemoryOtpStore({ clock: new FakeClock(), maxEntries: 2, logger });
    for (const key of ['a', 'b', 'c', 'd']) await store.compareAndSet(key, 0, entry(1), 1000);
    expect(store.size).toBe(2);
    expect(store.entries().map(([key]) => key)).toEqual(['c', 'd']);
    expect(warnings).toHaveLength(1);
  });
});
