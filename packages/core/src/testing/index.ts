/**
 * `@pesan/core/testing`: the conformance suite every provider runs against its
 * sandbox, and test doubles for applications and community providers.
 */
export { describeProviderConformance, type ProviderConformanceHarness } from './provider-conformance.js';
