import { describe, expect, it } from 'vitest';
import { createMessenger } from '../messenger/create-messenger.js';
import { createFakeProvider } from '../messenger/fake-provider.js';
import { SecretRedactor } from '../provider-kit/secret-redactor.js';
import { consoleLogger, silentLogger } from './logger.js';
import { isFieldsFirstLogger, toLogger } from './logger-adapter.js';

type Line = { level: string; first: unknown; second: unknown };

/**
 * Shaped like a pino logger: `(fields, message)` methods that use `this`,
 * `child()`, `bindings()`, `level`. A message given first would land in `msg`
 * and the fields would be taken for a format argument and dropped, as pino does.
 */
function pinoShapedLogger(): PinoShapedLogger {
  const lines: Line[] = [];
  const method = (level: string) =>
    function (this: { lines: Line[] }, first: unknown, second?: unknown) {
      this.lines.push({ level, first, second });
    } as LogFunction;
  return {
    level: 'debug',
    lines,
    bindings: () => ({}),
    child() {
      return this;
    },
    trace: method('trace'),
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    fatal: method('fatal'),
  };
}

/** pino's `LogFn` overloads: with them a pino logger type-checks as a pesan `Logger`, which is the trap. */
type LogFunction = {
  (fields: object, message?: string, ...values: unknown[]): void;
  (message: string, ...values: unknown[]): void;
};

interface PinoShapedLogger {
  level: string;
  lines: Line[];
  bindings(): object;
  child(): PinoShapedLogger;
  trace: LogFunction;
  debug: LogFunction;
  info: LogFunction;
  warn: LogFunction;
  error: LogFunction;
  fatal: LogFunction;
}

/** pino's view of a line: the object's fields plus `msg`. A string first is the message; the rest are format arguments. */
function asPino(line: Line): Record<string, unknown> {
  return typeof line.first === 'string'
    ? { level: line.level, msg: line.first }
    : { level: line.level, ...(line.first as object), msg: line.second };
}

describe('toLogger', () => {
  it('calls a pino-shaped logger with (fields, message), as a method', () => {
    const pino = pinoShapedLogger();
    expect(isFieldsFirstLogger(pino)).toBe(true);
    const logger = toLogger(pino);
    logger.warn('webhook rejected', { provider: 'isms' });
    logger.info('no fields');
    expect(pino.lines.map(asPino)).toEqual([
      { level: 'warn', provider: 'isms', msg: 'webhook rejected' },
      { level: 'info', msg: 'no fields' },
    ]);
    expect(toLogger(pino)).toBe(logger);
    expect(toLogger(logger)).toBe(logger);
  });

  it('recognises bunyan too, and takes an explicit order', () => {
    const calls: unknown[][] = [];
    const record = (...values: unknown[]) => void calls.push(values);
    const bunyan = {
      child: () => bunyan,
      addStream: () => {},
      debug: record,
      info: record,
      warn: record,
      error: record,
    };
    toLogger(bunyan).info('hello', { a: 1 });
    const custom = { debug: record, info: record, warn: record, error: record };
    toLogger(custom, 'fields-first').error('boom', { b: 2 });
    expect(calls).toEqual([
      [{ a: 1 }, 'hello'],
      [{ b: 2 }, 'boom'],
    ]);
  });

  it('leaves (message, fields) loggers as they are: pesan’s, console, winston-style', () => {
    expect(toLogger(silentLogger)).toBe(silentLogger);
    const pesan = consoleLogger('error');
    expect(toLogger(pesan)).toBe(pesan);
    expect(toLogger(console)).toBe(console);
    const winstonLike = { child: () => winstonLike, debug() {}, info() {}, warn() {}, error() {} };
    expect(toLogger(winstonLike)).toBe(winstonLike);
    expect(toLogger(undefined)).toBeUndefined();
  });

  it('fills a missing level with a no-op', () => {
    const calls: unknown[][] = [];
    const partial = { warn: (...values: unknown[]) => void calls.push(values) } as never;
    const logger = toLogger(partial);
    logger.debug('dropped');
    logger.warn('kept', { x: 1 });
    expect(calls).toEqual([['kept', { x: 1 }]]);
  });

  it('redacts the fields of a pino-shaped logger before they arrive', () => {
    const pino = pinoShapedLogger();
    const logger = new SecretRedactor(['s3cret-password']).logger(pino);
    logger.debug('http request', { url: 'https://vendor.example/send?pass=s3cret-password' });
    expect(pino.lines.map(asPino)).toEqual([
      { level: 'debug', url: expect.not.stringContaining('s3cret-password'), msg: 'http request' },
    ]);
  });
});

describe('a pino-shaped logger given to the messenger', () => {
  it('gets the fields of listener failures and of rejected webhooks, at warn', async () => {
    const pino = pinoShapedLogger();
    const messenger = createMessenger({
      providers: [createFakeProvider({ id: 'fake', capabilities: { deliveryReports: true } })],
      webhooks: { token: 'logger-test-token-0123456789' },
      logger: pino,
    });
    messenger.on('sent', () => {
      throw new Error('listener broke');
    });
    await messenger.send({ to: '+60123456789', text: 'Hi' });
    const wrongToken = messenger.webhooks.callbackUrl('fake', 'https://app.example').replace(/[^/]+$/, 'wrong-token');
    expect((await messenger.webhooks.handle(new Request(wrongToken))).status).toBe(401);
    await messenger.close();

    expect(pino.lines.map(asPino)).toEqual(
      expect.arrayContaining([
        {
          level: 'error',
          event: 'sent',
          error: expect.objectContaining({ message: 'listener broke' }),
          msg: 'pesan: an event listener failed',
        },
        {
          level: 'warn',
          provider: 'fake',
          tokenFingerprint: expect.any(String),
          msg: 'webhook rejected: wrong token',
        },
      ]),
    );
  });
});
