import 'reflect-metadata';

/** The undici dispatcher type providers accept (re-exported so their declarations name it through `@pesan/core`). */
export type { Dispatcher } from 'undici';
export {
  type CreateMessengerFromConfigOptions,
  createMessengerFromConfig,
} from './config/create-messenger-from-config.js';
export { configPathOf, loadConfig } from './config/load-config.js';
export type { MessengerConfig } from './config/messenger-config.js';
export { type RouteFromData, routeFromData } from './config/route-from-data.js';
export { TOKENS } from './di/tokens.js';
export { chooseEncoding, type TextEncoding } from './encoding/encoding-choice.js';
export { isGsm7 } from './encoding/gsm7-alphabet.js';
export { DEFAULT_PART_SIZES, type PartSize, type PartSizes } from './encoding/part-sizes.js';
export { countSegments, type SegmentCount } from './encoding/segment-counter.js';
export type { SegmentOptions } from './encoding/segment-layout.js';
export { splitSegments } from './encoding/segment-splitter.js';
export { fromUcs2Hex, toUcs2Hex } from './encoding/ucs2-hex.js';
export { ERROR_CODES, type ErrorCode, type ErrorOutcome, isErrorCode } from './errors/error-codes.js';
export { PesanError, type PesanErrorOptions } from './errors/pesan-error.js';
export type {
  AttemptEvent,
  CircuitEvent,
  CircuitState,
  FailedEvent,
  FailoverEvent,
  InboundEvent,
  MessengerEventMap,
  MessengerEventName,
  MessengerListener,
  SentEvent,
  StatusEvent,
} from './events/messenger-events.js';
export type { HtmlErrorPageDetection, HttpRequest, HttpResponse } from './http/http-request.js';
export { createHttpTransport, HttpTransport, type HttpTransportOptions } from './http/http-transport.js';
export { sharedDispatcher } from './http/shared-dispatcher.js';
export type { IdempotencyRecord, IdempotencyStore, RememberedError } from './idempotency/idempotency-store.js';
export {
  type IdempotencyEviction,
  InMemoryIdempotencyStore,
  type InMemoryIdempotencyStoreOptions,
} from './idempotency/memory-idempotency-store.js';
export { outboundMessageSchema, parseOutboundMessage } from './message/outbound-message-schema.js';
export type {
  CampaignItem,
  CampaignOptions,
  CampaignProgress,
  CampaignSource,
  CampaignSummary,
} from './messenger/campaign.js';
export { createMessenger } from './messenger/create-messenger.js';
export type { DeliveryMode } from './messenger/delivery-mode.js';
export type { MessageEstimate, ProviderEstimate } from './messenger/message-estimate.js';
export type {
  MessageStatusReport,
  Messenger,
  PollingHandle,
  PollingOptions,
  SendOptions,
} from './messenger/messenger.js';
export type { MessengerOptions, MessengerStores, MessengerWebhookOptions } from './messenger/messenger-options.js';
export { providerFailure } from './messenger/provider-failure.js';
export {
  DEFAULT_OTP_STORE_MAX_ENTRIES,
  MemoryOtpStore,
  type MemoryOtpStoreOptions,
} from './otp/memory-otp-store.js';
export type {
  MessengerOtp,
  OtpSendOptions,
  OtpSendResult,
  OtpVerifyOptions,
  OtpVerifyResult,
} from './otp/messenger-otp.js';
export { type NativeOtpPreference, OTP_DEFAULTS, type OtpOptions } from './otp/otp-options.js';
export type { OtpCodeRecord, OtpEntry, OtpHashedCode, OtpNativeCode, OtpStore } from './otp/otp-store.js';
export { DEFAULT_OTP_TEMPLATE } from './otp/otp-text.js';
export { regionOf } from './phone/region-of.js';
export { type CountryCode, E164_PATTERN, toE164 } from './phone/to-e164.js';
export { formatPhoneNumber, type VendorNumberFormat } from './phone/vendor-number-format.js';
export {
  definePlugin,
  isPesanPlugin,
  type PesanPlugin,
  type PluginContext,
  type PluginDefinition,
} from './plugin/define-plugin.js';
export { PluginRegistry } from './plugin/plugin-registry.js';
export {
  GSM7_LOOKALIKES,
  type LookalikeReplacement,
  type LookalikeResult,
  replaceLookalikes,
} from './policy/gsm7-lookalikes.js';
export {
  type MalaysiaPromotionalOptions,
  malaysiaPromotional,
  type QuietHours,
} from './policy/malaysia-promotional.js';
export { MemorySuppressionStore } from './policy/memory-suppression-store.js';
export type { ScheduledMessage } from './policy/message-holds.js';
export type { MessengerSuppression } from './policy/messenger-suppression.js';
export type {
  Middleware,
  MiddlewareContext,
  MiddlewareOperation,
  MiddlewareOutcome,
  MiddlewareServices,
} from './policy/middleware.js';
export { BUILT_IN_MIDDLEWARE } from './policy/middleware-config.js';
export { DEFAULT_OPT_IN_KEYWORDS, DEFAULT_OPT_OUT_KEYWORDS, normaliseKeyword } from './policy/opt-out-keywords.js';
export { type OptOutOptions, optOuts } from './policy/opt-outs.js';
export { type RecipientCapOptions, recipientCaps } from './policy/recipient-caps.js';
export { MAX_SEND_AT_AHEAD_MS } from './policy/send-at.js';
export { type SmartEncodingOptions, smartEncoding } from './policy/smart-encoding.js';
export type { SuppressionEntry, SuppressionStore } from './policy/suppression-store.js';
export * from './provider/v1/index.js';
export type { MessageCategory } from './provider/v1/outbound-message.js';
export * from './provider-kit/index.js';
export type { CircuitBreakerOptions } from './resilience/circuit-breaker.js';
export {
  MemoryRateLimiterStore,
  type MemoryRateLimiterStoreOptions,
} from './resilience/memory-rate-limiter-store.js';
export {
  MemorySendWindowStore,
  type MemorySendWindowStoreOptions,
} from './resilience/memory-send-window-store.js';
export type { ProviderLimit, ProviderLimits } from './resilience/provider-limiter.js';
export {
  type RateLimit,
  type RateLimiterStore,
  type RateReservation,
  rateLimitBurst,
} from './resilience/rate-limiter-store.js';
export {
  assertSendWindowArguments,
  type SendWindowLimit,
  type SendWindowReservation,
  type SendWindowStore,
} from './resilience/send-window-store.js';
export { type SendWindowEntry, SlidingSendWindow } from './resilience/sliding-send-window.js';
export { byChannel } from './routing/by-channel.js';
export { byCountry } from './routing/by-country.js';
export { cheapest } from './routing/cheapest.js';
export { failover } from './routing/failover.js';
export type { RandomSource } from './routing/random-source.js';
export { roundRobin } from './routing/round-robin.js';
export type {
  ByChannelRoute,
  ByCountryRoute,
  ChannelPrices,
  CheapestRoute,
  FailoverRoute,
  PriceTable,
  RoundRobinRoute,
  Route,
  RouteFunction,
  RouteStrategy,
  WeightedEntry,
  WeightedRoute,
  WhatsappFirstRoute,
} from './routing/route.js';
export type {
  CandidatePrice,
  PriceUnit,
  RouteCandidate,
  RoutePlan,
  SkippedCandidate,
} from './routing/route-plan.js';
export { weighted } from './routing/weighted.js';
export { whatsappFirst } from './routing/whatsapp-first.js';
export { type Clock, systemClock } from './runtime/clock.js';
export { type IdGenerator, uuidGenerator } from './runtime/id-generator.js';
export { consoleLogger, silentLogger } from './runtime/logger.js';
export {
  type FieldsFirstLogger,
  isFieldsFirstLogger,
  type LoggerArgumentOrder,
  type LoggerInput,
  toLogger,
} from './runtime/logger-adapter.js';
export { withFields } from './runtime/with-fields.js';
export {
  DEFAULT_STATUS_STORE_MAX_BYTES,
  MemoryStatusStore,
  type MemoryStatusStoreOptions,
} from './status/memory-status-store.js';
export { isFinalStatus, statusAdvances } from './status/status-order.js';
export type {
  StatusApplyResult,
  StatusHistoryEntry,
  StatusRecord,
  StatusStore,
  StatusUpdate,
} from './status/status-store.js';
export { WEBHOOK_FIELD_LIMITS } from './webhooks/webhook-field-limits.js';
export {
  createWebhookHandler,
  type WebhookEventSink,
  type WebhookHandler,
  type WebhookHandlerOptions,
  type WebhookRouteParams,
} from './webhooks/webhook-handler.js';
export { DEFAULT_WEBHOOK_PATH } from './webhooks/webhook-path.js';
export {
  DEFAULT_WINDOW_STORE_MAX_ENTRIES,
  DEFAULT_WINDOW_STORE_TTL_MS,
  MemoryWindowStore,
  type MemoryWindowStoreOptions,
} from './whatsapp/memory-window-store.js';
export {
  WHATSAPP_WINDOW_MS,
  type WhatsappWindow,
  type WhatsappWindows,
  type WindowState,
} from './whatsapp/whatsapp-windows.js';
export type { WindowStore } from './whatsapp/window-store.js';
