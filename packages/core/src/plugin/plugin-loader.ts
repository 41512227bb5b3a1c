import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
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
 * The directory of package `name` as Node would find it from `cwd`: the
 * `node_modules` folders from `cwd` up. Found by path rather than by
 * `require.resolve(name)`, which fails on ESM-only packages (no `require`
 * condition in their exports).
 */
function packageDirectory(name: string, cwd: string): string | undefined {
  const require = createRequire(join(cwd, 'package.json'));
  for (const modules of require.resolve.paths(name) ?? []) {
    const directory = join(modules, name);
    if (existsSync(join(directory, 'package.json'))) return directory;
  }
  return undefined;
}

/**
 * Loads the plugin of `type` from the application's dependencies:
 * `@pesan/provider-<type>`, then `pesan-provider-<type>`, resolved from `cwd`;
 * the module's `plugin` export.
 */
export async function loadPlugin(type: string, cwd: string): Promise<PluginLookup> {
  const names = pluginPackageNames(type);
  if (!isPluginType(type)) {
    return { ok: false, problem: `"${type}" is not a plugin type (lower-case letters, digits and dashes)` };
  }
  for (const name of names) {
    const directory = packageDirectory(name, cwd);
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
  return { ok: false, problem: `no plugin "${type}" (tried ${names.join(', ')})` };
}
