// escape-text.ts renders CompilerEvidence for `heapsight escape` in a
// terminal: sites grouped by function with the cause story, and --explain's
// whole story for one line. Renderers return strings; only cli/ writes.
import { dirname, relative } from 'node:path';
import { ESCAPE_KINDS, type CompilerEvidence, type EscapeSite, type RuntimeCall, type SourcePos } from '../escape/model.js';
import { CAUSES } from '../escape/escape-cause.js';
import { selectSites } from '../escape/evidence-query.js';

/** ReportOptions: base shortens paths; all keeps non-allocating decisions; width wraps stories. */
export interface ReportOptions {
  readonly base: string;
  readonly all: boolean;
  readonly width: number;
}

/** shortPaths memoizes shortPath per base: a whole-std report prints ~10^5 positions in a few thousand files. */
const shortPaths = new Map<string, Map<string, string>>();

function shortPath(base: string, file: string): string {
  if (!file.startsWith('/')) return file;
  let memo = shortPaths.get(base);
  if (!memo) {
    if (shortPaths.size > 8) shortPaths.clear();
    shortPaths.set(base, (memo = new Map()));
  }
  let short = memo.get(file);
  if (short === undefined) {
    const r = relative(base, file);
    memo.set(file, (short = r.startsWith('../../') ? file : r));
  }
  return short;
}

/**
 * wrap breaks text greedily at single spaces into lines of at most width
 * (words longer than a line stand alone). Lines are slices of text, found by
 * index: splitting into words and concatenating them again made ~10^6 short
 * strings on a whole-std report, most of the report's memory.
 */
function wrap(text: string, indent: string, width: number): string[] {
  const max = Math.max(40, width - indent.length);
  const out: string[] = [];
  // The current line is text[ls, le); ls < 0 while it is empty.
  let ls = -1;
  let le = -1;
  let ws = 0;
  for (;;) {
    let we = text.indexOf(' ', ws);
    if (we < 0) we = text.length;
    const wordLength = we - ws;
    if (ls >= 0 && le - ls + 1 + wordLength > max) {
      out.push(indent + text.slice(ls, le));
      // An empty word (two spaces) after a break leaves the next line empty.
      ls = wordLength > 0 ? ws : -1;
      le = we;
    } else if (ls < 0) {
      if (wordLength > 0) {
        ls = ws;
        le = we;
      }
    } else {
      le = we;
    }
    if (we >= text.length) break;
    ws = we + 1;
  }
  if (ls >= 0) out.push(indent + text.slice(ls, le));
  return out;
}

function posText(base: string, p: SourcePos): string {
  return `${shortPath(base, p.file)}:${p.line}${p.column > 0 ? `:${p.column}` : ''}`;
}

