import { chooseEncoding } from '../encoding/encoding-choice.js';
import { countSegments } from '../encoding/segment-counter.js';
import { PesanError } from '../errors/pesan-error.js';
import { parseOutboundMessage } from '../message/outbound-message-schema.js';
import type { CountryCode } from '../phone/to-e164.js';
import { toE164 } from '../phone/to-e164.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import { withFields } from '../runtime/with-fields.js';

/** What {@link prepareMessage} checks a message against. */
export interface MessagePreparationSettings {
  /** Region for national numbers. */
  defaultRegion: CountryCode;
  /** Most SMS parts one message may need (GSM 03.38 count); absent: no limit. */
  maxSegments?: number | undefined;
}

/**
 * Validates a message before any provider sees it: its shape
 * (`INVALID_MESSAGE`), its recipient, normalised to E.164
 * (`INVALID_RECIPIENT`), a forced `gsm7` on text GSM-7 cannot carry
 * (`INVALID_MESSAGE`), and, with `maxSegments`, an SMS text needing more
 * parts (`INVALID_MESSAGE`, outcome `rejected`, the count in `details`).
 */
export function prepareMessage(input: unknown, settings: CountryCode | MessagePreparationSettings): OutboundMessage {
  const { defaultRegion, maxSegments } = typeof settings === 'string' ? { defaultRegion: settings } : settings;
  const message = parseOutboundMessage(input);
  const to = toE164(message.to, defaultRegion);
  // Only a forced encoding can be refused, and only `maxSegments` needs the encoding: `auto` text skips the scan.
  const encodingMatters = maxSegments !== undefined || (message.encoding !== undefined && message.encoding !== 'auto');
  if (encodingMatters && (message.channel ?? 'sms') === 'sms' && message.text && !message.binary) {
    const encoding = chooseEncoding(message.text, message.encoding);
    if (maxSegments !== undefined) {
      const { segments } = countSegments(message.text, { encoding });
      if (segments > maxSegments) {
        throw new PesanError('INVALID_MESSAGE', {
          message: `The text needs ${segments} SMS parts (${encoding}), more than maxSegments ${maxSegments}`,
          details: { segments, maxSegments, encoding, characters: message.text.length },
        });
      }
    }
  }
  // Not `{ ...message, to }`: in Node 20 a spread copy gets a hidden class of its own as soon as anything adds a
  // key to it later (a campaign's idempotency key, say), and every read of it after that is slow (see `withFields`).
  return withFields(message, { to });
}

/** The recipient of an input that may not even be a message, for failed items and events. */
export function recipientOf(input: unknown): string {
  const to = typeof input === 'object' && input !== null ? (input as { to?: unknown }).to : undefined;
  return typeof to === 'string' ? to : '';
}
