import { countSegments } from '../encoding/segment-counter.js';
import type { Channel } from '../provider/v1/channel.js';
import type { MessageAdjustment } from '../provider/v1/message-adjustment.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { SegmentInfo } from '../provider/v1/segment-info.js';
import { costOf } from '../routing/message-price.js';
import type { CandidatePrice, RoutePlan, SkippedCandidate } from '../routing/route-plan.js';

/** What sending through one provider would mean. */
export interface ProviderEstimate {
  provider: string;
  providerType: string;
  channel: Channel;
  encoding: SegmentInfo['encoding'];
  units: number;
  segments: number;
  perSegment: number;
  /** Vendor credits, when the provider bills by its own rule. */
  credits?: number;
  /** Price per segment (or credit), when the price that applies is per segment. */
  pricePerSegment?: number;
  /**
   * The price that applies, from `cheapest` or the messenger's `prices`: per
   * SMS segment (or credit), per WhatsApp message (templates, by category) or
   * per 24 h WhatsApp session (free text and files).
   */
  price?: CandidatePrice;
  /**
   * What the message costs here, when the price is known: `(credits ??
   * segments) × price` per segment; the price itself per WhatsApp message or
   * session, whatever the text's length.
   */
  cost?: number;
}

/** The answer of `messenger.estimate(message)`. Computed without any network call. */
export interface MessageEstimate {
  /** Recipient in E.164. */
  to: string;
  /** Providers in the order a send would try them. */
  providers: ProviderEstimate[];
  /** Encoding of the first provider (or of the text, when no provider can carry it). */
  encoding: SegmentInfo['encoding'];
  /** Segments at the first provider. */
  segments: number;
  /** Credits at the first provider, when it reports them. */
  credits?: number;
  /** Cost at the first provider, when its price is known. */
  cost?: number;
  /** Providers the route named that cannot carry the message, with why. */
  skipped: SkippedCandidate[];
  /** Route branches that led nowhere. */
  notes: string[];
  /**
   * What the messenger's middleware would change before sending; the
   * numbers above count the changed message. `smartEncoding` gives the
   * segments with and without it (`details.segmentsBefore`, `segmentsAfter`).
   */
  adjustments?: MessageAdjustment[];
}

function generic(message: OutboundMessage): Pick<SegmentInfo, 'encoding' | 'segments'> {
  if (message.binary) {
    return { encoding: 'binary', segments: Math.max(1, Math.ceil(message.binary.hex.length / 2 / 140)) };
  }
  const { encoding, segments } = countSegments(message.text ?? '', { encoding: message.encoding ?? 'auto' });
  return { encoding, segments };
}

function perSegment(candidate: { pricePerSegment?: number }): CandidatePrice {
  return { amount: candidate.pricePerSegment ?? 0, per: 'segment' };
}

/** Builds the estimate of a resolved plan. */
export function estimatePlan(
  plan: RoutePlan,
  message: OutboundMessage,
  providers: ReadonlyMap<string, ProviderV1>,
): MessageEstimate {
  const skipped = [...plan.skipped];
  const estimates: ProviderEstimate[] = [];
  for (const candidate of plan.candidates) {
    const provider = providers.get(candidate.provider)!;
    let info: SegmentInfo;
    try {
      info = provider.segments(candidate.message);
    } catch (error) {
      skipped.push({
        provider: provider.id,
        reason: `segments() failed: ${error instanceof Error ? error.message : String(error)}`,
      });
      continue;
    }
    const price = candidate.price ?? (candidate.pricePerSegment === undefined ? undefined : perSegment(candidate));
    estimates.push({
      provider: provider.id,
      providerType: provider.type,
      channel: candidate.message.channel ?? 'sms',
      encoding: info.encoding,
      units: info.units,
      segments: info.segments,
      perSegment: info.perSegment,
      ...(info.credits === undefined ? {} : { credits: info.credits }),
      ...(price === undefined
        ? {}
        : {
            ...(price.per === 'segment' ? { pricePerSegment: price.amount } : {}),
            price,
            cost: costOf(price, info),
          }),
    });
  }
  const first = estimates[0];
  const summary = first ?? generic(message);
  return {
    to: message.to,
    providers: estimates,
    encoding: summary.encoding,
    segments: summary.segments,
    ...(first?.credits === undefined ? {} : { credits: first.credits }),
    ...(first?.cost === undefined ? {} : { cost: first.cost }),
    skipped,
    notes: plan.notes,
  };
}
