import type { OutboundMessage } from '@pesan/core';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { type CliContext, withMessenger } from '../messenger-session.js';
import { textTable } from '../text-table.js';

/** Options of `pesan estimate`. */
export interface EstimateCommandOptions {
  to: string;
  text: string;
  from?: string;
  channel?: 'sms' | 'whatsapp';
}

/** `pesan estimate`: the route a send would take, encoding, segments and cost per candidate; nothing is sent. */
export async function estimateCommand(context: CliContext, options: EstimateCommandOptions): Promise<ExitCode> {
  const { output } = context;
  const message: OutboundMessage = {
    to: options.to,
    text: options.text,
    ...(options.channel === undefined ? {} : { channel: options.channel }),
    ...(options.from === undefined ? {} : { from: options.from }),
  };
  return withMessenger(context, {}, async (messenger) => {
    const estimate = await messenger.estimate(message);
    output.document({ ok: true, ...estimate });
    output.line(
      `To ${estimate.to}: ${estimate.encoding}, ${estimate.segments} segment${estimate.segments === 1 ? '' : 's'}` +
        (estimate.cost === undefined ? '' : `, cost ${estimate.cost}`),
    );
    if (estimate.providers.length === 0) output.line('No provider can carry this message.');
    else {
      output.line('Route (tried in this order):');
      const rows = estimate.providers.map((candidate, index) => [
        index + 1,
        candidate.provider,
        candidate.providerType,
        candidate.channel,
        candidate.encoding,
        candidate.units,
        candidate.segments,
        candidate.credits,
        candidate.price === undefined ? undefined : `${candidate.price.amount}/${candidate.price.per}`,
        candidate.cost,
      ]);
      const headers = ['#', 'provider', 'type', 'channel', 'encoding', 'units', 'segments', 'credits', 'price', 'cost'];
      for (const line of textTable(headers, rows)) output.line(`  ${line}`);
    }
    for (const skipped of estimate.skipped) output.line(`Skipped ${skipped.provider}: ${skipped.reason}`);
    for (const note of estimate.notes) output.line(`Note: ${note}`);
    return estimate.providers.length === 0 ? EXIT_CODES.notSent : EXIT_CODES.ok;
  });
}
