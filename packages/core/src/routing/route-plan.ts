import type { OutboundMessage } from '../provider/v1/outbound-message.js';

/** One provider a message may be sent through, in route order. */
export interface RouteCandidate {
  /** Provider id. */
  provider: string;
  /** The message as this provider gets it (`whatsappFirst` changes the channel). */
  message: OutboundMessage;
  /** True on the SMS leg of a `whatsappFirst`. */
  smsFallback: boolean;
  /** Price per segment (or credit) when a `cheapest` table or the messenger's `prices` give one. */
  pricePerSegment?: number;
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
}
