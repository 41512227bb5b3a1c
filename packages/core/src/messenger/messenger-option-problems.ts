import { isSupportedCountry } from 'libphonenumber-js/max';
import { otpOptionProblems } from '../otp/otp-options.js';
import type { CircuitBreakerOptions } from '../resilience/circuit-breaker.js';
import type { ProviderLimits } from '../resilience/provider-limiter.js';
import type { PriceTable, Route } from '../routing/route.js';
import { routeProblems } from '../routing/route-validation.js';
import { webhookPathProblem } from '../webhooks/webhook-path.js';
import type { MessengerOptions } from './messenger-options.js';

const positive = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value > 0;
const positiveInteger = (value: unknown) => positive(value) && Number.isInteger(value);
const nonNegative = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** The parts of the options that name providers or tune resilience, checked against the provider ids. */
export interface ReferencedOptions {
  route?: Route;
  limits?: ProviderLimits;
  prices?: PriceTable;
  circuitBreaker?: CircuitBreakerOptions;
  delivery?: string;
  defaultRegion?: string;
}

/** Problems of the options that refer to providers, by path. Shared by `createMessenger` and the config loader. */
export function referenceProblems(options: ReferencedOptions, providerIds: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (options.route !== undefined) problems.push(...routeProblems(options.route, providerIds));
  if (options.delivery !== undefined && options.delivery !== 'at-most-once' && options.delivery !== 'at-least-once') {
    problems.push(`delivery: must be "at-most-once" or "at-least-once"`);
  }
  if (options.defaultRegion !== undefined && !isSupportedCountry(options.defaultRegion)) {
    problems.push(`defaultRegion: "${options.defaultRegion}" is not an ISO 3166-1 alpha-2 region`);
  }
  for (const [provider, limit] of Object.entries(options.limits ?? {})) {
    const path = `limits.${provider}`;
    if (!providerIds.has(provider)) problems.push(`${path}: unknown provider "${provider}"`);
    if (limit.ratePerMinute !== undefined && !positive(limit.ratePerMinute)) {
      problems.push(`${path}.ratePerMinute: must be a number > 0`);
    }
    if (limit.burst !== undefined && !positiveInteger(limit.burst))
      problems.push(`${path}.burst: must be an integer > 0`);
    if (limit.concurrency !== undefined && !positiveInteger(limit.concurrency)) {
      problems.push(`${path}.concurrency: must be an integer > 0`);
    }
    if (limit.maxWaitMs !== undefined && !nonNegative(limit.maxWaitMs))
      problems.push(`${path}.maxWaitMs: must be >= 0`);
  }
  for (const provider of Object.keys(options.prices ?? {})) {
    if (!providerIds.has(provider)) problems.push(`prices.${provider}: unknown provider "${provider}"`);
  }
  const breaker = options.circuitBreaker;
  if (breaker?.failureThreshold !== undefined && !positiveInteger(breaker.failureThreshold)) {
    problems.push('circuitBreaker.failureThreshold: must be an integer > 0');
  }
  if (breaker?.resetTimeoutMs !== undefined && !nonNegative(breaker.resetTimeoutMs)) {
    problems.push('circuitBreaker.resetTimeoutMs: must be >= 0');
  }
  return problems;
}

function providerShapeProblem(provider: unknown): string | undefined {
  if (typeof provider !== 'object' || provider === null) return 'not a provider object';
  const candidate = provider as Record<string, unknown>;
  if (candidate.specVersion !== 'v1') return 'specVersion must be "v1"';
  if (typeof candidate.id !== 'string' || candidate.id === '') return 'id must be a non-empty string';
  if (typeof candidate.send !== 'function') return 'send must be a function';
  if (typeof candidate.segments !== 'function') return 'segments must be a function';
  if (typeof candidate.capabilities !== 'object' || candidate.capabilities === null) return 'capabilities missing';
  return undefined;
}

/** Every problem of `createMessenger` options, by path. */
export function messengerOptionProblems(options: MessengerOptions): string[] {
  const problems: string[] = [];
  const providers: readonly unknown[] = Array.isArray(options?.providers) ? options.providers : [];
  if (providers.length === 0) problems.push('providers: at least one provider is required');
  const ids = new Set<string>();
  for (const [index, provider] of providers.entries()) {
    const shape = providerShapeProblem(provider);
    if (shape) {
      problems.push(`providers[${index}]: ${shape}`);
      continue;
    }
    const id = (provider as { id: string }).id;
    if (ids.has(id)) problems.push(`providers[${index}].id: duplicate provider id "${id}"`);
    ids.add(id);
  }
  if (options.idempotencyTtlMs !== undefined && !positive(options.idempotencyTtlMs)) {
    // 0 would expire every key at once: idempotency silently off.
    problems.push('idempotencyTtlMs: must be a number > 0');
  }
  if (options.idempotencyMaxEntries !== undefined && !positiveInteger(options.idempotencyMaxEntries)) {
    problems.push('idempotencyMaxEntries: must be an integer > 0');
  }
  if (options.maxSegments !== undefined && !positiveInteger(options.maxSegments)) {
    problems.push('maxSegments: must be an integer > 0');
  }
  if (options.providerTimeoutMs !== undefined && !positive(options.providerTimeoutMs)) {
    problems.push('providerTimeoutMs: must be a number > 0');
  }
  if (options.webhooks !== undefined) {
    const token = options.webhooks.token;
    if (typeof token !== 'string' || token === '') problems.push('webhooks.token: required');
    else if (token.length < 16) problems.push('webhooks.token: at least 16 characters');
    const { maxBodyBytes, bodyTimeoutMs } = options.webhooks;
    if (maxBodyBytes !== undefined && !positiveInteger(maxBodyBytes)) {
      problems.push('webhooks.maxBodyBytes: must be an integer > 0');
    }
    if (bodyTimeoutMs !== undefined && !positive(bodyTimeoutMs)) {
      problems.push('webhooks.bodyTimeoutMs: must be a number > 0');
    }
    const pathProblem = options.webhooks.path === undefined ? undefined : webhookPathProblem(options.webhooks.path);
    if (pathProblem !== undefined) problems.push(`webhooks.path: ${pathProblem}`);
  }
  problems.push(...otpOptionProblems(options.otp));
  problems.push(...referenceProblems(options, ids));
  return problems;
}
