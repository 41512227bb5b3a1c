/**
 * `@pesan/provider-waba/sandbox`: a local WhatsApp (iSMS) simulator for
 * tests, demos and benchmarks, built on the sandbox kit of `@pesan/core/testing/sandbox`.
 */
export type {
  WabaSandboxAccount,
  WabaSandboxMessage,
  WabaSandboxTemplate,
} from './sandbox-ledger.js';
export type {
  WabaSandboxInbound,
  WabaSandboxPush,
  WabaSandboxStatus,
  WabaSandboxWebhookShape,
} from './sandbox-webhooks.js';
export {
  startWabaSandbox,
  WABA_SANDBOX_DEFAULT_ACCOUNT,
  WABA_SANDBOX_DEFAULT_TEMPLATES,
  type WabaSandbox,
  type WabaSandboxOptions,
} from './waba-sandbox.js';
