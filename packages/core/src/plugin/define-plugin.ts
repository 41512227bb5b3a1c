import type { DependencyContainer } from 'tsyringe';
import type { z } from 'zod';
import { PesanError } from '../errors/pesan-error.js';
import type { Logger } from '../provider/v1/logger.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { Clock } from '../runtime/clock.js';

/** What a plugin's `create` gets besides its options. */
export interface PluginContext {
  /** The provider instance id from the config entry. */
  id: string;
  /**
   * The messenger's child container: shared services registered by the
   * application or the messenger (`TOKENS.Clock`, `TOKENS.Logger`,
   * `TOKENS.HttpTransport` when registered, ...).
   */
  container: DependencyContainer;
  logger: Logger;
  clock: Clock;
}

/**
 * A provider type that config files can name: `{ "type": "isms", "id": ..., ...options }`.
 * A provider package exports it as `plugin`.
 */
export interface PesanPlugin<Options = unknown> {
  /** The `type` of config entries, also the package suffix: `@pesan/provider-<type>`, `pesan-provider-<type>`. */
  readonly type: string;
  /**
   * Validates a config entry without its `type` (so including `id`), after
   * `${ENV}` interpolation. Strict schemas surface typos as problems.
   */
  readonly optionsSchema: z.ZodType<Options>;
  /** Makes the provider from validated options. */
  create(options: Options, context: PluginContext): ProviderV1 | Promise<ProviderV1>;
}

/** What {@link definePlugin} takes. */
export interface PluginDefinition<Schema extends z.ZodType> {
  type: string;
  optionsSchema: Schema;
  create(options: z.output<Schema>, context: PluginContext): ProviderV1 | Promise<ProviderV1>;
}

/** Names usable as an npm package suffix. */
const PLUGIN_TYPE = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Declares a provider plugin, typed by its zod options schema.
 *
 * @example
 * ```ts
 * export const plugin = definePlugin({
 *   type: 'isms',
 *   optionsSchema: ismsOptionsSchema,
 *   create: (options) => isms(options),
 * });
 * ```
 */
export function definePlugin<Schema extends z.ZodType>(
  definition: PluginDefinition<Schema>,
): PesanPlugin<z.output<Schema>> {
  if (typeof definition.type !== 'string' || !PLUGIN_TYPE.test(definition.type)) {
    throw new PesanError('INVALID_CONFIG', {
      message: `Plugin type ${JSON.stringify(definition.type)} must be lower-case letters, digits and dashes`,
    });
  }
  if (typeof definition.optionsSchema?.safeParse !== 'function' || typeof definition.create !== 'function') {
    throw new PesanError('INVALID_CONFIG', {
      message: `Plugin "${definition.type}" needs a zod optionsSchema and a create function`,
    });
  }
  return Object.freeze({
    type: definition.type,
    optionsSchema: definition.optionsSchema as z.ZodType<z.output<Schema>>,
    create: definition.create,
  });
}

/** Whether `value` looks like a plugin, checked by shape so plugins built against another copy of `@pesan/core` pass. */
export function isPesanPlugin(value: unknown): value is PesanPlugin {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  const schema = candidate.optionsSchema as { safeParse?: unknown } | undefined;
  return (
    typeof candidate.type === 'string' &&
    typeof schema?.safeParse === 'function' &&
    typeof candidate.create === 'function'
  );
}

/** Whether `type` can name a plugin (and a package). */
export function isPluginType(type: string): boolean {
  return PLUGIN_TYPE.test(type);
}
