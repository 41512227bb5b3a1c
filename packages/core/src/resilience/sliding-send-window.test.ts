import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlidingSendWindow } from './sliding-send-window.js';

describe('SlidingSendWindow', () => {
  it('frees parts as they slide out of the window', () => {
    const window = new SlidingSendWindow({ maxCount: 3, intervalMs: 100 });
    window.reserve(0, 2);
    window.reserve(50, 1);
    expect(window.freeAt(60, 1)).toBe(100);
    expect(window.freeAt(60, 3)).toBe(150);
    expect(window.freeAt(60, 4)).toBe(Number.POSITIVE_INFINITY);
    expect(window.used(100)).toBe(1);
    expect(window.freeAt(100, 2)).toBe(100);
  });

  it('never lets more than maxCount parts into any window, whatever the sends and releases', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.record({ gap: fc.nat(300), parts: fc.integer({ min: 1, max: 4 }), keep: fc.boolean() }), {
          maxLength: 80,
        }),
        (maxCount, intervalMs, sends) => {
          const window = new SlidingSendWindow({ maxCount, intervalMs });
          const kept: { at: number; parts: number }[] = [];
          let now = 0;
          for (const send of sends) {
            now += send.gap;
            if (window.freeAt(now, send.parts) > now) continue;
            const reservation = window.reserve(now, send.parts);
            if (send.keep) kept.push({ at: now, parts: send.parts });
            else window.release(reservation);
            const inWindow = kept.filter((entry) => entry.at > now - intervalMs).reduce((sum, e) => sum + e.parts, 0);
            expect(inWindow).toBeLessThanOrEqual(maxCount);
            expect(window.used(now)).toBe(inWindow);
          }
        },
      ),
    );
  });
});
