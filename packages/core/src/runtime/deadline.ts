import { type Clock, systemClock } from './clock.js';

function noop(): void {}

// A plain reason: aborting without one builds a DOMException (and its stack) on every cancel.
const DEADLINE_CANCELLED = 'deadline cancelled';

/**
 * Calls `onExpire` once `ms` have passed on `clock`, unless the returned
 * function is called first (calling it after expiry, or twice, is harmless).
 *
 * On the system clock this is one `setTimeout`: no promise, no
 * `AbortController` and no listener per deadline, which the send path sets
 * up on every provider call and every HTTP try. Any other clock (a fake one
 * in tests) is driven through its `sleep`, cancelled by an abort signal.
 */
export function startDeadline(clock: Clock, ms: number, onExpire: () => void): () => void {
  if (clock === systemClock) {
    const timer = setTimeout(onExpire, ms);
    return () => clearTimeout(timer);
  }
  const cancel = new AbortController();
  clock.sleep(ms, cancel.signal).then(onExpire, noop);
  return () => cancel.abort(DEADLINE_CANCELLED);
}
