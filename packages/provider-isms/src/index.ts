/**
 * `@pesan/provider-isms`: iSMS (Malaysia) SMS for pesan. Classic GET/POST,
 * multi-recipient and JSON bulk sends, balance, delivery callbacks.
 *
 * The public surface is the factory, the plugin, the option types and the
 * vendor tables; the parsers are internal. The simulator is
 * `@pesan/provider-isms/sandbox`.
 */
export { ISMS_CHARACTERS_PER_CREDIT } from './isms-billing.js';
export { ISMS_DEFAULT_ORIGINS_BY_PATH, type IsmsPath } from './isms-endpoints.js';
export { ISMS_ERROR_CODES } from './isms-errors.js';
export {
  ISMS_DEFAULT_BASE_URLS,
  ISMS_DEFAULT_MAX_BODY_LENGTH,
  ISMS_SENDER_ID_PATTERN,
  type IsmsOptions,
  ismsOptionsSchema,
} from './isms-options.js';
export { plugin } from './isms-plugin.js';
export { ISMS_CLASSIC_MAX_BATCH, ISMS_JSON_MAX_BATCH, type IsmsProvider, isms } from './isms-provider.js';
export { ISMS_DELIVERY_STATUSES } from './isms-webhook.js';
