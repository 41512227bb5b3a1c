/** Signals that stop a long-running command the way Ctrl-C does. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * An `AbortSignal` aborted by the first Ctrl-C (or SIGTERM): the command
 * stops taking new work and finishes what is in flight. A second Ctrl-C calls
 * `onForce` (which should exit at once). `dispose()` removes the handlers.
 */
export function interruptSignal(onForce: () => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) onForce();
    else controller.abort(new Error('interrupted'));
  };
  for (const name of STOP_SIGNALS) process.on(name, handler);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of STOP_SIGNALS) process.off(name, handler);
    },
  };
}

/** Resolves when `signal` aborts. */
export function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
