import { PesanError } from '../errors/pesan-error.js';
import type { Logger } from '../provider/v1/logger.js';
import { silentLogger } from '../runtime/logger.js';
import { type LoggerInput, toLogger } from '../runtime/logger-adapter.js';

/** What a secret is replaced with (the same mark the transport puts in URLs). */
export const REDACTED = '***';

/**
 * Secrets shorter than this many characters are not searched for: one or
 * two characters occur in almost any text, so replacing them would wreck
 * every message while protecting nothing a guess would not find.
 */
export const MIN_SECRET_LENGTH = 3;

/**
 * Secrets shorter than this many characters are only found standing alone:
 * not inside a longer run of letters and digits. A password such as `1234`
 * then leaves `+60123456789` and port 51234 alone but is still found in
 * `pwd=1234&`, `"pwd":"1234"` or `pwd%3D1234`. Longer secrets are found
 * anywhere.
 */
export const MIN_EMBEDDED_SECRET_LENGTH = 12;

const ALPHANUMERIC = /^[A-Za-z0-9]$/;
// Strings at least this long are remembered by the probe (comparing shorter ones costs as much as testing them).
const REMEMBERED_LENGTH = 64;
// Not after a letter or digit, unless that ends a %XX or \uXXXX escape.
const STANDS_AFTER = '(?:(?<![A-Za-z0-9])|(?<=%[0-9A-Fa-f]{2})|(?<=\\\\u[0-9A-Fa-f]{4}))';
const STANDS_BEFORE = '(?![A-Za-z0-9])';

const HTML_NAMED: Readonly<Record<string, readonly string[]>> = {
  '&': ['&amp;'],
  '<': ['&lt;'],
  '>': ['&gt;'],
  '"': ['&quot;'],
  "'": ['&apos;'],
};

const JSON_SHORT: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** Hex digits matching either case: `2f` and `2F` are the same byte. */
function hexPattern(hex: string): string {
  return [...hex]
    .map((digit) => (/[a-f]/i.test(digit) ? `[${digit.toLowerCase()}${digit.toUpperCase()}]` : digit))
    .join('');
}

/**
 * Every way one character of a secret can be written back in an echoed
 * request: as itself, percent-encoded (UTF-8, either hex case, `+` for a
 * space as forms write it), JSON-escaped (`\"`, `\/`, `\u00fc`), and
 * HTML-escaped (`&quot;`, `&#34;`, `&#x22;`, and `\&quot;` for JSON inside
 * HTML). Mixed forms (`p%40ss+w0rd`) match too, as each character is free.
 */
function characterPattern(character: string): string {
  const alternatives = new Set<string>([escapeRegExp(character)]);
  const bytes = new TextEncoder().encode(character);
  alternatives.add([...bytes].map((byte) => `%${hexPattern(byte.toString(16).padStart(2, '0'))}`).join(''));
  if (character === ' ') alternatives.add('\\+');
  const units = Array.from({ length: character.length }, (_, index) => character.charCodeAt(index));
  alternatives.add(units.map((unit) => `\\\\u${hexPattern(unit.toString(16).padStart(4, '0'))}`).join(''));
  const short = JSON_SHORT[character];
  if (short !== undefined) alternatives.add(escapeRegExp(short));
  const codePoint = character.codePointAt(0) ?? 0;
  alternatives.add(`&#0*${codePoint};`);
  alternatives.add(`&#[xX]0*${hexPattern(codePoint.toString(16))};`);
  for (const entity of HTML_NAMED[character] ?? []) {
    alternatives.add(escapeRegExp(entity));
    // JSON written into an HTML page: `\"` becomes `\&quot;`.
    if (short?.endsWith(character)) alternatives.add(`${escapeRegExp(short.slice(0, -1))}${escapeRegExp(entity)}`);
  }
  return `(?:${[...alternatives].join('|')})`;
}

function secretPattern(secret: string): string {
  const characters = [...secret];
  const pattern = characters.map(characterPattern).join('');
  if (characters.length >= MIN_EMBEDDED_SECRET_LENGTH) return pattern;
  const before = ALPHANUMERIC.test(characters[0] ?? '') ? STANDS_AFTER : '';
  const after = ALPHANUMERIC.test(characters.at(-1) ?? '') ? STANDS_BEFORE : '';
  return `${before}${pattern}${after}`;
}

/**
 * What every match of `secrets` starts with: the first character of a
 * secret as itself, or the start of one of its escaped forms (`%` for
 * percent-encoding, a backslash for JSON, `&` for HTML, `+` for a space in a
 * form).
 * A string with none of these holds no secret, and is cleared by one quick
 * scan instead of the full pattern.
 */
