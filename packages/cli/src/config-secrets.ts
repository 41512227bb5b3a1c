import { resolveEnvReferences } from './env-references.js';

/** Option names whose values are secrets: passwords, app secrets, API keys, webhook tokens. */
export const SECRET_OPTION = /password|secret|api.?key|token/i;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function walk(value: unknown, visit: (key: string | undefined, text: string) => void, key?: string): void {
  if (typeof value === 'string') visit(key, value);
  else if (Array.isArray(value)) for (const entry of value) walk(entry, visit, key);
  else if (isRecord(value)) for (const [name, entry] of Object.entries(value)) walk(entry, visit, name);
}

/**
 * Every secret a config holds, as it will be used: the value of each option
 * named like a secret (with `${ENV}` resolved), and the value of every
 * referenced variable named like one (`${ISMS_PASSWORD}` anywhere).
 */
export function configSecrets(config: unknown, env: NodeJS.ProcessEnv): string[] {
  const secrets = new Set<string>();
  walk(config, (key, text) => {
    const resolved = resolveEnvReferences(text, env);
    if (key !== undefined && SECRET_OPTION.test(key)) {
      secrets.add(text);
      secrets.add(resolved.value);
    }
    for (const name of resolved.names) {
      const value = env[name];
      if (SECRET_OPTION.test(name) && value !== undefined && value !== '') secrets.add(value);
    }
  });
  // `${ISMS_PASSWORD}` itself is a reference, not a secret.
  return [...secrets].filter((secret) => secret !== '' && !/^\$\{[^}]*\}$/.test(secret));
}

/**
 * The config as it will be used (`${ENV}` resolved), with the value of every
 * option named like a secret replaced: `***`, or `*** (${NAME})` when it comes
 * from a variable, so a reader can still see where it is read from.
 */
export function maskedConfig(config: unknown, env: NodeJS.ProcessEnv): unknown {
  const mask = (value: unknown, secret: boolean): unknown => {
    if (typeof value === 'string') {
      const resolved = resolveEnvReferences(value, env);
      if (!secret) return resolved.value;
      return resolved.names.length === 0 ? '***' : `*** (${resolved.names.map((name) => `\${${name}}`).join(' ')})`;
    }
    if (Array.isArray(value)) return value.map((entry) => mask(entry, secret));
    if (isRecord(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, entry]) => [key, mask(entry, secret || SECRET_OPTION.test(key))]),
      );
    }
    return value;
  };
  return mask(config, false);
}
