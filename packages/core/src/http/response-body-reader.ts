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

function decoderFor(contentType: string | undefined): TextDecoder {
  try {
    return new TextDecoder(charsetOf(contentType));
  } catch {
    return new TextDecoder('utf-8');
  }
}

/**
 * Reads a response body as text, decoded with the `content-type` charset
 * (UTF-8 by default), reading at most `maxBytes`: a vendor or proxy cannot
 * make the transport buffer without bound.
 */
export async function readBodyText(body: Readable, contentType: string | undefined, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.byteLength;
    if (size > maxBytes) {
      const error = new ResponseTooLargeError(maxBytes);
      body.destroy(error);
      throw error;
    }
    chunks.push(buffer);
  }
  return decoderFor(contentType).decode(Buffer.concat(chunks));
}
