import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PesanError } from '../errors/pesan-error.js';
import { invalidConfigError } from './invalid-config-error.js';

/**
 * The longest config file read, in characters. A real config is a few KiB;
 * a longer file is refused before the JSON or YAML parser runs.
 */
export const CONFIG_MAX_LENGTH = 256 * 1024;

/** Where {@link loadConfig} notes the file it read, on the object it returns (not enumerable, not serialised). */
const CONFIG_PATH = Symbol.for('pesan.configPath');

/**
 * The absolute path of the file {@link loadConfig} read `config` from, or
 * `undefined` for data that did not come from `loadConfig` (or was copied).
 * `createMessengerFromConfig` resolves plugin packages from its directory.
 */
export function configPathOf(config: unknown): string | undefined {
  if (typeof config !== 'object' || config === null) return undefined;
  const path = (config as { [CONFIG_PATH]?: unknown })[CONFIG_PATH];
  return typeof path === 'string' ? path : undefined;
}

/**
 * Reads a config file: `.json`, `.yaml` or `.yml`. Returns the plain data,
 * `${ENV}` references untouched (`createMessengerFromConfig` resolves them),
 * noting the file's path on it so plugin packages are also resolved from the
 * file's directory (see {@link configPathOf}). An unreadable or unparseable
 * file throws `INVALID_CONFIG` naming it.
 */
export async function loadConfig(path: string): Promise<unknown> {
  const extension = extname(path).toLowerCase();
  if (extension !== '.json' && extension !== '.yaml' && extension !== '.yml') {
    throw invalidConfigError([`${path}: unsupported file type "${extension}" (use .json, .yaml or .yml)`]);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PesanError('INVALID_CONFIG', {
      message: `Cannot read config file ${path}: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
      details: { problems: [`${path}: cannot be read`] },
    });
  }
  const data = parseConfigText(text, path);
  if (typeof data === 'object' && data !== null && Object.isExtensible(data)) {
    Object.defineProperty(data, CONFIG_PATH, { value: resolve(path), enumerable: false });
  }
  return data;
}

/**
 * Parses the text of a config file as JSON (a `.json` path) or YAML (any
 * other). Throws `INVALID_CONFIG` naming `path` for text that does not parse
 * or is longer than {@link CONFIG_MAX_LENGTH}.
 */
export function parseConfigText(text: string, path: string): unknown {
  if (text.length > CONFIG_MAX_LENGTH) {
    throw invalidConfigError([`${path}: ${text.length} characters, more than ${CONFIG_MAX_LENGTH}`]);
  }
  try {
    return extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw invalidConfigError([`${path}: ${error instanceof Error ? error.message : String(error)}`]);
  }
}
