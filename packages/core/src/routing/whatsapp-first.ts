import type { Route, WhatsappFirstRoute } from './route.js';

/**
 * WhatsApp first, then SMS.
 *
 * - A template goes by WhatsApp at any time.
 * - Free text and files go by WhatsApp only while the recipient's 24 h window
 *   is open or unknown to the messenger's window store (`messenger.whatsapp`);
 *   when the store knows it is closed, the WhatsApp leg is skipped and the
 *   SMS leg sends.
 * - SMS is tried when WhatsApp fails `not_sent`, or is rejected with
 *   `OUTSIDE_SESSION_WINDOW` (the vendor's own word on the window) or
 *   `TEMPLATE_NOT_FOUND`. After an `unknown` outcome the WhatsApp message may
 *   have arrived, so SMS follows only under `at-least-once`.
 *
 * The SMS leg sends the message's `fallbackText` (else its `text`) on channel
 * `sms` without template or media; a message with neither has no SMS leg, and
 * an error of its WhatsApp leg that would have fallen back says so. `from`
 * belongs to the channel the message was written for and is dropped on the
 * other leg, so each provider uses its own default sender.
 *
 * @example `whatsappFirst({ whatsapp: 'waba', sms: failover('isms', 'ezsms') })`
 */
export function whatsappFirst(routes: { whatsapp: Route; sms: Route }): WhatsappFirstRoute {
  return { strategy: 'whatsappFirst', whatsapp: routes.whatsapp, sms: routes.sms };
}
