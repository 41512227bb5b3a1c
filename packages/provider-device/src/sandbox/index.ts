/**
 * `@pesan/provider-device/sandbox`: the device gateway on 127.0.0.1, for
 * tests, demos and local development. Built on the sandbox kit of
 * `@pesan/core/testing`.
 */
export {
  DEVICE_SANDBOX_API_KEY,
  DEVICE_SANDBOX_DEVICE,
  DEVICE_SANDBOX_MESSAGES,
  type DeviceSandbox,
  type DeviceSandboxAccount,
  type DeviceSandboxOptions,
  startDeviceSandbox,
} from './device-sandbox.js';
export type { SandboxOtp } from './sandbox-otps.js';
export type {
  SandboxDeviceInput,
  SandboxIncoming,
  SandboxMessage,
  SandboxOutcomes,
  SandboxSchedule,
} from './sandbox-phones.js';
