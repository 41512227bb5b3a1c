/**
 * The provider kit: what every HTTP provider needs, in one place, so the
 * delivery promise is kept by the kit and not re-implemented per provider.
 */
export {
  type BaseProviderOptions,
  baseProviderOptionsSchema,
  originSchema,
  parseProviderOptions,
  providerServicesShape,
} from './base-provider-options.js';
export { defineCapabilities, NO_CAPABILITIES } from './provider-capabilities.js';
export { providerMessage } from './provider-message.js';
export { bulkResult } from './provider-results.js';
export {
  MIN_EMBEDDED_SECRET_LENGTH,
  MIN_SECRET_LENGTH,
  REDACTED,
  redactSecrets,
  SecretRedactor,
} from './secret-redactor.js';
export { UNRECOGNISED_BODY_KEPT, unrecognisedAnswer } from './unrecognised-answer.js';
export {
  defineVendorCodes,
  type VendorAnswerOrigin,
  type VendorCodeEntry,
  type VendorCodeErrorOptions,
  type VendorCodeTable,
  vendorCodeError,
} from './vendor-codes.js';
export {
  type VendorAnswer,
  VendorConnection,
  type VendorConnectionOptions,
  type VendorRequest,
} from './vendor-connection.js';
export { VendorDedupeKeys, type VendorDedupeKeysOptions } from './vendor-dedupe-keys.js';
