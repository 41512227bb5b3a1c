import type { Logger } from '../provider/v1/logger.js';

type Level = keyof Logger;
const LEVELS: readonly Level[] = ['debug', 'info', 'warn', 'error'];

/**
 * A logger that takes the fields first and the message second, as pino and
 * bunyan do: `logger.info({ provider: 'isms' }, 'sent')`.
 */
export interface FieldsFirstLogger {
  debug(fields: Record<string, unknown>, message?: string): void;
  info(fields: Record<string, unknown>, message?: string): void;
  warn(fields: Record<string, unknown>, message?: string): void;
  error(fields: Record<string, unknown>, message?: string): void;
}

/**
 * Any logger pesan accepts: a {@link Logger} (`(message, fields)`: pesan's own,
 * `console`, winston) or a {@link FieldsFirstLogger} (`(fields, message)`:
 * pino, bunyan). Use {@link toLogger} to turn one into a `Logger`.
 */
export type LoggerInput = Logger | FieldsFirstLogger;

/** How a logger's methods take their arguments. */
export type LoggerArgumentOrder = 'message-first' | 'fields-first';

const adapted = new WeakMap<object, Logger>();
const ADAPTED = Symbol.for('pesan.adaptedLogger');

/**
 * Whether `logger` takes `(fields, message)`: a pino logger (it has
 * `bindings()` and `child()`) or a bunyan one (`addStream()` and `child()`).
 */
export function isFieldsFirstLogger(logger: unknown): boolean {
  if (typeof logger !== 'object' || logger === null) return false;
  const candidate = logger as Record<string, unknown>;
  if (typeof candidate.child !== 'function') return false;
  return typeof candidate.bindings === 'function' || typeof candidate.addStream === 'function';
}

/**
 * A pesan {@link Logger} from any logger: a pino or bunyan logger (detected,
 * or `order: 'fields-first'`) is called as `info(fields, message)`, so the
 * fields are kept rather than taken for format arguments; a `(message,
 * fields)` logger (pesan's, `console`, winston) is returned as it is. A
 * missing level method is a no-op.
 *
 * ```ts
 * import pino from 'pino';
 * createMessenger({ providers, logger: pino() }); // adapted for you
 * const logger = toLogger(pino());                 // the same, by hand
 * ```
 */
export function toLogger(logger: LoggerInput, order?: LoggerArgumentOrder): Logger;
export function toLogger(logger: LoggerInput | undefined, order?: LoggerArgumentOrder): Logger | undefined;
export function toLogger(logger: LoggerInput | undefined, order?: LoggerArgumentOrder): Logger | undefined {
  if (logger === undefined || logger === null) return undefined;
  if ((logger as { [ADAPTED]?: boolean })[ADAPTED]) return logger as Logger;
  const fieldsFirst = order === undefined ? isFieldsFirstLogger(logger) : order === 'fields-first';
  const complete = LEVELS.every((level) => typeof (logger as unknown as Record<Level, unknown>)[level] === 'function');
  if (!fieldsFirst && complete) return logger as Logger;
  const cached = order === undefined ? adapted.get(logger) : undefined;
  if (cached) return cached;
  const target = logger as unknown as Record<Level, ((...values: unknown[]) => void) | undefined>;
  const write =
    (level: Level) =>
    (message: string, fields?: Record<string, unknown>): void => {
      // Looked up on every call and called as a method: pino's methods use `this`, and a level may change.
      if (typeof target[level] !== 'function') return;
      try {
        if (!fieldsFirst) target[level](message, ...(fields === undefined ? [] : [fields]));
        else target[level](fields ?? {}, message);
      } catch {
        // A failing logger must not fail a send.
      }
    };
  const result: Logger = {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
  Object.defineProperty(result, ADAPTED, { value: true });
  if (order === undefined) adapted.set(logger, result);
  return result;
}
