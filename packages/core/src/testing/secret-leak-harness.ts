import type { MessengerEventMap, MessengerEventName } from '../events/messenger-events.js';
import type { Messenger } from '../messenger/messenger.js';
import { createRecordingLogger, type RecordingLogger } from './recording-logger.js';
import { expectNoSecretLeaks, findSecretLeaks, type SecretLeak } from './secret-leaks.js';

const EVENTS: readonly MessengerEventName[] = ['attempt', 'sent', 'failed', 'failover', 'circuit', 'status', 'inbound'];

/** Collects everything a provider lets out during a secrets test (see {@link createSecretLeakHarness}). */
export interface SecretLeakHarness {
  /** Give it to the provider and the messenger. */
  readonly logger: RecordingLogger;
  /** Event payloads recorded by {@link SecretLeakHarness.watch}, as `{ event, payload }`. */
  readonly events: { event: MessengerEventName; payload: MessengerEventMap[MessengerEventName] }[];
  /** What `run` caught. */
  readonly errors: unknown[];
  /** What `run` resolved with. */
  readonly results: unknown[];
  /** Records every event of `messenger`. */
  watch(messenger: Pick<Messenger, 'on'>): void;
  /** Runs `action`, recording what it resolves with or throws (it never throws itself). */
  run(action: () => unknown): Promise<void>;
  /** Every leak so far. */
  leaks(): SecretLeak[];
  /** Throws, listing every leak without printing a secret, when any secret got out. */
  expectNoLeaks(): void;
}

/**
 * A secrets test in a few lines: a recording logger, every messenger event,
 * and every result and error of the calls run through it, searched for
 * each secret in every form it travels in (see `expectNoSecretLeaks`).
 *
 * @example
 * ```ts
 * const harness = createSecretLeakHarness([password]);
 * const provider = acme({ username, password, logger: harness.logger, baseUrls: [sandbox.url] });
 * const messenger = createMessenger({ providers: [provider], logger: harness.logger });
 * harness.watch(messenger);
 * for (const echo of secretEchoAnswers({ un: username, pwd: password })) {
 *   await sandbox.setFault(0, { answer: echo.body, status: echo.status, contentType: echo.contentType, times: 1 });
 *   await harness.run(() => messenger.send({ to: '+60123456789', text: 'Hi' }));
 * }
 * harness.expectNoLeaks();
 * ```
 */
export function createSecretLeakHarness(secrets: readonly string[]): SecretLeakHarness {
  const logger = createRecordingLogger();
  const events: SecretLeakHarness['events'] = [];
  const errors: unknown[] = [];
  const results: unknown[] = [];
  const sources = () => ({ logs: logger.lines, events, errors, results });
  return {
    logger,
    events,
    errors,
    results,
    watch(messenger) {
      for (const event of EVENTS) {
        messenger.on(event, (payload) => {
          events.push({ event, payload });
        });
      }
    },
    async run(action) {
      try {
        results.push(await action());
      } catch (error) {
        errors.push(error);
      }
    },
    leaks: () => findSecretLeaks(secrets, sources()),
    expectNoLeaks: () => expectNoSecretLeaks(secrets, sources()),
  };
}
