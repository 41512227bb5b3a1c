/** How a text is split and billed. */
export interface SegmentInfo {
  /** The encoding the text is sent in. */
  encoding: 'gsm7' | 'ucs2' | 'binary';
  /** Length in the encoding's units: GSM septets, UTF-16 code units or bytes. */
  units: number;
  /** Number of parts (SMS) the message is split into. */
  segments: number;
  /** Units per part used for this count. */
  perSegment: number;
  /** Credits the vendor bills, when it bills by its own rule. */
  credits?: number;
}
