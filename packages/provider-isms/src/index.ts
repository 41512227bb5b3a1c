/**
 * `@pesan/provider-isms`: iSMS (Malaysia) SMS for pesan. Classic GET/POST,
 * multi-recipient and JSON bulk sends, balance, delivery callbacks.
 */
export {
  type IsmsAnswerLine,
  type IsmsClassicAnswer,
  type IsmsSuccessAnswer,
  parseIsmsAnswer,
  parseIsmsClassicAnswer,
  readIsmsAnswerLine,
} from './isms-answer-parser.js';
export { type IsmsBalanceAnswer, parseIsmsBalanceAnswer } from './isms-balance-parser.js';
export { ISMS_CHARACTERS_PER_CREDIT, ismsBodyLength, ismsCredits } from './isms-billing.js';
export { ISMS_DEFAULT_ORIGINS_BY_PATH, type IsmsPath, originsFor } from './isms-endpoints.js';
export {
  ISMS_ERROR_CODES,
  type IsmsErrorAnswer,
  type IsmsErrorCodeEntry,
  type IsmsErrorContext,
  ismsError,
  ismsInvalidResponse,
} from './isms-errors.js';
export { type IsmsJsonAnswer, type IsmsRecipientAnswer, parseIsmsJsonAnswer } from './isms-json-answer-parser.js';
export {
  ISMS_PART_SIZES,
  type IsmsMessage,
  type IsmsSmsType,
  ismsSegments,
  prepareIsmsMessage,
} from './isms-message.js';
export {
  ISMS_DEFAULT_BASE_URLS,
  ISMS_DEFAULT_MAX_BODY_LENGTH,
  ISMS_SENDER_ID_PATTERN,
  type IsmsOptions,
  ismsFactoryOptionsSchema,
  ismsOptionsSchema,
  parseIsmsOptions,
  type ResolvedIsmsOptions,
} from './isms-options.js';
export { plugin } from './isms-plugin.js';
export { ISMS_CLASSIC_MAX_BATCH, ISMS_JSON_MAX_BATCH, IsmsProvider, isms } from './isms-provider.js';
export { ISMS_DELIVERY_STATUSES, type IsmsWebhookOptions, parseIsmsWebhook } from './isms-webhook.js';
