import type { Dispatcher } from 'undici';

/** Thrown when a response body is larger than the transport reads. */
export class ResponseTooLargeError extends Error {
  readonly maxBytes: number;

  constructor(maxBytes: number) {
    super(`The response body is larger than ${maxBytes} bytes.`);
    this.name = 'ResponseTooLargeError';
    this.maxBytes = maxBytes;
  }
}

/** What one try got back: the status line, headers and the body as text. */
export interface TryAnswer {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Empty for statuses whose body is not read (see {@link TryHandler}). */
  body: string;
}

type ResponseHeaders = Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseStart']>>[2];

function charsetOf(contentType: string | undefined): string {
  const match = contentType === undefined ? null : /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType);
  return match?.[1] ?? 'utf-8';
}

// `decode` without `stream` keeps no state between calls, so one decoder per charset serves every answer.
const decoders = new Map<string, TextDecoder>();
const MAX_DECODERS = 32;

function decoderFor(contentType: string | undefined): TextDecoder {
  const charset = charsetOf(contentType);
  let decoder = decoders.get(charset);
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(charset);
    } catch {
      decoder = new TextDecoder('utf-8');
    }
    if (decoders.size >= MAX_DECODERS) decoders.clear();
    decoders.set(charset, decoder);
  }
  return decoder;
}

function flattenHeaders(headers: ResponseHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/**
 * One try of a request, as an undici dispatch handler: the transport calls
 * `dispatcher.dispatch(options, handler)` and awaits {@link answer}. It
 * replaces undici's `request()` (an abort signal, a request handler and a
 * stream body per try) with a promise and a few fields, and it tells the
 * transport how far the try got:
 *
 * - {@link written}: undici called `onRequestStart`, which it does once a
 *   connection is established and right before the first byte is written.
 *   Every connect-phase failure (refused, DNS, TLS, connect timeout) comes
 *   before it, so a failure before the start certainly did not reach the vendor.
 * - {@link answered}: the status line and headers arrived; a socket closing
 *   after them cut the answer short.
 *
 * The body is read up to `maxBytes` and decoded with the `content-type`
 * charset (UTF-8 by default); beyond that the try fails with
 * {@link ResponseTooLargeError}. The body of a 429 or 5xx answer is not
 * kept: the try settles on its status line, and the rest of the body (up to
 * `maxBytes`) is read and dropped so the connection can be reused.
 */
export class TryHandler implements Dispatcher.DispatchHandler {
  readonly answer: Promise<TryAnswer>;
  #written = false;
  #answered = false;
  #settled = false;
  #abortReason: unknown;
  #aborted = false;
  #controller: Dispatcher.DispatchController | undefined;
  #status = 0;
  #headers: Record<string, string> = {};
  #chunks: Buffer[] = [];
  #size = 0;
  #resolve!: (answer: TryAnswer) => void;
  #reject!: (error: unknown) => void;
  readonly #maxBytes: number;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
    this.answer = new Promise<TryAnswer>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** Whether the request may have been written (conservative: writing began). */
  get written(): boolean {
    return this.#written;
  }

  /** Whether the status line and headers of an answer arrived. */
  get answered(): boolean {
    return this.#answered;
  }

  /**
   * Ends the try with `reason` at once, whatever undici is doing: a request
   * still waiting for a connection is dropped when it gets one, before a byte
   * is written; one in progress is aborted.
   */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#abortReason = reason;
    this.#controller?.abort(reason as Error);
    this.#fail(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#aborted) {
      controller.abort(this.#abortReason as Error);
      return;
    }
    this.#written = true;
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: ResponseHeaders): void {
    this.#answered = true;
    this.#status = statusCode;
    this.#headers = flattenHeaders(headers);
    // The status says it all; the body is drained without being kept.
    if (statusCode === 429 || statusCode >= 500) this.#succeed('');
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#size += chunk.byteLength;
    if (this.#size > this.#maxBytes) {
      // Also for a drained 429/5xx body: nobody waits for it, but it must not be read without end.
      const error = new ResponseTooLargeError(this.#maxBytes);
      this.#fail(error);
      controller.abort(error);
      return;
    }
    if (!this.#settled) this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.#settled) return;
    const chunks = this.#chunks;
    const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    try {
      this.#succeed(decoderFor(this.#headers['content-type']).decode(bytes));
    } catch (error) {
      this.#fail(error);
    }
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#fail(error);
  }

  #succeed(body: string): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#chunks = [];
    this.#resolve({ status: this.#status, headers: this.#headers, body });
  }

  #fail(error: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#chunks = [];
    this.#reject(error);
  }
}
