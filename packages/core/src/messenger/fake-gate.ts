import type { FakeOutcome } from './fake-provider.js';

/** A fake provider behaviour that holds every call until the test opens the gate. */
export interface FakeGate {
  /** The behaviour to give `createFakeProvider`: waits for `open()`, then does `then`. */
  readonly outcome: FakeOutcome;
  /** Resolves once the gate is open. */
  readonly opened: Promise<void>;
  /** Lets every held and later call through. */
  open(): void;
}

/**
 * A gate for tests of concurrency, draining and timeouts: calls block until
 * `open()`, without any timer.
 *
 * @example
 * ```ts
 * const gate = createFakeGate();
 * const provider = createFakeProvider({ id: 'slow', behaviour: gate.outcome });
 * const sending = messenger.send(message); // held
 * gate.open();
 * await sending;
 * ```
 */
export function createFakeGate(then: FakeOutcome = 'success'): FakeGate {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const outcome: FakeOutcome = async () => {
    await opened;
    return then;
  };
  return { outcome, opened, open };
}
