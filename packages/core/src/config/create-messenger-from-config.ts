import { TOKENS } from '../di/tokens.js';
import type { Messenger } from '../messenger/messenger.js';
import { assembleMessenger, createMessengerContainer } from '../messenger/messenger-container.js';
import { referenceProblems } from '../messenger/messenger-option-problems.js';
import type { MessengerOptions } from '../messenger/messenger-options.js';
import type { PesanPlugin, PluginContext } from '../plugin/define-plugin.js';
import { loadPlugin, pluginSearchPlaces } from '../plugin/plugin-loader.js';
import { PluginRegistry } from '../plugin/plugin-registry.js';
import type { Logger } from '../provider/v1/logger.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { Route } from '../routing/route.js';
import type { Clock } from '../runtime/clock.js';
import { type Environment, interpolateEnv } from './env-interpolation.js';
import { invalidConfigError } from './invalid-config-error.js';
import { configPathOf } from './load-config.js';
import { messengerConfigSections, providerEntrySchema } from './messenger-config.js';
import { routeFromData } from './route-from-data.js';
import { requiredErrorMap, zodProblems } from './zod-problems.js';

/** Options of {@link createMessengerFromConfig}: what plain data cannot carry. */
export interface CreateMessengerFromConfigOptions
  extends Pick<MessengerOptions, 'container' | 'clock' | 'logger' | 'idGenerator' | 'random' | 'stores'> {
  /** Middleware of your own, run after the config's `middleware` (built-ins by name). */
  middleware?: MessengerOptions['middleware'];
  /** Plugins tried before packages are loaded. */
  plugins?: PluginRegistry | readonly PesanPlugin[];
  /** Variables for `${ENV}`. Default `process.env`. */
  env?: Environment;
  /**
   * The working directory, the last place plugin packages are resolved from.
   * Default `process.cwd()`.
   */
  cwd?: string;
  /**
   * The config file the data came from: plugin packages are resolved from its
   * directory first. Default: the file `loadConfig` read, when `config` is
   * what it returned.
   */
  configPath?: string;
  /**
   * The application's main module, whose directory is searched after the
   * config file's; `false` leaves it out. Default `require.main` (CommonJS)
   * and `process.argv[1]`.
   */
  entryPath?: string | false;
}

