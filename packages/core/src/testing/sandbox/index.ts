/**
 * The sandbox kit: what every vendor sandbox shares (loopback mirrors, faults,
 * request reading and recording, callback pushing), so a vendor sandbox keeps
 * only its protocol pages.
 */
export { type SandboxAnswer, sandboxJson, sandboxText } from './sandbox-answer.js';
export {
  SANDBOX_CALLBACK_LIMITS,
  type SandboxCallbackLimits,
  type SandboxCallbackPushOptions,
  SandboxCallbackQueue,
  SandboxCallbackRejected,
} from './sandbox-callback-queue.js';
export { sandboxErrorPage } from './sandbox-error-page.js';
export {
  normaliseSandboxFault,
  SANDBOX_MAX_DELAY_MS,
  SANDBOX_MAX_OVERSIZED_BYTES,
  type SandboxFault,
  type SandboxFaultCount,
  type SandboxFaultInput,
  type SandboxFaultName,
  type SandboxFaultShorthand,
  type SandboxVendorCodeCheck,
  sandboxFaultName,
} from './sandbox-fault.js';
export { SandboxRecords } from './sandbox-records.js';
export { SANDBOX_REDACTED_HEADERS } from './sandbox-redaction.js';
export { createSandboxRequest, type SandboxRequest } from './sandbox-request.js';
export { readSandboxBody, SANDBOX_MAX_REQUEST_BYTES, SandboxRequestTooLargeError } from './sandbox-request-body.js';
export type { SandboxRecordedAnswer, SandboxRecordedRequest } from './sandbox-request-log.js';
export {
  type SandboxHandler,
  type SandboxServers,
  type SandboxServersOptions,
  type SandboxVendorCodes,
  startSandboxServers,
} from './sandbox-servers.js';
export {
  SANDBOX_CALLBACK_TIMEOUT_MS,
  type SandboxCallbackAnswer,
  type SandboxCallbackRequest,
  sandboxCallbackTarget,
  sendSandboxCallback,
} from './send-sandbox-callback.js';
export type { VendorSandbox, VendorSandboxMirrorOptions } from './vendor-sandbox.js';
