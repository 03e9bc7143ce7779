// source-listing.ts is heapsight's `list`: per-line flat and cum for the
// functions whose name matches a regex, as `go tool pprof -list` computes
// them (lines granularity; an inlined callee's lines belong to the callee),
// with the source text when the file can be read. Reading is injected so the
// function stays pure.
import type { Profile, ValueType } from './model.js';
import { buildFrameTable } from './frame-table.js';
import { applyFilters, type FilterOptions } from './profile-filter.js';
import { resolveSampleIndex, type SampleIndex } from './sample-index.js';
import { aggregateNodes, profileTotal } from './top.js';

/** ListedLine is one source line of a listed function. */
export interface ListedLine {
  readonly line: number;
  readonly flat: number;
  readonly cum: number;
  /** The source text, or null when the file was not readable. */
  readonly source: string | null;
}

/** ListedFunction is one function matched by the regex. */
export interface ListedFunction {
  readonly name: string;
  readonly file: string;
  readonly startLine: number;
  /** Sums over its lines, as pprof prints them in the ROUTINE header. */
  readonly flat: number;
  readonly cum: number;
  /** Every line from the first to the last with samples (and from the start line when known). */
  readonly lines: readonly ListedLine[];
  readonly sourceFound: boolean;
}

/** ListReport is the result of `list`. */
export interface ListReport {
  readonly sampleIndex: SampleIndex;
  readonly valueType: ValueType;
  readonly total: number;
  readonly functions: readonly ListedFunction[];
  readonly warnings: readonly string[];
}

/** ListOptions: sample index and filters. */
export interface ListOptions extends FilterOptions {
  readonly sampleIndex?: string;
}

/** SourceReader returns a file's lines (index 0 = line 1) or null when unavailable. */
export type SourceReader = (file: string) => readonly string[] | null;

/** listFunctions computes per-line flat/cum for functions whose name matches `pattern`. */
export function listFunctions(p: Profile, pattern: RegExp, options: ListOptions = {}, readSource: SourceReader = () => null): ListReport {
  const sampleIndex = resolveSampleIndex(p, options.sampleIndex);
  const view = applyFilters(p, options);
  const table = buildFrameTable(view, 'lines');
  const agg = aggregateNodes(view, table, sampleIndex.index);
  const byFunction = new Map<string, { name: string; file: string; startLine: number; lines: Map<number, { flat: number; cum: number }> }>();
  table.nodes.forEach((n, i) => {
    const flat = agg.flat[i]!;
    const cum = agg.cum[i]!;
    if ((flat === 0 && cum === 0) || !pattern.test(n.functionName)) return;
    const key = `${n.functionName}\0${n.file}`;
    let f = byFunction.get(key);
    if (f === undefined) {
      f = { name: n.functionName, file: n.file, startLine: n.startLine, lines: new Map() };
      byFunction.set(key, f);
    }
    const cur = f.lines.get(n.line) ?? { flat: 0, cum: 0 };
    f.lines.set(n.line, { flat: cur.flat + flat, cum: cur.cum + cum });
  });
  const functions: ListedFunction[] = [];
  for (const f of byFunction.values()) {
    const nums = [...f.lines.keys()];
    const last = Math.max(...nums);
    const first = f.startLine > 0 && f.startLine <= Math.min(...nums) ? f.startLine : Math.min(...nums);
    const src = f.file !== '' ? readSource(f.file) : null;
    const lines: ListedLine[] = [];
    let flat = 0;
    let cum = 0;
    for (let ln = first; ln <= last; ln++) {
      const v = f.lines.get(ln) ?? { flat: 0, cum: 0 };
      flat += v.flat;
      cum += v.cum;
      lines.push({ line: ln, flat: v.flat, cum: v.cum, source: src ? (src[ln - 1] ?? null) : null });
    }
    functions.push({ name: f.name, file: f.file, startLine: f.startLine, flat, cum, lines, sourceFound: src !== null });
  }
  functions.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.file < b.file ? -1 : 1));
  return {
    sampleIndex,
    valueType: sampleIndex.type,
    total: profileTotal(p, sampleIndex.index),
    functions,
    warnings: functions.length === 0 ? [...view.warnings, `no function matches ${pattern.source}`] : view.warnings,
  };
}
