import type { CheapestRoute, PriceTable } from './route.js';
import { invalidRoute } from './route-error.js';

/**
 * Orders the providers of `prices` by what this message costs at each:
 * the provider's own `segments(message)` (its `credits` when it reports them)
 * × its price for the recipient's region, or its `default` price. Cheapest
 * first, the others as failover, ties in table order. A provider with no price
 * for the region and no default is skipped with a reason.
 *
 * @example `cheapest({ isms: { MY: 0.02 }, ezsms: { MY: 0.025, default: 0.05 } })`
 */
export function cheapest(prices: PriceTable): CheapestRoute {
  if (Object.keys(prices).length === 0) throw invalidRoute('cheapest() needs at least one provider');
  for (const [provider, table] of Object.entries(prices)) {
    for (const [region, price] of Object.entries(table)) {
      if (!(typeof price === 'number' && Number.isFinite(price) && price >= 0)) {
        throw invalidRoute(`cheapest: price of "${provider}" for "${region}" must be a number >= 0`);
      }
    }
  }
  return { strategy: 'cheapest', prices };
}
