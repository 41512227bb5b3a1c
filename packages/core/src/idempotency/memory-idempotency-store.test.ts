import { describe, expect, it } from 'vitest';
import { FakeClock } from '../runtime/fake-clock.js';
import { InMemoryIdempotencyStore } from './memory-idempotency-store.js';

describe('InMemoryIdempotencyStore', () => {
  it('setIfAbsent stores once until the key expires', async () => {
    const clock = new FakeClock(0);
    const store = new InMemoryIdempotencyStore<string>({ clock });
    expect(await store.setIfAbsent('k', 'first', 100)).toBe(true);
    expect(await store.setIfAbsent('k', 'second', 100)).toBe(false);
    expect(await store.get('k')).toBe('first');
    await clock.advance(100);
    expect(await store.get('k')).toBeUndefined();
    expect(await store.setIfAbsent('k', 'third', 100)).toBe(true);
  });

  it('set replaces, delete forgets', async () => {
    const store = new InMemoryIdempotencyStore<string>();
    await store.set('k', 'a', 1000);
    await store.set('k', 'b', 1000);
    expect(await store.get('k')).toBe('b');
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
  });

  it('evicts the least recently used key beyond maxEntries', async () => {
    const store = new InMemoryIdempotencyStore<number>({ maxEntries: 2 });
    await store.set('a', 1, 1000);
    await store.set('b', 2, 1000);
    await store.get('a');
    await store.set('c', 3, 1000);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBe(1);
    expect(await store.get('c')).toBe(3);
    expect(store.size).toBe(2);
  });
});
