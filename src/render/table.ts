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

/**
 * displayWidth is a string's width in terminal columns: CJK ideographs,
 * kana, Hangul and full-width forms take two (East Asian Width W/F), the rest
 * one. Enough for the catalogues' languages; not a full wcwidth.
 */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ? 2 : 1;
  }
  return w;
}

const pad = (s: string, w: number, right: boolean): string => {
  const fill = ' '.repeat(Math.max(0, w - displayWidth(s)));
  return right ? fill + s : s + fill;
};

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
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...cells.map((r) => displayWidth(r[i]!))));
  const line = (r: readonly string[]): string =>
    r
      .map((cell, i) => {
        const w = widths[i]!;
        return pad(cell, w, columns[i]!.align === 'right');
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n') + '\n';
}
