import type { ByCountryRoute, Route } from './route.js';
import { invalidRoute } from './route-error.js';

/**
 * Picks a route by the recipient's ISO 3166-1 region (from its E.164 number);
 * `default` for every other region. A region without an entry and no
 * `default` has no route.
 *
 * @example `byCountry({ MY: failover('isms', 'ezsms'), SG: 'twilio', default: 'ezsms' })`
 */
export function byCountry(routes: Record<string, Route>): ByCountryRoute {
  for (const key of Object.keys(routes)) {
    if (key !== 'default' && !/^[A-Z]{2}$/.test(key)) {
      throw invalidRoute(`byCountry: "${key}" is not an ISO 3166-1 alpha-2 region (upper case) nor "default"`);
    }
  }
  if (Object.keys(routes).length === 0) throw invalidRoute('byCountry() needs at least one region or default');
  return { strategy: 'byCountry', routes: { ...routes } };
}