interface ProviderEntry {
  index: number;
  type: string;
  id: string;
  options: Record<string, unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const pathOf = (problem: string) => problem.slice(0, problem.indexOf(': '));

/** Problems in path order (`providers[2]` before `providers[10]`), exact repeats dropped. */
function sortedByPath(problems: readonly string[]): string[] {
  return [...new Set(problems)].sort((left, right) =>
    pathOf(left).localeCompare(pathOf(right), 'en', { numeric: true }),
  );
}

function parseOptions(plugin: PesanPlugin, entry: ProviderEntry, problems: string[]): unknown {
  const base = `providers[${entry.index}]`;
  const withId = { ...entry.options, id: entry.id };
  const parsed = plugin.optionsSchema.safeParse(withId, { error: requiredErrorMap });
  if (parsed.success) return parsed.data;
  // A schema that does not declare `id` (the messenger passes it in the context too) is not an error.
  const onlyIdUnknown = parsed.error.issues.every(
    (issue) => issue.code === 'unrecognized_keys' && issue.path.length === 0 && issue.keys.every((key) => key === 'id'),
  );
  if (onlyIdUnknown) {
    const again = plugin.optionsSchema.safeParse(entry.options, { error: requiredErrorMap });
    if (again.success) return again.data;
    problems.push(...zodProblems(again.error, base));
    return undefined;
  }
  problems.push(...zodProblems(parsed.error, base).filter((problem) => problem !== `${base}.id: unknown option`));
  return undefined;
}

/**
 * Creates a messenger from plain data (a parsed JSON or YAML file, see
 * `MessengerConfig`). Resolves `${ENV}` references, finds each provider
 * type's plugin (given plugins first, then `@pesan/provider-<type>` and
 * `pesan-provider-<type>` resolved from the config file's directory, the
 * application entry's directory and the working directory), validates every provider's options with
 * its plugin's schema and the route against the provider ids. A bad config
 * rejects with `INVALID_CONFIG` listing every problem by path in
 * `details.problems`.
 *
 * @example
 * ```ts
 * const messenger = await createMessengerFromConfig(await loadConfig('pesan.yaml'));
 * ```
 */
export async function createMessengerFromConfig(
  config: unknown,
  options: CreateMessengerFromConfigOptions = {},
): Promise<Messenger> {
  const registry =
    options.plugins instanceof PluginRegistry ? options.plugins : new PluginRegistry(options.plugins ?? []);
  const searchPlaces = pluginSearchPlaces({
    configPath: options.configPath ?? configPathOf(config),
    entryPath: options.entryPath,
    cwd: options.cwd,
  });
  const { value: data, problems } = interpolateEnv(config, options.env ?? process.env);

  if (!isRecord(data)) throw invalidConfigError([...problems, '(root): must be an object']);

  // Every section on its own, so one bad section does not hide the others' problems.
  const sections: Record<string, unknown> = {};
  for (const key of Object.keys(data)) {
    if (!(key in messengerConfigSections)) problems.push(`${key}: unknown option`);
  }
  for (const [key, schema] of Object.entries(messengerConfigSections)) {
    const parsed = schema.safeParse(data[key], { error: requiredErrorMap });
    if (parsed.success) sections[key] = parsed.data;
    else problems.push(...zodProblems(parsed.error, key));
  }

  const entries: ProviderEntry[] = [];
  const ids = new Set<string>();
  for (const [index, raw] of (Array.isArray(data.providers) ? data.providers : []).entries()) {
    const parsed = providerEntrySchema.safeParse(raw, { error: requiredErrorMap });
    if (!parsed.success) {
      problems.push(...zodProblems(parsed.error, `providers[${index}]`));
      continue;
    }
    const { type, id, ...rest } = parsed.data;
    if (ids.has(id)) problems.push(`providers[${index}].id: duplicate provider id "${id}"`);
    ids.add(id);
    entries.push({ index, type, id, options: rest });
  }

  const plugins = new Map<string, PesanPlugin>();
  const types = [...new Set(entries.map((entry) => entry.type))];
  const lookups = await Promise.all(
    types.map(async (type) => {
      const registered = registry.get(type);
      return [
        type,
        registered ? { ok: true as const, plugin: registered } : await loadPlugin(type, searchPlaces),
      ] as const;
    }),
  );
  const missing = new Map<string, string>();
  for (const [type, lookup] of lookups) {
    if (lookup.ok) plugins.set(type, lookup.plugin);
    else missing.set(type, lookup.problem);
  }

  const validated: { entry: ProviderEntry; plugin: PesanPlugin; options: unknown }[] = [];
  for (const entry of entries) {
    const plugin = plugins.get(entry.type);
    if (!plugin) {
      problems.push(`providers[${entry.index}].type: ${missing.get(entry.type)}`);
      continue;
    }
    const before = problems.length;
    const parsed = parseOptions(plugin, entry, problems);
    if (problems.length === before) validated.push({ entry, plugin, options: parsed });
  }

  let route: Route | undefined;
  if (data.route !== undefined) {
    const built = routeFromData(data.route);
    problems.push(...built.problems);
    route = built.route;
  }
  // Raw sections too, so an unknown provider in a section with a bad value is still found.
  const raw = (key: string) => sections[key] ?? (isRecord(data[key]) ? data[key] : undefined);
  const reported = new Set(problems.map(pathOf));
  problems.push(
    ...referenceProblems(
      {
        route,
        limits: raw('limits') as MessengerOptions['limits'],
        prices: raw('prices') as MessengerOptions['prices'],
        defaultRegion: typeof sections.defaultRegion === 'string' ? sections.defaultRegion : undefined,
      },
      ids,
      // A value the section schema already reported is not reported twice.
    ).filter((problem) => !reported.has(pathOf(problem))),
  );
  if (problems.length > 0) throw invalidConfigError(sortedByPath(problems));

  const container = createMessengerContainer(options);
  try {
    const providers: ProviderV1[] = [];
    const createProblems: string[] = [];
    for (const { entry, plugin, options: pluginOptions } of validated) {
      const context: PluginContext = {
        id: entry.id,
        container,
        logger: container.resolve<Logger>(TOKENS.Logger),
        clock: container.resolve<Clock>(TOKENS.Clock),
      };
      try {
        const provider = await plugin.create(pluginOptions, context);
        if (provider?.id !== entry.id) {
          createProblems.push(
            `providers[${entry.index}].id: plugin "${entry.type}" made a provider with id "${provider?.id}", not "${entry.id}"`,
          );
        }
        providers.push(provider);
      } catch (error) {
        createProblems.push(`providers[${entry.index}]: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (createProblems.length > 0) throw invalidConfigError(createProblems);
    return assembleMessenger(container, {
      ...options,
      ...(sections as Partial<MessengerOptions>),
      providers,
      route,
      middleware: [...((sections.middleware as MessengerOptions['middleware']) ?? []), ...(options.middleware ?? [])],
    });
  } catch (error) {
    await container.dispose();
    throw error;
  }
}
