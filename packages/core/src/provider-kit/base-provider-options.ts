import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { PesanError } from '../errors/pesan-error.js';
import type { HttpTransport } from '../http/http-transport.js';
import type { Logger } from '../provider/v1/logger.js';
import type { Clock } from '../runtime/clock.js';
import type { LoggerInput } from '../runtime/logger-adapter.js';

/** An origin: `https://host[:port]` with no path, query or credentials. */
export const originSchema = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'https:' || url.protocol === 'http:') &&
        (url.pathname === '/' || url.pathname === '') &&
        url.search === '' &&
        url.hash === '' &&
        url.username === '' &&
        url.password === ''
      );
    } catch {
      return false;
    }
  },
  { message: 'must be an origin such as https://api.example.com (no path, query or credentials)' },
);

/**
 * What every HTTP provider's data options share (a config file can hold
 * them): `id`, `baseUrls` (origins, tried in order), `timeoutMs` (per try)
 * and `defaultRegion` (for national numbers). Extend it with the vendor's
 * credentials and switches; it is strict, so a misspelt option is an error.
 */
export const baseProviderOptionsSchema = z.strictObject({
  id: z.string().trim().min(1).optional(),
  baseUrls: z.array(originSchema).min(1).max(16).optional(),
  timeoutMs: z.number().int().positive().max(600_000).optional(),
  defaultRegion: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 region such as MY')
    .default('MY'),
});

const isObject = (value: unknown) => typeof value === 'object' && value !== null;

/** The objects only code can pass a provider factory (never a config file). */
export const providerServicesShape = {
  dispatcher: z.custom<Dispatcher>(isObject, 'must be an undici Dispatcher').optional(),
  transport: z.custom<HttpTransport>(isObject, 'must be an HttpTransport').optional(),
  clock: z.custom<Clock>(isObject, 'must be a Clock').optional(),
  logger: z.custom<Logger>(isObject, 'must be a Logger').optional(),
};

/** The options every provider factory takes besides its vendor's (see {@link baseProviderOptionsSchema}). */
export interface BaseProviderOptions {
  /** Instance name from config; each provider has a default. */
  id?: string;
  /** Origins tried in order; default the vendor's documented ones, recommended first. */
  baseUrls?: string[];
  /** Per-try timeout in milliseconds (default 15 000). */
  timeoutMs?: number;
  /** Region for national numbers (default `MY`). */
  defaultRegion?: string;
  /** An undici dispatcher of the provider's own (a `MockAgent` in tests). */
  dispatcher?: Dispatcher;
  /** A transport of the provider's own. Default: the messenger's, or one made on first use. */
  transport?: HttpTransport;
  /** Time source. */
  clock?: Clock;
  /** Logger for the provider's own transport. A pino-style `(fields, message)` logger is adapted (see `toLogger`). */
  logger?: LoggerInput;
}

/**
 * Validates provider options with `schema`; throws `PesanError`
 * `INVALID_CONFIG` listing every problem by path. Values are never echoed,
 * so a password cannot leak into the message.
 */
export function parseProviderOptions<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  vendor: string,
  defaultId: string,
): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`);
  const id = (input as { id?: unknown } | null)?.id;
  throw new PesanError('INVALID_CONFIG', {
    message: `Invalid ${vendor} options: ${problems.join('; ')}`,
    provider: typeof id === 'string' ? id : defaultId,
    details: { problems },
  });
}
