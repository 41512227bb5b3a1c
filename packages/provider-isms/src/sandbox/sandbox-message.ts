/** The delivery statuses iSMS pushes (`dn_status`). */
export type IsmsDeliveryStatus = 'PENDING' | 'DELIVERED' | 'ACCEPTED' | 'SENT' | 'UNDELIVERED';

/** One message the sandbox accepted (one per recipient). */
export interface IsmsSandboxMessage {
  /** The transaction id answered for it; shared by every recipient of one classic `;` request. */
  trxId: string;
  /** Index of the mirror that took the request. */
  mirror: number;
  /** The endpoint path, e.g. `/isms_send_all_id.php`. */
  endpoint: string;
  /** Account username. */
  username: string;
  /** `dstno` as sent (digits). */
  to: string;
  /** `msg`. */
  text: string;
  /** `type`: 1 ASCII/GSM, 2 Unicode. */
  type: 1 | 2;
  /** `sendid`, when given. */
  senderId?: string;
  /** Credits billed. */
  credits: number;
  /** Latest delivery status. */
  status: IsmsDeliveryStatus;
  /** When it was accepted. */
  at: Date;
}
