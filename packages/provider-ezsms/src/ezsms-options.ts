import type { Clock, CountryCode, Dispatcher, HttpTransport, Logger } from '@pesan/core';
import { PesanError } from '@pesan/core';
import { z } from 'zod';
import { EZSMS_DEFAULT_BASE_URLS, EZSMS_DEFAULT_TRANSFER_PATH } from './ezsms-endpoints.js';
import { senderIdProblem } from './sender-id.js';

/** An undici `Dispatcher` (an `Agent`, or a `MockAgent` in tests), typed through core so no undici types are needed here. */
export type EzsmsDispatcher = Dispatcher;

/** How `sendBulk` talks to the vendor. */
export type EzsmsBulkMode = 'per-recipient' | 'grouped';

/** Options of {@link ezsms}. */
export interface EzsmsOptions {
  /** Instance name (default `ezsms`). */
  id?: string;
  /** sms.com.my username. */
  username: string;
  /** sms.com.my password. */
  password: string;
  /** Default sender ID: up to 13 digits, or up to 11 letters and digits (no spaces). A message's `from` wins. Left out for Malaysian numbers (see `malaysiaSenderId`). */
  sender?: string;
  /**
   * `omit` (default): no sender ID for `+60` numbers, because the spec says
   * "Sender ID is now blocked in Malaysia". `send`: send it anyway.
   */
  malaysiaSenderId?: 'omit' | 'send';
  /**
   * Origins tried in order (default `['https://www.sms.com.my']`). The spec's
   * examples use `http://`; pesan defaults to HTTPS so credentials are not
   * sent in clear. Set this to override (a sandbox, a proxy, plain HTTP).
   */
  baseUrls?: string[];
  /** Per-try timeout in milliseconds (the transport's default, 15 000, when absent). */
  timeoutMs?: number;
  /** undici dispatcher for the default transport (a `MockAgent` in tests). */
  dispatcher?: EzsmsDispatcher;
  /**
   * `POST` (default): parameters in a form body, so credentials stay out of
   * URLs and access logs and long recipient lists meet no URL length limit.
   * `GET`: everything in the query string, as the spec's examples show.
   */
  method?: 'POST' | 'GET';
  /**
   * `per-recipient` (default): `sendBulk` makes one `ISendSMS.aspx` request
   * per message, so every message has a `MsgId` and delivery reports.
   * `grouped`: messages with the same body, type and sender go out in
   * `ISendSMSNoDR.aspx` requests of up to `bulkChunkSize` recipients: far
   * fewer requests, but no `MsgId` and no delivery reports.
   */
  bulkMode?: EzsmsBulkMode;
  /** Recipients per `ISendSMSNoDR.aspx` request in `grouped` mode (default 100, at most 1000). */
  bulkChunkSize?: number;
  /** Requests `sendBulk` keeps in flight at once (default 4, at most 32). */
  bulkConcurrency?: number;
  /** Region for national numbers (leading `0`) in messages and callbacks (default `MY`). */
  defaultRegion?: CountryCode;
  /** Path of the credit-transfer page, which the spec does not name (default `/websmsapi/transferCredits.aspx`, a guess). */
  transferPath?: string;
  /** The HTTP transport (injected by the messenger); by default one is made from `dispatcher`. */
  transport?: HttpTransport;
  /** Time source for callback timestamps (default the system clock). */
  clock?: Clock;
  /** Logger for the default transport. */
  logger?: Logger;
}

/** {@link EzsmsOptions} after defaults. */
export interface ResolvedEzsmsOptions
  extends Required<Pick<EzsmsOptions, 'id' | 'username' | 'password' | 'baseUrls' | 'method' | 'bulkMode'>>,
    Pick<EzsmsOptions, 'sender' | 'timeoutMs' | 'dispatcher' | 'transport' | 'clock' | 'logger'> {
  bulkChunkSize: number;
  bulkConcurrency: number;
  malaysiaSenderId: 'omit' | 'send';
  defaultRegion: CountryCode;
  transferPath: string;
}

const objectWith = (method: string) => (value: unknown) =>
  typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[method] === 'function';

// A loop, not `/\/+$/`: that pattern retries from every slash and is quadratic on a long run of them.
function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end -= 1;
  return url.slice(0, end);
}

/**
 * The options schema, strict (a misspelt option is an error). Plain data
 * only, except `dispatcher`, `transport`, `clock` and `logger`, which code passes.
 */
export const ezsmsOptionsSchema = z.strictObject({
  id: z.string().trim().min(1).default('ezsms'),
  username: z.string().min(1),
  password: z.string().min(1),
  sender: z
    .string()
    .superRefine((sender, context) => {
      const problem = senderIdProblem(sender);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  malaysiaSenderId: z.enum(['omit', 'send']).default('omit'),
  baseUrls: z
    .array(z.url({ protocol: /^https?$/ }).transform(withoutTrailingSlashes))
    .min(1)
    .default([...EZSMS_DEFAULT_BASE_URLS]),
  timeoutMs: z.number().int().positive().optional(),
  dispatcher: z.custom<EzsmsDispatcher>(objectWith('dispatch'), 'must be an undici Dispatcher').optional(),
  method: z.enum(['POST', 'GET']).default('POST'),
  bulkMode: z.enum(['per-recipient', 'grouped']).default('per-recipient'),
  bulkChunkSize: z.number().int().min(1).max(1000).default(100),
  bulkConcurrency: z.number().int().min(1).max(32).default(4),
  defaultRegion: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 region such as MY')
    .default('MY')
    .transform((region) => region as CountryCode),
  transferPath: z
    .string()
    .regex(/^\/[^?#\s]*$/, 'must be a path starting with /')
    .default(EZSMS_DEFAULT_TRANSFER_PATH),
  transport: z.custom<HttpTransport>(objectWith('request'), 'must be an HttpTransport').optional(),
  clock: z.custom<Clock>(objectWith('now'), 'must be a Clock').optional(),
  logger: z.custom<Logger>(objectWith('warn'), 'must be a Logger').optional(),
});

/** Validates options; throws `PesanError` `INVALID_CONFIG` listing every problem by path. */
export function parseEzsmsOptions(options: unknown): ResolvedEzsmsOptions {
  const parsed = ezsmsOptionsSchema.safeParse(options);
  if (parsed.success) return parsed.data as ResolvedEzsmsOptions;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`);
  throw new PesanError('INVALID_CONFIG', {
    message: `Invalid ezsms options: ${problems.join('; ')}`,
    details: { problems },
  });
}
