/**
 * Lays rows out in aligned columns for a terminal: two spaces between
 * columns, numbers right-aligned, `-` for a missing value.
 */
export function textTable(headers: readonly string[], rows: readonly (readonly unknown[])[]): string[] {
  const cells = rows.map((row) => headers.map((_, column) => cellText(row[column])));
  const numeric = headers.map((_, column) =>
    rows.every((row) => row[column] === undefined || typeof row[column] === 'number'),
  );
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...cells.map((row) => (row[column] ?? '').length)),
  );
  const render = (row: readonly string[]) =>
    row
      .map((cell, column) => (numeric[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [render(headers), ...cells.map(render)];
}

function cellText(value: unknown): string {
  if (value === undefined || value === null || value === '') return '-';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6)));
  return String(value);
}
