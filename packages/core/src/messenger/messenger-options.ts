import type { DependencyContainer } from 'tsyringe';
import type { IdempotencyStore } from '../idempotency/idempotency-store.js';
import type { OtpOptions } from '../otp/otp-options.js';
import type { OtpStore } from '../otp/otp-store.js';
import type { CountryCode } from '../phone/to-e164.js';
import type { Middleware } from '../policy/middleware.js';
import type { SuppressionStore } from '../policy/suppression-store.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { CircuitBreakerOptions } from '../resilience/circuit-breaker.js';
import type { ProviderLimits } from '../resilience/provider-limiter.js';
import type { RateLimiterStore } from '../resilience/rate-limiter-store.js';
import type { SendWindowStore } from '../resilience/send-window-store.js';
import type { RandomSource } from '../routing/random-source.js';
import type { PriceTable, Route } from '../routing/route.js';
import type { Clock } from '../runtime/clock.js';
import type { IdGenerator } from '../runtime/id-generator.js';
import type { LoggerInput } from '../runtime/logger-adapter.js';
import type { StatusStore } from '../status/status-store.js';
import type { WebhookHandlerOptions } from '../webhooks/webhook-handler.js';
import type { WindowStore } from '../whatsapp/window-store.js';
import type { DeliveryMode } from './delivery-mode.js';

/** Pluggable stores. */
export interface MessengerStores {
  /** Where idempotency keys live. Default: an `InMemoryIdempotencyStore`. */
  idempotency?: IdempotencyStore;
  /** Where message statuses live (sends, webhooks, polling). Default: a `MemoryStatusStore`. */
  status?: StatusStore;
  /**
   * Where each contact's last inbound WhatsApp time lives (the 24 h windows
   * of `messenger.whatsapp`). Default: a `MemoryWindowStore` (7 days, 100 000
   * contacts). Share one when webhooks and sends run in different processes.
   */
  windows?: WindowStore;
  /**
   * Where one-time password hashes, attempts and send counts live
   * (`messenger.otp`). Default: a `MemoryOtpStore` (100 000 numbers). Share
   * one when several processes send and verify codes.
   */
  otp?: OtpStore;
  /**
   * Where the numbers that opted out live (`messenger.suppression`, the
   * `optOuts()` policy). Default: a `MemorySuppressionStore`. Share one
   * (`@pesan/redis`) when webhooks and sends run in different processes.
   */
  suppression?: SuppressionStore;
  /**
   * Where the token buckets of `limits[provider].ratePerMinute` live. Default:
   * one bucket per messenger. Share one (`@pesan/redis`) so that several
   * processes together stay under a vendor's rate.
   */
  rateLimiter?: RateLimiterStore;
  /**
   * Where the sliding windows of SMS parts per sender live: the device
   * gateway's per-SIM limits. Default: each provider counts in memory. Share
   * one (`@pesan/redis`) so that several processes sending through the same
   * phones together stay under each SIM's limit.
   */
  sendWindows?: SendWindowStore;
}

/** Webhook settings. */
export interface MessengerWebhookOptions {
  /**
   * The secret in every callback URL (`<base>/webhooks/<providerId>/<token>`),
   * at least 16 characters: the vendors sign nothing, so this is what tells a
   * vendor's callback from anybody else's request.
   */
  token: string;
  /**
   * Largest callback body accepted, in bytes. Default 64 KiB. A larger
   * declared `Content-Length` is refused with 413 before the body is read.
   */
  maxBodyBytes?: number;
  /**
   * Longest time a vendor may take to send a callback body, in milliseconds;
   * then it gets 408. Default 10 000.
   */
  bodyTimeoutMs?: number;
  /**
   * Awaited for each inbound message before the vendor is answered, so it
   * cannot be lost: a failure answers 500 and the vendor sends it again.
   * (The `inbound` event fires after the answer and is best effort.)
   */
  onInbound?: WebhookHandlerOptions['onInbound'];
  /**
   * The callback path, with `:provider` and `:token` segments, e.g.
   * `/api/hooks/:provider/:token`. Default `/webhooks/:provider/:token`. A
   * request matches when its path ends with it (a mount prefix in front is
   * fine), and `webhooks.callbackUrl(providerId, base)` builds it. Route
   * parameters given to `handle(request, { provider, token })` (or Express's
   * `req.params`) take its place.
   */
  path?: string;
}

