import { regionOf } from '../phone/region-of.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import { withFields } from '../runtime/with-fields.js';
import type { WindowState } from '../whatsapp/whatsapp-windows.js';
import { capabilityGap } from './capability-check.js';
import { NO_SMS_LEG, smsLeg, whatsappLeg, whatsappWindowGap } from './channel-legs.js';
import { costOf, tablePriceOf } from './message-price.js';
import type { RandomSource } from './random-source.js';
import type { PriceTable, RoundRobinRoute, Route, RouteStrategy } from './route.js';
import type { CandidatePrice, RouteCandidate, RoutePlan, SkippedCandidate } from './route-plan.js';

/** Deeper nesting than this is taken for a route function that returns itself. */
const MAX_DEPTH = 32;

interface Expansion {
  candidates: RouteCandidate[];
  skipped: SkippedCandidate[];
  notes: string[];
  smsFallbackGap?: string;
}

interface ExpandState {
  readonly advance: boolean;
  readonly smsFallback: boolean;
  readonly depth: number;
  readonly window: WindowState | undefined;
}

/** Options of {@link RouteResolver.resolve}. */
export interface ResolveOptions {
  /** `false` peeks: round-robin positions do not move (for `estimate`). */
  advance: boolean;
  /**
   * The recipient's 24 h WhatsApp window, when known (see `WhatsappWindows`).
   * `closed` keeps free text and files off WhatsApp in `whatsappFirst` and
   * cross-channel `cheapest`; absent is `unknown`.
   */
  whatsappWindow?: WindowState;
}

function priceFields(price: CandidatePrice | undefined): Pick<RouteCandidate, 'price' | 'pricePerSegment'> {
  if (price === undefined) return {};
  return price.per === 'segment' ? { price, pricePerSegment: price.amount } : { price };
}

/**
 * Expands a {@link Route} into the ordered providers for one message, then
 * leaves out (with a reason) every provider whose capabilities cannot carry
 * its message. Never touches the network.
 */
export class RouteResolver {
  // Per resolver (so per messenger): a strategy object shared by two messengers rotates independently in each.
  private readonly rotations = new WeakMap<RoundRobinRoute, number>();

  /** The route when none is configured: the first provider. */
  private readonly firstProvider: string | undefined;

  constructor(
    private readonly providers: ReadonlyMap<string, ProviderV1>,
    private readonly route: Route | undefined,
    private readonly random: RandomSource,
    private readonly prices: PriceTable = {},
  ) {
    this.firstProvider = providers.keys().next().value;
  }

