import { stringify } from 'yaml';
import { maskedConfig } from '../config-secrets.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { failureReport } from '../failure-report.js';
import { type CliContext, isConfigError, openMessenger, readConfig } from '../messenger-session.js';

/**
 * `pesan config check`: reads the config, builds the messenger from it (no
 * network), and prints every problem by path, or the effective config with
 * every secret masked.
 */
export async function configCheckCommand(context: CliContext): Promise<ExitCode> {
  const { output } = context;
  const loaded = await readConfig(context);
  const masked = maskedConfig(loaded.data, context.env);
  try {
    const messenger = await openMessenger(context, loaded);
    const providers = [...messenger.providers.values()].map((provider) => ({
      id: provider.id,
      type: provider.type,
      channels: provider.capabilities.channels,
    }));
    await messenger.close();
    output.document({ ok: true, file: loaded.path, problems: [], providers, config: masked });
    output.line(`${loaded.path}: valid`);
    output.line(`providers: ${providers.map((provider) => `${provider.id} (${provider.type})`).join(', ')}`);
    output.line('');
    output.line('Effective configuration (secrets masked):');
    for (const line of stringify(masked).trimEnd().split('\n')) output.line(`  ${line}`);
    return EXIT_CODES.ok;
  } catch (error) {
    if (!isConfigError(error)) throw error;
    const problems = Array.isArray(error.details?.problems) ? (error.details.problems as string[]) : [];
    output.document({ ok: false, file: loaded.path, problems });
    for (const line of failureReport(error).lines) output.note(line);
    output.note(`${loaded.path}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    return EXIT_CODES.usage;
  }
}
