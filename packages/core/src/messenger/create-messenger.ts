import type { DependencyContainer } from 'tsyringe';
import type { Messenger } from './messenger.js';
import { assembleMessenger, createMessengerContainer } from './messenger-container.js';
import type { MessengerOptions } from './messenger-options.js';

/**
 * Creates a messenger: routing, failover by delivery mode, idempotency,
 * circuit breakers, rate limits and events over the given providers. Throws
 * `INVALID_CONFIG` listing every problem of the options.
 *
 * @example
 * ```ts
 * const messenger = createMessenger({
 *   providers: [isms({ id: 'isms', username, password }), ezsms({ id: 'ezsms', username, password })],
 *   route: byCountry({ MY: failover('isms', 'ezsms'), default: 'ezsms' }),
 * });
 * await messenger.send({ to: '+60123456789', text: 'Hi' });
 * ```
 */
export function createMessenger(options: MessengerOptions): Messenger {
  const child: DependencyContainer = createMessengerContainer(options);
  try {
    return assembleMessenger(child, options);
  } catch (error) {
    void child.dispose();
    throw error;
  }
}
