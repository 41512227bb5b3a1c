import { type BodyRead, declaredTooLarge } from './body-read.js';

/**
 * Reads a Web `Request` body as UTF-8, giving up past `limit` bytes or after
 * `timeoutMs`: a client that trickles its body cannot hold the handler open.
 */
export async function readWebRequestBody(request: Request, limit: number, timeoutMs: number): Promise<BodyRead> {
  if (declaredTooLarge(request.headers.get('content-length'), limit)) return { refused: 'too-large' };
  if (!request.body) return { body: '' };
  const reader = request.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const stop = () => void reader.cancel().catch(() => {});
  try {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const next = await Promise.race([reader.read(), expired]);
      if (next === 'timeout') {
        stop();
        return { refused: 'timeout' };
      }
      if (next.done) return { body: Buffer.concat(chunks).toString('utf8') };
      size += next.value.byteLength;
      if (size > limit) {
        stop();
        return { refused: 'too-large' };
      }
      chunks.push(next.value);
    }
  } catch (error) {
    return { refused: 'unreadable', error };
  } finally {
    clearTimeout(timer);
  }
}
