import type { ByChannelRoute, Route } from './route.js';
import { invalidRoute } from './route-error.js';

/**
 * Picks a route by the message's channel (`sms` when not given).
 *
 * @example `byChannel({ sms: failover('isms', 'ezsms'), whatsapp: 'waba' })`
 */
export function byChannel(routes: { sms?: Route; whatsapp?: Route }): ByChannelRoute {
  if (routes.sms === undefined && routes.whatsapp === undefined) {
    throw invalidRoute('byChannel() needs a route for sms or whatsapp');
  }
  return { strategy: 'byChannel', routes: { ...routes } };
}
