import type { DependencyContainer } from 'tsyringe';
import { TOKENS } from '../di/tokens.js';
import { prepareMessage } from '../messenger/message-preparation.js';
import type { MessengerOptions } from '../messenger/messenger-options.js';
import type { ResolvedMessengerOptions } from '../messenger/resolved-messenger-options.js';
import type { Logger } from '../provider/v1/logger.js';
import type { Clock } from '../runtime/clock.js';
import type { InboundEvent } from '../webhooks/webhook-handler.js';
import { MemorySuppressionStore } from './memory-suppression-store.js';
import { PolicyChain } from './policy-chain.js';
import type { SuppressionStore } from './suppression-store.js';

/**
 * Registers the messenger's {@link PolicyChain} (its middleware, the
 * suppression store and the holds of `sendAt`) in its container. The store
 * is `options.stores.suppression`, else one the parent container registered
 * as `TOKENS.SuppressionStore`, else a `MemorySuppressionStore`.
 */
export function registerPolicyChain(
  child: DependencyContainer,
  options: MessengerOptions,
  settings: ResolvedMessengerOptions,
): PolicyChain {
  const given = options.stores?.suppression;
  const suppression: SuppressionStore =
    given ??
    (child.isRegistered(TOKENS.SuppressionStore, true)
      ? child.resolve<SuppressionStore>(TOKENS.SuppressionStore)
      : new MemorySuppressionStore());
  if (given !== undefined || !child.isRegistered(TOKENS.SuppressionStore, false)) {
    child.register(TOKENS.SuppressionStore, { useValue: suppression });
  }
  const chain = new PolicyChain({
    middleware: options.middleware ?? [],
    clock: child.resolve<Clock>(TOKENS.Clock),
    logger: child.resolve<Logger>(TOKENS.Logger),
    suppression,
    prepare: (message) => prepareMessage(message, settings),
  });
  child.register(PolicyChain, { useValue: chain });
  return chain;
}

/**
 * The webhook `onInbound` hook with the middleware's `onInbound` first (an
 * opt-out is stored before the vendor is answered, so it cannot be lost),
 * then the application's.
 */
export function withPolicyInbound(
  chain: PolicyChain,
  onInbound: ((event: InboundEvent) => Promise<void> | void) | undefined,
): ((event: InboundEvent) => Promise<void>) | undefined {
  if (!chain.active) return onInbound === undefined ? undefined : async (event) => onInbound(event);
  return async (event) => {
    await chain.inbound(event);
    await onInbound?.(event);
  };
}
