import type { PesanError } from '../../errors/pesan-error.js';
import type { SendResult } from './send-result.js';

/** One entry of a bulk send: a result, or the error for that message. */
export type BulkItem =
  | {
      /** The message was accepted. */
      ok: true;
      /** What it became. */
      result: SendResult;
    }
  | {
      /** The message was not accepted. */
      ok: false;
      /** Why; its `outcome` says whether it may have been sent all the same. */
      error: PesanError;
      /** The recipient: E.164 once validated, else as given. */
      to: string;
    };

/** The results of a bulk send: one per input message, in input order. */
export interface BulkResult {
  /** Same length and order as the input. */
  items: BulkItem[];
  /** Counts over `items`. */
  totals: {
    /** Items with `ok: true`. */
    sent: number;
    /** Items with `ok: false`. */
    failed: number;
    /** Sum of `result.credits` over the sent items, when the provider reports credits. */
    credits?: number;
  };
}
