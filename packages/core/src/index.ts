import 'reflect-metadata';

export * from './provider/v1/index.js';
export { ERROR_CODES, type ErrorCode, type ErrorOutcome, isErrorCode } from './errors/error-codes.js';
export { PesanError, type PesanErrorOptions } from './errors/pesan-error.js';
export { outboundMessageSchema, parseOutboundMessage } from './message/outbound-message-schema.js';
export { TOKENS } from './di/tokens.js';
export { type Clock, systemClock } from './runtime/clock.js';
export { consoleLogger, silentLogger } from './runtime/logger.js';
export { type IdGenerator, uuidGenerator } from './runtime/id-generator.js';
