/**
 * `@pesan/core/testing`: the conformance suite every provider runs against its
 * sandbox, and test doubles for applications and community providers.
 */

import 'reflect-metadata';

export { createFakeGate } from '../messenger/fake-gate.js';
export {
  createFakeProvider,
  type FakeCall,
  type FakeOutcome,
  type FakeProvider,
  type FakeProviderOptions,
} from '../messenger/fake-provider.js';
export { FakeClock } from '../runtime/fake-clock.js';
export { expectPesanError } from './expect-pesan-error.js';
export {
  createMockVendor,
  type MockVendor,
  type MockVendorAnswer,
  type MockVendorReply,
  type MockVendorRequest,
} from './mock-vendor.js';
export {
  describeProviderConformance,
  type ProviderConformanceEndpoints,
  type ProviderConformanceHarness,
  type ProviderConformanceSandbox,
} from './provider-conformance.js';
export * from './sandbox/index.js';
export {
  createWebhookHarness,
  useWebhookHarness,
  type WebhookHarness,
  type WebhookHarnessForEach,
} from './webhook-harness.js';
