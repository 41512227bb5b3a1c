import type { Logger } from '@pesan/core';
import type { CliOutput } from './cli-output.js';

/**
 * The messenger's logger under `--debug`: one JSON line per entry on stderr
 * (never stdout, which `--json` keeps for the answer), through the output's
 * secret redactor.
 */
export function stderrLogger(output: CliOutput): Logger {
  const write = (level: keyof Logger) => (message: string, fields?: Record<string, unknown>) => {
    const redactor = output.redactor;
    output.note(JSON.stringify({ level, message, ...(fields === undefined ? {} : redactor.redact(fields)) }));
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
