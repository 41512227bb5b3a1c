/**
 * Injection tokens for the services a messenger's container holds. Symbols,
 * so two copies of `@pesan/core` never collide by name.
 */
export const TOKENS = {
  /** {@link HttpTransport}: the one HTTP client every provider calls. */
  HttpTransport: Symbol.for('pesan.HttpTransport'),
  /** undici `Dispatcher` the transport sends through. */
  Dispatcher: Symbol.for('pesan.Dispatcher'),
  /** {@link Clock}: time source, fake in tests. */
  Clock: Symbol.for('pesan.Clock'),
  /** {@link Logger}. */
  Logger: Symbol.for('pesan.Logger'),
  /** {@link IdGenerator}. */
  IdGenerator: Symbol.for('pesan.IdGenerator'),
  /** Idempotency store. */
  IdempotencyStore: Symbol.for('pesan.IdempotencyStore'),
  /** Status store. */
  StatusStore: Symbol.for('pesan.StatusStore'),
  /** Event bus. */
  EventBus: Symbol.for('pesan.EventBus'),
  /** Plugin registry. */
  PluginRegistry: Symbol.for('pesan.PluginRegistry'),
  /** Random source in [0, 1), injectable for deterministic routing tests. */
  Random: Symbol.for('pesan.Random'),
} as const;

/**
 * Injection tokens for values only the messenger's own classes need (their
 * options). Shared services use `TOKENS` above.
 */
export const MESSENGER_TOKENS = {
  /** `IdempotencyGuardOptions`. */
  IdempotencyOptions: Symbol.for('pesan.messenger.IdempotencyOptions'),
  /** `CircuitBreakerOptions`. */
  CircuitBreakerOptions: Symbol.for('pesan.messenger.CircuitBreakerOptions'),
  /** `ProviderLimits`. */
  ProviderLimits: Symbol.for('pesan.messenger.ProviderLimits'),
  /** Providers by id (`ReadonlyMap<string, ProviderV1>`). */
  Providers: Symbol.for('pesan.messenger.Providers'),
  /** `DeliveryMode`. */
  Delivery: Symbol.for('pesan.messenger.Delivery'),
  /** `RouteResolver`. */
  RouteResolver: Symbol.for('pesan.messenger.RouteResolver'),
  /** `BulkSenderOptions`. */
  BulkOptions: Symbol.for('pesan.messenger.BulkOptions'),
  /** `ProviderCallerOptions`. */
  ProviderCallerOptions: Symbol.for('pesan.messenger.ProviderCallerOptions'),
  /** `MessengerSettings`. */
  Settings: Symbol.for('pesan.messenger.Settings'),
  /** `{ handler?: WebhookHandler }` (tsyringe cannot hold `undefined`): made when `webhooks.token` is configured. */
  WebhookHandler: Symbol.for('pesan.messenger.WebhookHandler'),
} as const;
