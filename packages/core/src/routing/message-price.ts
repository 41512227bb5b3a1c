import { regionOf } from '../phone/region-of.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { SegmentInfo } from '../provider/v1/segment-info.js';
import type { ChannelPrices, PriceTable } from './route.js';
import type { CandidatePrice } from './route-plan.js';

const WHATSAPP_TEMPLATE_CATEGORY = {
  transactional: 'utility',
  promotional: 'marketing',
  otp: 'authentication',
} as const;

/** Which {@link ChannelPrices} entry bills `message`. */
export function priceCategoryOf(message: OutboundMessage): NonNullable<CandidatePrice['category']> {
  if ((message.channel ?? 'sms') !== 'whatsapp') return 'sms';
  if (message.template === undefined) return 'service';
  return WHATSAPP_TEMPLATE_CATEGORY[message.category ?? 'transactional'];
}

function fromEntry(entry: number | ChannelPrices | undefined, message: OutboundMessage): CandidatePrice | undefined {
  if (entry === undefined) return undefined;
  const whatsapp = (message.channel ?? 'sms') === 'whatsapp';
  if (typeof entry === 'number') return { amount: entry, per: whatsapp ? 'message' : 'segment' };
  const category = priceCategoryOf(message);
  const amount = entry[category];
  if (amount === undefined) return undefined;
  return { amount, per: category === 'sms' ? 'segment' : category === 'service' ? 'session' : 'message', category };
}

/**
 * The price of `message` (whose `to` is E.164, channel as it will be sent)
 * at a provider with price list `prices`: the recipient's region first, then
 * `default`; `undefined` when neither prices it.
 */
export function priceOf(
  prices: Readonly<Record<string, number | ChannelPrices>> | undefined,
  message: OutboundMessage,
): CandidatePrice | undefined {
  if (prices === undefined) return undefined;
  const region = regionOf(message.to);
  return fromEntry(region ? prices[region] : undefined, message) ?? fromEntry(prices.default, message);
}

/** {@link priceOf} for a provider id of a {@link PriceTable}. */
export function tablePriceOf(
  table: PriceTable,
  provider: string,
  message: OutboundMessage,
): CandidatePrice | undefined {
  return priceOf(table[provider], message);
}

/**
 * What a message costs at `price`: parts (the provider's `credits`, else
 * `segments`) × price for a per-segment price; the price itself for a
 * WhatsApp message or session, whatever the text's length.
 */
export function costOf(price: CandidatePrice, segments: Pick<SegmentInfo, 'segments' | 'credits'>): number {
  return price.per === 'segment' ? (segments.credits ?? segments.segments) * price.amount : price.amount;
}

/** Problems of one provider's price list, by path (`cheapest` and the messenger's `prices`). */
export function priceListProblems(prices: unknown, path: string): string[] {
  if (typeof prices !== 'object' || prices === null || Array.isArray(prices)) {
    return [`${path}: must be { region | default: price }`];
  }
  const problems: string[] = [];
  const valid = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0;
  for (const [region, entry] of Object.entries(prices)) {
    if (typeof entry === 'number') {
      if (!valid(entry)) problems.push(`${path}.${region}: price must be a number >= 0`);
      continue;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${path}.${region}: must be a number >= 0 or { sms, marketing, utility, authentication, service }`);
      continue;
    }
    for (const [key, value] of Object.entries(entry)) {
      if (!CHANNEL_PRICE_KEYS.includes(key as keyof ChannelPrices)) {
        problems.push(`${path}.${region}.${key}: unknown price (expected ${CHANNEL_PRICE_KEYS.join(', ')})`);
      } else if (!valid(value)) {
        problems.push(`${path}.${region}.${key}: price must be a number >= 0`);
      }
    }
  }
  return problems;
}

/** The keys of {@link ChannelPrices}. */
export const CHANNEL_PRICE_KEYS: readonly (keyof ChannelPrices)[] = [
  'sms',
  'marketing',
  'utility',
  'authentication',
  'service',
];
