import {
  baseProviderOptionsSchema,
  type Clock,
  type CountryCode,
  type Dispatcher,
  type HttpTransport,
  type Logger,
  parseProviderOptions,
  providerServicesShape,
} from '@pesan/core';
import { z } from 'zod';

/**
 * The four documented origins, in the gateway page's order of recommendation
 * ("endpoints 1 and 2 are recommended for production"). The default order for
 * the classic send.
 */
export const ISMS_DEFAULT_BASE_URLS = [
  'https://smtpapi.vocotext.com',
  'https://smtpapi2.vocotext.com',
  'https://www.isms.com.my',
  'https://ww3.isms.com.my',
] as const;

/**
 * The default longest body, in characters: the REST API and the classic
 * `msg` parameter say 700, the classic error table says 900; 700 is safe on
 * every endpoint.
 */
export const ISMS_DEFAULT_MAX_BODY_LENGTH = 700;

/** A sender ID the vendor accepts: 1 to 11 letters and digits. */
export const ISMS_SENDER_ID_PATTERN = /^[A-Za-z0-9]{1,11}$/;

/**
 * The zod schema of the data options of {@link IsmsOptions} (everything a
 * config file can hold): strict, so a misspelt option is an error. The
 * plugin's `optionsSchema`.
 */
export const ismsOptionsSchema = baseProviderOptionsSchema.extend({
  id: z.string().trim().min(1).default('isms'),
  username: z.string().min(1, 'required'),
  password: z.string().min(1, 'required'),
  senderId: z.string().regex(ISMS_SENDER_ID_PATTERN, 'must be 1 to 11 letters and digits').optional(),
  malaysiaSenderId: z.enum(['omit', 'send']).default('omit'),
  api: z.enum(['classic', 'json']).default('classic'),
  method: z.enum(['POST', 'GET']).default('POST'),
  maxBodyLength: z.number().int().positive().max(100_000).default(ISMS_DEFAULT_MAX_BODY_LENGTH),
  classicEndpoint: z.enum(['isms_send_all_id.php', 'isms_send.php']).default('isms_send_all_id.php'),
  jsonEndpoint: z.enum(['isms_send_json.php', 'isms_send_bulk_json.php']).default('isms_send_json.php'),
  balanceEndpoint: z.enum(['isms_balance_json.php', 'isms_balance.php']).default('isms_balance_json.php'),
});

/** {@link ismsOptionsSchema} plus the objects only code can pass: dispatcher, transport, clock, logger. */
export const ismsFactoryOptionsSchema = ismsOptionsSchema.extend(providerServicesShape);

/** Options of {@link isms}, as written by a user. */
export interface IsmsOptions {
  /** Instance name; default `isms`. */
  id?: string;
  /** iSMS account username (`un`). */
  username: string;
  /** iSMS account password (`pwd`). Never logged. */
  password: string;
  /** Default sender ID (`sendid`), 1 to 11 letters and digits; `msg.from` overrides it. Left out for Malaysian numbers (see `malaysiaSenderId`). */
  senderId?: string;
  /**
   * `omit` (default): no `sendid` for `+60` numbers, because iSMS says "Malaysia
   * Prefix does not support Sender ID". `send`: send it anyway.
   */
  malaysiaSenderId?: 'omit' | 'send';
  /** `classic` (default): `isms_send_all_id.php` form API. `json`: the JSON API, up to 50 personalised messages per request. */
  api?: 'classic' | 'json';
  /** HTTP method of the classic API: `POST` (default, form-encoded) or `GET` (query string; credentials in the URL). */
  method?: 'POST' | 'GET';
  /**
   * Origins tried in order, for every endpoint. Default: the four documented
   * mirrors, ordered per endpoint as the vendor recommends (see README).
   */
  baseUrls?: string[];
  /** Per-try timeout in milliseconds (default: the transport's, 15 000). */
  timeoutMs?: number;
  /** Longest message body in characters before `INVALID_MESSAGE` (default 700). */
  maxBodyLength?: number;
  /** Region for national numbers (`012-345 6789`); default `MY`. */
  defaultRegion?: string;
  /** Classic send path: `isms_send_all_id.php` (default, answers a trx id) or `isms_send.php`. */
  classicEndpoint?: 'isms_send_all_id.php' | 'isms_send.php';
  /** JSON send path: `isms_send_json.php` (default) or `isms_send_bulk_json.php`. */
  jsonEndpoint?: 'isms_send_json.php' | 'isms_send_bulk_json.php';
  /** Balance path: `isms_balance_json.php` (default) or `isms_balance.php`. */
  balanceEndpoint?: 'isms_balance_json.php' | 'isms_balance.php';
  /** undici dispatcher for the default transport (a `MockAgent` in tests). */
  dispatcher?: Dispatcher;
  /** A ready transport (dependency injection); `dispatcher` is then ignored. */
  transport?: HttpTransport;
  /** Time source for webhook timestamps and the default transport. */
  clock?: Clock;
  /** Logger for the default transport. */
  logger?: Logger;
}

/** Options after validation and defaults. */
export interface ResolvedIsmsOptions extends Omit<z.output<typeof ismsFactoryOptionsSchema>, 'defaultRegion'> {
  defaultRegion: CountryCode;
}

/**
 * Validates options; throws `PesanError` `INVALID_CONFIG` listing every
 * problem by path. Values are never echoed (the password stays out of errors).
 */
export function parseIsmsOptions(input: unknown): ResolvedIsmsOptions {
  return parseProviderOptions(ismsFactoryOptionsSchema, input, 'iSMS', 'isms') as ResolvedIsmsOptions;
}
