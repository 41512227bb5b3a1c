import { PesanError, type StatusReport } from '@pesan/core';
import { CliUsageError } from '../cli-usage-error.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { type CliContext, withMessenger } from '../messenger-session.js';

/** What `pesan status` found. */
interface FoundStatus extends StatusReport {
  provider: string;
  history?: unknown[];
}

/**
 * `pesan status <messageId>`: the messenger's status store first; a CLI run
 * starts with an empty one, so then every provider that can be asked
 * (`getStatus`; only `--provider` when given) is asked. Push-only vendors
 * report through `pesan webhooks serve` instead.
 */
export async function statusCommand(
  context: CliContext,
  messageId: string,
  options: { provider?: string },
): Promise<ExitCode> {
  const { output } = context;
  return withMessenger(context, {}, async (messenger) => {
    if (options.provider !== undefined && !messenger.providers.has(options.provider)) {
      throw new CliUsageError(`--provider ${JSON.stringify(options.provider)} is not configured`);
    }
    let found: FoundStatus | undefined = await messenger.getStatus(messageId, options.provider);
    const failures: PesanError[] = [];
    if (found === undefined) {
      const askable = [...messenger.providers.values()].filter(
        (provider) =>
          provider.getStatus !== undefined && (options.provider === undefined || provider.id === options.provider),
      );
      for (const provider of askable) {
        try {
          const report = await provider.getStatus!(messageId);
          found = { ...report, provider: provider.id };
          break;
        } catch (error) {
          if (!PesanError.isInstance(error)) throw error;
          failures.push(error);
        }
      }
      if (askable.length === 0) {
        failures.push(
          new PesanError('UNSUPPORTED', {
            message:
              'no configured provider can be asked for a status; push-only vendors report to "pesan webhooks serve"',
          }),
        );
      }
    }
    if (found === undefined) {
      output.document({ ok: false, messageId, found: false, errors: failures.map((failure) => failure.message) });
      output.note(`pesan: no status for message ${messageId}`);
      for (const failure of failures) output.note(`  ${failure.provider ?? '-'}: ${failure.code}: ${failure.message}`);
      return EXIT_CODES.notSent;
    }
    const { raw: _raw, ...report } = found;
    output.document({ ok: true, found: true, ...report });
    output.line(`Message ${found.messageId} at ${found.provider}`);
    output.line(`  status          ${found.status} (${found.scope})`);
    output.line(`  vendor status   ${found.vendorStatus}`);
    if (found.to !== undefined) output.line(`  to              ${found.to}`);
    output.line(`  at              ${found.at.toISOString()}`);
    return EXIT_CODES.ok;
  });
}