/** Options of `createMessenger`. Only `providers` is required. */
export interface MessengerOptions {
  /** Provider instances; ids must be unique. */
  providers: readonly ProviderV1[];
  /** Where messages go. Default: the first provider. */
  route?: Route;
  /** Default `at-most-once`: see {@link DeliveryMode}. */
  delivery?: DeliveryMode;
  /** Region for national numbers (`012-345 6789`). Default `MY`. */
  defaultRegion?: CountryCode;
  /** Webhook settings. */
  webhooks?: MessengerWebhookOptions;
  /** Pluggable stores. */
  stores?: MessengerStores;
  /** One-time passwords (`messenger.otp`): `secret` is required to use them. */
  otp?: OtpOptions;
  /**
   * Sending policies, run in this order on every message (`send`,
   * `sendBulk`, `sendCampaign`, `otp.send`) after validation and before any
   * provider is called: `optOuts()`, `malaysiaPromotional()`,
   * `smartEncoding()`, `recipientCaps()` or your own {@link Middleware}.
   */
  middleware?: readonly Middleware[];
  /** How long an idempotency key is remembered, in milliseconds (> 0). Default 24 h. */
  idempotencyTtlMs?: number;
  /**
   * Most keys the default in-memory idempotency store holds (an integer > 0);
   * beyond it the least recently used key is evicted, even before its TTL,
   * with a warning in the log. Ignored when `stores.idempotency` is given.
   * Default 100 000.
   */
  idempotencyMaxEntries?: number;
  /**
   * Longest one provider call (`send`, a `sendBulk` chunk, balance, status)
   * may take, in milliseconds (> 0). When it expires the call's signal is
   * aborted and the call fails with `TIMEOUT`, outcome `unknown` (the vendor
   * may have the message). Default 60 000.
   */
  providerTimeoutMs?: number;
  /** Per-provider rate limits and concurrency caps, by provider id. */
  limits?: ProviderLimits;
  /** Per-endpoint circuit breaker settings. */
  circuitBreaker?: CircuitBreakerOptions;
  /** Prices per segment for `estimate` where the route has no `cheapest` table. */
  prices?: PriceTable;
  /**
   * Most SMS parts one message may need, counted by the GSM 03.38 rules
   * (`countSegments`). A longer text fails `INVALID_MESSAGE` (outcome
   * `rejected`, `details.segments`) before any network call, so a 2 000
   * character text cannot silently cost 14 parts (30 in UCS-2). Default: no
   * limit. Providers' own limits are `capabilities.maxSegments` and
   * `maxCharacters`.
   */
  maxSegments?: number;
  /** Messages `sendBulk` sends one by one at the same time. Default 4. */
  bulkConcurrency?: number;
  /** Longest `close()` waits for sends in flight before aborting them. Default 30 000. */
  closeTimeoutMs?: number;
  /**
   * Logger. Default: silent. A `(message, fields)` logger (`consoleLogger()`,
   * `console`, winston) or a `(fields, message)` one (pino, bunyan, detected
   * and adapted: see `toLogger`).
   */
  logger?: LoggerInput;
  /** Time source. Default: the system clock. */
  clock?: Clock;
  /** Random source for `weighted`. Default `Math.random`. */
  random?: RandomSource;
  /** Ids for messages without an idempotency key. Default: random UUIDs. */
  idGenerator?: IdGenerator;
  /**
   * Parent of the messenger's own child container (tsyringe). Services
   * registered there (`TOKENS.Clock`, `TOKENS.Logger`, ...) are used when the
   * matching option is not given. Default: tsyringe's root container.
   */
  container?: DependencyContainer;
}
