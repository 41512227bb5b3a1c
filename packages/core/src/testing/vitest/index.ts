/**
 * `@pesan/core/testing/vitest`: the suites that register vitest tests (the
 * provider conformance suite, the fault matrix, a webhook harness per test),
 * plus everything in `@pesan/core/testing`. Needs `vitest` installed; the
 * runner-agnostic kit is `@pesan/core/testing`.
 */

import 'reflect-metadata';

export * from '../index.js';
export {
  describeFaultMatrix,
  type FaultMatrixHarness,
  type FaultMatrixOptions,
  type FaultMatrixRecordedRequest,
  type FaultMatrixSandbox,
} from './fault-matrix.js';
export {
  describeProviderConformance,
  type ProviderConformanceEndpoints,
  type ProviderConformanceHarness,
  type ProviderConformanceSandbox,
} from './provider-conformance.js';
export {
  describeIdempotencyStoreContract,
  describeOtpStoreContract,
  describeRateLimiterStoreContract,
  describeSendWindowStoreContract,
  describeStatusStoreContract,
  describeStoreContract,
  describeSuppressionStoreContract,
  describeWindowStoreContract,
} from './store-contract.js';
export { useWebhookHarness, type WebhookHarnessForEach } from './use-webhook-harness.js';
