import type { PesanError } from '../../errors/pesan-error.js';
import type { SendResult } from './send-result.js';

/** One entry of a bulk send: a result, or the error for that message. */
export type BulkItem = { ok: true; result: SendResult } | { ok: false; error: PesanError; to: string };

/** The results of a bulk send: one per input message, in input order. */
export interface BulkResult {
  /** Same length and order as the input. */
  items: BulkItem[];
  /** Counts over `items`. */
  totals: { sent: number; failed: number; credits?: number };
}
