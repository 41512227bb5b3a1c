/** The default callback path: `/webhooks/<providerId>/<token>`. */
export const DEFAULT_WEBHOOK_PATH = '/webhooks/:provider/:token';

/** A callback path pattern, ready to match request paths and build callback URLs. */
export interface WebhookPath {
  /** The pattern, e.g. `/api/hooks/:provider/:token`. */
  readonly pattern: string;
  /**
   * The provider id and token of `pathname` when its last segments match the
   * pattern (so a mount prefix in front is fine), `'malformed'` when they
   * match but do not decode, else `undefined`.
   */
  match(pathname: string): { providerId: string; token: string } | 'malformed' | undefined;
  /** The path for `providerId` and `token`, each percent-encoded. */
  build(providerId: string, token: string): string;
}

const LITERAL_SEGMENT = /^[A-Za-z0-9._~-]+$/;

/** Why `pattern` is not a usable callback path, or `undefined`. */
export function webhookPathProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string' || !pattern.startsWith('/')) return 'must be a path starting with "/"';
  if (pattern.length > 512) return 'at most 512 characters';
  const segments = pattern.split('/').slice(1);
  if (segments.some((segment) => segment === '')) return 'must not have empty segments or a trailing "/"';
  const provider = segments.filter((segment) => segment === ':provider').length;
  const token = segments.filter((segment) => segment === ':token').length;
  if (provider !== 1 || token !== 1) return 'must contain ":provider" and ":token" once each, as whole segments';
  const other = segments.find(
    (segment) => segment !== ':provider' && segment !== ':token' && !LITERAL_SEGMENT.test(segment),
  );
  if (other !== undefined) {
    return `segment ${JSON.stringify(other)}: only letters, digits, ".", "_", "~" and "-" (or :provider, :token)`;
  }
  return undefined;
}

/** A {@link WebhookPath} for `pattern` (default {@link DEFAULT_WEBHOOK_PATH}); check it with {@link webhookPathProblem} first. */
export function webhookPath(pattern: string = DEFAULT_WEBHOOK_PATH): WebhookPath {
  const problem = webhookPathProblem(pattern);
  if (problem !== undefined) throw new Error(`webhooks.path: ${problem}`);
  const parts = pattern.split('/').slice(1);
  return {
    pattern,
    match(pathname) {
      const segments = pathname.split('/').filter((segment) => segment.length > 0);
      if (segments.length < parts.length) return undefined;
      const tail = segments.slice(segments.length - parts.length);
      let rawProvider = '';
      let rawToken = '';
      for (const [index, part] of parts.entries()) {
        const segment = tail[index] as string;
        if (part === ':provider') rawProvider = segment;
        else if (part === ':token') rawToken = segment;
        else if (segment !== part) return undefined;
      }
      try {
        return { providerId: decodeURIComponent(rawProvider), token: decodeURIComponent(rawToken) };
      } catch {
        return 'malformed';
      }
    },
    build(providerId, token) {
      return `/${parts
        .map((part) =>
          part === ':provider' ? encodeURIComponent(providerId) : part === ':token' ? encodeURIComponent(token) : part,
        )
        .join('/')}`;
    },
  };
}
