import { encodeForm } from './form-encoding.js';

/** `origin` without a trailing slash. */
function originBase(origin: string): string {
  return origin.endsWith('/') ? origin.slice(0, -1) : origin;
}

/** What follows the origin in the URL of one try: the path, then the query. */
function pathAndQuery(path: string, query: Record<string, string> | undefined): string {
  const target = path.startsWith('/') ? path : `/${path}`;
  const search = query === undefined ? '' : encodeForm(query);
  if (search === '') return target;
  return `${target}${target.includes('?') ? '&' : '?'}${search}`;
}

/** The URL of one try: the origin, the path, then the query. */
export function buildRequestUrl(origin: string, path: string, query: Record<string, string> | undefined): string {
  return `${originBase(origin)}${pathAndQuery(path, query)}`;
}

/** Where undici sends one try: the origin (scheme, host, port), the path with the query, and the whole URL. */
export interface DispatchTarget {
  origin: string;
  path: string;
  url: string;
}

/** An origin as given (`https://host[:port][/prefix]`), split once: scheme, host and port, then the path prefix. */
interface SplitOrigin {
  origin: string;
  prefix: string;
}

const splitOrigins = new Map<string, SplitOrigin>();
const MAX_SPLIT_ORIGINS = 256;

function splitOrigin(given: string): SplitOrigin {
  let split = splitOrigins.get(given);
  if (split === undefined) {
    const parsed = new URL(given);
    split = {
      origin: parsed.origin,
      prefix: parsed.pathname.endsWith('/') ? parsed.pathname.slice(0, -1) : parsed.pathname,
    };
    if (splitOrigins.size >= MAX_SPLIT_ORIGINS) splitOrigins.clear();
    splitOrigins.set(given, split);
  }
  return split;
}

/**
 * {@link buildRequestUrl} as undici's `dispatch` takes it: the origin apart
 * from the path (a path prefix of the origin, such as `https://host/api`,
 * goes in front of the path). The origin is parsed once and remembered.
 */
export function dispatchTarget(
  origin: string,
  path: string,
  query: Record<string, string> | undefined,
): DispatchTarget {
  const rest = pathAndQuery(path, query);
  const split = splitOrigin(origin);
  return { origin: split.origin, path: `${split.prefix}${rest}`, url: `${originBase(origin)}${rest}` };
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
