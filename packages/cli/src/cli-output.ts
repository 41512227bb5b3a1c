/** What removes secrets from text and values: the kit's `SecretRedactor`. */
export interface TextRedactor {
  redactText(text: string): string;
  redact<T>(value: T): T;
}

/** Until the config is read there are no secrets to look for. */
const NO_REDACTION: TextRedactor = { redactText: (text) => text, redact: (value) => value };

/** Where the CLI writes: a stream with `write`, and whether it is a terminal. */
export interface CliStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/**
 * Everything `pesan` prints goes through here, so two rules hold everywhere:
 * with `--json` stdout carries only JSON (one document, or one line per
 * event for streams) while notes, logs and progress go to stderr; and no
 * secret of the configuration (passwords, API keys, webhook tokens) is
 * printed, in any of the forms the kit's `SecretRedactor` knows. Nothing
 * here loads `@pesan/core`, so help and usage errors answer quickly.
 */
export class CliOutput {
  #redactor: TextRedactor = NO_REDACTION;

  constructor(
    readonly stdout: CliStream,
    readonly stderr: CliStream,
    /** `--json`: stdout is JSON only. */
    readonly json: boolean,
    /** `--debug`: stack traces and the messenger's log on stderr. */
    readonly debug: boolean,
  ) {}

  /** From now on, what `redactor` finds is replaced by `***` wherever it would be printed. */
  useRedactor(redactor: TextRedactor): void {
    this.#redactor = redactor;
  }

  /** The redactor in force (for loggers that write through it). */
  get redactor(): TextRedactor {
    return this.#redactor;
  }

  /** A line of human output on stdout; dropped with `--json`. */
  line(text = ''): void {
    if (!this.json) this.stdout.write(`${this.#redactor.redactText(text)}\n`);
  }

  /** The command's JSON document on stdout; only with `--json`. */
  document(value: unknown): void {
    if (this.json) this.stdout.write(`${this.#redactor.redactText(JSON.stringify(value, null, 2))}\n`);
  }

  /** One JSON line on stdout (streams of events); only with `--json`. */
  jsonLine(value: unknown): void {
    if (this.json) this.stdout.write(`${this.#redactor.redactText(JSON.stringify(value))}\n`);
  }

  /** A note, log line or warning on stderr, in every mode. */
  note(text: string): void {
    this.stderr.write(`${this.#redactor.redactText(text)}\n`);
  }

  /** Text on stderr without a newline (progress bars redraw a line). */
  raw(text: string): void {
    this.stderr.write(this.#redactor.redactText(text));
  }
}
