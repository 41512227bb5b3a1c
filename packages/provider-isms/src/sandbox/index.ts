/**
 * `@pesan/provider-isms/sandbox`: a local iSMS simulator for tests, demos and
 * benchmarks. Real HTTP servers on 127.0.0.1, one per mirror.
 */
export {
  ISMS_SANDBOX_DEFAULT_ACCOUNT,
  type IsmsSandbox,
  type IsmsSandboxOptions,
  type IsmsSandboxRequest,
  startIsmsSandbox,
} from './isms-sandbox.js';
export { SANDBOX_CHARACTERS_PER_CREDIT } from './sandbox-billing.js';
export type { IsmsSandboxPush } from './sandbox-callbacks.js';
export { type IsmsSandboxFault, type IsmsSandboxFaultInput, SANDBOX_MAX_DELAY_MS } from './sandbox-faults.js';
export type { IsmsDeliveryStatus, IsmsSandboxAccount, IsmsSandboxMessage } from './sandbox-ledger.js';
export type { IsmsSandboxClassicAnswer } from './sandbox-protocol.js';
