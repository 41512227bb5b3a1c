import { PesanError } from '../errors/pesan-error.js';
import type { Middleware, MiddlewareContext } from './middleware.js';

/** Options of {@link recipientCaps}. */
export interface RecipientCapOptions {
  /** Most messages one number may get per window (an integer > 0). */
  max: number;
  /** The sliding window, in seconds (> 0). */
  windowSeconds: number;
  /**
   * Most numbers tracked at once (oldest activity forgotten first). Default
   * 100 000: enough for a busy sender, bounded for a pumping attack that
   * walks through numbers.
   */
  maxNumbers?: number;
}

/**
 * Per-recipient caps: at most `max` messages to one number in any
 * `windowSeconds`, on every channel. One more fails `RATE_LIMITED` (outcome
 * `not_sent`, `details.retryAfterSeconds`) before any provider is called:
 * protection against loops in the application and SMS pumping (a form that
 * sends codes to premium numbers as fast as a bot can submit it). A message
 * that certainly was not sent (`not_sent`, `rejected`) gives its place back.
 * Counts live in this process.
 *
 * @example
 * ```ts
 * createMessenger({ providers, middleware: [recipientCaps({ max: 5, windowSeconds: 3600 })] });
 * ```
 */
export function recipientCaps(options: RecipientCapOptions): Middleware {
  const { max, windowSeconds } = options;
  if (!Number.isInteger(max) || max < 1) {
    throw new PesanError('INVALID_CONFIG', { message: `recipientCaps: max must be an integer > 0, got ${max}` });
  }
  if (!(Number.isFinite(windowSeconds) && windowSeconds > 0)) {
    throw new PesanError('INVALID_CONFIG', {
      message: `recipientCaps: windowSeconds must be > 0, got ${windowSeconds}`,
    });
  }
  const maxNumbers = Math.max(1, Math.floor(options.maxNumbers ?? 100_000));
  const windowMs = windowSeconds * 1000;
  // Send times per number, oldest first; Map order is least recently active first.
  const sends = new Map<string, number[]>();
  const counted = new WeakMap<MiddlewareContext, number>();

  const recent = (number: string, now: number): number[] => {
    const times = sends.get(number) ?? [];
    let first = 0;
    while (first < times.length && times[first]! <= now - windowMs) first++;
    return first === 0 ? times : times.slice(first);
  };

  return {
    name: 'recipientCaps',
    beforeSend(context) {
      if (context.dryRun) return;
      const { message, clock } = context;
      const now = clock.now();
      const times = recent(message.to, now);
      if (times.length >= max) {
        const retryAfterMs = times[0]! + windowMs - now;
        throw new PesanError('RATE_LIMITED', {
          message: `${message.to} already got ${max} message${max === 1 ? '' : 's'} in ${windowSeconds} s`,
          details: {
            to: message.to,
            max,
            windowSeconds,
            retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
          },
        });
      }
      times.push(now);
      sends.delete(message.to);
      sends.set(message.to, times);
      counted.set(context, now);
      // Bounded: forget the least recently active numbers.
      while (sends.size > maxNumbers) sends.delete(sends.keys().next().value!);
    },
    afterSend(context, outcome) {
      const at = counted.get(context);
      if (at === undefined || outcome.ok || outcome.error.outcome === 'unknown') return;
      const times = sends.get(context.message.to);
      const position = times?.lastIndexOf(at) ?? -1;
      if (times && position >= 0) times.splice(position, 1);
    },
  };
}
