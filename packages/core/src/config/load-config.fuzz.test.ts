// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these properties are about ${ENV} references in plain strings.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import { type Environment, interpolateEnv } from './env-interpolation.js';
import { parseConfigText } from './load-config.js';

// Fixed seed and 10 000 runs: a failure reproduces, and `pnpm test` stays fast.
const RUNS = { numRuns: 10_000, seed: 12 } as const;

function outcome<T>(read: () => T): T | PesanError {
  try {
    return read();
  } catch (error) {
    if (!PesanError.isInstance(error)) throw error;
    return error;
  }
}

/** The interpolation before issue 12 (one global pattern), kept as the oracle of its grammar. */
function previousInterpolation(text: string, env: Environment, where: string, problems: string[]): string {
  return text.replace(/\$\$\{|\$\{([^}]*)(\})?/g, (match, inner: string | undefined, closed: string | undefined) => {
    if (match === '$${') return '${';
    if (closed === undefined) {
      problems.push(`${where}: unterminated "\${" (write "$\${" for a literal)`);
      return match;
    }
    const parsed = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/.exec(inner ?? '');
    if (!parsed) {
      problems.push(`${where}: "${match}" is not \${NAME} or \${NAME:-default}`);
      return match;
    }
    const [, name = '', fallback] = parsed;
    const value = env[name];
    if (fallback !== undefined) return value === undefined || value === '' ? fallback : value;
    if (value === undefined) {
      problems.push(`${where}: environment variable ${name} is not set`);
      return '';
    }
    return value;
  });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const env: Environment = { A: 'a', EMPTY: '', B_1: '$${x}' };
const referenceText = fc.string({
  unit: fc.constantFrom('$', '{', '}', ':', '-', 'A', 'B_1', 'EMPTY', 'Z', '1', ' ', '$${', '${A}', '${', ':-'),
  maxLength: 24,
});

describe('interpolateEnv (fuzz)', () => {
  it('replaces exactly what the pattern before issue 12 replaced, with the same problems', () => {
    fc.assert(
      fc.property(referenceText, (text) => {
        const expectedProblems: string[] = [];
        const expected = previousInterpolation(text, env, 'key', expectedProblems);
        const actual = interpolateEnv({ key: text }, env);
        return actual.value.key === expected && same(actual.problems, expectedProblems);
      }),
      RUNS,
    );
  });
});

describe('parseConfigText (fuzz)', () => {
  // The YAML parser warns about unknown `!tags` on the process; thousands of them say nothing here.
  beforeAll(() => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it('lets only INVALID_CONFIG escape, for any text as JSON or YAML', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({
        unit: fc.constantFrom('-', ' ', ':', '[', ']', '{', '}', '&a', '*a', '!!', '"', '\n', 'x'),
        maxLength: 30,
      }),
    );
    fc.assert(
      fc.property(text, fc.constantFrom('config.json', 'config.yaml', 'config.YML'), (source, path) => {
        const parsed = outcome(() => parseConfigText(source, path));
        return !PesanError.isInstance(parsed) || parsed.code === 'INVALID_CONFIG';
      }),
      RUNS,
    );
  });

  it('reads back any JSON data, and the same data as YAML flow text', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 1 }), (json) => {
        const data: unknown = JSON.parse(json);
        // JSON is YAML flow syntax, so both readers must agree on it.
        return same(parseConfigText(json, 'a.json'), data) && same(parseConfigText(json, 'a.yaml'), data);
      }),
      RUNS,
    );
  });
});
