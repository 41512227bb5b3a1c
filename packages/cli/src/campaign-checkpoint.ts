import { readFile, rename, writeFile } from 'node:fs/promises';
import { CliUsageError } from './cli-usage-error.js';

/**
 * Where a bulk send stands, on disk: every row before `nextIndex` has
 * settled (sent or failed), so `--resume` starts there and sends none of
 * them again. Counts are over every run so far.
 */
export interface CampaignCheckpoint {
  version: 1;
  campaignId: string;
  /** The CSV, as an absolute path. */
  file: string;
  /** The first row (0-based, header excluded) not known to have settled. */
  nextIndex: number;
  /** Rows in the file, when counted. */
  rows?: number;
  sent: number;
  failed: number;
  failedByCode: Record<string, number>;
  credits: number;
  /** Every row has settled. */
  done: boolean;
  updatedAt: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a checkpoint; a missing or malformed file is a usage error. */
export async function readCheckpoint(path: string): Promise<CampaignCheckpoint> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliUsageError(`cannot read checkpoint ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CliUsageError(`checkpoint ${path} is not JSON`);
  }
  if (
    !isRecord(data) ||
    data.version !== 1 ||
    typeof data.campaignId !== 'string' ||
    typeof data.file !== 'string' ||
    !Number.isInteger(data.nextIndex) ||
    (data.nextIndex as number) < 0
  ) {
    throw new CliUsageError(`checkpoint ${path} is not a pesan bulk checkpoint`);
  }
  return {
    version: 1,
    campaignId: data.campaignId,
    file: data.file,
    nextIndex: data.nextIndex as number,
    ...(Number.isInteger(data.rows) ? { rows: data.rows as number } : {}),
    sent: Number(data.sent) || 0,
    failed: Number(data.failed) || 0,
    failedByCode: isRecord(data.failedByCode) ? (data.failedByCode as Record<string, number>) : {},
    credits: Number(data.credits) || 0,
    done: data.done === true,
    updatedAt: String(data.updatedAt ?? ''),
  };
}

/**
 * Writes a checkpoint atomically (a temporary file renamed over it), so a
 * crash mid-write leaves the previous one whole. Writes are chained: the last
 * call always lands last.
 */
export class CheckpointWriter {
  #chain: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  write(checkpoint: CampaignCheckpoint): Promise<void> {
    const text = `${JSON.stringify(checkpoint, null, 2)}\n`;
    const temporary = `${this.path}.${process.pid}.tmp`;
    this.#chain = this.#chain.then(async () => {
      await writeFile(temporary, text, 'utf8');
      await rename(temporary, this.path);
    });
    return this.#chain;
  }
}
