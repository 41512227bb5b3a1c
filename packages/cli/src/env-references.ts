/**
 * `${NAME}` and `${NAME:-default}` in a config string, resolved the way
 * `createMessengerFromConfig` resolves them (`$${` is a literal `${`). The CLI
 * needs the values to find secrets and to show the effective config; an
 * unresolvable reference is left as written (the messenger reports it).
 */
export interface ResolvedText {
  /** The text with every reference resolved. */
  value: string;
  /** Names of the variables referenced. */
  names: string[];
}

const NAME = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;

/** Resolves the references in `text` against `env`, in one linear scan. */
export function resolveEnvReferences(text: string, env: NodeJS.ProcessEnv): ResolvedText {
  const names: string[] = [];
  let value = '';
  let copied = 0;
  let dollar = text.indexOf('$');
  while (dollar >= 0) {
    if (text[dollar + 1] === '$' && text[dollar + 2] === '{') {
      value += `${text.slice(copied, dollar)}\${`;
      copied = dollar + 3;
    } else if (text[dollar + 1] === '{') {
      const close = text.indexOf('}', dollar + 2);
      if (close < 0) break;
      const parsed = NAME.exec(text.slice(dollar + 2, close));
      let replacement = text.slice(dollar, close + 1);
      if (parsed) {
        const [, name = '', fallback] = parsed;
        names.push(name);
        const found = env[name];
        if (fallback !== undefined) replacement = found === undefined || found === '' ? fallback : found;
        else if (found !== undefined) replacement = found;
      }
      value += text.slice(copied, dollar) + replacement;
      copied = close + 1;
    }
    dollar = text.indexOf('$', Math.max(copied, dollar + 1));
  }
  return { value: value + text.slice(copied), names };
}
