import type { Route, WeightedEntry, WeightedRoute } from './route.js';
import { invalidRoute } from './route-error.js';

/**
 * Picks a route at random in proportion to its weight; the others follow as
 * failover, drawn by weight as well. A weight of 0 takes no traffic at all.
 * Randomness comes from the messenger's `random` option, so tests can fix it.
 *
 * @example
 * ```ts
 * weighted({ isms: 3, ezsms: 1 });                          // provider ids as keys
 * weighted([{ route: failover('a', 'b'), weight: 3 }, { route: 'c', weight: 1 }]);
 * ```
 */
export function weighted(weights: Record<string, number> | readonly { route: Route; weight: number }[]): WeightedRoute {
  const entries: WeightedEntry[] = Array.isArray(weights)
    ? weights.map((entry, index) => ({ route: entry.route, weight: entry.weight, label: `[${index}]` }))
    : Object.entries(weights as Record<string, number>).map(([route, weight]) => ({
        route,
        weight,
        label: `.${route}`,
      }));
  for (const entry of entries) {
    if (!(typeof entry.weight === 'number' && Number.isFinite(entry.weight) && entry.weight >= 0)) {
      throw invalidRoute(`weighted: weight ${entry.label} must be a finite number >= 0`);
    }
  }
  if (!entries.some((entry) => entry.weight > 0)) throw invalidRoute('weighted() needs at least one weight above 0');
  return { strategy: 'weighted', entries };
}
