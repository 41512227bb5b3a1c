import { regionOf } from '../phone/region-of.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import { capabilityGap } from './capability-check.js';
import type { RandomSource } from './random-source.js';
import type { PriceTable, RoundRobinRoute, Route, RouteStrategy } from './route.js';
import type { RouteCandidate, RoutePlan, SkippedCandidate } from './route-plan.js';

/** Deeper nesting than this is taken for a route function that returns itself. */
const MAX_DEPTH = 32;

interface Expansion {
  candidates: RouteCandidate[];
  skipped: SkippedCandidate[];
  notes: string[];
}

interface ExpandState {
  readonly advance: boolean;
  readonly smsFallback: boolean;
  readonly depth: number;
}

function withoutKeys(message: OutboundMessage, keys: readonly (keyof OutboundMessage)[]): OutboundMessage {
  const copy = { ...message };
  for (const key of keys) delete copy[key];
  return copy;
}

/**
 * Expands a {@link Route} into the ordered providers for one message, then
 * leaves out (with a reason) every provider whose capabilities cannot carry
 * its message. Never touches the network.
 */
export class RouteResolver {
  // Per resolver (so per messenger): a strategy object shared by two messengers rotates independently in each.
  private readonly rotations = new WeakMap<RoundRobinRoute, number>();

  constructor(
    private readonly providers: ReadonlyMap<string, ProviderV1>,
    private readonly route: Route | undefined,
    private readonly random: RandomSource,
    private readonly prices: PriceTable = {},
  ) {}

