import type { Readable } from 'node:stream';

/** Thrown when a response body is larger than the transport reads. */
export class ResponseTooLargeError extends Error {
  readonly maxBytes: number;

  constructor(maxBytes: number) {
    super(`The response body is larger than ${maxBytes} bytes.`);
    this.name = 'ResponseTooLargeError';
    this.maxBytes = maxBytes;
  }
}

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

function noop(): void {}

function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/**
 * Reads a response body as text, decoded with the `content-type` charset
 * (UTF-8 by default), reading at most `maxBytes`: a vendor or proxy cannot
 * make the transport buffer without bound. Rejects with the stream's error,
 * or a premature-close error when the stream closes before its end.
 */
export function readBodyText(body: Readable, contentType: string | undefined, maxBytes: number): Promise<string> {
  // Stream events rather than `for await`: the async iterator costs a promise and more per chunk.
  return new Promise<string>((resolve, reject) => {
    if (body.destroyed) {
      reject(body.errored ?? prematureClose());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
    };
    const onData = (chunk: unknown) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += buffer.byteLength;
      if (size > maxBytes) {
        cleanup();
        const error = new ResponseTooLargeError(maxBytes);
        // Destroying with an error emits it: it is this function's rejection, not an uncaught exception.
        body.on('error', noop);
        body.destroy(error);
        reject(error);
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = () => {
      cleanup();
      try {
        resolve(decoderFor(contentType).decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    };
    const onError = (error: unknown) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(body.errored ?? prematureClose());
    };
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('error', onError);
    body.once('close', onClose);
  });
}
