import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import type { OutboundMessage } from '@pesan/core';
import { type Options, parse } from 'csv-parse';
import { CliUsageError } from './cli-usage-error.js';
import type { MessageTemplate } from './message-template.js';

const CSV_OPTIONS: Options = { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true };

/** How rows become messages: a recipient column and a text (template or column). */
export interface CsvMessageOptions {
  toColumn: string;
  text: { template: MessageTemplate } | { column: string };
  channel?: 'sms' | 'whatsapp';
  from?: string;
}

/** A usage error unless `path` is a readable file. */
export async function assertReadable(path: string): Promise<void> {
  try {
    await access(path);
  } catch (error) {
    throw new CliUsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

/** The header row of a CSV file: its column names. */
export async function readCsvHeader(path: string): Promise<string[]> {
  const parser = createReadStream(path).pipe(parse({ ...CSV_OPTIONS, to_line: 1 }));
  for await (const record of parser as AsyncIterable<string[]>) return record;
  throw new CliUsageError(`${path} is empty: the first line must name the columns`);
}

/** Rows after the header, counted by streaming the file (bounded memory). */
export async function countCsvRows(path: string): Promise<number> {
  let rows = 0;
  const parser = createReadStream(path).pipe(parse({ ...CSV_OPTIONS, from_line: 2 }));
  for await (const _ of parser as AsyncIterable<unknown>) rows++;
  return rows;
}

/** Checks that every column the options name is in the header. */
export function checkColumns(header: readonly string[], options: CsvMessageOptions): void {
  const needed = [options.toColumn, ...('column' in options.text ? [options.text.column] : [])];
  for (const column of needed) {
    if (!header.includes(column)) {
      throw new CliUsageError(`the CSV has no column "${column}" (columns: ${header.join(', ')})`);
    }
  }
  if ('template' in options.text) options.text.template.check(header);
}

/**
 * The rows of a CSV file as messages, one per row in file order (row 0 is the
 * first after the header), read as they are consumed. A row with an empty
 * recipient still yields a message, so indexes stay row numbers; the
 * messenger fails it as `INVALID_RECIPIENT`.
 */
export async function* csvMessages(path: string, options: CsvMessageOptions): AsyncGenerator<OutboundMessage> {
  const parser = createReadStream(path).pipe(parse({ ...CSV_OPTIONS, columns: true }));
  for await (const row of parser as AsyncIterable<Record<string, string | undefined>>) {
    const text = 'template' in options.text ? options.text.template.render(row) : (row[options.text.column] ?? '');
    yield {
      to: row[options.toColumn] ?? '',
      text,
      ...(options.channel === undefined ? {} : { channel: options.channel }),
      ...(options.from === undefined ? {} : { from: options.from }),
    };
  }
}
