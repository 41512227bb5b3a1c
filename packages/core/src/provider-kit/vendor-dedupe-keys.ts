import type { ErrorOutcome } from '../errors/error-codes.js';

/** Options of {@link VendorDedupeKeys}. */
export interface VendorDedupeKeysOptions {
  /** Turns a seed (the idempotency key, plus a generation after refusals) into the vendor's key. */
  derive: (seed: string) => string;
  /** How many keys with a moved-on generation are remembered (default 10 000, oldest forgotten first). */
  maxEntries?: number;
}

/**
 * Vendor dedupe keys (sms.com.my `seqno`) derived from idempotency keys, with
 * a generation per key that moves on after every definite failure.
 *
 * A vendor dedupe key is only needed across `unknown` outcomes: the retry of a
 * request that may have been taken must carry the same key so the vendor
 * answers "duplicate" instead of sending twice. After a definite refusal
 * (`not_sent`, `rejected`) the next try must carry a new key: a vendor that
 * remembered the refused key would otherwise answer "duplicate" to a message
 * it never sent, and pesan would report it as sent.
 *
 * Generations live in memory, per provider instance: a process restarted
 * between a refusal and its retry starts from generation 0 again.
 */
export class VendorDedupeKeys {
  readonly #derive: (seed: string) => string;
  readonly #maxEntries: number;
  readonly #generations = new Map<string, number>();

  constructor(options: VendorDedupeKeysOptions) {
    this.#derive = options.derive;
    this.#maxEntries = Math.max(1, options.maxEntries ?? 10_000);
  }

  /** The vendor key for the current generation of `idempotencyKey`. */
  keyFor(idempotencyKey: string): string {
    const generation = this.#generations.get(idempotencyKey) ?? 0;
    return this.#derive(generation === 0 ? idempotencyKey : `${idempotencyKey}#${generation}`);
  }

  /**
   * Tells how a request carrying these keys ended. A definite failure moves
   * each key to its next generation; success and `unknown` keep it.
   */
  settle(idempotencyKeys: readonly string[], outcome: 'success' | ErrorOutcome): void {
    if (outcome !== 'not_sent' && outcome !== 'rejected') return;
    for (const key of idempotencyKeys) {
      const generation = (this.#generations.get(key) ?? 0) + 1;
      this.#generations.delete(key);
      this.#generations.set(key, generation);
    }
    // Bounded: removes the oldest entries until the cap holds.
    for (const oldest of this.#generations.keys()) {
      if (this.#generations.size <= this.#maxEntries) break;
      this.#generations.delete(oldest);
    }
  }
}
