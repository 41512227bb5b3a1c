import { type Balance, PesanError } from '@pesan/core';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { describePesanError, exitCodeOf, pesanErrorJson } from '../failure-report.js';
import { type CliContext, withMessenger } from '../messenger-session.js';
import { textTable } from '../text-table.js';

/**
 * `pesan balance [providerId]`: the credit left at one provider, or at every
 * provider that can tell. Exits 1 when any provider asked could not answer
 * (3 when its answer was lost in a way that says nothing).
 */
export async function balanceCommand(context: CliContext, providerId: string | undefined): Promise<ExitCode> {
  const { output } = context;
  return withMessenger(context, {}, async (messenger) => {
    const ids =
      providerId === undefined
        ? [...messenger.providers.values()].filter((provider) => provider.capabilities.balance).map(({ id }) => id)
        : [providerId];
    const balances: Balance[] = [];
    const failures: PesanError[] = [];
    for (const id of ids) {
      try {
        balances.push(await messenger.getBalance(id));
      } catch (error) {
        if (!PesanError.isInstance(error)) throw error;
        failures.push(error);
      }
    }
    output.document({
      ok: failures.length === 0,
      balances: balances.map(({ raw: _raw, ...balance }) => balance),
      errors: failures.map(pesanErrorJson),
    });
    if (balances.length > 0) {
      const rows = balances.map((balance) => [balance.provider, balance.amount, balance.unit, balance.used]);
      for (const line of textTable(['provider', 'amount', 'unit', 'used'], rows)) output.line(line);
    } else if (failures.length === 0) output.line('No configured provider can report a balance.');
    for (const failure of failures) output.note(`pesan: ${failure.provider ?? ''}: ${describePesanError(failure)}`);
    if (failures.length === 0) return EXIT_CODES.ok;
    return failures.some((failure) => exitCodeOf(failure) === EXIT_CODES.usage) ? EXIT_CODES.usage : EXIT_CODES.notSent;
  });
}
