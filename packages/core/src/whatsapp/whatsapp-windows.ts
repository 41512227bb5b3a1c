import type { CountryCode } from '../phone/to-e164.js';
import { toE164 } from '../phone/to-e164.js';
import type { Logger } from '../provider/v1/logger.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { Clock } from '../runtime/clock.js';
import type { WindowStore } from './window-store.js';

/** How long a WhatsApp customer service window stays open after the contact's last message: 24 h. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * What pesan knows of a contact's 24 h window: `open` (an inbound message
 * less than 24 h ago), `closed` (the last one is older), or `unknown` (the
 * window store has no record).
 */
export type WindowState = 'open' | 'closed' | 'unknown';

/** A contact's WhatsApp window, as `messenger.whatsapp.window(to)` reports it. */
export interface WhatsappWindow {
  /** The contact in E.164. */
  contact: string;
  /** Open, closed, or unknown to the window store. */
  state: WindowState;
  /** When the contact last wrote, when known. */
  lastInboundAt?: Date;
  /** When the window closes (or closed): `lastInboundAt` + 24 h. */
  closesAt?: Date;
}

/**
 * `messenger.whatsapp`: the 24 h customer service windows. Every inbound
 * WhatsApp message that reaches the messenger (webhooks, polling) is recorded
 * in the window store; `whatsappFirst` and `cheapest` read it before sending
 * free text or a file by WhatsApp.
 */
export interface WhatsappWindows {
  /** True only while the window is known to be open (an unknown window is not open). */
  isWindowOpen(to: string): Promise<boolean>;
  /** The window of `to`, with the times it is based on. */
  window(to: string): Promise<WhatsappWindow>;
  /**
   * Records an inbound WhatsApp message from `from` (default time: now), for
   * applications that receive WhatsApp messages outside `messenger.webhooks`.
   */
  recordInbound(from: string, at?: Date): Promise<void>;
}

/** Options of {@link WhatsappWindowTracker}. */
export interface WhatsappWindowTrackerOptions {
  store: WindowStore;
  clock: Clock;
  logger: Logger;
  defaultRegion: CountryCode;
}

/** The messenger's {@link WhatsappWindows}: the window store read through the messenger's clock. */
export class WhatsappWindowTracker implements WhatsappWindows {
  readonly #options: WhatsappWindowTrackerOptions;

  constructor(options: WhatsappWindowTrackerOptions) {
    this.#options = options;
  }

  async isWindowOpen(to: string): Promise<boolean> {
    return (await this.window(to)).state === 'open';
  }

  async window(to: string): Promise<WhatsappWindow> {
    const contact = toE164(to, this.#options.defaultRegion);
    const lastInboundAt = await this.#options.store.lastInbound(contact);
    if (lastInboundAt === undefined) return { contact, state: 'unknown' };
    const closesAt = new Date(lastInboundAt.getTime() + WHATSAPP_WINDOW_MS);
    const state = closesAt.getTime() > this.#options.clock.now() ? 'open' : 'closed';
    return { contact, state, lastInboundAt, closesAt };
  }

  async recordInbound(from: string, at?: Date): Promise<void> {
    const now = this.#options.clock.now();
    // A vendor timestamp in the future would hold a window open too long: never later than now.
    const time = at === undefined || !Number.isFinite(at.getTime()) ? now : Math.min(at.getTime(), now);
    await this.#options.store.recordInbound(toE164(from, this.#options.defaultRegion), new Date(time));
  }

  /**
   * The window state routing needs for `message` (whose `to` is E.164), or
   * `undefined` when it does not matter: a template goes at any time. A
   * failing store is `unknown` (WhatsApp is tried, and the vendor's own
   * "outside the window" answer sends the text by SMS).
   */
  async stateForRouting(message: OutboundMessage): Promise<WindowState | undefined> {
    if (message.template !== undefined) return undefined;
    try {
      return (await this.window(message.to)).state;
    } catch (error) {
      this.#options.logger.warn('pesan: the WhatsApp window store failed; the window is taken as unknown', {
        error: String(error),
      });
      return 'unknown';
    }
  }

  /** Records an inbound message from a webhook or poll; a failing store is logged, never thrown. */
  async recordInboundQuietly(from: string, at: Date): Promise<void> {
    try {
      await this.recordInbound(from, at);
    } catch (error) {
      this.#options.logger.error('pesan: the WhatsApp window store failed to record an inbound message', {
        error: String(error),
      });
    }
  }
}
