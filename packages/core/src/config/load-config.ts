import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PesanError } from '../errors/pesan-error.js';
import { invalidConfigError } from './invalid-config-error.js';

/**
 * Reads a config file: `.json`, `.yaml` or `.yml`. Returns the plain data,
 * `${ENV}` references untouched (`createMessengerFromConfig` resolves them).
 * An unreadable or unparseable file throws `INVALID_CONFIG` naming it.
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
  try {
    return extension === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw invalidConfigError([`${path}: ${error instanceof Error ? error.message : String(error)}`]);
  }
}
