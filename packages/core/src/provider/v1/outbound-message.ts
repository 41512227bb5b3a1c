/** The channel a message travels on. */
export type Channel = 'sms' | 'whatsapp';

/** How the text is encoded on the wire. `auto` picks GSM-7 when every character fits. */
export type EncodingPreference = 'auto' | 'gsm7' | 'ucs2';

/** A binary SMS payload (ringtones, WAP push, ...). */
export interface BinaryPayload {
  /** The payload as hexadecimal. */
  hex: string;
  /** The user data header as hexadecimal, when the payload has one. */
  udh?: string;
}

/** A pre-approved WhatsApp template and its variables. */
export interface TemplateMessage {
  /** Template name or vendor template code. */
  name: string;
  /** Template language code, e.g. `en`. */
  language: string;
  /** Variable values, by name or position. */
  params?: Record<string, string>;
}

/** A file sent by URL (WhatsApp documents and images). */
export interface MediaAttachment {
  /** A direct, publicly reachable URL. */
  url: string;
  /** The name the recipient sees. */
  filename: string;
}

/**
 * One message to one recipient, as an application writes it. The messenger
 * validates it (see `outboundMessageSchema`) before any provider sees it.
 */
export interface OutboundMessage {
  /** Recipient phone number; normalised to E.164 by the messenger. */
  to: string;
  /** Message text. Optional only for template, media and binary messages. */
  text?: string;
  /** `sms` (default) or `whatsapp`. */
  channel?: Channel;
  /** Sender ID (SMS) or WABA number (WhatsApp). */
  from?: string;
  /** Text encoding; `auto` by default. */
  encoding?: EncodingPreference;
  /** Class 0 ("flash") SMS, shown at once without being stored. */
  flash?: boolean;
  /** A binary payload instead of text. */
  binary?: BinaryPayload;
  /** A WhatsApp template. */
  template?: TemplateMessage;
  /** A WhatsApp file. */
  media?: MediaAttachment;
  /**
   * The key of one logical message. Sending the same key twice returns the
   * first result and sends nothing; providers with vendor deduplication derive
   * their vendor key from it.
   */
  idempotencyKey?: string;
  /** Application data carried to results and events, never to the vendor. */
  metadata?: Record<string, unknown>;
}
