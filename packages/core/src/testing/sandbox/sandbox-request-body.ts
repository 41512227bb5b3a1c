import type { IncomingMessage } from 'node:http';

/** The largest request body a sandbox reads by default: 1 MiB. */
export const SANDBOX_MAX_REQUEST_BYTES = 1_048_576;

const DRAIN_FACTOR = 4;

/** Thrown by {@link readSandboxBody} when a body is over its cap; the sandbox answers 413. */
export class SandboxRequestTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`request body over ${maxBytes} bytes`);
    this.name = 'SandboxRequestTooLargeError';
  }
}

/**
 * Reads a request body as UTF-8, keeping at most `maxBytes`. A longer body is
 * drained (so the client can read a 413) and refused with
 * {@link SandboxRequestTooLargeError}; past four times the cap the connection
 * is cut instead, so no client can keep the sandbox reading.
 */
export async function readSandboxBody(
  incoming: IncomingMessage,
  maxBytes: number = SANDBOX_MAX_REQUEST_BYTES,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= maxBytes) chunks.push(buffer);
    else if (size > maxBytes * DRAIN_FACTOR) {
      incoming.socket.destroy();
      break;
    }
  }
  if (size > maxBytes) throw new SandboxRequestTooLargeError(maxBytes);
  return Buffer.concat(chunks).toString('utf8');
}
