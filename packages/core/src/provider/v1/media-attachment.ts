/** A file sent by URL (WhatsApp documents and images). */
export interface MediaAttachment {
  /** A direct, publicly reachable URL. */
  url: string;
  /** The name the recipient sees. */
  filename: string;
}
