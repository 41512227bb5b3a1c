import type { Attempt } from './attempt.js';

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

/** Receives every attempt as it ends. */
export type AttemptRecorder = (attempt: Attempt) => void;

/**
 * Decides whether an endpoint may be tried and hears how each try went. The
 * messenger passes its per-endpoint circuit breakers this way; the core HTTP
 * transport consults it before every request, so an open endpoint is skipped
 * without a network call.
 */
export interface EndpointGuard {
  /** Whether `origin` of `provider` may be tried now. */
  allow(provider: string, origin: string): boolean;
  /** How a try went: `success`, or a failure that counts against the endpoint. */
  report(provider: string, origin: string, result: 'success' | 'failure'): void;
}

/** What every provider call may carry. Every field is optional, and so is the context itself. */
export interface CallContext {
  /** Aborts the call. */
  signal?: AbortSignal;
  /** Receives each endpoint attempt. */
  recordAttempt?: AttemptRecorder;
  /** Logger for the call. */
  logger?: Logger;
  /** Per-endpoint circuit breakers. */
  endpointGuard?: EndpointGuard;
}

/** Context for sends. */
export interface SendContext extends CallContext {
  /**
   * `at-most-once` (default): after a request may have reached the vendor
   * (`unknown`), do not try the next mirror. `at-least-once`: do.
   */
  delivery?: 'at-most-once' | 'at-least-once';
}
