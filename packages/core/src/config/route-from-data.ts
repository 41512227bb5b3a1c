import { PesanError } from '../errors/pesan-error.js';
import { byChannel } from '../routing/by-channel.js';
import { byCountry } from '../routing/by-country.js';
import { cheapest } from '../routing/cheapest.js';
import { failover } from '../routing/failover.js';
import { CHANNEL_PRICE_KEYS } from '../routing/message-price.js';
import { roundRobin } from '../routing/round-robin.js';
import type { Route } from '../routing/route.js';
import { weighted } from '../routing/weighted.js';
import { whatsappFirst } from '../routing/whatsapp-first.js';

/** A route built from data, or the problems that prevented it. */
export interface RouteFromData {
  route?: Route;
  problems: string[];
}

const STRATEGIES = ['failover', 'byCountry', 'cheapest', 'weighted', 'roundRobin', 'byChannel', 'whatsappFirst'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const toNumber = (value: unknown): number =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : (value as number);

/**
 * Builds a {@link Route} from its data form: `"isms"`, `{ "failover": [...] }`,
 * `{ "byCountry": {...} }`, `{ "cheapest": {...} }`, `{ "weighted": {...} }`
 * (or `[{ "route": ..., "weight": 3 }]`), `{ "roundRobin": [...] }`,
 * `{ "byChannel": {...} }`, `{ "whatsappFirst": {...} }`. Every problem is
 * reported by path (`route.failover[1]: ...`); provider ids are checked separately.
 */
export function routeFromData(data: unknown, path = 'route'): RouteFromData {
  const problems: string[] = [];
  const build = (node: unknown, at: string): Route | undefined => {
    if (typeof node === 'string') {
      if (node.trim() === '') problems.push(`${at}: empty provider id`);
      return node;
    }
    if (!isRecord(node) || Object.keys(node).length !== 1 || !STRATEGIES.includes(Object.keys(node)[0]!)) {
      problems.push(`${at}: not a route (a provider id, or an object with one key of ${STRATEGIES.join(', ')})`);
      return undefined;
    }
    const [strategy, value] = Object.entries(node)[0]!;
    const inner = `${at}.${strategy}`;
    const list = (): Route[] | undefined => {
      if (!Array.isArray(value) || value.length === 0) {
        problems.push(`${inner}: must be a non-empty list of routes`);
        return undefined;
      }
      const routes = value.map((entry, index) => build(entry, `${inner}[${index}]`));
      return routes.every((entry) => entry !== undefined) ? (routes as Route[]) : undefined;
    };
    const table = (allowed?: readonly string[]): Record<string, Route> | undefined => {
      if (!isRecord(value) || Object.keys(value).length === 0) {
        problems.push(`${inner}: must be a non-empty object`);
        return undefined;
      }
      const routes: Record<string, Route> = {};
      let complete = true;
      for (const [key, entry] of Object.entries(value)) {
        if (allowed && !allowed.includes(key)) {
          problems.push(`${inner}.${key}: unknown key (expected ${allowed.join(' or ')})`);
          complete = false;
          continue;
        }
        const route = build(entry, `${inner}.${key}`);
        if (route === undefined) complete = false;
        else routes[key] = route;
      }
      return complete ? routes : undefined;
    };
    const make = (factory: () => Route): Route | undefined => {
      try {
        return factory();
      } catch (error) {
        problems.push(
          `${inner}: ${PesanError.isInstance(error) || error instanceof Error ? error.message : String(error)}`,
        );
        return undefined;
      }
    };

    switch (strategy) {
      case 'failover':
      case 'roundRobin': {
        const routes = list();
        if (!routes) return undefined;
        return make(() => (strategy === 'failover' ? failover(...routes) : roundRobin(...routes)));
      }
      case 'byCountry': {
        const routes = table();
        if (!routes) return undefined;
        for (const key of Object.keys(routes)) {
          if (key !== 'default' && !/^[A-Z]{2}$/.test(key)) {
            problems.push(`${inner}.${key}: not an ISO 3166-1 alpha-2 region (upper case) nor "default"`);
            return undefined;
          }
        }
        return make(() => byCountry(routes));
      }
      case 'byChannel': {
        const routes = table(['sms', 'whatsapp']);
        return routes ? make(() => byChannel(routes)) : undefined;
      }
      case 'whatsappFirst': {
        const routes = table(['whatsapp', 'sms']);
        if (!routes) return undefined;
        const missing = ['whatsapp', 'sms'].filter((key) => routes[key] === undefined);
        for (const key of missing) problems.push(`${inner}.${key}: required`);
        if (missing.length > 0) return undefined;
        return make(() => whatsappFirst({ whatsapp: routes.whatsapp!, sms: routes.sms! }));
      }
      case 'weighted': {
        if (Array.isArray(value)) {
          const entries: { route: Route; weight: number }[] = [];
          for (const [index, entry] of value.entries()) {
            const at = `${inner}[${index}]`;
            if (!isRecord(entry)) {
              problems.push(`${at}: must be { route, weight }`);
              continue;
            }
            const route = build(entry.route, `${at}.route`);
            const weight = toNumber(entry.weight);
            if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
              problems.push(`${at}.weight: must be a number >= 0`);
              continue;
            }
            if (route !== undefined) entries.push({ route, weight });
          }
          return entries.length === value.length ? make(() => weighted(entries)) : undefined;
        }
        if (!isRecord(value)) {
          problems.push(`${inner}: must be { providerId: weight } or a list of { route, weight }`);
          return undefined;
        }
        const weights: Record<string, number> = {};
        for (const [provider, raw] of Object.entries(value)) {
          const weight = toNumber(raw);
          if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
            problems.push(`${inner}.${provider}: weight must be a number >= 0`);
            return undefined;
          }
          weights[provider] = weight;
        }
        return make(() => weighted(weights));
      }
      case 'cheapest': {
        if (!isRecord(value)) {
          problems.push(`${inner}: must be { providerId: { region: price } }`);
          return undefined;
        }
        const prices: Record<string, Record<string, number | Record<string, number>>> = {};
        let complete = true;
        const price = (raw: unknown, at: string): number | undefined => {
          const number = toNumber(raw);
          if (typeof number === 'number' && Number.isFinite(number) && number >= 0) return number;
          problems.push(`${at}: price must be a number >= 0`);
          complete = false;
          return undefined;
        };
        for (const [provider, regions] of Object.entries(value)) {
          if (!isRecord(regions)) {
            problems.push(`${inner}.${provider}: must be { region | default: price }`);
            complete = false;
            continue;
          }
          const table: Record<string, number | Record<string, number>> = {};
          prices[provider] = table;
          for (const [region, raw] of Object.entries(regions)) {
            if (!isRecord(raw)) {
              const amount = price(raw, `${inner}.${provider}.${region}`);
              if (amount !== undefined) table[region] = amount;
              continue;
            }
            // A WhatsApp price list: { utility: 0.12, service: 0.1, sms: 0.08, ... }.
            const list: Record<string, number> = {};
            for (const [key, entry] of Object.entries(raw)) {
              if (!(CHANNEL_PRICE_KEYS as readonly string[]).includes(key)) {
                problems.push(
                  `${inner}.${provider}.${region}.${key}: unknown price (expected ${CHANNEL_PRICE_KEYS.join(', ')})`,
                );
                complete = false;
                continue;
              }
              const amount = price(entry, `${inner}.${provider}.${region}.${key}`);
              if (amount !== undefined) list[key] = amount;
            }
            table[region] = list;
          }
        }
        return complete ? make(() => cheapest(prices)) : undefined;
      }
      default:
        return undefined;
    }
  };
  const route = build(data, path);
  return { route: problems.length === 0 ? route : undefined, problems };
}
