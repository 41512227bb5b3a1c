function noop(): void {}

/**
 * The abort of one provider call, an `AbortSignal` only when someone asks
 * for one.
 *
 * Node 20 spends about 10 µs building an `AbortSignal` (`controller.signal`
 * sets the prototype of a fresh `EventTarget`), more than the rest of a
 * provider call's bookkeeping together. The messenger bounds every call, so
 * it hands the provider a context whose `signal` is a getter over a
 * `CallAbort`: a provider that reads `ctx.signal` gets a real signal (aborted
 * already if the call was), and the provider kit's transport, which only
 * needs to hear of the abort, subscribes with {@link onAbort} and never
 * makes one.
 */
export class CallAbort {
  #aborted = false;
  #reason: unknown;
  #controller: AbortController | undefined;
  #listeners: (() => void)[] | undefined;

  /** Whether the call was aborted. */
  get aborted(): boolean {
    return this.#aborted;
  }

  /** Why, once aborted. */
  get reason(): unknown {
    return this.#reason;
  }

  /** A real `AbortSignal` following this abort, made on first use. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** Aborts with `reason` (once; later calls are ignored). */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    const listeners = this.#listeners;
    this.#listeners = undefined;
    if (listeners !== undefined) for (const listener of listeners) listener();
    this.#controller?.abort(reason);
  }

  /**
   * Calls `listener` once when the call aborts (not when it already has:
   * check {@link aborted} first), until the returned function is called.
   */
  onAbort(listener: () => void): () => void {
    if (this.#aborted) return noop;
    if (this.#listeners === undefined) this.#listeners = [listener];
    else this.#listeners.push(listener);
    return () => {
      const listeners = this.#listeners;
      if (listeners === undefined) return;
      const index = listeners.indexOf(listener);
      if (index >= 0) listeners.splice(index, 1);
    };
  }
}

/** Where the messenger puts a call's {@link CallAbort} in the context it hands a provider. */
export const CALL_ABORT: unique symbol = Symbol('pesan.callAbort');

/** Carries a {@link CallAbort} beside (or instead of) an `AbortSignal`. */
export interface CarriesCallAbort {
  [CALL_ABORT]?: CallAbort | undefined;
}

/** Something that may abort: a signal, a call abort, or neither. */
export type AbortSource = AbortSignal | CallAbort | undefined;

/** The abort a context or request carries: its call abort, else its signal (read only then: it may be a getter). */
export function abortSourceOf(carrier: CarriesCallAbort & { signal?: AbortSignal | undefined }): AbortSource {
  return carrier[CALL_ABORT] ?? carrier.signal;
}

/** Calls `listener` once when `source` aborts; returns the function that stops listening. */
export function listenForAbort(source: AbortSource, listener: () => void): () => void {
  if (source === undefined) return noop;
  if (source instanceof CallAbort) return source.onAbort(listener);
  source.addEventListener('abort', listener, { once: true });
  return () => source.removeEventListener('abort', listener);
}
