import { type DependencyContainer, instanceCachingFactory, Lifecycle, container as rootContainer } from 'tsyringe';
import { invalidConfigError } from '../config/invalid-config-error.js';
import { TOKENS } from '../di/tokens.js';
import { EventBus } from '../events/event-bus.js';
import { HttpTransport } from '../http/http-transport.js';
import { sharedDispatcher } from '../http/shared-dispatcher.js';
import { IdempotencyGuard } from '../idempotency/idempotency-guard.js';
import type { IdempotencyStore } from '../idempotency/idempotency-store.js';
import { DEFAULT_IDEMPOTENCY_MAX_ENTRIES, InMemoryIdempotencyStore } from '../idempotency/memory-idempotency-store.js';
import { MemoryOtpStore } from '../otp/memory-otp-store.js';
import { resolveOtpOptions } from '../otp/otp-options.js';
import { OtpService } from '../otp/otp-service.js';
import type { OtpStore } from '../otp/otp-store.js';
import { registerPolicyChain, withPolicyInbound } from '../policy/policy-wiring.js';
import type { Logger } from '../provider/v1/logger.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import { EndpointCircuitBreakers } from '../resilience/endpoint-circuit-breakers.js';
import { ProviderLimiter } from '../resilience/provider-limiter.js';
import { mathRandom, type RandomSource } from '../routing/random-source.js';
import { RouteResolver } from '../routing/route-resolver.js';
import { type Clock, systemClock } from '../runtime/clock.js';
import { type IdGenerator, uuidGenerator } from '../runtime/id-generator.js';
import { silentLogger } from '../runtime/logger.js';
import { type LoggerInput, toLogger } from '../runtime/logger-adapter.js';
import { MemoryStatusStore } from '../status/memory-status-store.js';
import type { StatusStore } from '../status/status-store.js';
import { WebhookEndpoint } from '../webhooks/webhook-endpoint.js';
import { createWebhookHandler } from '../webhooks/webhook-handler.js';
import { MemoryWindowStore } from '../whatsapp/memory-window-store.js';
import { WhatsappWindowTracker } from '../whatsapp/whatsapp-windows.js';
import { BulkSender } from './bulk-sender.js';
import { CampaignEngine } from './campaign-engine.js';
import type { Messenger } from './messenger.js';
import { messengerOptionProblems } from './messenger-option-problems.js';
import type { MessengerOptions } from './messenger-options.js';
import { MessengerService } from './messenger-service.js';
import { ProviderCaller } from './provider-caller.js';
import { ResolvedMessengerOptions } from './resolved-messenger-options.js';
import { RouteExecutor } from './route-executor.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The shared services a messenger's container holds, before any provider exists. */
export type MessengerServiceOptions = Pick<
  MessengerOptions,
  'container' | 'clock' | 'logger' | 'idGenerator' | 'random' | 'stores' | 'idempotencyMaxEntries'
>;

function pick<T>(parent: DependencyContainer, token: symbol, given: T | undefined, fallback: () => T): T {
  if (given !== undefined) return given;
  // A service the application registered on the parent container is the default.
  return parent.isRegistered(token, true) ? parent.resolve<T>(token) : fallback();
}

/**
 * A child container of `options.container` (or tsyringe's root) with the
 * shared services registered as values: clock, logger, ids, random source,
 * idempotency store and event bus, plus an HTTP transport made on first use
 * (over the parent's `TOKENS.Dispatcher`, or the shared undici agent).
 * Providers made by plugins may resolve them.
 */
