import { type SandboxCallbackQueue, SandboxRecords, sendSandboxCallback } from '@pesan/core/testing/sandbox';
import { encodeWabaWebhook } from '../waba-webhook-payload.js';

/** The JSON shape inbound messages and statuses are pushed in: Meta's webhook envelope, or flat objects. */
export type WabaSandboxWebhookShape = 'meta' | 'flat';

/** A WhatsApp status the sandbox pushes. */
export type WabaSandboxStatus = 'sent' | 'delivered' | 'read' | 'failed';

/** One webhook the sandbox pushed (or tried to). */
export interface WabaSandboxPush {
  kind: 'inbound' | 'status';
  url: string;
  /** The JSON object, before base64. */
  payload: Record<string, unknown>;
  /** The HTTP status the application answered; absent when the push failed. */
  answer?: number;
  /** Why the push failed (connection refused, timeout, stopped). */
  error?: string;
  at: Date;
}

/** An inbound WhatsApp message to simulate. */
export interface WabaSandboxInbound {
  /** The contact, E.164 or international digits. */
  from: string;
  /** The business number it was sent to (digits). Default: the first account's first number, if any. */
  to?: string;
  text?: string;
  /** A media link, pushed as an image (Meta shape) or `fileUrl` (flat). */
  mediaUrl?: string;
  /** When it was sent. Default: the sandbox's now. */
  at?: Date;
}

const seconds = (at: Date) => String(Math.floor(at.getTime() / 1000));

/** The payload of an inbound message, in `shape`. */
export function inboundPayload(
  inbound: WabaSandboxInbound & { from: string; at: Date },
  id: string,
  shape: WabaSandboxWebhookShape,
): Record<string, unknown> {
  if (shape === 'flat') {
    return {
      from: inbound.from,
      ...(inbound.to === undefined ? {} : { to: inbound.to }),
      messageId: id,
      timestamp: seconds(inbound.at),
      text: inbound.text ?? '',
      ...(inbound.mediaUrl === undefined ? {} : { fileUrl: inbound.mediaUrl }),
    };
  }
  const message =
    inbound.mediaUrl === undefined
      ? { from: inbound.from, id, timestamp: seconds(inbound.at), type: 'text', text: { body: inbound.text ?? '' } }
      : {
          from: inbound.from,
          id,
          timestamp: seconds(inbound.at),
          type: 'image',
          image: { link: inbound.mediaUrl, ...(inbound.text ? { caption: inbound.text } : {}) },
        };
  return metaEnvelope(inbound.to, { messages: [message] });
}

/** The payload of one status of a message, in `shape`. */
export function statusPayload(
  messageId: string,
  to: string,
  status: WabaSandboxStatus,
  at: Date,
  business: string | undefined,
  shape: WabaSandboxWebhookShape,
): Record<string, unknown> {
  if (shape === 'flat') return { messageId, status, to, timestamp: seconds(at) };
  return metaEnvelope(business, { statuses: [{ id: messageId, status, timestamp: seconds(at), recipient_id: to }] });
}

function metaEnvelope(business: string | undefined, value: Record<string, unknown>): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'sandbox',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              ...(business === undefined ? {} : { metadata: { display_phone_number: business } }),
              ...value,
            },
          },
        ],
      },
    ],
  };
}

/**
 * Pushes webhooks as the vendor documents them: an HTTPS (here HTTP) POST
 * with one form field, `response`, holding base64 of the JSON object.
 */
export class SandboxWebhooks {
  readonly pushes: SandboxRecords<WabaSandboxPush>;
  readonly #queue: SandboxCallbackQueue;
  readonly #abort = new AbortController();

  constructor(queue: SandboxCallbackQueue, maxRecords: number) {
    this.#queue = queue;
    this.pushes = new SandboxRecords(maxRecords);
  }

  /** Pushes now (one try) and records it. */
  async push(url: string, kind: WabaSandboxPush['kind'], payload: Record<string, unknown>): Promise<WabaSandboxPush> {
    const record: WabaSandboxPush = { kind, url, payload, at: new Date() };
    try {
      const answer = await sendSandboxCallback(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ response: encodeWabaWebhook(payload) }).toString(),
        signal: this.#abort.signal,
      });
      record.answer = answer.status;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    this.pushes.add(record);
    return record;
  }

  /** Queues pushes that must arrive in order (the statuses of one message); a failed push ends the run. */
  enqueue(run: () => Promise<void>): void {
    this.#queue.push(run).catch(() => {
      // Dropped (queue full) or stopped: counted by the queue, nothing to report.
    });
  }

  idle(): Promise<void> {
    return this.#queue.idle();
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#queue.stop();
  }
}
