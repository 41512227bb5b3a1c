import { priceListProblems } from './message-price.js';
import type { CheapestRoute, PriceTable } from './route.js';
import { invalidRoute } from './route-error.js';

/**
 * Orders the providers of `prices` by what this message costs at each,
 * cheapest first, the others as failover, ties in table order. A price per
 * SMS part is multiplied by the provider's own `segments(message)` (its
 * `credits` when it reports them); a WhatsApp price (see `ChannelPrices`) is
 * per message or per 24 h session, whatever the length. A provider with no
 * price for the region and no default is skipped with a reason.
 *
 * Across channels: a provider that does not carry the message's channel gets
 * the message on the channel it carries, as `whatsappFirst` would send it
 * (the SMS leg sends `fallbackText ?? text`; the WhatsApp leg sends free text
 * only while the 24 h window is not known to be closed). A WhatsApp failure
 * that SMS does not share (`OUTSIDE_SESSION_WINDOW`, `TEMPLATE_NOT_FOUND`)
 * moves on to the SMS providers after it.
 *
 * @example
 * ```ts
 * cheapest({ isms: { MY: 0.02 }, ezsms: { MY: 0.025, default: 0.05 } });
 * // utility template 0.12 per message vs SMS 0.08 per part:
 * cheapest({ waba: { default: { utility: 0.12, service: 0.1 } }, isms: { MY: 0.08 } });
 * ```
 */
export function cheapest(prices: PriceTable): CheapestRoute {
  if (Object.keys(prices).length === 0) throw invalidRoute('cheapest() needs at least one provider');
  const problems = Object.entries(prices).flatMap(([provider, table]) => priceListProblems(table, provider));
  if (problems.length > 0) throw invalidRoute(`cheapest: ${problems.join('; ')}`);
  return { strategy: 'cheapest', prices };
}