/** renderEscapeText groups sites and runtime calls by function. */
export function renderEscapeText(ev: CompilerEvidence, opts: ReportOptions): string {
  const sites = selectSites(ev, opts.all);
  type Entry = { line: number; col: number; text: string[] };
  const groups = new Map<string, { fn: string; file: string; entries: Entry[] }>();
  // Keyed by function and directory: two main packages both have main.main.
  const group = (fn: string, file: string) => {
    const key = `${fn}\u0000${dirname(file)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { fn: fn === '' ? `(function unknown) ${shortPath(opts.base, file)}` : fn, file, entries: [] }));
    return g;
  };
  for (const s of sites) {
    const where = posText(opts.base, s.pos);
    const lines = [`  ${where}  ${s.message}  [${s.cause.title}]`];
    if (s.inlinedAt.length > 0) lines.push(`      inlined at ${s.inlinedAt.map((p) => posText(opts.base, p)).join(' → ')}`);
    lines.push(...wrap(s.cause.text, '      ', opts.width));
    for (const n of s.notes) lines.push(...wrap(`note: ${n}`, '      ', opts.width));
    group(s.function, s.pos.file).entries.push({ line: s.pos.line, col: s.pos.column, text: lines });
  }
  const callsByLine = new Map<string, RuntimeCall[]>();
  for (const c of ev.runtimeCalls) {
    const k = `${c.function}\u0000${c.file}\u0000${c.line}`;
    callsByLine.set(k, [...(callsByLine.get(k) ?? []), c]);
  }
  for (const calls of callsByLine.values()) {
    const c = calls[0]!;
    const names = [...new Set(calls.map((x) => x.call))];
    const reasons = [...new Set(calls.map((x) => x.reason))];
    const inlinedInto = [...new Set(calls.map((x) => x.compiledIn).filter((x): x is string => x !== undefined && x !== c.function))];
    const lines = [`  ${shortPath(opts.base, c.file)}:${c.line}  calls ${names.join(', ')}: ${reasons.join('; ')}`];
    if (inlinedInto.length > 0) lines.push(...wrap(`(inlined into ${inlinedInto.join(', ')})`, '      ', opts.width));
    group(c.function, c.file).entries.push({ line: c.line, col: 0, text: lines });
  }
  const out: string[] = [];
  out.push(`compiler evidence for ${ev.packages.map((p) => p.importPath).join(' ')} (${ev.goVersion})`);
  const fnCount = new Map<string, number>();
  for (const g of groups.values()) fnCount.set(g.fn, (fnCount.get(g.fn) ?? 0) + 1);
  const first = new Map([...groups.values()].map((g) => [g, firstLine(g)] as const));
  for (const g of [...groups.values()].sort((a, b) => (a.file === b.file ? first.get(a)! - first.get(b)! : a.file < b.file ? -1 : 1))) {
    out.push('', (fnCount.get(g.fn) ?? 0) > 1 ? `${g.fn}  (${shortPath(opts.base, dirname(g.file))})` : g.fn);
    for (const e of g.entries.sort((a, b) => a.line - b.line || a.col - b.col)) out.push(...e.text);
  }
  const heap = ev.sites.filter((s) => ESCAPE_KINDS[s.kind].allocates).length;
  const hidden = ev.sites.length - sites.length;
  out.push(
    '',
    `${heap} heap decision${heap === 1 ? '' : 's'}, ${ev.runtimeCalls.length} runtime allocation call${ev.runtimeCalls.length === 1 ? '' : 's'}` +
      (hidden > 0 ? `; ${hidden} other decision${hidden === 1 ? '' : 's'} (leaks, does not escape) hidden, --all shows them` : ''),
  );
  return out.join('\n') + '\n';
}

function firstLine(g: { entries: { line: number }[] }): number {
  let min = Infinity;
  for (const e of g.entries) if (e.line < min) min = e.line;
  return min;
}

/** renderExplain tells the whole story for one line. */
export function renderExplain(
  at: { sites: readonly EscapeSite[]; runtimeCalls: readonly RuntimeCall[]; inlining: CompilerEvidence['inlining'] },
  where: string,
  opts: ReportOptions,
): string {
  const out: string[] = [];
  if (at.sites.length === 0 && at.runtimeCalls.length === 0 && at.inlining.length === 0) {
    return `${where}: the compiler reported nothing at this line: no escape decision, no inlining and no runtime allocation call.\n`;
  }
  for (const s of at.sites) {
    out.push(`${posText(opts.base, s.pos)}  ${s.message}`);
    if (s.function !== '') out.push(`  in ${s.function}`);
    if (s.inlinedAt.length > 0) out.push(`  inlined at ${s.inlinedAt.map((p) => posText(opts.base, p)).join(' → ')}`);
    out.push(`  cause: ${s.cause.title}`);
    out.push(...wrap(s.cause.text, '    ', opts.width));
    const info = CAUSES[s.cause.kind];
    out.push('  why:', ...wrap(info.explanation, '    ', opts.width));
    out.push('  fix:', ...wrap(info.fix, '    ', opts.width));
    if (s.flow.length > 0) {
      out.push("  the compiler's flow:");
      for (const f of s.flow) out.push(`    ${f.reason === null ? '' : '  '}${f.text}${f.pos ? `  at ${posText(opts.base, f.pos)}` : ''}`);
    }
    for (const n of s.notes) out.push(...wrap(`note: ${n}`, '  ', opts.width));
    out.push('');
  }
  for (const c of at.runtimeCalls) {
    const into = c.compiledIn !== undefined ? ` (inlined into ${c.compiledIn})` : '';
    out.push(`${shortPath(opts.base, c.file)}:${c.line}  ${c.function}${into} calls ${c.call}: ${c.reason}`);
  }
  for (const d of at.inlining) {
    const what =
      d.kind === 'inlined-call'
        ? `call to ${d.function} is inlined${d.caller ? ` into ${d.caller}` : ''}`
        : d.kind === 'can-inline'
          ? `${d.function} can be inlined${d.cost !== undefined ? ` (cost ${d.cost})` : ''}`
          : `${d.function} cannot be inlined: ${d.reason ?? ''}`;
    out.push(`${posText(opts.base, d.pos)}  ${what}`);
  }
  return out.join('\n').replace(/\n*$/, '\n');
}
