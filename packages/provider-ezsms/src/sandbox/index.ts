export {
  type EzsmsSandbox,
  type EzsmsSandboxIncoming,
  type EzsmsSandboxOptions,
  type EzsmsSandboxRequest,
  startEzsmsSandbox,
} from './ezsms-sandbox.js';
export { type CallbackQueueLimits, SANDBOX_CALLBACK_LIMITS } from './sandbox-callback-queue.js';
export type { EzsmsSandboxFault } from './sandbox-faults.js';
export type { EzsmsSandboxAccount, EzsmsSandboxMessage, EzsmsSandboxPage } from './sandbox-state.js';
