import { describe, expect, it } from 'vitest';
import { FakeClock } from '../runtime/fake-clock.js';
import { MemoryWindowStore } from './memory-window-store.js';

const HOUR = 60 * 60 * 1000;
const contact = '+60123456789';

describe('MemoryWindowStore', () => {
  it('keeps the latest inbound time per contact', async () => {
    const clock = new FakeClock();
    const store = new MemoryWindowStore({ clock });
    const first = new Date(clock.now());
    const later = new Date(clock.now() + HOUR);
    await store.recordInbound(contact, later);
    await store.recordInbound(contact, first); // late delivery of an older message
    expect(await store.lastInbound(contact)).toEqual(later);
    expect(await store.lastInbound('+60111111111')).toBeUndefined();
  });

  it('forgets a contact ttlMs after its last inbound message', async () => {
    const clock = new FakeClock();
    const store = new MemoryWindowStore({ clock, ttlMs: 48 * HOUR });
    await store.recordInbound(contact, new Date(clock.now()));
    await clock.advance(48 * HOUR - 1);
    expect(await store.lastInbound(contact)).toBeDefined();
    await clock.advance(1);
    expect(await store.lastInbound(contact)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('holds at most maxEntries contacts, forgetting the least recently written', async () => {
    const clock = new FakeClock();
    const store = new MemoryWindowStore({ clock, maxEntries: 2 });
    for (const [index, number] of ['+60120000001', '+60120000002', '+60120000003'].entries()) {
      await store.recordInbound(number, new Date(clock.now() + index));
    }
    expect(store.size).toBe(2);
    expect(await store.lastInbound('+60120000001')).toBeUndefined();
    expect(await store.lastInbound('+60120000003')).toBeDefined();
  });

  it('ignores an invalid date', async () => {
    const store = new MemoryWindowStore();
    await store.recordInbound(contact, new Date(Number.NaN));
    expect(store.size).toBe(0);
  });
});
