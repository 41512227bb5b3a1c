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
  /** OTP store (`messenger.otp`). */
  OtpStore: Symbol.for('pesan.OtpStore'),
  /** Suppression store (`messenger.suppression`, the `optOuts()` policy). */
  SuppressionStore: Symbol.for('pesan.SuppressionStore'),
  /** Event bus. */
  EventBus: Symbol.for('pesan.EventBus'),
  /** Plugin registry. */
  PluginRegistry: Symbol.for('pesan.PluginRegistry'),
  /** Random source in [0, 1), injectable for deterministic routing tests. */
  Random: Symbol.for('pesan.Random'),
} as const;
