import { chooseEncoding, type OutboundMessage, PesanError, toUcs2Hex } from '@pesan/core';

/** The vendor's `type` parameter (spec 1.84). */
export type EzsmsMessageType = 1 | 2 | 3 | 4 | 5 | 6;

/** What each `type` means. */
export const EZSMS_MESSAGE_TYPES: Readonly<Record<EzsmsMessageType, string>> = {
  1: 'Normal Text',
  2: 'Normal Text with Flash',
  3: 'Unicode (UTF-16 big-endian hex)',
  4: 'Unicode with Flash',
  5: 'Binary message with UDH',
  6: 'Binary message without UDH',
};

/** A message as the vendor takes it: the `type` and the `message` parameter. */
export interface EzsmsWireMessage {
  type: EzsmsMessageType;
  /** Text for types 1 and 2; upper-case hex for types 3 to 6. */
  message: string;
}

/**
 * Chooses the vendor `type` and writes the `message` parameter:
 *
 * - binary → 5 (the UDH hex then the payload hex) when `binary.udh` is set, else 6;
 * - text in GSM-7 (`encoding` `gsm7`, or `auto` when every character fits) → 1, or 2 when `flash`;
 * - other text (`ucs2`, or `auto` otherwise) → 3, or 4 when `flash`, as UTF-16
 *   big-endian hex (`ABC` → `004100420043`, 😀 → `D83DDE00`).
 *
 * Throws `INVALID_MESSAGE` when `gsm7` is forced on text GSM-7 cannot carry
 * or when `udh` does not start with its own length (see {@link assertUdhLength}),
 * and `UNSUPPORTED` for a flash binary message (the vendor has no such type).
 */
export function toEzsmsWireMessage(message: OutboundMessage): EzsmsWireMessage {
  if (message.binary) {
    if (message.flash) {
      throw new PesanError('UNSUPPORTED', { message: 'sms.com.my has no flash binary message type' });
    }
    const payload = message.binary.hex.toUpperCase();
    if (!message.binary.udh) return { type: 6, message: payload };
    assertUdhLength(message.binary.udh);
    return { type: 5, message: `${message.binary.udh.toUpperCase()}${payload}` };
  }
  const text = message.text ?? '';
  const flash = message.flash === true;
  if (chooseEncoding(text, message.encoding) === 'gsm7') return { type: flash ? 2 : 1, message: text };
  return { type: flash ? 4 : 3, message: toUcs2Hex(text) };
}

/**
 * Checks that a UDH (hex) starts with its own length byte, UDHL: the first
 * byte must equal the number of bytes after it (`050003CC0201`: 5, then five
 * bytes). Type 5 sends the UDH and payload as one hex string, and the vendor
 * (and the handset) find where the UDH ends only from that byte, so a wrong
 * one would silently move payload bytes into the header or the reverse.
 * Throws `INVALID_MESSAGE` otherwise, before any request.
 */
export function assertUdhLength(udh: string): void {
  const bytes = /^(?:[0-9A-Fa-f]{2})+$/.test(udh) ? Buffer.from(udh, 'hex') : undefined;
  const declared = bytes?.[0];
  const following = bytes === undefined ? 0 : bytes.length - 1;
  if (declared !== undefined && declared === following) return;
  throw new PesanError('INVALID_MESSAGE', {
    message:
      declared === undefined
        ? 'binary.udh must be hexadecimal, two digits per byte, starting with its length byte (UDHL)'
        : `binary.udh must start with its own length byte (UDHL): the first byte says ${declared} byte(s) follow, but ${following} do`,
    details: {
      udh: udh.slice(0, 64),
      ...(declared === undefined ? {} : { declaredLength: declared, length: following }),
    },
  });
}
