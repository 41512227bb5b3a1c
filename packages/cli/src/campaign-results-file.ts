import { once } from 'node:events';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import type { CampaignItem } from '@pesan/core';

/** Columns of `--out`, one row per message as it settles. */
export const RESULT_COLUMNS = [
  'index',
  'to',
  'ok',
  'status',
  'provider',
  'messageId',
  'segments',
  'credits',
  'errorCode',
  'outcome',
  'error',
] as const;

function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Per-row results as CSV. A resumed run appends to the same file (the header
 * is written only to a new one), so the file ends with one row per message.
 */
export class CampaignResultsFile {
  readonly #stream: WriteStream;

  constructor(
    readonly path: string,
    /** Applied to error texts: the config's secrets never reach the file. */
    private readonly redact: (text: string) => string = (text) => text,
  ) {
    const fresh = !existsSync(path);
    this.#stream = createWriteStream(path, { flags: 'a' });
    if (fresh) this.#stream.write(`${RESULT_COLUMNS.join(',')}\n`);
  }

  async write(item: CampaignItem): Promise<void> {
    const row = item.ok
      ? [
          item.index,
          item.result.to,
          true,
          item.result.status,
          item.result.provider,
          item.result.messageId,
          item.result.segments,
          item.result.credits,
        ]
      : [
          item.index,
          item.to,
          false,
          'failed',
          item.error.provider,
          '',
          '',
          '',
          item.error.code,
          item.error.outcome,
          this.redact(item.error.message),
        ];
    if (!this.#stream.write(`${row.map(csvField).join(',')}\n`)) await once(this.#stream, 'drain');
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.#stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
}
