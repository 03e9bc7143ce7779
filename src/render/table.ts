// table.ts renders column-aligned text tables for the terminal. Renderers
// return strings; only cli/ writes them.

/** Align says how a column's cells are padded. */
export type Align = 'left' | 'right';

/** Column describes one table column. */
export interface Column {
  readonly header: string;
  readonly align?: Align;
  /** Cells longer than this are cut in the middle with "…" (file paths keep both ends). */
  readonly maxWidth?: number;
}

/** truncateMiddle shortens s to width by replacing its middle with "…". */
export function truncateMiddle(s: string, width: number): string {
  if (s.length <= width) return s;
  if (width <= 1) return '…'.slice(0, width);
  const keepEnd = Math.ceil((width - 1) / 2);
  const keepStart = width - 1 - keepEnd;
  return s.slice(0, keepStart) + '…' + s.slice(s.length - keepEnd);
}

/** renderTable lays out rows under headers with two spaces between columns; no trailing spaces. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const cells = rows.map((r) => columns.map((c, i) => truncateMiddle(r[i] ?? '', c.maxWidth ?? Infinity)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: readonly string[]): string =>
    r
      .map((cell, i) => {
        const w = widths[i]!;
        return columns[i]!.align === 'right' ? cell.padStart(w) : cell.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n') + '\n';
}