  /**
   * The plan for `message` (whose `to` is E.164). `advance: false` peeks:
   * round-robin positions do not move (for `estimate`).
   */
  resolve(message: OutboundMessage, options: { advance: boolean }): RoutePlan {
    const route = this.route ?? [...this.providers.keys()][0];
    if (route === undefined) return { candidates: [], skipped: [], notes: ['no providers'] };
    const expansion = this.expand(route, message, { advance: options.advance, smsFallback: false, depth: 0 });

    const plan: RoutePlan = { candidates: [], skipped: expansion.skipped, notes: expansion.notes };
    const seen = new Set<string>();
    for (const candidate of expansion.candidates) {
      // The same provider on the same channel twice would only repeat a failure.
      const key = `${candidate.provider}\u0000${candidate.message.channel ?? 'sms'}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const provider = this.providers.get(candidate.provider);
      const gap = provider ? capabilityGap(provider, candidate.message) : `unknown provider "${candidate.provider}"`;
      if (gap) {
        plan.skipped.push({ provider: candidate.provider, reason: gap });
        continue;
      }
      const price = candidate.pricePerSegment ?? this.priceOf(candidate.provider, candidate.message);
      plan.candidates.push(price === undefined ? candidate : { ...candidate, pricePerSegment: price });
    }
    return plan;
  }

  private expand(route: Route, message: OutboundMessage, state: ExpandState): Expansion {
    if (state.depth > MAX_DEPTH)
      return { candidates: [], skipped: [], notes: [`route nested deeper than ${MAX_DEPTH}`] };
    const deeper: ExpandState = { ...state, depth: state.depth + 1 };
    if (typeof route === 'string') {
      return { candidates: [{ provider: route, message, smsFallback: state.smsFallback }], skipped: [], notes: [] };
    }
    if (typeof route === 'function') {
      let next: Route;
      try {
        next = route(message);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { candidates: [], skipped: [], notes: [`route function threw: ${reason}`] };
      }
      return this.expand(next, message, deeper);
    }
    if (typeof route !== 'object' || route === null || typeof (route as { strategy?: unknown }).strategy !== 'string') {
      return { candidates: [], skipped: [], notes: [`not a route: ${JSON.stringify(route) ?? String(route)}`] };
    }
    return this.expandStrategy(route, message, deeper);
  }

  private expandStrategy(route: RouteStrategy, message: OutboundMessage, state: ExpandState): Expansion {
    switch (route.strategy) {
      case 'failover':
        return this.concat(route.routes.map((entry) => this.expand(entry, message, state)));
      case 'roundRobin': {
        const position = this.rotations.get(route) ?? 0;
        if (state.advance) this.rotations.set(route, (position + 1) % route.routes.length);
        const start = position % route.routes.length;
        const ordered = [...route.routes.slice(start), ...route.routes.slice(0, start)];
        return this.concat(ordered.map((entry) => this.expand(entry, message, state)));
      }
      case 'weighted': {
        const pool = route.entries.filter((entry) => entry.weight > 0);
        const ordered: Route[] = [];
        // Weighted draw without replacement; bounded by the pool size.
        while (pool.length > 0) {
          const total = pool.reduce((sum, entry) => sum + entry.weight, 0);
          let point = Math.min(Math.max(this.random(), 0), 0.999_999_999) * total;
          let index = pool.findIndex((entry) => {
            point -= entry.weight;
            return point < 0;
          });
          if (index < 0) index = pool.length - 1;
          ordered.push(pool[index]!.route);
          pool.splice(index, 1);
        }
        return this.concat(ordered.map((entry) => this.expand(entry, message, state)));
      }
      case 'byCountry': {
        const region = regionOf(message.to);
        const chosen = (region ? route.routes[region] : undefined) ?? route.routes.default;
        if (chosen === undefined) {
          return { candidates: [], skipped: [], notes: [`byCountry: no route for region ${region ?? '(unknown)'}`] };
        }
        return this.expand(chosen, message, state);
      }
      case 'byChannel': {
        const channel = message.channel ?? 'sms';
        const chosen = route.routes[channel];
        if (chosen === undefined) return { candidates: [], skipped: [], notes: [`byChannel: no route for ${channel}`] };
        return this.expand(chosen, message, state);
      }
      case 'whatsappFirst':
        return this.expandWhatsappFirst(route.whatsapp, route.sms, message, state);
      case 'cheapest':
        return this.expandCheapest(route.prices, message, state);
      default:
        return { candidates: [], skipped: [], notes: [`unknown strategy ${JSON.stringify(route)}`] };
    }
  }

  private expandWhatsappFirst(whatsapp: Route, sms: Route, message: OutboundMessage, state: ExpandState): Expansion {
    const writtenFor = message.channel ?? 'sms';
    const whatsappMessage = {
      ...(writtenFor === 'whatsapp' ? message : withoutKeys(message, ['from'])),
      channel: 'whatsapp' as const,
    };
    const first = this.expand(whatsapp, whatsappMessage, state);
    const smsMessage: OutboundMessage = {
      ...withoutKeys(message, writtenFor === 'sms' ? ['template', 'media'] : ['template', 'media', 'from']),
      channel: 'sms',
    };
    const second = this.expand(sms, smsMessage, { ...state, smsFallback: true });
    if (!message.text) {
      return {
        candidates: first.candidates,
        skipped: [
          ...first.skipped,
          ...second.skipped,
          ...second.candidates.map((candidate) => ({
            provider: candidate.provider,
            reason: 'SMS fallback needs text',
          })),
        ],
        notes: [...first.notes, ...second.notes],
      };
    }
    return this.concat([first, second]);
  }

  private expandCheapest(prices: PriceTable, message: OutboundMessage, state: ExpandState): Expansion {
    const region = regionOf(message.to);
    const priced: { candidate: RouteCandidate; cost: number; order: number }[] = [];
    const skipped: SkippedCandidate[] = [];
    for (const [order, [providerId, table]] of Object.entries(prices).entries()) {
      const price = (region ? table[region] : undefined) ?? table.default;
      if (price === undefined) {
        skipped.push({ provider: providerId, reason: `no price for region ${region ?? '(unknown)'} nor default` });
        continue;
      }
      const provider = this.providers.get(providerId);
      if (!provider) {
        skipped.push({ provider: providerId, reason: `unknown provider "${providerId}"` });
        continue;
      }
      let units: number;
      try {
        const info = provider.segments(message);
        units = info.credits ?? info.segments;
      } catch (error) {
        skipped.push({
          provider: providerId,
          reason: `segments() failed: ${error instanceof Error ? error.message : String(error)}`,
        });
        continue;
      }
      priced.push({
        candidate: { provider: providerId, message, smsFallback: state.smsFallback, pricePerSegment: price },
        cost: units * price,
        order,
      });
    }
    priced.sort((left, right) => left.cost - right.cost || left.order - right.order);
    return { candidates: priced.map((entry) => entry.candidate), skipped, notes: [] };
  }

  private priceOf(providerId: string, message: OutboundMessage): number | undefined {
    const table = this.prices[providerId];
    if (!table) return undefined;
    const region = regionOf(message.to);
    return (region ? table[region] : undefined) ?? table.default;
  }

  private concat(parts: Expansion[]): Expansion {
    return {
      candidates: parts.flatMap((part) => part.candidates),
      skipped: parts.flatMap((part) => part.skipped),
      notes: parts.flatMap((part) => part.notes),
    };
  }
}
