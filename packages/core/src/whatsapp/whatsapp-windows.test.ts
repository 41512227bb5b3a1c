import { describe, expect, it } from 'vitest';
import { FakeClock } from '../runtime/fake-clock.js';
import { silentLogger } from '../runtime/logger.js';
import { MemoryWindowStore } from './memory-window-store.js';
import { WHATSAPP_WINDOW_MS, WhatsappWindowTracker } from './whatsapp-windows.js';
import type { WindowStore } from './window-store.js';

function tracker(store?: WindowStore) {
  const clock = new FakeClock();
  const windows = new WhatsappWindowTracker({
    store: store ?? new MemoryWindowStore({ clock }),
    clock,
    logger: silentLogger,
    defaultRegion: 'MY',
  });
  return { clock, windows };
}

describe('WhatsappWindowTracker', () => {
  it('opens a window for 24 h from the last inbound message, by the fake clock', async () => {
    const { clock, windows } = tracker();
    expect(await windows.window('+60123456789')).toEqual({ contact: '+60123456789', state: 'unknown' });
    await windows.recordInbound('012-345 6789'); // national number, now
    const opened = new Date(clock.now());
    expect(await windows.isWindowOpen('+60123456789')).toBe(true);
    await clock.advance(WHATSAPP_WINDOW_MS - 1);
    expect(await windows.isWindowOpen('+60123456789')).toBe(true);
    await clock.advance(1);
    expect(await windows.window('+60123456789')).toEqual({
      contact: '+60123456789',
      state: 'closed',
      lastInboundAt: opened,
      closesAt: new Date(opened.getTime() + WHATSAPP_WINDOW_MS),
    });
    expect(await windows.isWindowOpen('+60123456789')).toBe(false);
  });

  it('never dates an inbound message later than now', async () => {
    const { clock, windows } = tracker();
    await windows.recordInbound('+60123456789', new Date(clock.now() + 10 * WHATSAPP_WINDOW_MS));
    expect((await windows.window('+60123456789')).lastInboundAt).toEqual(new Date(clock.now()));
  });

  it('asks the store only for messages a window matters to, and takes a failing store as unknown', async () => {
    const failing: WindowStore = {
      recordInbound: () => Promise.reject(new Error('down')),
      lastInbound: () => Promise.reject(new Error('down')),
    };
    const { windows } = tracker(failing);
    const to = '+60123456789';
    expect(
      await windows.stateForRouting({ to, channel: 'whatsapp', template: { name: 'x', language: 'en' } }),
    ).toBeUndefined();
    expect(await windows.stateForRouting({ to, channel: 'whatsapp', text: 'hi' })).toBe('unknown');
    await expect(windows.recordInboundQuietly(to, new Date())).resolves.toBeUndefined();
  });

  it('refuses a recipient that is not a phone number', async () => {
    const { windows } = tracker();
    await expect(windows.isWindowOpen('not a number')).rejects.toMatchObject({ code: 'INVALID_RECIPIENT' });
  });
});
