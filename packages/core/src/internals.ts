import 'reflect-metadata';

/**
 * `@pesan/core/internals`: the building blocks the messenger and the HTTP
 * transport are made of, for tooling, benchmarks and advanced tests. They are
 * not part of the stable API: applications use `@pesan/core`, provider
 * authors use its provider kit, and these may change in any minor release.
 */
export { GSM7_BASIC_ALPHABET, GSM7_EXTENSION_ALPHABET, gsm7Septets } from './encoding/gsm7-alphabet.js';
export { EventBus } from './events/event-bus.js';
export { isHtmlErrorPage } from './http/html-error-page.js';
export { DEFAULT_HTTP_TIMEOUT_MS, DEFAULT_MAX_RESPONSE_BYTES } from './http/http-transport.js';
export { classifyNetworkError, errorCodeOf, type NetworkErrorContext } from './http/network-error-classifier.js';
export { CircuitBreaker, DEFAULT_CIRCUIT_BREAKER_OPTIONS } from './resilience/circuit-breaker.js';
export { ConcurrencyLimiter } from './resilience/concurrency-limiter.js';
export { EndpointCircuitBreakers, type EndpointCircuitState } from './resilience/endpoint-circuit-breakers.js';
export { DEFAULT_MAX_WAIT_MS } from './resilience/provider-limiter.js';
export { TokenBucket, type TokenBucketOptions } from './resilience/token-bucket.js';
