import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliUsageError } from './cli-usage-error.js';

/** The files looked for in the working directory, in order, when neither `--config` nor `PESAN_CONFIG` names one. */
export const DEFAULT_CONFIG_FILES = ['pesan.config.yaml', 'pesan.config.yml', 'pesan.config.json'] as const;

/**
 * The config file to use: `--config`, else `PESAN_CONFIG`, else the first of
 * {@link DEFAULT_CONFIG_FILES} in `cwd`. Throws a usage error saying all three
 * when none is found.
 */
export function locateConfig(explicit: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  if (explicit !== undefined && explicit !== '') return resolve(cwd, explicit);
  const fromEnv = env.PESAN_CONFIG;
  if (fromEnv !== undefined && fromEnv !== '') return resolve(cwd, fromEnv);
  for (const name of DEFAULT_CONFIG_FILES) {
    const candidate = resolve(cwd, name);
    if (existsSync(candidate)) return candidate;
  }
  throw new CliUsageError(
    `no configuration: give --config <file>, set PESAN_CONFIG, or create ./pesan.config.yaml (try "pesan sandbox")`,
  );
}
