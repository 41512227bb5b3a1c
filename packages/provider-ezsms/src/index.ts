export { EZSMS_BARCODE_TYPES, type EzsmsBarcodeMessage, type EzsmsBarcodeType } from './barcode-message.js';
export type { EzsmsCreditTransfer, EzsmsCreditTransferResult } from './credit-transfer.js';
export { type CreditsLeft, parseCreditsLeft } from './credits-left-answer.js';
export { EZSMS_DELIVERY_STATUSES, type EzsmsDeliveryStatus, ezsmsDeliveryStatus } from './delivery-status.js';
export {
  EZSMS_RETURN_CODES,
  type EzsmsAnswer,
  type EzsmsReturnCode,
  isEzsmsReturnCode,
  parseEzsmsAnswer,
} from './ezsms-answer.js';
export { EZSMS_DEFAULT_BASE_URLS, EZSMS_DEFAULT_TRANSFER_PATH, EZSMS_PATHS } from './ezsms-endpoints.js';
export {
  EZSMS_RETURN_CODE_TABLE,
  type EzsmsErrorContext,
  type EzsmsReturnCodeEntry,
  ezsmsError,
} from './ezsms-errors.js';
export {
  EZSMS_MESSAGE_TYPES,
  type EzsmsMessageType,
  type EzsmsWireMessage,
  toEzsmsWireMessage,
} from './ezsms-message-type.js';
export {
  type EzsmsBulkMode,
  type EzsmsDispatcher,
  type EzsmsOptions,
  ezsmsOptionsSchema,
  parseEzsmsOptions,
  type ResolvedEzsmsOptions,
} from './ezsms-options.js';
export { plugin } from './ezsms-plugin.js';
export { type EzsmsProvider, ezsms } from './ezsms-provider.js';
export { BINARY_BYTES_PER_PART, ezsmsSegments } from './ezsms-segments.js';
export { type EzsmsWebhookContext, parseEzsmsWebhook } from './ezsms-webhook.js';
export { isValidSenderId } from './sender-id.js';
export { SEQNO_MAX_LENGTH, seqnoForGroup, seqnoFromIdempotencyKey } from './seqno.js';
