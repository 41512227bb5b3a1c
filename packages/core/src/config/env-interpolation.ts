/** Environment variables by name, as `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** The interpolated value and the problems found, by path. */
export interface Interpolation<T> {
  value: T;
  problems: string[];
}

const INNER = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;

/** Formats a path the way problems show it: `providers[1].password`. */
export function formatPath(base: string, segment: string | number): string {
  if (typeof segment === 'number') return `${base}[${segment}]`;
  return base ? `${base}.${segment}` : segment;
}

function resolveReference(
  reference: string,
  inner: string,
  env: Environment,
  where: string,
  problems: string[],
): string {
  const parsed = INNER.exec(inner);
  if (!parsed) {
    problems.push(`${where}: "${reference}" is not \${NAME} or \${NAME:-default}`);
    return reference;
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
}

// A scan rather than one global pattern: a config string with thousands of
// references stays linear in time and in garbage.
function interpolateString(text: string, env: Environment, path: string, problems: string[]): string {
  const where = path || '(root)';
  let result = '';
  let copied = 0;
  let dollar = text.indexOf('$');
  while (dollar >= 0) {
    if (text[dollar + 1] === '$' && text[dollar + 2] === '{') {
      result += `${text.slice(copied, dollar)}\${`;
      copied = dollar + 3;
    } else if (text[dollar + 1] === '{') {
      const close = text.indexOf('}', dollar + 2);
      if (close < 0) {
        problems.push(`${where}: unterminated "\${" (write "$\${" for a literal)`);
        break;
      }
      const reference = text.slice(dollar, close + 1);
      result +=
        text.slice(copied, dollar) + resolveReference(reference, text.slice(dollar + 2, close), env, where, problems);
      copied = close + 1;
    } else {
      dollar = text.indexOf('$', dollar + 1);
      continue;
    }
    dollar = text.indexOf('$', copied);
  }
  return result + text.slice(copied);
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
