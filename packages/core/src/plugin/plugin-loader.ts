import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPesanPlugin, isPluginType, type PesanPlugin } from './define-plugin.js';

/** A plugin found, or why not. */
export type PluginLookup = { ok: true; plugin: PesanPlugin; packageName: string } | { ok: false; problem: string };

/** Package names tried for a type, in order. */
export function pluginPackageNames(type: string): [string, string] {
  return [`@pesan/provider-${type}`, `pesan-provider-${type}`];
}

/** Export conditions an ESM importer matches, in preference order. */
const CONDITIONS = ['import', 'node', 'default', 'require'];

function conditionalTarget(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const entry of target) {
      const found = conditionalTarget(entry);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof target !== 'object' || target === null) return undefined;
  const map = target as Record<string, unknown>;
  for (const condition of CONDITIONS) {
    if (condition in map) {
      const found = conditionalTarget(map[condition]);
      if (found) return found;
    }
  }
  return undefined;
}

/** The file `import(name)` would load from a package directory (main entry only). */
function entryOf(packageDirectory: string): string {
  const manifest = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8')) as {
    exports?: unknown;
    main?: string;
  };
  const exportsField = manifest.exports;
  if (exportsField !== undefined) {
    const root =
      typeof exportsField === 'object' && exportsField !== null && !Array.isArray(exportsField) && '.' in exportsField
        ? (exportsField as Record<string, unknown>)['.']
        : exportsField;
    const target = conditionalTarget(root);
    if (!target) throw new Error('its "exports" has no entry for import');
    return join(packageDirectory, target);
  }
  return join(packageDirectory, manifest.main ?? 'index.js');
}

/**
 * The directory of package `name` as Node would find it from `directory`: the
 * `node_modules` folders from there up (and the global folders). Found by
 * path rather than by `require.resolve(name)`, which fails on ESM-only
 * packages (no `require` condition in their exports).
 */
function packageDirectory(name: string, directory: string): string | undefined {
  const require = createRequire(join(directory, 'package.json'));
  for (const modules of require.resolve.paths(name) ?? []) {
    const candidate = join(modules, name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
  }
  return undefined;
}

/** A directory plugin packages are resolved from, and what it is (for error messages). */
export interface PluginSearchPlace {
  /** `the config file's directory`, `the application entry's directory`, `the working directory`, ... */
  label: string;
  /** An absolute directory. */
  directory: string;
}

/** Where {@link pluginSearchPlaces} looks, besides the working directory. */
export interface PluginSearchOptions {
  /** The config file read (its directory is searched first). */
  configPath?: string;
  /**
   * The application's main module; `false` leaves it out. Default: `require.main`
   * under CommonJS and `process.argv[1]`.
   */
  entryPath?: string | false;
  /** The working directory (default `process.cwd()`). */
  cwd?: string;
}

/**
 * The application's main modules: `require.main` under CommonJS (what a
 * process manager such as pm2 loaded) and `process.argv[1]` (what `node
 * app.js` ran), in that order.
 */
function defaultEntryPaths(): string[] {
  const main = (process as { mainModule?: { filename?: string } }).mainModule?.filename;
  return [main, process.argv[1]].filter((entry): entry is string => typeof entry === 'string' && entry.length > 0);
}

function realDirectory(path: string): string {
  try {
    return dirname(realpathSync(path));
  } catch {
    return dirname(path);
  }
}

/**
 * The directories plugin packages are resolved from, in order, without
 * repeats: the config file's directory, the application entry's directory,
 * the working directory. So an app started from elsewhere (systemd, pm2,
 * cron, a Docker `WORKDIR`) still finds the packages installed beside it.
 */
export function pluginSearchPlaces(options: PluginSearchOptions = {}): PluginSearchPlace[] {
  const places: PluginSearchPlace[] = [];
  const add = (label: string, directory: string) => {
    if (!places.some((place) => place.directory === directory)) places.push({ label, directory });
  };
  if (options.configPath) add("the config file's directory", dirname(resolve(options.configPath)));
  const entries =
    options.entryPath === false ? [] : options.entryPath === undefined ? defaultEntryPaths() : [options.entryPath];
  // Through symlinks: a `node_modules/.bin` shim or a linked binary points at the real entry.
  for (const entry of entries) add("the application entry's directory", realDirectory(resolve(entry)));
  add('the working directory', resolve(options.cwd ?? process.cwd()));
  return places;
}

/**
 * Loads the plugin of `type` from the application's dependencies:
 * `@pesan/provider-<type>`, then `pesan-provider-<type>`, each resolved from
 * every place in turn (a directory, or the list {@link pluginSearchPlaces}
 * gives); the module's `plugin` export.
 */
export async function loadPlugin(type: string, from: string | readonly PluginSearchPlace[]): Promise<PluginLookup> {
  const names = pluginPackageNames(type);
  if (!isPluginType(type)) {
    return { ok: false, problem: `"${type}" is not a plugin type (lower-case letters, digits and dashes)` };
  }
  const places = typeof from === 'string' ? [{ label: 'the working directory', directory: from }] : from;
  for (const name of names) {
    const directory = places
      .map((place) => packageDirectory(name, place.directory))
      .find((found) => found !== undefined);
    if (!directory) continue;
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(entryOf(directory)).href)) as Record<string, unknown>;
    } catch (error) {
      return {
        ok: false,
        problem: `${name} failed to load: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    // A CommonJS package arrives as `default` (its module.exports).
    const plugin = module.plugin ?? (module.default as Record<string, unknown> | undefined)?.plugin;
    if (!isPesanPlugin(plugin)) return { ok: false, problem: `${name} has no "plugin" export made with definePlugin` };
    if (plugin.type !== type) {
      return { ok: false, problem: `${name} exports a plugin of type "${plugin.type}", not "${type}"` };
    }
    return { ok: true, plugin, packageName: name };
  }
  const tried = places.map((place) => `${place.label} ${place.directory}`).join('; ');
  return {
    ok: false,
    problem:
      `no plugin "${type}": neither ${names.join(' nor ')} was found from ${tried}. ` +
      `Install it beside the application, or pass it: createMessengerFromConfig(config, { plugins: [plugin] })`,
  };
}
