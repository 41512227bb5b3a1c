import { z } from 'zod';
import { middlewareConfigSchema } from '../policy/middleware-config.js';
import type { ChannelPrices } from '../routing/route.js';

/** Accepts numbers written as strings, as `${ENV}` interpolation produces them. */
function numeric<Schema extends z.ZodType>(schema: Schema) {
  return z.preprocess(
    (value) =>
      typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value,
    schema,
  );
}

const count = numeric(z.number().int().positive());
const duration = numeric(z.number().nonnegative());

/** A provider entry: `type` and `id`, the rest is the plugin's options. */
export const providerEntrySchema = z.looseObject({
  type: z.string().min(1),
  id: z.string().min(1),
});

/** Each top-level section of a messenger config, validated on its own so every problem is found. */
export const messengerConfigSections = {
  providers: z.array(z.unknown()).min(1, 'at least one provider is required'),
  route: z.unknown().optional(),
  delivery: z.enum(['at-most-once', 'at-least-once']).optional(),
  defaultRegion: z.string().optional(),
  limits: z
    .record(
      z.string(),
      z.strictObject({
        ratePerMinute: numeric(z.number().positive()).optional(),
        burst: count.optional(),
        concurrency: count.optional(),
        maxWaitMs: duration.optional(),
      }),
    )
    .optional(),
  circuitBreaker: z
    .strictObject({ failureThreshold: count.optional(), resetTimeoutMs: duration.optional() })
    .optional(),
  webhooks: z.looseObject({ token: z.string().min(1) }).optional(),
  prices: z
    .record(
      z.string(),
      z.record(
        z.string(),
        z.union([
          numeric(z.number().nonnegative()),
          z.strictObject({
            sms: numeric(z.number().nonnegative()).optional(),
            marketing: numeric(z.number().nonnegative()).optional(),
            utility: numeric(z.number().nonnegative()).optional(),
            authentication: numeric(z.number().nonnegative()).optional(),
            service: numeric(z.number().nonnegative()).optional(),
          }),
        ]),
      ),
    )
    .optional(),
  idempotencyTtlMs: duration.optional(),
  idempotencyMaxEntries: count.optional(),
  providerTimeoutMs: duration.optional(),
  bulkConcurrency: count.optional(),
  closeTimeoutMs: duration.optional(),
  maxSegments: count.optional(),
  middleware: middlewareConfigSchema.optional(),
  otp: z
    .strictObject({
      secret: z.string().min(32, 'at least 32 characters'),
      length: numeric(z.number().int().min(4).max(10)).optional(),
      ttlSeconds: count.optional(),
      maxAttempts: count.optional(),
      resendCooldownSeconds: numeric(z.number().int().nonnegative()).optional(),
      maxSendsPerWindow: count.optional(),
      windowSeconds: count.optional(),
      native: z.enum(['prefer', 'never']).optional(),
      whatsappLanguage: z.string().min(1).optional(),
    })
    .optional(),
} as const;

/**
 * A messenger as plain data (JSON or YAML): providers by `type` with their
 * options, the route in data form, and settings. Strings may use `${ENV}`
 * and `${ENV:-default}`.
 *
 * @example
 * ```yaml
 * providers:
 *   - type: isms
 *     id: isms
 *     username: "${ISMS_USER}"
 *     password: "${ISMS_PASSWORD}"
 * route:
 *   byCountry: { MY: { failover: [isms, ezsms] }, default: ezsms }
 * delivery: at-most-once
 * ```
 */
export interface MessengerConfig {
  providers: ({ type: string; id: string } & Record<string, unknown>)[];
  route?: unknown;
  delivery?: 'at-most-once' | 'at-least-once';
  defaultRegion?: string;
  limits?: Record<string, { ratePerMinute?: number; burst?: number; concurrency?: number; maxWaitMs?: number }>;
  circuitBreaker?: { failureThreshold?: number; resetTimeoutMs?: number };
  webhooks?: { token: string } & Record<string, unknown>;
  /** Prices by provider and region: a number per SMS part, or WhatsApp prices `{ utility, marketing, authentication, service, sms }`. */
  prices?: Record<string, Record<string, number | ChannelPrices>>;
  idempotencyTtlMs?: number;
  idempotencyMaxEntries?: number;
  providerTimeoutMs?: number;
  bulkConcurrency?: number;
  closeTimeoutMs?: number;
  /** Most SMS parts one message may need (see `MessengerOptions.maxSegments`). */
  maxSegments?: number;
  /**
   * Built-in sending policies by name, in order: `"optOuts"`,
   * `{ "malaysiaPromotional": { ... } }`, `"smartEncoding"`,
   * `{ "recipientCaps": { "max": 5, "windowSeconds": 3600 } }`. Middleware
   * of your own go in code (`CreateMessengerFromConfigOptions.middleware`).
   */
  middleware?: (string | Record<string, unknown>)[];
  /** One-time passwords (`messenger.otp`); `secret` (32+ characters) is required. Put it in `${ENV}`. */
  otp?: {
    secret: string;
    length?: number;
    ttlSeconds?: number;
    maxAttempts?: number;
    resendCooldownSeconds?: number;
    maxSendsPerWindow?: number;
    windowSeconds?: number;
    native?: 'prefer' | 'never';
    whatsappLanguage?: string;
  };
}
