/**
 * Decides whether an endpoint may be tried and hears how each try went. The
 * messenger passes its per-endpoint circuit breakers this way; the core HTTP
 * transport consults it before every request, so an open endpoint is skipped
 * without a network call.
 */
export interface EndpointGuard {
  /** Whether `origin` of `provider` may be tried now. */
  allow(provider: string, origin: string): boolean;
  /** How a try went: `success`, or a failure that counts against the endpoint. */
  report(provider: string, origin: string, result: 'success' | 'failure'): void;
}
