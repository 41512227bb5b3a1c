/**
 * A mistake on the command line or in the files it names (a missing column,
 * an unreadable CSV, a checkpoint for another file): exit code 2, one line,
 * nothing sent.
 */
export class CliUsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliUsageError';
  }
}
