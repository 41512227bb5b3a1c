import type { OutboundMessage } from '../provider/v1/outbound-message.js';

/** What a price is per: an SMS part (or vendor credit), a WhatsApp message, or a 24 h WhatsApp session. */
export type PriceUnit = 'segment' | 'message' | 'session';

/** The price that applies to one candidate's message. */
export interface CandidatePrice {
  /** Price of one `per`. */
  amount: number;
  /** What it is per. */
  per: PriceUnit;
  /** The entry of `ChannelPrices` it came from (`sms`, `utility`, `service`, ...), when it came from one. */
  category?: 'sms' | 'marketing' | 'utility' | 'authentication' | 'service';
}

/** One provider a message may be sent through, in route order. */
export interface RouteCandidate {
  /** Provider id. */
  provider: string;
  /** The message as this provider gets it (`whatsappFirst` changes the channel). */
  message: OutboundMessage;
  /** True on the SMS leg of a `whatsappFirst`. */
  smsFallback: boolean;
  /** Price per segment (or credit) when a `cheapest` table or the messenger's `prices` give one per segment. */
  pricePerSegment?: number;
  /** The price that applies, per segment, message or session, when a table gives one. */
  price?: CandidatePrice;
}

/** A provider the route named but that cannot take this message. */
export interface SkippedCandidate {
  provider: string;
  reason: string;
}

/** A route expanded for one message. */
export interface RoutePlan {
  /** Providers to try, in order, each able to carry its message. */
  candidates: RouteCandidate[];
  /** Providers left out, with why. */
  skipped: SkippedCandidate[];
  /** Route branches that led nowhere (no region matched, a route function threw, ...). */
  notes: string[];
  /**
   * Why a `whatsappFirst` WhatsApp leg has no SMS leg (a template without
   * `text` or `fallbackText`): an error of the WhatsApp leg that would have
   * fallen back to SMS says so.
   */
  smsFallbackGap?: string;
}
