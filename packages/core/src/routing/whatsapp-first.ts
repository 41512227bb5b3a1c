import type { Route, WhatsappFirstRoute } from './route.js';

/**
 * WhatsApp first, then SMS. SMS is tried when WhatsApp fails `not_sent`, or
 * is rejected with `OUTSIDE_SESSION_WINDOW` (no open 24 h session for free
 * text) or `TEMPLATE_NOT_FOUND`. After an `unknown` outcome the WhatsApp
 * message may have arrived, so SMS follows only under `at-least-once`.
 *
 * The SMS leg sends the message's `text` on channel `sms` without template or
 * media; a message without text has no SMS leg. `from` belongs to the channel
 * the message was written for and is dropped on the other leg, so each
 * provider uses its own default sender.
 *
 * @example `whatsappFirst({ whatsapp: 'waba', sms: failover('isms', 'ezsms') })`
 */
export function whatsappFirst(routes: { whatsapp: Route; sms: Route }): WhatsappFirstRoute {
  return { strategy: 'whatsappFirst', whatsapp: routes.whatsapp, sms: routes.sms };
}
