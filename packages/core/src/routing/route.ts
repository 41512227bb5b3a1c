import type { OutboundMessage } from '../provider/v1/outbound-message.js';

/**
 * Where a message goes: a provider id, a strategy, or a function of the
 * message returning either. Strategies nest freely.
 *
 * @example
 * ```ts
 * const route: Route = byCountry({ MY: failover('isms', 'ezsms'), default: 'ezsms' });
 * ```
 */
export type Route = string | RouteStrategy | RouteFunction;

/** A route decided per message. It runs for every send, so keep it cheap and pure. */
export type RouteFunction = (message: OutboundMessage) => Route;

/**
 * Price per segment (or per vendor credit, when the provider's `segments()`
 * reports `credits`) by provider id, then by ISO region or `default`.
 *
 * @example `{ isms: { MY: 0.02, default: 0.05 }, ezsms: { default: 0.04 } }`
 */
export type PriceTable = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** Try each route in order; the next only after a failure that allows failover. */
export interface FailoverRoute {
  readonly strategy: 'failover';
  readonly routes: readonly Route[];
}

/** Pick a route by the recipient's ISO region; `default` for any other. */
export interface ByCountryRoute {
  readonly strategy: 'byCountry';
  readonly routes: Readonly<Record<string, Route>>;
}

/** Cheapest provider first (by its own segment count × price), the others as failover. */
export interface CheapestRoute {
  readonly strategy: 'cheapest';
  readonly prices: PriceTable;
}

/** One entry of a {@link WeightedRoute}. */
export interface WeightedEntry {
  readonly route: Route;
  readonly weight: number;
  /** How the entry is named in problem paths: the object key, or its index. */
  readonly label: string;
}

/** Pick a route at random by weight; the rest follow as failover, also drawn by weight. */
export interface WeightedRoute {
  readonly strategy: 'weighted';
  readonly entries: readonly WeightedEntry[];
}

/** Rotate the first route per message; the rest follow as failover. */
export interface RoundRobinRoute {
  readonly strategy: 'roundRobin';
  readonly routes: readonly Route[];
}

/** Pick a route by the message's channel. */
export interface ByChannelRoute {
  readonly strategy: 'byChannel';
  readonly routes: Readonly<{ sms?: Route; whatsapp?: Route }>;
}

/**
 * WhatsApp first; SMS when WhatsApp fails `not_sent`, or is rejected with
 * `OUTSIDE_SESSION_WINDOW` or `TEMPLATE_NOT_FOUND`.
 */
export interface WhatsappFirstRoute {
  readonly strategy: 'whatsappFirst';
  readonly whatsapp: Route;
  readonly sms: Route;
}

/** Every strategy. Plain data: the resolver expands it per message. */
export type RouteStrategy =
  | FailoverRoute
  | ByCountryRoute
  | CheapestRoute
  | WeightedRoute
  | RoundRobinRoute
  | ByChannelRoute
  | WhatsappFirstRoute;
