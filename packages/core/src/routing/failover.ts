import type { FailoverRoute, Route } from './route.js';
import { invalidRoute } from './route-error.js';

/**
 * Tries `routes` in order. The next one is tried only after a failure the
 * delivery mode allows to fail over from (`not_sent`; also `unknown` under
 * `at-least-once`).
 *
 * @example `failover('isms', 'ezsms')`
 */
export function failover(...routes: Route[]): FailoverRoute {
  if (routes.length === 0) throw invalidRoute('failover() needs at least one route');
  return { strategy: 'failover', routes };
}
