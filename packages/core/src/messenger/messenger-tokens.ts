/**
 * Injection tokens for values only the messenger's own classes need (their
 * options). Shared services use `TOKENS` from `di/tokens.ts`.
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
