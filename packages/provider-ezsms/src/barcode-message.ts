import { PesanError } from '@pesan/core';

/**
 * How a 2D barcode message is delivered (`msgtype`): `ems` for EMS phones,
 * `nokia` for Nokia phones, `mms` as WAP Push, `textmsg` as plain SMS text,
 * `textlink` as a URL.
 */
export type EzsmsBarcodeType = 'ems' | 'nokia' | 'mms' | 'textmsg' | 'textlink';

/** The barcode types of spec 1.84. */
export const EZSMS_BARCODE_TYPES: readonly EzsmsBarcodeType[] = ['ems', 'nokia', 'mms', 'textmsg', 'textlink'];

/** A 2D barcode message (`ISendSMS2D.aspx`). */
export interface EzsmsBarcodeMessage {
  /** Recipient, E.164 or national in the provider's `defaultRegion`. */
  to: string;
  /** Message text; `%barcode%` is replaced by the barcode number the vendor generates. */
  text: string;
  /** How the barcode is delivered. */
  msgType: EzsmsBarcodeType;
  /** Sender ID; the provider's `sender` by default. */
  from?: string;
  /** Key of the logical message: its seqno (see `seqnoFromIdempotencyKey`) makes retries safe. */
  idempotencyKey?: string;
}

/** Checks a barcode message before any request; throws `INVALID_MESSAGE`. */
export function assertBarcodeMessage(message: EzsmsBarcodeMessage, provider: string): void {
  const problems: string[] = [];
  if (typeof message.text !== 'string' || message.text.length === 0) problems.push('text: required');
  if (!EZSMS_BARCODE_TYPES.includes(message.msgType)) {
    problems.push(`msgType: must be one of ${EZSMS_BARCODE_TYPES.join(', ')}`);
  }
  if (message.idempotencyKey !== undefined && message.idempotencyKey.length === 0) {
    problems.push('idempotencyKey: must not be empty');
  }
  if (problems.length > 0) {
    throw new PesanError('INVALID_MESSAGE', {
      message: `Invalid barcode message: ${problems.join('; ')}`,
      provider,
      details: { problems },
    });
  }
}
