import {
  type CountryCode,
  formatPhoneNumber,
  type OutboundMessage,
  PesanError,
  providerMessage,
  type SegmentInfo,
} from '@pesan/core';
import {
  ISMS_CHARACTERS_PER_CREDIT,
  type IsmsSmsType,
  isAscii,
  ismsBodyLength,
  ismsCreditsFor,
  ismsTypeFor,
} from './isms-billing.js';
import { ISMS_SENDER_ID_PATTERN } from './isms-options.js';

export { type IsmsSmsType, ismsBodyLength } from './isms-billing.js';

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
  /** A sender ID was asked for but left out: Malaysian numbers do not support one (see `malaysiaSenderId`). */
  readonly senderIdOmitted?: boolean;
  /** Parts and credits by the vendor's billing. */
  readonly segments: SegmentInfo;
  /** The message's metadata, for the result. */
  readonly metadata?: Record<string, unknown>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What checking a message needs from the provider's options. */
export interface IsmsMessageRules {
  provider: string;
  senderId?: string;
  maxBodyLength: number;
  defaultRegion: CountryCode;
  /** `omit` (default): no `sendid` for `+60` numbers; `send`: send it anyway. */
  malaysiaSenderId?: 'omit' | 'send';
  /** The messenger validated the message already (schema, E.164 `to`): skip that pass. */
  validated?: boolean;
}

/**
 * The iSMS pages say "Malaysia Prefix does not support Sender ID": a `sendid`
 * on a `+60` number is ignored at best and refused at worst, so it is left out
 * unless `malaysiaSenderId: 'send'` forces it.
 */
function senderIdFor(e164: string, senderId: string | undefined, rules: IsmsMessageRules): string | undefined {
  if (senderId === undefined) return undefined;
  return e164.startsWith('+60') && rules.malaysiaSenderId !== 'send' ? undefined : senderId;
}

/**
 * Parts and credits of a text by iSMS billing, as the pages state it:
 * characters are Unicode code points, and a credit is 153 of them for type 1
 * (ASCII) or 63 for type 2 (Unicode), at least 1. So `units` is the
 * character count (not GSM septets or UTF-16 units: `€` and `😀` are one
 * character each), `perSegment` is 153 or 63, and `segments` = `credits` =
 * `ceil(units / perSegment)`. The type is chosen as for sending (see
 * `ismsTypeFor`); forcing `gsm7` on text that is not ASCII throws `INVALID_MESSAGE`.
 */
export function ismsSegments(text: string, encoding: OutboundMessage['encoding']): SegmentInfo {
  return segmentsOf(ismsTypeFor(text, encoding ?? 'auto'), ismsBodyLength(text));
}

/** {@link ismsSegments} of a text of `length` characters going out as `type`. */
function segmentsOf(type: IsmsSmsType, length: number): SegmentInfo {
  const credits = ismsCreditsFor(length, type);
  return {
    encoding: type === 1 ? 'gsm7' : 'ucs2',
    units: length,
    segments: credits,
    perSegment: ISMS_CHARACTERS_PER_CREDIT[type],
    credits,
  };
}

/**
 * The type of a text whose ASCII-ness is known, as `ismsTypeFor` decides it,
 * without scanning the text again. Called after the length check, as before:
 * `ismsTypeFor` throws for `gsm7` on text that is not ASCII.
 */
function typeOf(ascii: boolean, text: string, encoding: OutboundMessage['encoding']): IsmsSmsType {
  if (encoding === 'ucs2') return 2;
  if (ascii) return 1;
  return ismsTypeFor(text, encoding ?? 'auto');
}

// The two contexts `providerMessage` is called with, made once rather than per message.
const VALIDATED = Object.freeze({ validated: true });
const NOT_VALIDATED = Object.freeze({ validated: false });

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
    const message = providerMessage(
      input,
      rules.validated === true ? VALIDATED : NOT_VALIDATED,
      provider,
      rules.defaultRegion,
    );
    if (message.channel === 'whatsapp') throw unsupported(provider, 'WhatsApp messages');
    if (message.binary) throw unsupported(provider, 'binary messages');
    if (message.flash) throw unsupported(provider, 'flash messages');
    if (message.template || message.media) throw unsupported(provider, 'templates or files');
    const text = message.text ?? '';
    if (text === '') throw new PesanError('INVALID_MESSAGE', { message: 'iSMS needs a non-empty text' });

    const e164 = message.to;
    const dstno = formatPhoneNumber(e164, 'digits');

    const requestedSenderId = message.from ?? rules.senderId;
    if (requestedSenderId !== undefined && !ISMS_SENDER_ID_PATTERN.test(requestedSenderId)) {
      throw new PesanError('INVALID_SENDER', {
        message: `Invalid iSMS sender ID ${JSON.stringify(requestedSenderId.slice(0, 32))}: use 1 to 11 letters and digits, no spaces or symbols`,
      });
    }

    // An ASCII text (most) is one code point per UTF-16 unit: no second scan to count them.
    const ascii = isAscii(text);
    const length = ascii ? text.length : ismsBodyLength(text);
    if (length > rules.maxBodyLength) {
      throw new PesanError('INVALID_MESSAGE', {
        message: `iSMS message body is ${length} characters; the limit is ${rules.maxBodyLength} (option maxBodyLength)`,
        details: { length, maxBodyLength: rules.maxBodyLength },
      });
    }

    const type = typeOf(ascii, text, message.encoding);
    const senderId = senderIdFor(e164, requestedSenderId, rules);
    // Written field by field, not with conditional spreads: a campaign prepares every message.
    const prepared: Mutable<IsmsMessage> = { e164, dstno, text, type, segments: segmentsOf(type, length) };
    if (senderId !== undefined) prepared.senderId = senderId;
    else if (requestedSenderId !== undefined) prepared.senderIdOmitted = true;
    if (message.metadata !== undefined) prepared.metadata = message.metadata;
    return prepared;
  } catch (error) {
    if (PesanError.isInstance(error)) throw error.provider === undefined ? error.with({ provider }) : error;
    throw error;
  }
}
