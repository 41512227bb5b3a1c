import { inspect } from 'node:util';
import { PesanError } from '../errors/pesan-error.js';

/** One way a secret can be written (see {@link secretForms}). */
export interface SecretForm {
  /** `raw`, `uri-component`, `form-urlencoded`, `json`, `php-json`, `html`, ... */
  name: string;
  /** The secret written that way. */
  text: string;
}

/** Where a secret was found by {@link findSecretLeaks}. */
export interface SecretLeak {
  /** The source and index, e.g. `errors[3]`. */
  source: string;
  /** Index of the secret in the list given. */
  secret: number;
  /** The form it was found in. */
  form: string;
  /** The text around it, every secret masked, so a report never prints one. */
  excerpt: string;
}

/** What an application could print or store, by origin. */
export interface SecretLeakSources {
  /** Log lines (`createRecordingLogger().lines`). */
  logs?: readonly unknown[];
  /** Messenger event payloads. */
  events?: readonly unknown[];
  /** Errors thrown or returned. */
  errors?: readonly unknown[];
  /** Results (`SendResult`, `BulkResult`, `Balance`, `StatusReport`, webhook answers ...), `raw` included. */
  results?: readonly unknown[];
}

function upperPercent(text: string): string {
  return text.replace(/%[0-9a-f]{2}/gi, (percent) => percent.toUpperCase());
}

function lowerPercent(text: string): string {
  return text.replace(/%[0-9a-f]{2}/gi, (percent) => percent.toLowerCase());
}

function phpJson(text: string): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function htmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#039;');
}

/**
 * The forms a secret takes when a request is echoed back: as itself,
 * `encodeURIComponent` and `application/x-www-form-urlencoded` (`+` for a
 * space; upper- and lower-case hex), JSON-escaped (`JSON.stringify`, and
 * PHP's `json_encode` with `\/` and `\u00fc`), and HTML-escaped. Forms that
 * come out the same are listed once.
 */
export function secretForms(secret: string): SecretForm[] {
  const uri = upperPercent(encodeURIComponent(secret));
  const form = upperPercent(new URLSearchParams({ s: secret }).toString().slice(2));
  const candidates: SecretForm[] = [
    { name: 'raw', text: secret },
    { name: 'uri-component', text: uri },
    { name: 'uri-component-lower-hex', text: lowerPercent(uri) },
    { name: 'form-urlencoded', text: form },
    { name: 'form-urlencoded-lower-hex', text: lowerPercent(form) },
    { name: 'json', text: JSON.stringify(secret).slice(1, -1) },
    { name: 'php-json', text: phpJson(secret) },
    { name: 'html', text: htmlEscape(secret) },
  ];
  const seen = new Set<string>();
  return candidates.filter((candidate) => {
    if (seen.has(candidate.text)) return false;
    seen.add(candidate.text);
    return true;
  });
}

/** Every string inside `value`: strings, keys, and each error's message, stack, fields, details and cause. */
function strings(value: unknown, found: string[], seen: WeakSet<object>): void {
  if (typeof value === 'string') {
    found.push(value);
    return;
  }
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Error || PesanError.isInstance(value)) {
    const error = value as Error & Partial<PesanError>;
    for (const part of [error.name, error.message, error.stack, String(error), error.vendorCode, error.vendorMessage]) {
      strings(part, found, seen);
    }
    for (const part of [error.endpoint, error.details, error.cause]) strings(part, found, seen);
  }
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  for (const [key, entry] of entries) {
    strings(key, found, seen);
    strings(entry, found, seen);
  }
  if (value instanceof Set) for (const entry of value) strings(entry, found, seen);
}

/** `value` as `JSON.stringify` writes it (errors included, cycles cut). */
function json(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return (
      JSON.stringify(value, (_, entry: unknown) => {
        if (typeof entry === 'bigint') return entry.toString();
        if (typeof entry !== 'object' || entry === null) return entry;
        if (seen.has(entry)) return '[Seen]';
        seen.add(entry);
        if (entry instanceof Error && !PesanError.isInstance(entry)) {
          return { name: entry.name, message: entry.message, stack: entry.stack, cause: entry.cause };
        }
        return entry;
      }) ?? ''
    );
  } catch (error) {
    return `[unserialisable: ${String(error)}]`;
  }
}

/** Every text an application could get out of `value`: its strings, its JSON, and `util.inspect` (what `console.log` prints). */
function printed(value: unknown): string[] {
  const found: string[] = [];
  strings(value, found, new WeakSet());
  found.push(json(value));
  if (PesanError.isInstance(value)) found.push(JSON.stringify(value.toJSON()));
  found.push(inspect(value, { depth: Number.POSITIVE_INFINITY, breakLength: Number.POSITIVE_INFINITY }));
  return found;
}

function mask(text: string, secrets: readonly string[]): string {
  let masked = text;
  secrets.forEach((secret, index) => {
    for (const form of secretForms(secret)) masked = masked.split(form.text).join(`<secret ${index}>`);
  });
  return masked;
}

/**
 * Every place a secret occurs, in any of its {@link secretForms}, in what an
 * application could print: log lines, event payloads, errors (message,
 * stack, `details`, `cause`, `JSON.stringify`, `util.inspect`) and results
 * (`raw` included).
 */
export function findSecretLeaks(secrets: readonly string[], sources: SecretLeakSources): SecretLeak[] {
  const leaks: SecretLeak[] = [];
  for (const [source, values] of Object.entries(sources) as [string, readonly unknown[] | undefined][]) {
    (values ?? []).forEach((value, index) => {
      const texts = printed(value);
      secrets.forEach((secret, secretIndex) => {
        for (const form of secretForms(secret)) {
          const text = texts.find((candidate) => candidate.includes(form.text));
          if (text === undefined) continue;
          const at = text.indexOf(form.text);
          const excerpt = mask(text.slice(Math.max(0, at - 80), at + form.text.length + 80), secrets);
          leaks.push({ source: `${source}[${index}]`, secret: secretIndex, form: form.name, excerpt });
          break;
        }
      });
    });
  }
  return leaks;
}

/**
 * Throws, listing every leak without printing a secret, when any secret
 * occurs in `sources` (see {@link findSecretLeaks}). Works in any test runner.
 *
 * @example
 * ```ts
 * expectNoSecretLeaks([password], { logs: logger.lines, events, errors, results });
 * ```
 */
export function expectNoSecretLeaks(secrets: readonly string[], sources: SecretLeakSources): void {
  const leaks = findSecretLeaks(secrets, sources);
  if (leaks.length === 0) return;
  const lines = leaks.map((leak) => `- ${leak.source}: secret ${leak.secret} (${leak.form}) in ...${leak.excerpt}...`);
  throw new Error(`${leaks.length} secret leak(s):\n${lines.join('\n')}`);
}
