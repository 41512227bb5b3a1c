/**
 * `@pesan/core/testing`: test doubles and harnesses for applications and
 * community providers, for any test runner (vitest, jest, `node:test`):
 * nothing here imports a runner. The vitest suites (`describeProviderConformance`,
 * `describeFaultMatrix`, `useWebhookHarness`) are in `@pesan/core/testing/vitest`.
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
  describeFaultMatrixExpectation,
  FAULT_MATRIX_TIMEOUT_MS,
  type FaultMatrixCase,
  type FaultMatrixCaseName,
  type FaultMatrixCaseOptions,
  type FaultMatrixCaseOverride,
  type FaultMatrixExpectation,
  type FaultMatrixOutcome,
  faultMatrixCases,
} from './fault-matrix-cases.js';
export {
  createMockVendor,
  type MockVendor,
  type MockVendorAnswer,
  type MockVendorReply,
  type MockVendorRequest,
} from './mock-vendor.js';
export { createRecordingLogger, type RecordedLogLine, type RecordingLogger } from './recording-logger.js';
export * from './sandbox/index.js';
export { type SecretEchoAnswer, secretEchoAnswers } from './secret-echo-answers.js';
export { createSecretLeakHarness, type SecretLeakHarness } from './secret-leak-harness.js';
export {
  expectNoSecretLeaks,
  findSecretLeaks,
  type SecretForm,
  type SecretLeak,
  type SecretLeakSources,
  secretForms,
} from './secret-leaks.js';
export { sendWindowStoreContract } from './send-window-store-contract-cases.js';
export {
  idempotencyStoreContract,
  otpStoreContract,
  rateLimiterStoreContract,
  runStoreContractCase,
  type StoreContractCase,
  type StoreContractHarness,
  statusStoreContract,
  suppressionStoreContract,
  windowStoreContract,
} from './store-contract-cases.js';
export { createWebhookHarness, type WebhookHarness } from './webhook-harness.js';
