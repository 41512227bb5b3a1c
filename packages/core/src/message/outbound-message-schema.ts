import { z } from 'zod';
import { PesanError } from '../errors/pesan-error.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';

const hex = z.string().regex(/^(?:[0-9a-fA-F]{2})+$/, 'must be hexadecimal, two digits per byte');

/** The zod schema of {@link OutboundMessage}. Strict: unknown keys are errors, so typos surface. */
export const outboundMessageSchema = z
  .strictObject({
    to: z.string().trim().min(1, 'required'),
    text: z.string().optional(),
    channel: z.enum(['sms', 'whatsapp']).optional(),
    from: z.string().trim().min(1).optional(),
    encoding: z.enum(['auto', 'gsm7', 'ucs2']).optional(),
    flash: z.boolean().optional(),
    binary: z.strictObject({ hex, udh: hex.optional() }).optional(),
    template: z
      .strictObject({
        name: z.string().min(1),
        language: z.string().min(1),
        params: z.record(z.string(), z.string()).optional(),
      })
      .optional(),
    media: z.strictObject({ url: z.url(), filename: z.string().min(1) }).optional(),
    fallbackText: z.string().min(1).optional(),
    category: z.enum(['transactional', 'promotional', 'otp']).optional(),
    sendAt: z
      .union([z.date(), z.iso.datetime({ offset: true }), z.number().int().nonnegative()])
      .refine((value) => !(value instanceof Date) || !Number.isNaN(value.getTime()), 'must be a valid date')
      .optional(),
    idempotencyKey: z.string().min(1).max(256).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((message, context) => {
    const hasBody = message.text !== undefined && message.text.length > 0;
    if (!hasBody && !message.binary && !message.template && !message.media) {
      context.addIssue({ code: 'custom', path: ['text'], message: 'a message needs text, binary, template or media' });
    }
    if (message.binary && message.text) {
      context.addIssue({ code: 'custom', path: ['binary'], message: 'a binary message carries no text' });
    }
    if ((message.template || message.media) && message.channel !== 'whatsapp') {
      const path = message.template ? 'template' : 'media';
      context.addIssue({ code: 'custom', path: [path], message: `${path} needs channel "whatsapp"` });
    }
    if (message.fallbackText !== undefined && message.channel !== 'whatsapp') {
      context.addIssue({
        code: 'custom',
        path: ['fallbackText'],
        message: 'fallbackText is the SMS text of a WhatsApp message: it needs channel "whatsapp"',
      });
    }
    if (message.channel === 'whatsapp' && (message.flash || message.binary)) {
      context.addIssue({ code: 'custom', path: ['channel'], message: 'flash and binary are SMS-only' });
    }
  });

/**
 * What {@link outboundMessageSchema} makes of the most common message, a
 * plain object of a non-blank `to`, a non-empty `text` and at most an
 * `idempotencyKey` (1-256 characters), without running zod: `to` trimmed,
 * the rest as given. Anything else answers `undefined`, for the schema.
 * (zod builds about 700 bytes of bookkeeping per message; the fast path none.
 * A property test holds the two to the same answers.)
 */
export function plainTextMessage(input: unknown): OutboundMessage | undefined {
  if (typeof input !== 'object' || input === null || Object.getPrototypeOf(input) !== Object.prototype) {
    return undefined;
  }
  const { to, text, idempotencyKey } = input as Record<string, unknown>;
  let keys = 0;
  for (const key in input) {
    if (!Object.hasOwn(input, key)) return undefined;
    if (key !== 'to' && key !== 'text' && key !== 'idempotencyKey') return undefined;
    keys += 1;
  }
  if (typeof to !== 'string' || typeof text !== 'string' || text.length === 0) return undefined;
  const trimmed = to.trim();
  if (trimmed.length === 0) return undefined;
  if (idempotencyKey === undefined) return keys === 2 ? { to: trimmed, text } : undefined;
  if (typeof idempotencyKey !== 'string' || idempotencyKey.length === 0 || idempotencyKey.length > 256)
    return undefined;
  return { to: trimmed, text, idempotencyKey };
}

/**
 * Validates a message; throws `PesanError` `INVALID_MESSAGE` listing every
 * problem by path. Recipients are checked separately by `toE164`.
 */
export function parseOutboundMessage(input: unknown): OutboundMessage {
  const plain = plainTextMessage(input);
  if (plain !== undefined) return plain;
  const parsed = outboundMessageSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`);
  throw new PesanError('INVALID_MESSAGE', {
    message: `Invalid message: ${problems.join('; ')}`,
    details: { problems },
  });
}
