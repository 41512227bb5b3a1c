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
 * A provider's prices in one region by what the vendor bills, for providers
 * that bill more than SMS parts. WhatsApp bills per message, not per part:
 * templates by category (`marketing`, `utility`, `authentication`, chosen by
 * the message's `category`: `promotional`, `transactional` (default), `otp`),
 * free text and files per 24 h service session (`service`).
 *
 * @example `{ utility: 0.12, marketing: 0.5, authentication: 0.1, service: 0.1 }`
 */
export interface ChannelPrices {
  /** Per SMS part (or vendor credit, when `segments()` reports credits). */
  readonly sms?: number;
  /** Per WhatsApp marketing template (`category: 'promotional'`). */
  readonly marketing?: number;
  /** Per WhatsApp utility template (`category: 'transactional'`, the default). */
  readonly utility?: number;
  /** Per WhatsApp authentication template (`category: 'otp'`). */
  readonly authentication?: number;
  /**
   * Per 24 h WhatsApp service session (free text and files). An estimate
   * counts it for every message: pesan does not know whether this session
   * was already paid for.
   */
  readonly service?: number;
}

/**
 * Prices by provider id, then by ISO region or `default`. A number is a
 * price per SMS part (or vendor credit, when the provider's `segments()`
 * reports `credits`); for a WhatsApp message, whose `segments()` is 1, it is
 * a price per message. {@link ChannelPrices} prices WhatsApp by category and
 * session.
 *
 * @example
 * ```ts
 * const prices: PriceTable = {
 *   isms: { MY: 0.08, default: 0.2 },                 // per SMS part
 *   waba: { default: { utility: 0.12, service: 0.1 } }, // per WhatsApp message / session
 * };
 * ```
 */
export type PriceTable = Readonly<Record<string, Readonly<Record<string, number | ChannelPrices>>>>;

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

/** Cheapest provider first (by what the message costs there), the others as failover. */
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
 * `OUTSIDE_SESSION_WINDOW` or `TEMPLATE_NOT_FOUND`, and SMS only when free
 * text meets a window known to be closed.
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
