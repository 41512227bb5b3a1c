/**
 * `@pesan/provider-ezsms/sandbox`: a local sms.com.my simulator for tests,
 * demos and benchmarks, built on the sandbox kit of `@pesan/core/testing`.
 */

/** How many callbacks the sandbox pushes at once and how many may wait: the kit's limits. */
export {
  SANDBOX_CALLBACK_LIMITS,
  type SandboxCallbackLimits as CallbackQueueLimits,
} from '@pesan/core/testing/sandbox';
export * from './ezsms-sandbox.js';
