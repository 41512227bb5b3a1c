/** A binary SMS payload (ringtones, WAP push, ...). */
export interface BinaryPayload {
  /** The payload as hexadecimal. */
  hex: string;
  /** The user data header as hexadecimal, when the payload has one. */
  udh?: string;
}
