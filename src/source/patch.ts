// patch.ts applies byte-range edits to source text and writes the unified
// diff `git apply` takes (a/ and b/ prefixes, three lines of context, hunks
// merged when their context overlaps). Pure: text in, text out. A fix
// experiment's edit is a tree-sitter node's byte range and its replacement.

/** FileEdit replaces the bytes [startByte, endByte) of one file's UTF-8 content with text. */
export interface FileEdit {
  readonly file: string;
  readonly startByte: number;
  readonly endByte: number;
  readonly text: string;
}

/** applyEdits applies one file's edits (non-overlapping; any order) to its content. Overlapping edits are an error. */
export function applyEdits(content: string, edits: readonly Omit<FileEdit, 'file'>[]): string {
  const bytes = Buffer.from(content, 'utf8');
  const sorted = [...edits].sort((a, b) => a.startByte - b.startByte);
  const parts: Buffer[] = [];
  let at = 0;
  for (const e of sorted) {
    if (e.startByte < at || e.endByte < e.startByte || e.endByte > bytes.length) {
      throw new RangeError(`edit ${e.startByte}..${e.endByte} overlaps another or lies outside the file (${bytes.length} bytes)`);
    }
    parts.push(bytes.subarray(at, e.startByte), Buffer.from(e.text, 'utf8'));
    at = e.endByte;
  }
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts).toString('utf8');
}

const CONTEXT = 3;

/**
 * unifiedDiff is the diff of one file from before to after, named by its
 * path relative to the repository (a/PATH, b/PATH); "" when they are equal.
 * Lines are compared from both ends inward, then the middle is one change:
 * an edit experiment changes one or a few neighbouring spans, so the middle
 * is small, and the hunks are exact for `git apply`.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const same = (x: Line, y: Line): boolean => x.text === y.text && x.noEol.length === y.noEol.length;
  let head = 0;
  while (head < a.length && head < b.length && same(a[head]!, b[head]!)) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && same(a[a.length - 1 - tail]!, b[b.length - 1 - tail]!)) tail++;
  const ctxStart = Math.max(0, head - CONTEXT);
  const aEnd = a.length - tail;
  const bEnd = b.length - tail;
  const ctxEndA = Math.min(a.length, aEnd + CONTEXT);
  const ctxEndB = Math.min(b.length, bEnd + CONTEXT);
  const lines: string[] = [];
  for (let i = ctxStart; i < head; i++) lines.push(` ${a[i]!.text}`, ...a[i]!.noEol);
  for (let i = head; i < aEnd; i++) lines.push(`-${a[i]!.text}`, ...a[i]!.noEol);
  for (let i = head; i < bEnd; i++) lines.push(`+${b[i]!.text}`, ...b[i]!.noEol);
  for (let i = aEnd; i < ctxEndA; i++) lines.push(` ${a[i]!.text}`, ...a[i]!.noEol);
  const range = (start: number, count: number): string => (count === 1 ? `${start + 1}` : `${count === 0 ? start : start + 1},${count}`);
  const oldCount = ctxEndA - ctxStart;
  const newCount = ctxEndB - ctxStart;
  return [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, `@@ -${range(ctxStart, oldCount)} +${range(ctxStart, newCount)} @@`, ...lines, ''].join('\n');
}

interface Line {
  readonly text: string;
  /** The "\ No newline at end of file" marker after a last line without one. */
  readonly noEol: readonly string[];
}

function splitLines(text: string): Line[] {
  if (text === '') return [];
  const parts = text.split('\n');
  const terminated = parts[parts.length - 1] === '';
  if (terminated) parts.pop();
  return parts.map((t, i) => ({ text: t, noEol: !terminated && i === parts.length - 1 ? ['\\ No newline at end of file'] : [] }));
}

/** LineColumnSpan is a stretch of source by 1-based line and 1-based UTF-8 byte column, end exclusive (the compiler's convention). */
export interface LineColumnSpan {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** spanBytes turns a line/column span into byte offsets of the file's UTF-8 content; a span outside the file is an error. */
export function spanBytes(content: string, span: LineColumnSpan): { readonly startByte: number; readonly endByte: number } {
  const bytes = Buffer.from(content, 'utf8');
  const lineStarts = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) lineStarts.push(i + 1);
  const at = (line: number, column: number): number => {
    const start = lineStarts[line - 1];
    if (start === undefined || column < 1) throw new RangeError(`${line}:${column} is outside the file (${lineStarts.length} lines)`);
    // A line ends at its newline (or at the end of the file): a column may point at that end, not past it.
    const lineEnd = (lineStarts[line] ?? bytes.length + 1) - 1;
    const off = start + column - 1;
    if (off > lineEnd) throw new RangeError(`${line}:${column} is past the end of its line`);
    return off;
  };
  return { startByte: at(span.line, span.column), endByte: at(span.endLine, span.endColumn) };
}
