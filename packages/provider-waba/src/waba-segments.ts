import type { OutboundMessage, SegmentInfo } from '@pesan/core';
import { WABA_MAX_TEXT_LENGTH } from './waba-request.js';

/**
 * What a WhatsApp message counts as: one message, whatever its length.
 * WhatsApp bills per message (templates, by category) or per 24 h service
 * session (free text and files), never per SMS part, so `segments` is always
 * 1 and no `credits` are claimed; price it with `ChannelPrices` in
 * `cheapest` or the messenger's `prices`. `encoding` is `ucs2` because
 * WhatsApp carries any Unicode text; `units` counts the text's UTF-16 units,
 * and `perSegment` is WhatsApp's longest text.
 */
export function wabaSegments(message: OutboundMessage): SegmentInfo {
  return { encoding: 'ucs2', units: (message.text ?? '').length, segments: 1, perSegment: WABA_MAX_TEXT_LENGTH };
}
