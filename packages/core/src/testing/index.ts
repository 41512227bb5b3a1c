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
  describeFaultMatrix,
  type FaultMatrixHarness,
  type FaultMatrixOptions,
  type FaultMatrixRecordedRequest,
  type FaultMatrixSandbox,
} from './fault-matrix.js';
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
export {
  describeProviderConformance,
  type ProviderConformanceEndpoints,
  type ProviderConformanceHarness,
  type ProviderConformanceSandbox,
} from './provider-conformance.js';
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
export {
  createWebhookHarness,
  useWebhookHarness,
  type WebhookHarness,
  type WebhookHarnessForEach,
} from './webhook-harness.js';
