import type { Dispatcher } from 'undici';

/**
 * Tells whether undici began writing a request to a socket. undici calls a
 * handler's `onRequestStart` (the legacy `onConnect`) once a connection is
 * established and right before the first byte is written; every connect-phase
 * failure (refused, DNS, TLS, connect timeout) happens before it. So a failure
 * before the start certainly did not reach the vendor, and one after may have.
 */
export class RequestWriteTracker {
  #written = false;
  readonly #signal: AbortSignal;

  constructor(signal: AbortSignal) {
    this.#signal = signal;
  }

  /** Whether the request may have been written (conservative: writing began). */
  get written(): boolean {
    return this.#written;
  }

  /** Called when undici starts the request. An already aborted request is dropped by undici before writing. */
  markStarted(): void {
    if (!this.#signal.aborted) this.#written = true;
  }
}

class WriteTrackingHandler implements Dispatcher.DispatchHandler {
  readonly #handler: Dispatcher.DispatchHandler;
  readonly #tracker: RequestWriteTracker;

  constructor(handler: Dispatcher.DispatchHandler, tracker: RequestWriteTracker) {
    this.#handler = handler;
    this.#tracker = tracker;
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.#tracker.markStarted();
    this.#handler.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Parameters<NonNullable<Dispatcher.DispatchHandler['onRequestUpgrade']>>[2],
    socket: Parameters<NonNullable<Dispatcher.DispatchHandler['onRequestUpgrade']>>[3],
  ): void {
    this.#handler.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseStart']>>[2],
    statusMessage?: string,
  ): void {
    this.#handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#handler.onResponseData?.(controller, chunk);
  }

  onResponseEnd(
    controller: Dispatcher.DispatchController,
    trailers: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseEnd']>>[1],
  ): void {
    this.#handler.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.#handler.onResponseError?.(controller, error);
  }
}

/**
 * A dispatcher interceptor that reports request starts to the
 * {@link RequestWriteTracker} passed as the request's `opaque`. Requests
 * without a tracker pass through untouched.
 */
export const trackRequestWrites: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => {
  const tracker = (options as { opaque?: unknown }).opaque;
  if (!(tracker instanceof RequestWriteTracker)) return dispatch(options, handler);
  return dispatch(options, new WriteTrackingHandler(handler, tracker));
};
