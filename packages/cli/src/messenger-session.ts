import {
  createMessengerFromConfig,
  loadConfig,
  type Messenger,
  PesanError,
  type PesanPlugin,
  SecretRedactor,
} from '@pesan/core';
import { plugin as devicePlugin } from '@pesan/provider-device';
import { plugin as ezsmsPlugin } from '@pesan/provider-ezsms';
import { plugin as ismsPlugin } from '@pesan/provider-isms';
import { plugin as wabaPlugin } from '@pesan/provider-waba';
import type { CliOutput } from './cli-output.js';
import { CliUsageError } from './cli-usage-error.js';
import { locateConfig } from './config-location.js';
import { configSecrets } from './config-secrets.js';
import { stderrLogger } from './stderr-logger.js';

/**
 * The provider types the CLI carries. Other types (`pesan-provider-<type>`)
 * are found in the working directory's `node_modules`, as
 * `createMessengerFromConfig` does for an application.
 */
export const BUILT_IN_PLUGINS: readonly PesanPlugin[] = [ismsPlugin, ezsmsPlugin, wabaPlugin, devicePlugin];

/** What every command that needs a messenger shares. */
export interface CliContext {
  output: CliOutput;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** `--config` as given. */
  config?: string;
}

/** A config file, read: its path, its data (`${ENV}` unresolved) and the secrets it holds. */
export interface LoadedConfig {
  path: string;
  data: unknown;
  secrets: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Finds and reads the config, and from then on redacts its secrets from
 * everything printed (before any error about it can be).
 */
export async function readConfig(context: CliContext): Promise<LoadedConfig> {
  const path = locateConfig(context.config, context.env, context.cwd);
  const data = await loadConfig(path);
  const secrets = configSecrets(data, context.env);
  context.output.useRedactor(new SecretRedactor(secrets));
  return { path, data, secrets };
}

/** The provider ids a config declares, in order (for messages; the messenger validates). */
export function configuredProviderIds(data: unknown): string[] {
  const providers = isRecord(data) && Array.isArray(data.providers) ? data.providers : [];
  return providers.flatMap((entry) => (isRecord(entry) && typeof entry.id === 'string' ? [entry.id] : []));
}

/** Options of {@link openMessenger}. */
export interface OpenMessengerOptions {
  /** Send through this provider only, whatever the config's route says. */
  provider?: string;
}

/**
 * Builds the messenger from the config with the built-in plugins; with
 * `provider`, the route is replaced by that one provider. A bad config
 * rejects with `INVALID_CONFIG` listing every problem by path.
 */
export async function openMessenger(
  context: CliContext,
  loaded: LoadedConfig,
  options: OpenMessengerOptions = {},
): Promise<Messenger> {
  let data = loaded.data;
  if (options.provider !== undefined) {
    const ids = configuredProviderIds(data);
    if (!ids.includes(options.provider)) {
      throw new CliUsageError(
        `--provider ${JSON.stringify(options.provider)} is not in ${loaded.path} (providers: ${ids.join(', ') || 'none'})`,
      );
    }
    if (isRecord(data)) data = { ...data, route: options.provider };
  }
  return createMessengerFromConfig(data, {
    plugins: BUILT_IN_PLUGINS,
    env: context.env,
    cwd: context.cwd,
    ...(context.output.debug ? { logger: stderrLogger(context.output) } : {}),
  });
}

/** Runs `work` with a messenger and closes it afterwards, whatever happens. */
export async function withMessenger<T>(
  context: CliContext,
  options: OpenMessengerOptions,
  work: (messenger: Messenger, loaded: LoadedConfig) => Promise<T>,
): Promise<T> {
  const loaded = await readConfig(context);
  const messenger = await openMessenger(context, loaded, options);
  try {
    return await work(messenger, loaded);
  } finally {
    await messenger.close().catch(() => undefined);
  }
}

/** Whether `error` is the messenger's refusal of a config. */
export function isConfigError(error: unknown): error is PesanError {
  return PesanError.isInstance(error) && error.code === 'INVALID_CONFIG';
}