function possibleStartPattern(secrets: readonly string[]): string {
  const starts = new Set(['%', '\\', '&']);
  for (const secret of secrets) {
    const first = [...secret][0]!;
    starts.add(first);
    if (first === ' ') starts.add('+');
  }
  return [...starts].map(escapeRegExp).join('|');
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Whether the walk descends into `value` (an array, a plain object, an
 * error): only then is a set of the objects on the way down needed. A `Date`
 * (every attempt's `startedAt`) or another class's object is not walked.
 */
function isWalked(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  return Array.isArray(value) || value instanceof Error || PesanError.isInstance(value) || isPlainObject(value);
}

/**
 * Removes a provider's secrets (passwords, API keys, app secrets) from
 * anything that may leave it: errors, log lines, events, `raw` answers.
 *
 * A vendor or a proxy in front of it may echo the request back (a PHP
 * warning, an ASP.NET validation page, a JSON error repeating the body), so
 * each secret is found as itself and as it travels: URL-encoded (both
 * `encodeURIComponent` and `application/x-www-form-urlencoded`, either hex
 * case), JSON-escaped (`JSON.stringify` and PHP's `\/` and `\u00fc`) and
 * HTML-escaped, and replaced by `***` ({@link REDACTED}). Secrets shorter
 * than {@link MIN_SECRET_LENGTH} characters are not searched for; those
 * shorter than {@link MIN_EMBEDDED_SECRET_LENGTH} only where they stand
 * alone, so a password `1234` does not eat phone numbers.
 *
 * {@link SecretRedactor.redact} copies what it changes and returns anything
 * without a secret as it is; a `PesanError` stays a `PesanError` with the
 * same code, outcome and attempts.
 *
 * @example
 * ```ts
 * const redactor = new SecretRedactor([options.password, options.apiKey]);
 * throw redactor.redact(error);
 * ```
 */
export class SecretRedactor {
  /** A redactor with no secrets: returns everything as it is. */
  static readonly none: SecretRedactor = new SecretRedactor([]);

  readonly #replace: RegExp | undefined;
  readonly #probe: RegExp | undefined;
  /** Matches where a secret could start (see `possibleStartPattern`): most strings have no such character. */
  readonly #mayStart: RegExp | undefined;
  /** Characters of the shortest secret: no shorter string can hold one, in any form. */
  readonly #shortest: number = Number.POSITIVE_INFINITY;
  readonly #loggers = new WeakMap<Logger, Logger>();
  #lastTested: string | undefined;
  #lastHeld = false;

  constructor(secrets: Iterable<string | null | undefined>) {
    const searched = [...new Set(secrets)].filter(
      (secret): secret is string => typeof secret === 'string' && [...secret].length >= MIN_SECRET_LENGTH,
    );
    if (searched.length === 0) return;
    // Longest first, so a secret containing another is replaced whole.
    const source = searched
      .sort((left, right) => right.length - left.length)
      .map(secretPattern)
      .join('|');
    this.#replace = new RegExp(source, 'g');
    this.#probe = new RegExp(source);
    this.#mayStart = new RegExp(possibleStartPattern(searched));
    this.#shortest = Math.min(...searched.map((secret) => secret.length));
  }

  /** Whether there is any secret to look for. */
  get active(): boolean {
    return this.#probe !== undefined;
  }

  /** `text` with every secret, in any of its forms, replaced by `***`. */
  redactText(text: string): string {
    if (this.#replace === undefined || !this.#probe!.test(text)) return text;
    return text.replace(this.#replace, REDACTED);
  }

  /** Whether a secret occurs in any string of `value`: errors (message, stack, details, cause), arrays, plain objects and their keys. */
  contains(value: unknown): boolean {
    if (this.#probe === undefined) return false;
    return this.#contains(value);
  }

  /**
   * `value` without the secrets: strings replaced, plain objects and arrays
   * copied, errors rebuilt (a `PesanError` as a `PesanError` with the same
   * code, outcome, retryability and attempts, its stack kept). Anything
   * without a secret, and objects of other classes, are returned as they are.
   */
  redact<T>(value: T): T {
    if (!this.contains(value)) return value;
    return this.#redact(value, new Map()) as T;
  }

  /**
   * `logger` with every line and field redacted (the same logger when there
   * are no secrets). A pino-style `(fields, message)` logger is adapted first
   * (see `toLogger`).
   */
  logger(given: LoggerInput): Logger {
    // The messenger's default, asked for on every call: no adapter to look for, nothing to redact.
    if (given === silentLogger) return silentLogger;
    const logger = toLogger(given);
    // The silent logger drops every line: redacting what it is handed would be work for nothing.
    if (!this.active || logger === silentLogger) return logger;
    const known = this.#loggers.get(logger);
    if (known !== undefined) return known;
    const write =
      (level: keyof Logger) =>
      (message: string, fields?: Record<string, unknown>): void => {
        if (fields === undefined) logger[level](this.redactText(message));
        else logger[level](this.redactText(message), this.redact(fields));
      };
    const redacting: Logger = {
      debug: write('debug'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
    };
    this.#loggers.set(logger, redacting);
    return redacting;
  }

  /**
   * Whether `text` holds a secret. The last long string tested is remembered:
   * a batch's results each carry the same answer as `raw`, and one test of it
   * answers for all of them.
   */
  #holdsSecret(text: string): boolean {
    if (text.length < this.#shortest) return false;
    if (text === this.#lastTested) return this.#lastHeld;
    const held = this.#mayStart!.test(text) && this.#probe!.test(text);
    if (text.length >= REMEMBERED_LENGTH) {
      this.#lastTested = text;
      this.#lastHeld = held;
    }
    return held;
  }

  /**
   * Walks `value`. `seen` holds the objects walked so far, made only when
   * there is an object to descend into: a flat object of strings and dates
   * (an attempt) costs no set. A plain `Set`: it lives for one walk, and a
   * `WeakSet` costs the garbage collector more.
   */
  #contains(value: unknown, seen?: Set<object>): boolean {
    if (typeof value === 'string') return this.#holdsSecret(value);
    if (typeof value !== 'object' || value === null || seen?.has(value)) return false;
    if (value instanceof Error || PesanError.isInstance(value)) {
      const error = value as Error & Partial<PesanError>;
      seen ??= new Set();
      seen.add(value);
      return (
        this.#contains(error.message, seen) ||
        this.#contains(error.stack, seen) ||
        this.#contains(error.vendorCode, seen) ||
        this.#contains(error.vendorMessage, seen) ||
        this.#contains(error.endpoint, seen) ||
        this.#contains(error.details, seen) ||
        this.#contains(error.cause, seen)
      );
    }
    if (Array.isArray(value)) {
      for (const entry of value) {
        if (isWalked(entry)) {
          seen ??= new Set();
          seen.add(value);
        }
        if (this.#contains(entry, seen)) return true;
      }
      return false;
    }
    if (!isPlainObject(value)) return false;
    for (const key in value) {
      const entry = value[key];
      if (isWalked(entry)) {
        seen ??= new Set();
        seen.add(value);
      }
      if (this.#contains(key) || this.#contains(entry, seen)) return true;
    }
    return false;
  }

  // `copies` maps what is being or was redacted to its copy, so shared and cyclic references stay shared.
  #redact(value: unknown, copies: Map<object, unknown>): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (typeof value !== 'object' || value === null) return value;
    const known = copies.get(value);
    if (known !== undefined) return known;
    if (!this.#contains(value)) return value;
    if (PesanError.isInstance(value)) return this.#redactPesanError(value, copies);
    if (value instanceof Error) return this.#redactError(value, copies);
    if (Array.isArray(value)) {
      const copy: unknown[] = [];
      copies.set(value, copy);
      for (const entry of value) copy.push(this.#redact(entry, copies));
      return copy;
    }
    if (!isPlainObject(value)) return value;
    const copy: Record<string, unknown> = {};
    copies.set(value, copy);
    for (const [key, entry] of Object.entries(value)) copy[this.redactText(key)] = this.#redact(entry, copies);
    return copy;
  }

  #redactPesanError(error: PesanError, copies: Map<object, unknown>): PesanError {
    const copy = new PesanError(error.code, {
      message: this.redactText(error.message),
      outcome: error.outcome,
      retryable: error.retryable,
      ...(error.vendorCode === undefined ? {} : { vendorCode: this.redactText(error.vendorCode) }),
      ...(error.vendorMessage === undefined ? {} : { vendorMessage: this.redactText(error.vendorMessage) }),
      ...(error.provider === undefined ? {} : { provider: error.provider }),
      ...(error.endpoint === undefined ? {} : { endpoint: this.redactText(error.endpoint) }),
    });
    // Registered before its details and cause are walked, so a cycle back to it lands on the copy.
    copies.set(error, copy);
    Object.assign(copy, {
      details: this.#redact(error.details, copies),
      stack: error.stack === undefined ? copy.stack : this.redactText(error.stack),
    });
    if (error.cause !== undefined) Object.assign(copy, { cause: this.#redact(error.cause, copies) });
    return copy;
  }

  #redactError(error: Error, copies: Map<object, unknown>): Error {
    const copy = new Error(this.redactText(error.message));
    copies.set(error, copy);
    copy.name = error.name;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code });
    Object.assign(copy, { stack: error.stack === undefined ? copy.stack : this.redactText(error.stack) });
    if (error.cause !== undefined) Object.assign(copy, { cause: this.#redact(error.cause, copies) });
    return copy;
  }
}

/** `value` with `secrets` redacted (see {@link SecretRedactor}); for one-off use. */
export function redactSecrets<T>(value: T, secrets: Iterable<string | null | undefined>): T {
  return new SecretRedactor(secrets).redact(value);
}
