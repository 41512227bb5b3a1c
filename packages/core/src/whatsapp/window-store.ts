/**
 * Where pesan keeps, per contact, when that contact last sent a WhatsApp
 * message. WhatsApp accepts free text and files only inside the 24 h window
 * opened by the contact's last inbound message, so routing asks this store
 * before it sends free text by WhatsApp.
 *
 * Asynchronous so that a shared store (Redis: one key per contact holding the
 * time, with an expiry) fits the same interface. Implementations keep the
 * latest time: an older inbound message recorded late never moves a window back.
 */
export interface WindowStore {
  /** Records an inbound WhatsApp message from `contact` (E.164) received at `at`. */
  recordInbound(contact: string, at: Date): Promise<void>;
  /** When `contact` last wrote, or `undefined` when the store does not know (never seen, or forgotten). */
  lastInbound(contact: string): Promise<Date | undefined>;
}