  /**
   * The plan for `message` (whose `to` is E.164). `advance: false` peeks:
   * round-robin positions do not move (for `estimate`).
   */
  resolve(message: OutboundMessage, options: ResolveOptions): RoutePlan {
    const route = this.route ?? this.firstProvider;
    if (route === undefined) return { candidates: [], skipped: [], notes: ['no providers'] };
    const expansion = this.expand(route, message, {
      advance: options.advance,
      smsFallback: false,
      depth: 0,
      window: options.whatsappWindow,
    });

    const plan: RoutePlan = {
      candidates: [],
      skipped: expansion.skipped,
      notes: expansion.notes,
      ...(expansion.smsFallbackGap === undefined ? {} : { smsFallbackGap: expansion.smsFallbackGap }),
    };
    // Only a route of two or more candidates can repeat one (most sends have one).
    const seen = expansion.candidates.length > 1 ? new Set<string>() : undefined;
    for (const candidate of expansion.candidates) {
      if (seen !== undefined) {
        // The same provider on the same channel twice would only repeat a failure.
        const key = `${candidate.provider}\u0000${candidate.message.channel ?? 'sms'}`;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      const provider = this.providers.get(candidate.provider);
      const gap = provider ? capabilityGap(provider, candidate.message) : `unknown provider "${candidate.provider}"`;
      if (gap) {
        plan.skipped.push({ provider: candidate.provider, reason: gap });
        continue;
      }
      const price = candidate.price ?? tablePriceOf(this.prices, candidate.provider, candidate.message);
      plan.candidates.push(price === undefined ? candidate : withFields(candidate, priceFields(price)));
    }
    return plan;
  }

  private expand(route: Route, message: OutboundMessage, state: ExpandState): Expansion {
    if (state.depth > MAX_DEPTH)
      return { candidates: [], skipped: [], notes: [`route nested deeper than ${MAX_DEPTH}`] };
    if (typeof route === 'string') {
      return { candidates: [{ provider: route, message, smsFallback: state.smsFallback }], skipped: [], notes: [] };
    }
    const deeper: ExpandState = { ...state, depth: state.depth + 1 };
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
    const whatsappMessage = whatsappLeg(message);
    const first = this.expand(whatsapp, whatsappMessage, state);
    const windowGap = whatsappWindowGap(whatsappMessage, state.window);
    const whatsappPart: Expansion =
      windowGap === undefined
        ? first
        : {
            candidates: [],
            skipped: [
              ...first.candidates.map((candidate) => ({ provider: candidate.provider, reason: windowGap })),
              ...first.skipped,
            ],
            notes: first.notes,
          };
    const smsMessage = smsLeg(message);
    if (smsMessage === undefined) {
      const second = this.expand(sms, { ...message, channel: 'sms' }, { ...state, smsFallback: true });
      return {
        candidates: whatsappPart.candidates,
        skipped: [
          ...whatsappPart.skipped,
          ...second.candidates.map((candidate) => ({ provider: candidate.provider, reason: NO_SMS_LEG })),
        ],
        notes: [...whatsappPart.notes, ...second.notes],
        smsFallbackGap: NO_SMS_LEG,
      };
    }
    const second = this.expand(sms, smsMessage, { ...state, smsFallback: true });
    return this.concat([whatsappPart, second]);
  }

  /**
   * The message as `provider` gets it in a cross-channel `cheapest`: as
   * written when the provider carries its channel, else on the channel it
   * carries (or a reason it cannot).
   */
  private cheapestLeg(
    provider: ProviderV1,
    message: OutboundMessage,
    window: WindowState | undefined,
  ): { message: OutboundMessage; reason?: undefined } | { message?: undefined; reason: string } {
    const channel = message.channel ?? 'sms';
    const channels = provider.capabilities.channels;
    if (channels.includes(channel)) {
      const gap = channel === 'whatsapp' ? whatsappWindowGap(message, window) : undefined;
      return gap === undefined ? { message } : { reason: gap };
    }
    if (channel === 'sms' && channels.includes('whatsapp')) {
      const leg = whatsappLeg(message);
      const gap = whatsappWindowGap(leg, window);
      return gap === undefined ? { message: leg } : { reason: gap };
    }
    if (channel === 'whatsapp' && channels.includes('sms')) {
      const leg = smsLeg(message);
      return leg === undefined ? { reason: NO_SMS_LEG } : { message: leg };
    }
    return { message };
  }

  private expandCheapest(prices: PriceTable, message: OutboundMessage, state: ExpandState): Expansion {
    const priced: { candidate: RouteCandidate; cost: number; order: number }[] = [];
    const skipped: SkippedCandidate[] = [];
    for (const [order, providerId] of Object.keys(prices).entries()) {
      const provider = this.providers.get(providerId);
      if (!provider) {
        skipped.push({ provider: providerId, reason: `unknown provider "${providerId}"` });
        continue;
      }
      const leg = this.cheapestLeg(provider, message, state.window);
      if (leg.message === undefined) {
        skipped.push({ provider: providerId, reason: leg.reason ?? 'cannot carry the message' });
        continue;
      }
      const price = tablePriceOf(prices, providerId, leg.message);
      if (price === undefined) {
        const region = regionOf(message.to);
        skipped.push({ provider: providerId, reason: `no price for region ${region ?? '(unknown)'} nor default` });
        continue;
      }
      let cost: number;
      try {
        cost = costOf(price, provider.segments(leg.message));
      } catch (error) {
        skipped.push({
          provider: providerId,
          reason: `segments() failed: ${error instanceof Error ? error.message : String(error)}`,
        });
        continue;
      }
      priced.push({
        candidate: {
          provider: providerId,
          message: leg.message,
          smsFallback: state.smsFallback,
          ...priceFields(price),
        },
        cost,
        order,
      });
    }
    priced.sort((left, right) => left.cost - right.cost || left.order - right.order);
    // Across channels the SMS providers are the SMS leg: WhatsApp-only refusals move on to them.
    const acrossChannels = priced.some((entry) => entry.candidate.message.channel === 'whatsapp');
    const candidates = priced.map(({ candidate }) =>
      acrossChannels && (candidate.message.channel ?? 'sms') === 'sms'
        ? { ...candidate, smsFallback: true }
        : candidate,
    );
    return { candidates, skipped, notes: [] };
  }

  private concat(parts: Expansion[]): Expansion {
    const gap = parts.find((part) => part.smsFallbackGap !== undefined)?.smsFallbackGap;
    return {
      candidates: parts.flatMap((part) => part.candidates),
      skipped: parts.flatMap((part) => part.skipped),
      notes: parts.flatMap((part) => part.notes),
      ...(gap === undefined ? {} : { smsFallbackGap: gap }),
    };
  }
}
