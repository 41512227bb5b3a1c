import type { HttpTransport } from '../../http/http-transport.js';
import type { SendWindowStore } from '../../resilience/send-window-store.js';
import type { AttemptRecorder } from './attempt-recorder.js';
import type { EndpointGuard } from './endpoint-guard.js';
import type { Logger } from './logger.js';

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
  /**
   * The messenger's shared HTTP transport (one keep-alive dispatcher, one
   * clock). A provider built with its own `dispatcher` or `transport` option
   * keeps its own; otherwise the provider kit sends through this one.
   */
  transport?: HttpTransport;
  /**
   * The messenger's shared send windows (`stores.sendWindows`). A provider
   * that counts SMS parts per sender (the device gateway, per SIM) counts
   * them here, so every messenger on the same store shares one count; a
   * provider given a store of its own keeps it. Absent: each provider counts
   * in memory.
   */
  sendWindows?: SendWindowStore;
}

/** Context for sends. */
export interface SendContext extends CallContext {
  /**
   * `at-most-once` (default): after a request may have reached the vendor
   * (`unknown`), do not try the next mirror. `at-least-once`: do.
   */
  delivery?: 'at-most-once' | 'at-least-once';
  /**
   * True when the messenger has already validated and normalised the message
   * (schema, E.164 `to`, encoding choice): the provider does not redo it. A
   * provider called on its own validates.
   */
  validated?: boolean;
}
