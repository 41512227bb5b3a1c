import type { RoundRobinRoute, Route } from './route.js';
import { invalidRoute } from './route-error.js';

/**
 * Rotates which route goes first, one step per message sent; the others
 * follow in order as failover. Each messenger keeps its own position.
 *
 * @example `roundRobin('device-1', 'device-2', 'device-3')`
 */
export function roundRobin(...routes: Route[]): RoundRobinRoute {
  if (routes.length === 0) throw invalidRoute('roundRobin() needs at least one route');
  return { strategy: 'roundRobin', routes };
}
