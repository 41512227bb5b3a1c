/** Structured logger. Any object with these methods works (pino, console wrappers). */
export interface Logger {
  /** Detail for tracing a call: each request, attempt and answer. */
  debug(message: string, fields?: Record<string, unknown>): void;
  /** Something worth knowing that went as expected. */
  info(message: string, fields?: Record<string, unknown>): void;
  /** Something went wrong but was handled: a rejected callback, a refused retry, an early eviction. */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** Something failed that the caller cannot see otherwise: a throwing listener, a failing store. */
  error(message: string, fields?: Record<string, unknown>): void;
}
