/** One row of the demo's summary, as every part of the demo reports it. */
export interface DemoRow {
  step: string;
  provider: string;
  mirror: string;
  status: string;
  segments: number | string;
  credits: number | string;
  /** `name:outcome` per attempt, comma-separated; `-` when there were none. */
  attempts: string;
}

const COLUMNS = [
  ['step', 'step'],
  ['provider', 'provider'],
  ['mirror', 'via'],
  ['status', 'status'],
  ['segments', 'seg'],
  ['credits', 'credits'],
] as const;

/** Cuts `text` to `width` columns, marking the cut. */
function cell(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;
}

/** Splits `text` at `, ` into lines no wider than `width`, each after `indent`. */
function wrap(text: string, indent: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const part of text.split(', ')) {
    const next = line ? `${line}, ${part}` : part;
    if (line && indent.length + next.length > width) {
      lines.push(`${indent}${line},`);
      line = part;
    } else line = next;
  }
  if (line) lines.push(`${indent}${line}`);
  return lines.map((entry) => cell(entry, width).trimEnd());
}

/**
 * Prints the demo's rows as a table no wider than `width` columns. The
 * attempts go on their own line under a row, and only when there is more to
 * see than one success at the mirror shown.
 */
export function printDemoTable(rows: readonly DemoRow[], width = 120): void {
  const gap = '  ';
  const widths = COLUMNS.map(([key, label]) => Math.max(label.length, ...rows.map((row) => String(row[key]).length)));
  // Whatever does not fit comes off the first column, the only free-text one.
  const total = widths.reduce((sum, each) => sum + each, 0) + gap.length * (widths.length - 1);
  widths[0] = Math.max(12, widths[0]! - Math.max(0, total - width));
  const line = (cells: readonly string[]) =>
    cells
      .map((text, index) => cell(text, widths[index]!))
      .join(gap)
      .trimEnd();
  console.log(line(COLUMNS.map(([, label]) => label)));
  console.log(line(widths.map((each) => '-'.repeat(each))));
  for (const row of rows) {
    console.log(line(COLUMNS.map(([key]) => String(row[key]))));
    const single = !row.attempts.includes(', ') && row.attempts.endsWith(':success');
    // A message a policy refused (OPTED_OUT) tried nothing: no line for it.
    if (row.attempts !== '-' && row.attempts !== '' && !single) {
      for (const attempt of wrap(`tried: ${row.attempts}`, '    ', width)) console.log(attempt);
    }
  }
}
