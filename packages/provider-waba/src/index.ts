/**
 * `@pesan/provider-waba`: the WhatsApp Business API of iSMS / iwsapp.my for
 * pesan. Templates, free text and files through `isms_send_waba.php`,
 * inbound messages and delivery statuses from the vendor's base64 webhook.
 */
export { publicHttpsUrlProblem } from './public-https-url.js';
export { readWabaAnswer, type WabaSuccessAnswer, wabaError } from './waba-answer.js';
export { WABA_ERROR_CODES, WABA_VENDOR } from './waba-errors.js';
export {
  parseWabaOptions,
  type ResolvedWabaOptions,
  WABA_DEFAULT_BASE_URLS,
  WABA_SEND_PATH,
  type WabaOptions,
  wabaFactoryOptionsSchema,
  wabaNumber,
  wabaOptionsSchema,
} from './waba-options.js';
export { plugin } from './waba-plugin.js';
export { WABA_CAPABILITIES, WabaProvider, waba } from './waba-provider.js';
export {
  WABA_MAX_TEXT_LENGTH,
  type WabaCredentials,
  type WabaMessageType,
  type WabaRequest,
  type WabaRequestBody,
  wabaRequest,
} from './waba-request.js';
export { wabaSegments } from './waba-segments.js';
export {
  parseWabaWebhook,
  WABA_STATUSES,
  type WabaInboundEvent,
  type WabaInboundMedia,
  type WabaWebhookOptions,
} from './waba-webhook.js';
export { decodeWabaWebhook, encodeWabaWebhook } from './waba-webhook-payload.js';
