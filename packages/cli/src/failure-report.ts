import { type Attempt, PesanError } from '@pesan/core';
import { CliUsageError } from './cli-usage-error.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';

/** How a failure is shown: its exit code, the line for stderr and the JSON for `--json`. */
export interface FailureReport {
  exitCode: ExitCode;
  /** One line (a config error adds one line per problem). */
  lines: string[];
  json: Record<string, unknown>;
}

/** The exit code of a `PesanError`: 2 for a bad config, 3 when the message may have gone, else 1. */
export function exitCodeOf(error: PesanError): ExitCode {
  if (error.code === 'INVALID_CONFIG') return EXIT_CODES.usage;
  return error.outcome === 'unknown' ? EXIT_CODES.outcomeUnknown : EXIT_CODES.notSent;
}

/** Attempts as JSON: dates as ISO strings, nothing else changed. */
export function attemptsJson(attempts: readonly Attempt[]): Record<string, unknown>[] {
  return attempts.map((attempt) => ({ ...attempt, startedAt: attempt.startedAt.toISOString() }));
}

/** A `PesanError` as JSON: the fields a script branches on, never `raw` vendor bodies. */
export function pesanErrorJson(error: PesanError): Record<string, unknown> {
  const problems = error.details?.problems;
  return {
    code: error.code,
    outcome: error.outcome,
    message: error.message,
    retryable: error.retryable,
    ...(error.provider === undefined ? {} : { provider: error.provider }),
    ...(error.endpoint === undefined ? {} : { endpoint: error.endpoint }),
    ...(error.vendorCode === undefined ? {} : { vendorCode: error.vendorCode }),
    ...(error.vendorMessage === undefined ? {} : { vendorMessage: error.vendorMessage }),
    ...(Array.isArray(problems) ? { problems } : {}),
    ...(error.attempts.length === 0 ? {} : { attempts: attemptsJson(error.attempts) }),
  };
}

const OUTCOME_WORDS = {
  not_sent: 'not sent',
  rejected: 'rejected',
  unknown: 'outcome unknown (the message may have been sent: do not retry blindly)',
} as const;

/** One line about a `PesanError`: what happened, the code, the vendor's own words. */
export function describePesanError(error: PesanError): string {
  const vendor = [error.vendorCode, error.vendorMessage].filter((part) => part !== undefined && part !== '');
  const where = error.provider === undefined ? '' : ` at ${error.provider}`;
  return `${OUTCOME_WORDS[error.outcome]}: ${error.code}${where}: ${error.message.split('\n')[0]}${
    vendor.length > 0 ? ` (vendor: ${vendor.join(' ')})` : ''
  }`;
}

/** Turns anything thrown by a command into what the user sees. */
export function failureReport(error: unknown): FailureReport {
  if (error instanceof CliUsageError) {
    return {
      exitCode: EXIT_CODES.usage,
      lines: [error.message],
      json: { code: 'USAGE', message: error.message },
    };
  }
  if (PesanError.isInstance(error)) {
    const exitCode = exitCodeOf(error);
    if (error.code === 'INVALID_CONFIG') {
      const problems = Array.isArray(error.details?.problems) ? (error.details.problems as string[]) : [];
      const [first = error.message] = error.message.split('\n');
      return {
        exitCode,
        lines: problems.length > 0 ? [first, ...problems.map((problem) => `  - ${problem}`)] : [first],
        json: pesanErrorJson(error),
      };
    }
    return { exitCode, lines: [describePesanError(error)], json: pesanErrorJson(error) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    exitCode: EXIT_CODES.notSent,
    lines: [`unexpected error: ${message.split('\n')[0]} (run with --debug for the stack trace)`],
    json: { code: 'UNEXPECTED', message },
  };
}
