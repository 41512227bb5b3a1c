import { type OutboundMessage, PesanError, type SendResult } from '@pesan/core';
import { attemptLines } from '../attempt-lines.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { attemptsJson, describePesanError, exitCodeOf, pesanErrorJson } from '../failure-report.js';
import { type CliContext, withMessenger } from '../messenger-session.js';

/** Options of `pesan send`. */
export interface SendCommandOptions {
  to: string;
  text: string;
  from?: string;
  channel?: 'sms' | 'whatsapp';
  provider?: string;
  idempotencyKey?: string;
}

function resultJson(result: SendResult): Record<string, unknown> {
  return {
    ok: true,
    provider: result.provider,
    providerType: result.providerType,
    messageId: result.messageId ?? null,
    to: result.to,
    status: result.status,
    segments: result.segments,
    credits: result.credits ?? null,
    ...(result.notes === undefined ? {} : { notes: result.notes }),
    attempts: attemptsJson(result.attempts),
  };
}

/** `pesan send`: one message along the route (or to `--provider`), and what became of it. */
export async function sendCommand(context: CliContext, options: SendCommandOptions): Promise<ExitCode> {
  const { output } = context;
  const message: OutboundMessage = {
    to: options.to,
    text: options.text,
    ...(options.channel === undefined ? {} : { channel: options.channel }),
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
  };
  return withMessenger(context, { provider: options.provider }, async (messenger) => {
    let result: SendResult;
    try {
      result = await messenger.send(message);
    } catch (error) {
      if (!PesanError.isInstance(error) || error.code === 'INVALID_CONFIG') throw error;
      output.document({ ok: false, error: pesanErrorJson(error) });
      output.note(`pesan: ${describePesanError(error)}`);
      for (const line of attemptLines(error.attempts)) output.note(`  ${line}`);
      return exitCodeOf(error);
    }
    output.document(resultJson(result));
    output.line(`Sent to ${result.to} via ${result.provider} (${result.providerType})`);
    output.line(`  message id  ${result.messageId ?? '- (the vendor gave none)'}`);
    output.line(`  status      ${result.status}`);
    output.line(`  segments    ${result.segments}`);
    output.line(`  credits     ${result.credits ?? '-'}`);
    for (const note of result.notes ?? []) output.line(`  note        ${note}`);
    output.line('  attempts');
    for (const line of attemptLines(result.attempts)) output.line(`    ${line}`);
    return EXIT_CODES.ok;
  });
}
