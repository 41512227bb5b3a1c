import type { IncomingHttpHeaders } from 'node:http';

/** Headers a sandbox hides in its records unless told otherwise. */
export const SANDBOX_REDACTED_HEADERS: readonly string[] = Object.freeze([
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
]);

const HIDDEN = '***';
const MAX_DEPTH = 32;

/**
 * Hides secrets in what a sandbox records: parameters and JSON keys named in
 * `parameterNames`, headers named in `headerNames`, both without regard to case.
 */
export class SandboxRedaction {
  readonly #parameters: ReadonlySet<string>;
  readonly #headers: ReadonlySet<string>;

  constructor(parameterNames: readonly string[], headerNames: readonly string[] = SANDBOX_REDACTED_HEADERS) {
    this.#parameters = new Set(parameterNames.map((name) => name.toLowerCase()));
    this.#headers = new Set(headerNames.map((name) => name.toLowerCase()));
  }

  /** Name/value pairs with secret values replaced by `***`. */
  pairs(parameters: Iterable<readonly [string, string]>): [string, string][] {
    return [...parameters].map(([name, value]) => [name, this.#parameters.has(name.toLowerCase()) ? HIDDEN : value]);
  }

  /** A copy of `value` with secret keys replaced by `***` at any depth (deeper than 32 levels is cut). */
  json(value: unknown, depth = 0): unknown {
    if (typeof value !== 'object' || value === null) return value;
    if (depth >= MAX_DEPTH) return HIDDEN;
    if (Array.isArray(value)) return value.map((item) => this.json(item, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = this.#parameters.has(key.toLowerCase()) ? HIDDEN : this.json(item, depth + 1);
    }
    return copy;
  }

  /** Headers as one string each, secret ones replaced by `***`. */
  headers(headers: IncomingHttpHeaders): Record<string, string> {
    const copy: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      copy[name] = this.#headers.has(name.toLowerCase()) ? HIDDEN : Array.isArray(value) ? value.join(', ') : value;
    }
    return copy;
  }
}
