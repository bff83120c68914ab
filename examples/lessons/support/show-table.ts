/**
 * Spark's `DataFrame.show()` table, for the lessons whose batch parts print DataFrames: a border,
 * the header, a border, one line per row, a border. Columns are at least 3 wide; `show()` pads
 * cells on the left (right-aligned), `show(truncate=False)` on the right (left-aligned), as Spark's
 * `showString` does (long cells are not cut here).
 */

/** Return the table `show()` prints for `rows` (each a cell per column) under `columns`. */
export function showTable(
  columns: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  options: { readonly truncate?: boolean } = {},
): string {
  const cells = rows.map((row) => row.map(String));
  const widths = columns.map((column, i) =>
    Math.max(3, column.length, ...cells.map((row) => (row[i] ?? '').length)),
  );
  const pad = (text: string, i: number): string =>
    options.truncate === false ? text.padEnd(widths[i] ?? 0) : text.padStart(widths[i] ?? 0);
  const line = (row: readonly string[]): string =>
    `|${row.map((cell, i) => pad(cell, i)).join('|')}|`;
  const border = `+${widths.map((w) => '-'.repeat(w)).join('+')}+`;
  return [border, line(columns), border, ...cells.map(line), border].join('\n');
}
