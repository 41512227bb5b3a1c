import type { Logger } from '../provider/v1/logger.js';

/** One line a {@link RecordingLogger} was given, as given. */
export interface RecordedLogLine {
  /** `debug`, `info`, `warn` or `error`. */
  level: keyof Logger;
  /** The message. */
  message: string;
  /** The fields, as passed (not copied). */
  fields?: Record<string, unknown>;
}

/** A logger that keeps every line, for assertions. */
export interface RecordingLogger extends Logger {
  /** Every line, oldest first. */
  readonly lines: RecordedLogLine[];
}

/**
 * A logger that records every line and its fields, at every level.
 *
 * @example
 * ```ts
 * const logger = createRecordingLogger();
 * const provider = acme({ apiKey, logger });
 * await provider.send(message).catch(() => {});
 * expectNoSecretLeaks([apiKey], { logs: logger.lines });
 * ```
 */
export function createRecordingLogger(): RecordingLogger {
  const lines: RecordedLogLine[] = [];
  const write =
    (level: keyof Logger) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push(fields === undefined ? { level, message } : { level, message, fields });
    };
  return { lines, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
