/**
 * A GitHub-flavoured Markdown table; cells are escaped so a `|` in a value cannot break it.
 * Columns whose every non-empty cell starts like a number are right-aligned unless `align` says otherwise.
 */
export function markdownTable(header: readonly string[], rows: readonly (readonly (string | number)[])[], align?: readonly ('l' | 'r')[]): string {
  const cell = (value: string | number) => String(value).replaceAll('|', '\\|').replaceAll('\n', ' ');
  const numeric = (i: number) => {
    const cells = rows.map((r) => String(r[i] ?? '')).filter((c) => c !== '');
    return cells.length > 0 && cells.every((c) => /^[-+−≤~]?\s?[\d.]/.test(c));
  };
  const rule = header.map((_, i) => ((align?.[i] ?? (numeric(i) ? 'r' : 'l')) === 'r' ? '---:' : '---'));
  return [header, rule, ...rows]
    .map((row) => `| ${row.map((v, i) => (i < header.length ? cell(v) : '')).join(' | ')} |`)
    .join('\n');
}

export const pct = (fraction: number, digits = 1): string => (Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)}%` : 'n/a');
export const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/** `1.2 M`, `500 k`, `20 M`: parameter counts in tables and plot labels. */
export function count(n: number): string {
  if (n >= 1e6) return `${+(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(1)} k`;
  return String(n);
}

/** Stable JSON for result files: 2-space indent, numbers rounded to 6 significant digits. */
export function resultJson(value: unknown): string {
  return `${JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v), 2)}\n`;
}