export function createMessengerContainer(options: MessengerServiceOptions): DependencyContainer {
  const parent = options.container ?? rootContainer;
  const child = parent.createChildContainer();
  const clock = pick<Clock>(parent, TOKENS.Clock, options.clock, () => systemClock);
  child.register(TOKENS.Clock, { useValue: clock });
  // A pino-style `(fields, message)` logger is adapted, so its fields are not lost.
  const logger = toLogger(pick<LoggerInput>(parent, TOKENS.Logger, options.logger, () => silentLogger));
  child.register(TOKENS.Logger, { useValue: logger });
  child.register(TOKENS.IdGenerator, {
    useValue: pick<IdGenerator>(parent, TOKENS.IdGenerator, options.idGenerator, () => uuidGenerator),
  });
  child.register(TOKENS.Random, {
    useValue: pick<RandomSource>(parent, TOKENS.Random, options.random, () => mathRandom),
  });
  child.register(TOKENS.IdempotencyStore, {
    useValue: pick<IdempotencyStore>(
      parent,
      TOKENS.IdempotencyStore,
      options.stores?.idempotency,
      () =>
        new InMemoryIdempotencyStore({
          clock,
          logger,
          maxEntries: options.idempotencyMaxEntries ?? DEFAULT_IDEMPOTENCY_MAX_ENTRIES,
        }),
    ),
  });
  child.register(TOKENS.StatusStore, {
    useValue: pick<StatusStore>(
      parent,
      TOKENS.StatusStore,
      options.stores?.status,
      () => new MemoryStatusStore({ clock }),
    ),
  });
  child.register(TOKENS.OtpStore, {
    useValue: pick<OtpStore>(parent, TOKENS.OtpStore, options.stores?.otp, () => new MemoryOtpStore({ clock, logger })),
  });
  child.register(TOKENS.EventBus, { useValue: child.resolve(EventBus) });
  // One HTTP transport per messenger for providers that ask the container for it, made on first use.
  if (!parent.isRegistered(TOKENS.Dispatcher, true)) {
    child.register(TOKENS.Dispatcher, { useFactory: () => sharedDispatcher() });
  }
  if (!parent.isRegistered(TOKENS.HttpTransport, true)) {
    child.register(TOKENS.HttpTransport, {
      useFactory: instanceCachingFactory((scope) => scope.resolve(HttpTransport)),
    });
  }
  return child;
}

/**
 * Registers the messenger's own parts in `child` and resolves the messenger.
 * Throws `INVALID_CONFIG` listing every problem of `options`.
 */
export function assembleMessenger(child: DependencyContainer, options: MessengerOptions): Messenger {
  const problems = messengerOptionProblems(options);
  if (problems.length > 0) throw invalidConfigError(problems);

  const providers = new Map<string, ProviderV1>(options.providers.map((provider) => [provider.id, provider]));
  const settings = new ResolvedMessengerOptions(
    providers,
    child,
    options.delivery ?? 'at-most-once',
    options.defaultRegion ?? 'MY',
    options.closeTimeoutMs ?? 30_000,
    options.idempotencyTtlMs ?? DAY_MS,
    options.providerTimeoutMs ?? 60_000,
    options.bulkConcurrency ?? 4,
    options.circuitBreaker ?? {},
    options.limits ?? {},
    options.otp === undefined ? undefined : resolveOtpOptions(options.otp),
    options.maxSegments,
    options.stores?.rateLimiter,
    options.stores?.sendWindows,
  );
  child.register(ResolvedMessengerOptions, { useValue: settings });
  const events = child.resolve<EventBus>(TOKENS.EventBus);
  const clock = child.resolve<Clock>(TOKENS.Clock);
  const logger = child.resolve<Logger>(TOKENS.Logger);
  const policies = registerPolicyChain(child, options, settings);
  const windows = new WhatsappWindowTracker({
    store: options.stores?.windows ?? new MemoryWindowStore({ clock }),
    clock,
    logger,
    defaultRegion: settings.defaultRegion,
  });
  child.register(WhatsappWindowTracker, { useValue: windows });
  child.register(WebhookEndpoint, {
    useValue: new WebhookEndpoint(
      options.webhooks
        ? createWebhookHandler({
            providers,
            token: options.webhooks.token,
            maxBodyBytes: options.webhooks.maxBodyBytes,
            bodyTimeoutMs: options.webhooks.bodyTimeoutMs,
            onInbound: withPolicyInbound(policies, options.webhooks.onInbound),
            path: options.webhooks.path,
            windows,
            statusStore: child.resolve<StatusStore>(TOKENS.StatusStore),
            logger,
            events: {
              status: (event) => events.emit('status', event),
              inbound: (event) => events.emit('inbound', event),
            },
          })
        : undefined,
    ),
  });
  child.register(RouteResolver, {
    useValue: new RouteResolver(providers, options.route, child.resolve<RandomSource>(TOKENS.Random), options.prices),
  });
  // One instance of each per messenger: the breakers and limits must be shared by every send.
  for (const part of [
    EndpointCircuitBreakers,
    ProviderLimiter,
    ProviderCaller,
    RouteExecutor,
    BulkSender,
    IdempotencyGuard,
    CampaignEngine,
    OtpService,
    MessengerService,
  ] as const) {
    child.register<object>(part, { useClass: part }, { lifecycle: Lifecycle.ContainerScoped });
  }
  return child.resolve(MessengerService);
}
