export interface TableOptions {
  /**
   * Per column, whether cells are right-aligned. Defaults to right for columns whose every cell
   * is a number (or looks like one: `1,024`, `90.0%`), left for the rest.
   */
  readonly rightAligned?: readonly boolean[];
  /** Whether a rule of dashes goes under the header. Defaults to true. */
  readonly rule?: boolean;
}

/**
 * Aligned plain-text table: numbers right-aligned, text left-aligned, a rule under the header.
 * Reports go to terminals and CI logs, where aligned columns are the whole point.
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  options: TableOptions = {},
): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const right = options.rightAligned ?? header.map((_, col) => rows.length > 0 && rows.every((row) => typeof row[col] === 'number' || /^-?[\d.,]+%?$/.test(String(row[col]))));
  const widths = header.map((_, col) => Math.max(...cells.map((row) => (row[col] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, col) => (right[col] === true ? cell.padStart(widths[col] ?? 0) : cell.padEnd(widths[col] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = options.rule === false ? [] : [widths.map((w) => '-'.repeat(w)).join('  ')];
  return [line(header), ...rule, ...cells.slice(1).map(line)].join('\n');
}

export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}
