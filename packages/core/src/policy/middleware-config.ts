import { z } from 'zod';
import { requiredErrorMap } from '../config/zod-problems.js';
import { PesanError } from '../errors/pesan-error.js';
import { malaysiaPromotional } from './malaysia-promotional.js';
import type { Middleware } from './middleware.js';
import { optOuts } from './opt-outs.js';
import { recipientCaps } from './recipient-caps.js';
import { smartEncoding } from './smart-encoding.js';

/** Accepts numbers written as strings, as `${ENV}` interpolation produces them. */
function numeric<Schema extends z.ZodType>(schema: Schema) {
  return z.preprocess(
    (value) =>
      typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value,
    schema,
  );
}

const keywordList = z.array(z.string().trim().min(1)).min(1);
const clockTime = z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');

/** Option schemas of the built-in middleware, by the name config files use. */
const BUILT_IN = {
  optOuts: {
    schema: z
      .strictObject({
        keywords: keywordList.optional(),
        optInKeywords: keywordList.optional(),
        allowTransactional: z.boolean().optional(),
      })
      .optional(),
    create: (options: unknown) => optOuts(options as Parameters<typeof optOuts>[0]),
  },
  malaysiaPromotional: {
    schema: z
      .strictObject({
        prefix: z.string().min(1).optional(),
        quietHours: z
          .union([
            z.literal(false),
            z.strictObject({ start: clockTime, end: clockTime, timeZone: z.string().min(1).optional() }),
          ])
          .optional(),
        outsideHours: z.enum(['hold', 'refuse']).optional(),
        refuseLinks: z.boolean().optional(),
        refusePhoneNumbers: z.boolean().optional(),
      })
      .optional(),
    create: (options: unknown) => malaysiaPromotional(options as Parameters<typeof malaysiaPromotional>[0]),
  },
  smartEncoding: {
    schema: z.strictObject({ replacements: z.record(z.string().min(1), z.string()).optional() }).optional(),
    create: (options: unknown) => smartEncoding(options as Parameters<typeof smartEncoding>[0]),
  },
  recipientCaps: {
    schema: z.strictObject({
      max: numeric(z.number().int().positive()),
      windowSeconds: numeric(z.number().positive()),
      maxNumbers: numeric(z.number().int().positive()).optional(),
    }),
    create: (options: unknown) => recipientCaps(options as Parameters<typeof recipientCaps>[0]),
  },
} as const;

type BuiltInName = keyof typeof BUILT_IN;

/** Names of the built-in middleware, as config files write them. */
export const BUILT_IN_MIDDLEWARE: readonly BuiltInName[] = Object.freeze(Object.keys(BUILT_IN) as BuiltInName[]);

const isBuiltIn = (name: string): name is BuiltInName => Object.hasOwn(BUILT_IN, name);

/**
 * The `middleware` section of a config file: built-in policies by name, in
 * order, each a name (`"smartEncoding"`) or a one-key object with its
 * options (`{ "optOuts": { "allowTransactional": true } }`). Parses into
 * `Middleware` instances; problems are reported by path.
 *
 * @example
 * ```yaml
 * middleware:
 *   - malaysiaPromotional: { prefix: "RM0 ", refuseLinks: true }
 *   - optOuts
 *   - recipientCaps: { max: 5, windowSeconds: 3600 }
 *   - smartEncoding
 * ```
 */
export const middlewareConfigSchema = z.array(z.unknown()).transform((entries, context) => {
  const built: Middleware[] = [];
  for (const [index, entry] of entries.entries()) {
    let name: string;
    let options: unknown;
    if (typeof entry === 'string') {
      name = entry;
    } else if (
      typeof entry === 'object' &&
      entry !== null &&
      !Array.isArray(entry) &&
      Object.keys(entry).length === 1
    ) {
      [name, options] = Object.entries(entry)[0]!;
    } else {
      context.addIssue({
        code: 'custom',
        path: [index],
        message: `must be a middleware name or { name: options } (one of ${BUILT_IN_MIDDLEWARE.join(', ')})`,
      });
      continue;
    }
    if (!isBuiltIn(name)) {
      context.addIssue({
        code: 'custom',
        path: [index],
        message: `unknown middleware "${name}" (built-in: ${BUILT_IN_MIDDLEWARE.join(', ')}); pass your own in code`,
      });
      continue;
    }
    const parsed = BUILT_IN[name].schema.safeParse(options ?? undefined, { error: requiredErrorMap });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        context.addIssue({ ...issue, path: [index, name, ...issue.path] } as never);
      }
      continue;
    }
    try {
      built.push(BUILT_IN[name].create(parsed.data));
    } catch (error) {
      context.addIssue({
        code: 'custom',
        path: [index, name],
        message: PesanError.isInstance(error) || error instanceof Error ? error.message : String(error),
      });
    }
  }
  return built;
});
