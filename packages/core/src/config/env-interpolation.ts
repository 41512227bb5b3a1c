/** Environment variables by name, as `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** The interpolated value and the problems found, by path. */
export interface Interpolation<T> {
  value: T;
  problems: string[];
}

const REFERENCE = /\$\$\{|\$\{([^}]*)(\})?/g;
const INNER = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;

/** Formats a path the way problems show it: `providers[1].password`. */
export function formatPath(base: string, segment: string | number): string {
  if (typeof segment === 'number') return `${base}[${segment}]`;
  return base ? `${base}.${segment}` : segment;
}

function interpolateString(text: string, env: Environment, path: string, problems: string[]): string {
  return text.replace(REFERENCE, (match, inner: string | undefined, closed: string | undefined) => {
    if (match === '$${') return '${';
    const where = path || '(root)';
    if (closed === undefined) {
      problems.push(`${where}: unterminated "\${" (write "$\${" for a literal)`);
      return match;
    }
    const parsed = INNER.exec(inner ?? '');
    if (!parsed) {
      problems.push(`${where}: "${match}" is not \${NAME} or \${NAME:-default}`);
      return match;
    }
    const [, name = '', fallback] = parsed;
    const value = env[name];
    // As in POSIX shells, `:-` also replaces an empty value.
    if (fallback !== undefined) return value === undefined || value === '' ? fallback : value;
    if (value === undefined) {
      problems.push(`${where}: environment variable ${name} is not set`);
      return '';
    }
    return value;
  });
}

/**
 * Replaces `${NAME}` and `${NAME:-default}` in every string of `value`
 * (object keys are left alone). `$${` stands for a literal `${`. An unset
 * variable without default is a problem at the string's path.
 */
export function interpolateEnv<T>(value: T, env: Environment, path = ''): Interpolation<T> {
  const problems: string[] = [];
  const walk = (node: unknown, at: string): unknown => {
    if (typeof node === 'string') return interpolateString(node, env, at, problems);
    if (Array.isArray(node)) return node.map((entry, index) => walk(entry, formatPath(at, index)));
    if (typeof node === 'object' && node !== null && Object.getPrototypeOf(node) === Object.prototype) {
      return Object.fromEntries(Object.entries(node).map(([key, entry]) => [key, walk(entry, formatPath(at, key))]));
    }
    return node;
  };
  return { value: walk(value, path) as T, problems };
}
