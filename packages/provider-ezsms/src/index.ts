/**
 * `@pesan/provider-ezsms`: sms.com.my (HTTP spec 1.84) SMS for pesan.
 *
 * The public surface is the factory, the plugin, the option types and the
 * vendor tables; parsers and helpers are internal. The simulator is
 * `@pesan/provider-ezsms/sandbox`.
 */
export { EZSMS_BARCODE_TYPES, type EzsmsBarcodeMessage, type EzsmsBarcodeType } from './barcode-message.js';
export type { EzsmsCreditTransfer, EzsmsCreditTransferResult } from './credit-transfer.js';
export { EZSMS_DELIVERY_STATUSES, type EzsmsDeliveryStatus } from './delivery-status.js';
export { EZSMS_RETURN_CODES, type EzsmsReturnCode } from './ezsms-answer.js';
export { EZSMS_DEFAULT_BASE_URLS, EZSMS_DEFAULT_TRANSFER_PATH, EZSMS_PATHS } from './ezsms-endpoints.js';
export { EZSMS_RETURN_CODE_TABLE } from './ezsms-errors.js';
export { EZSMS_MESSAGE_TYPES, type EzsmsMessageType } from './ezsms-message-type.js';
export { type EzsmsBulkMode, type EzsmsDispatcher, type EzsmsOptions, ezsmsOptionsSchema } from './ezsms-options.js';
export { plugin } from './ezsms-plugin.js';
export { type EzsmsProvider, ezsms } from './ezsms-provider.js';
export { SEQNO_MAX_LENGTH } from './seqno.js';
