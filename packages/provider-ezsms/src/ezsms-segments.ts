import { countSegments, type OutboundMessage, type SegmentInfo } from '@pesan/core';

/** Bytes of user data one binary SMS carries, UDH included. */
export const BINARY_BYTES_PER_PART = 140;

/**
 * Parts of a message by sms.com.my's rules, as far as the spec gives them:
 * text by GSM 03.38 (160 septets, 153 per part when concatenated; 70 UTF-16
 * units, 67 per part); binary by bytes, UDH included, 140 per part (the
 * vendor sends the payload as given, so a longer one is the caller's to split
 * with its own concatenation UDH). The spec says nothing about billing, so no
 * `credits` are given.
 */
export function ezsmsSegments(message: OutboundMessage): SegmentInfo {
  if (message.binary) {
    const units = ((message.binary.udh?.length ?? 0) + message.binary.hex.length) / 2;
    return {
      encoding: 'binary',
      units,
      segments: Math.max(1, Math.ceil(units / BINARY_BYTES_PER_PART)),
      perSegment: BINARY_BYTES_PER_PART,
    };
  }
  return countSegments(message.text ?? '', { encoding: message.encoding ?? 'auto' });
}
