import type { Capabilities } from '../provider/v1/capabilities.js';

/** Every capability off: a provider states only what it has. */
export const NO_CAPABILITIES: Readonly<Capabilities> = Object.freeze({
  channels: Object.freeze(['sms'] as const),
  encodings: Object.freeze([] as const),
  maxBatch: 1,
  personalisedBulk: false,
  flash: false,
  binary: false,
  templates: false,
  files: false,
  balance: false,
  status: false,
  deliveryReports: false,
  inbound: false,
  nativeOtp: false,
  idempotent: false,
});

/**
 * A provider's capabilities from the ones it has: everything not named is
 * `false` (`maxBatch` 1, channel `sms`, no encodings). Frozen.
 *
 * @example
 * ```ts
 * defineCapabilities({ channels: ['sms'], encodings: ['gsm7', 'ucs2'], balance: true, deliveryReports: true });
 * ```
 */
export function defineCapabilities(capabilities: Partial<Capabilities>): Readonly<Capabilities> {
  return Object.freeze({
    ...NO_CAPABILITIES,
    ...capabilities,
    channels: Object.freeze([...(capabilities.channels ?? NO_CAPABILITIES.channels)]),
    encodings: Object.freeze([...(capabilities.encodings ?? NO_CAPABILITIES.encodings)]),
  });
}
