import {
  type CountryCode,
  chooseEncoding,
  formatPhoneNumber,
  type OutboundMessage,
  type PartSizes,
  PesanError,
  parseOutboundMessage,
  type SegmentInfo,
  toE164,
} from '@pesan/core';
import {
  ISMS_CHARACTERS_PER_CREDIT,
  type IsmsSmsType,
  ismsBodyLength,
  ismsCredits,
  ismsTypeFor,
} from './isms-billing.js';
import { ISMS_SENDER_ID_PATTERN } from './isms-options.js';

export { type IsmsSmsType, ismsBodyLength } from './isms-billing.js';

/**
 * Characters per credit as `PartSizes`.
 *
 * @deprecated Not used for counting any more: `countSegments` counts GSM
 * septets and UTF-16 units, while iSMS bills characters (code points). Use
 * {@link ISMS_CHARACTERS_PER_CREDIT} and {@link ismsSegments}.
 */
export const ISMS_PART_SIZES: PartSizes = { gsm7: { single: 153, multi: 153 }, ucs2: { single: 63, multi: 63 } };

/** A message checked and written the way iSMS wants it. */
export interface IsmsMessage {
  /** The recipient in E.164. */
  readonly e164: string;
  /** `dstno`: E.164 digits without `+`. */
  readonly dstno: string;
  /** `msg`. */
  readonly text: string;
  /** `type`. */
  readonly type: IsmsSmsType;
  /** `sendid`, when there is one. */
  readonly senderId?: string;
  /** Parts and credits by the vendor's billing. */
  readonly segments: SegmentInfo;
  /** The message's metadata, for the result. */
  readonly metadata?: Record<string, unknown>;
}

/** What checking a message needs from the provider's options. */
export interface IsmsMessageRules {
  provider: string;
  senderId?: string;
  maxBodyLength: number;
  defaultRegion: CountryCode;
}

/**
 * Parts and credits of a text by iSMS billing, as the pages state it:
 * characters are Unicode code points, and a credit is 153 of them for type 1
 * (GSM-7) or 63 for type 2 (Unicode), at least 1. So `units` is the
 * character count (not GSM septets or UTF-16 units: `€` and `😀` are one
 * character each), `perSegment` is 153 or 63, and `segments` = `credits` =
 * `ceil(units / perSegment)`. The encoding (hence the type) is chosen as for
 * sending; forcing `gsm7` on non-GSM text throws `INVALID_MESSAGE`.
 */
export function ismsSegments(text: string, encoding: OutboundMessage['encoding']): SegmentInfo {
  const chosen = chooseEncoding(text, encoding ?? 'auto');
  const type = ismsTypeFor(chosen);
  const credits = ismsCredits(text, type);
  return {
    encoding: chosen,
    units: ismsBodyLength(text),
    segments: credits,
    perSegment: ISMS_CHARACTERS_PER_CREDIT[type],
    credits,
  };
}

function unsupported(provider: string, what: string): PesanError {
  return new PesanError('UNSUPPORTED', { provider, message: `iSMS SMS cannot send ${what}` });
}

/**
 * Checks a message against everything iSMS requires and writes it the vendor's
 * way, before any network call: the recipient (`toE164`, then digits), the
 * sender ID (1-11 letters and digits, `msg.from` over the option), the body
 * length (`maxBodyLength` characters) and the type (1 when GSM-7, else 2,
 * overridable by `msg.encoding`). Throws `PesanError` with the provider id.
 */
export function prepareIsmsMessage(input: OutboundMessage, rules: IsmsMessageRules): IsmsMessage {
  const { provider } = rules;
  try {
    const message = parseOutboundMessage(input);
    if (message.channel === 'whatsapp') throw unsupported(provider, 'WhatsApp messages');
    if (message.binary) throw unsupported(provider, 'binary messages');
    if (message.flash) throw unsupported(provider, 'flash messages');
    if (message.template || message.media) throw unsupported(provider, 'templates or files');
    const text = message.text ?? '';
    if (text === '') throw new PesanError('INVALID_MESSAGE', { message: 'iSMS needs a non-empty text' });

    const e164 = toE164(message.to, rules.defaultRegion);
    const dstno = formatPhoneNumber(e164, 'digits');

    const senderId = message.from ?? rules.senderId;
    if (senderId !== undefined && !ISMS_SENDER_ID_PATTERN.test(senderId)) {
      throw new PesanError('INVALID_SENDER', {
        message: `Invalid iSMS sender ID ${JSON.stringify(senderId.slice(0, 32))}: use 1 to 11 letters and digits, no spaces or symbols`,
      });
    }

    const length = ismsBodyLength(text);
    if (length > rules.maxBodyLength) {
      throw new PesanError('INVALID_MESSAGE', {
        message: `iSMS message body is ${length} characters; the limit is ${rules.maxBodyLength} (option maxBodyLength)`,
        details: { length, maxBodyLength: rules.maxBodyLength },
      });
    }

    const encoding = chooseEncoding(text, message.encoding ?? 'auto');
    const segments = ismsSegments(text, encoding);
    return {
      e164,
      dstno,
      text,
      type: ismsTypeFor(encoding),
      ...(senderId === undefined ? {} : { senderId }),
      segments,
      ...(message.metadata === undefined ? {} : { metadata: message.metadata }),
    };
  } catch (error) {
    if (PesanError.isInstance(error)) throw error.provider === undefined ? error.with({ provider }) : error;
    throw error;
  }
}
