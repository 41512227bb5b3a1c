/** The URL of one try: the origin, the path, then the query. */
export function buildRequestUrl(origin: string, path: string, query: Record<string, string> | undefined): string {
  const base = origin.endsWith('/') ? origin.slice(0, -1) : origin;
  const target = path.startsWith('/') ? path : `/${path}`;
  const search = query === undefined ? '' : new URLSearchParams(query).toString();
  if (search === '') return `${base}${target}`;
  return `${base}${target}${target.includes('?') ? '&' : '?'}${search}`;
}

/** A URL safe for logs and results: no user info, every query value replaced by `***`. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  const names = [...new Set(parsed.searchParams.keys())];
  for (const name of names) parsed.searchParams.set(name, '***');
  return parsed.toString();
}

/** An origin safe for logs, attempts and errors: user info removed, otherwise as given. */
export function redactOrigin(origin: string): string {
  if (!origin.includes('@')) return origin;
  try {
    const parsed = new URL(origin);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '[invalid origin]';
  }
}
