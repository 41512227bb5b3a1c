import 'reflect-metadata';

export { TOKENS } from './di/tokens.js';
export { chooseEncoding, type TextEncoding } from './encoding/encoding-choice.js';
export { GSM7_BASIC_ALPHABET, GSM7_EXTENSION_ALPHABET, gsm7Septets, isGsm7 } from './encoding/gsm7-alphabet.js';
export { DEFAULT_PART_SIZES, type PartSize, type PartSizes } from './encoding/part-sizes.js';
export { countSegments, type SegmentCount } from './encoding/segment-counter.js';
export type { SegmentOptions } from './encoding/segment-layout.js';
export { splitSegments } from './encoding/segment-splitter.js';
export { fromUcs2Hex, toUcs2Hex } from './encoding/ucs2-hex.js';
export { ERROR_CODES, type ErrorCode, type ErrorOutcome, isErrorCode } from './errors/error-codes.js';
export { PesanError, type PesanErrorOptions } from './errors/pesan-error.js';
export { isHtmlErrorPage } from './http/html-error-page.js';
export type { HtmlErrorPageDetection, HttpRequest, HttpResponse } from './http/http-request.js';
export {
  createHttpTransport,
  DEFAULT_HTTP_TIMEOUT_MS,
  DEFAULT_MAX_RESPONSE_BYTES,
  HttpTransport,
  type HttpTransportOptions,
} from './http/http-transport.js';
export { classifyNetworkError, errorCodeOf, type NetworkErrorContext } from './http/network-error-classifier.js';
export { sharedDispatcher } from './http/shared-dispatcher.js';
export { outboundMessageSchema, parseOutboundMessage } from './message/outbound-message-schema.js';
export { regionOf } from './phone/region-of.js';
export { type CountryCode, E164_PATTERN, toE164 } from './phone/to-e164.js';
export { formatPhoneNumber, type VendorNumberFormat } from './phone/vendor-number-format.js';
export * from './provider/v1/index.js';
export { type Clock, systemClock } from './runtime/clock.js';
export { type IdGenerator, uuidGenerator } from './runtime/id-generator.js';
export { consoleLogger, silentLogger } from './runtime/logger.js';
