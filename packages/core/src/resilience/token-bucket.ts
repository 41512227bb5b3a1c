import { PesanError } from '../errors/pesan-error.js';
import type { Clock } from '../runtime/clock.js';

/** Options of a {@link TokenBucket}. */
export interface TokenBucketOptions {
  /** Sustained calls per minute. */
  ratePerMinute: number;
  /** Calls allowed at once after a quiet spell. Default: one second's worth, at least 1. */
  burst?: number;
}

/**
 * A token bucket. A caller reserves its token at once and then waits for it,
 * so waiters are served in arrival order and none can starve; a wait longer
 * than the caller accepts is refused up front with `RATE_LIMITED`
 * (`not_sent`), which lets the messenger fail over instead of queueing forever.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private readonly perMs: number;
  private readonly burst: number;

  constructor(
    options: TokenBucketOptions,
    private readonly clock: Clock,
    private readonly provider?: string,
  ) {
    if (!(options.ratePerMinute > 0)) throw new RangeError('ratePerMinute must be a positive number');
    this.perMs = options.ratePerMinute / 60_000;
    this.burst = Math.max(1, options.burst ?? Math.floor(options.ratePerMinute / 60));
    this.tokens = this.burst;
    this.updatedAt = clock.now();
  }

  /** Tokens available now (negative while callers wait). */
  get available(): number {
    this.refill();
    return this.tokens;
  }

  /** Takes one token, waiting at most `maxWaitMs` for it. */
  async take(maxWaitMs: number, signal?: AbortSignal): Promise<void> {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return;
    }
    const waitMs = Math.ceil((1 - this.tokens) / this.perMs);
    if (waitMs > maxWaitMs) {
      throw new PesanError('RATE_LIMITED', {
        message: `Rate limit${this.provider ? ` of provider "${this.provider}"` : ''} needs a ${waitMs} ms wait, more than maxWaitMs ${maxWaitMs}`,
        provider: this.provider,
        details: { limit: 'rate', waitMs, maxWaitMs },
      });
    }
    this.tokens -= 1;
    try {
      await this.clock.sleep(waitMs, signal);
    } catch (error) {
      this.tokens += 1;
      throw error;
    }
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = now - this.updatedAt;
    if (elapsed > 0) this.tokens = Math.min(this.burst, this.tokens + elapsed * this.perMs);
    this.updatedAt = now;
  }
}
