import { CliUsageError } from './cli-usage-error.js';

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/**
 * A message text with `{{column}}` placeholders, filled from each CSV row.
 * Every placeholder must name a column of the file: checked once against the
 * header, before anything is sent.
 */
export class MessageTemplate {
  readonly columns: readonly string[];

  constructor(readonly text: string) {
    this.columns = [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]!.trim()))];
  }

  /** Throws a usage error naming every placeholder without a column. */
  check(header: readonly string[]): void {
    const missing = this.columns.filter((column) => !header.includes(column));
    if (missing.length > 0) {
      throw new CliUsageError(
        `--text uses ${missing.map((column) => `{{${column}}}`).join(', ')}, but the CSV has no such column (columns: ${header.join(', ')})`,
      );
    }
  }

  render(row: Readonly<Record<string, string | undefined>>): string {
    return this.text.replace(PLACEHOLDER, (_, column: string) => row[column.trim()] ?? '');
  }
}
