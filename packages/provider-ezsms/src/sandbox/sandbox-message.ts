/** The page a message was sent through. */
export type EzsmsSandboxPage = 'ISendSMS' | 'ISendSMSNoDR' | 'ISendSMS2D';

/** One message the sandbox accepted, one record per recipient. */
export interface EzsmsSandboxMessage {
  /** The `MsgId` answered (`ISendSMS.aspx` and `ISendSMS2D.aspx` only). */
  messageId?: string;
  page: EzsmsSandboxPage;
  /** Index of the mirror that took it. */
  mirror: number;
  username: string;
  /** Recipient as sent (digits). */
  mobile: string;
  sender?: string;
  /** `type` 1-6 (absent for 2D barcodes). */
  type?: number;
  /** `msgtype` of a 2D barcode message. */
  msgType?: string;
  flash: boolean;
  encoding: 'text' | 'unicode' | 'binary';
  /** Decoded text (types 1-4 and barcodes, `%barcode%` replaced). */
  text?: string;
  /** Binary payload without UDH, upper-case hex (types 5 and 6). */
  hex?: string;
  /** UDH, upper-case hex (type 5). */
  udh?: string;
  /** The `message` parameter exactly as received. */
  message: string;
  seqno?: string;
  /** Barcode number generated for `%barcode%`. */
  barcode?: string;
  /** SMS parts billed for this recipient. */
  parts: number;
  /** Last delivery status pushed or recorded. */
  status?: number;
  acceptedAt: Date;
}
