// top.ts computes flat and cum per report node over the full (filtered)
// data, as pprof's graph.newGraph does: flat goes to the leaf's innermost
// frame, cum to every distinct node on the stack once (recursion is counted
// once), samples whose value is 0 are skipped. The total is the sum of
// |value| over all samples before filtering (pprof's computeTotal: with
// --focus, percentages stay relative to the whole profile).
//
// Nothing is trimmed here: rows are all nodes with a non-zero flat or cum.
// Renderers apply nodefraction/nodecount.
import type { Profile, ValueType } from './model.js';
import { buildFrameTable, type FrameNode, type FrameTable, type Granularity } from './frame-table.js';
import { applyFilters, type FilterOptions, type ProfileView } from './profile-filter.js';
import { resolveSampleIndex, type SampleIndex } from './sample-index.js';

/** InlineLabel is pprof's marker for nodes reached only (or partly) through inlined calls. */
export type InlineLabel = '' | 'inline' | 'partial-inline';

/** TopRow is one report node with its measured values. */
export interface TopRow {
  readonly node: FrameNode;
  readonly flat: number;
  readonly cum: number;
  readonly inline: InlineLabel;
}

/** TopOptions selects value, granularity and filters. */
export interface TopOptions extends FilterOptions {
  /** Sample index by name or number; undefined = default (see sample-index.ts). */
  readonly sampleIndex?: string;
  readonly granularity?: Granularity;
}

/** TopReport is the full, untrimmed result of a top computation. */
export interface TopReport {
  readonly sampleIndex: SampleIndex;
  readonly valueType: ValueType;
  readonly granularity: Granularity;
  /** Sum of |value| over all samples (unfiltered): the denominator of every share. */
  readonly total: number;
  /** Sum of flat over the rows (what the filters let through). */
  readonly shownTotal: number;
  /** All nodes with flat or cum ≠ 0, sorted as pprof -top sorts (|flat| desc, name, |cum| desc). */
  readonly rows: readonly TopRow[];
  readonly warnings: readonly string[];
}

/** NodeValues is the raw aggregation: per node flat, cum and inline-edge flags. */
export interface NodeValues {
  readonly table: FrameTable;
  readonly flat: Float64Array;
  readonly cum: Float64Array;
  /** Bit 1: reached by an inlined edge; bit 2: by a real call. */
  readonly inEdges: Uint8Array;
}

/** profileTotal is pprof's total: the sum of |value| of sample index k over all samples. */
export function profileTotal(p: Profile, k: number): number {
  const s = p.samples;
  const v = s.values;
  const stride = s.valueCount;
  let total = 0;
  for (let i = 0; i < s.count; i++) total += Math.abs(v[i * stride + k]!);
  return total;
}

/** aggregateNodes runs the one indexing pass over the samples of a view. */
export function aggregateNodes(view: ProfileView, table: FrameTable, k: number): NodeValues {
  const p = view.profile;
  const s = p.samples;
  const n = table.nodes.length;
  const flat = new Float64Array(n);
  const cum = new Float64Array(n);
  const inEdges = new Uint8Array(n);
  const seen = new Int32Array(n);
  const keep = view.keep;
  const values = s.values;
  const stride = s.valueCount;
  const stackStart = s.stackStart;
  const stackLocations = s.stackLocations;
  const locStart = table.locStart;
  const locNodes = table.locNodes;
  const locSingle = table.locSingle;
  const count = s.count;
  let epoch = 0;
  for (let i = 0; i < count; i++) {
    if (keep !== null && keep[i] === 0) continue;
    const w = values[i * stride + k]!;
    if (w === 0) continue;
    epoch++;
    let parent = -1;
    // Root to leaf: the last location is the root; within a location the
    // last line is the outermost caller.
    const first = stackStart[i]!;
    for (let j = stackStart[i + 1]! - 1; j >= first; j--) {
      const L = stackLocations[j]!;
      const single = locSingle[L]!;
      if (single >= 0) {
        // Most locations have one line: no inner loop, no inlined edge.
        if (seen[single] !== epoch) {
          seen[single] = epoch;
          cum[single]! += w;
        }
        if (parent >= 0 && single !== parent) inEdges[single]! |= 2;
        parent = single;
        continue;
      }
      if (single === -1) continue;
      const a = locStart[L]!;
      const b = locStart[L + 1]!;
      for (let x = b - 1; x >= a; x--) {
        const node = locNodes[x]!;
        if (seen[node] !== epoch) {
          seen[node] = epoch;
          cum[node]! += w;
        }
        if (parent >= 0 && node !== parent) inEdges[node]! |= x !== b - 1 ? 1 : 2;
        parent = node;
      }
    }
    if (parent >= 0) flat[parent]! += w;
  }
  return { table, flat, cum, inEdges };
}

/** compareRows is pprof's FlatNameOrder: |flat| desc, name asc, |cum| desc. */
export function compareRows(a: TopRow, b: TopRow): number {
  const fa = Math.abs(a.flat);
  const fb = Math.abs(b.flat);
  if (fa !== fb) return fb - fa;
  if (a.node.name !== b.node.name) return a.node.name < b.node.name ? -1 : 1;
  const ca = Math.abs(a.cum);
  const cb = Math.abs(b.cum);
  if (ca !== cb) return cb - ca;
  const ka = `${a.node.file}:${a.node.line}:${a.node.startLine}`;
  const kb = `${b.node.file}:${b.node.line}:${b.node.startLine}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** top computes the full flat/cum table of a profile. Pure. */
export function top(p: Profile, options: TopOptions = {}): TopReport {
  const sampleIndex = resolveSampleIndex(p, options.sampleIndex);
  const granularity = options.granularity ?? 'functions';
  const view = applyFilters(p, options);
  const table = buildFrameTable(view, granularity);
  const agg = aggregateNodes(view, table, sampleIndex.index);
  const rows: TopRow[] = [];
  let shownTotal = 0;
  for (let i = 0; i < table.nodes.length; i++) {
    const flat = agg.flat[i]!;
    const cum = agg.cum[i]!;
    if (flat === 0 && cum === 0) continue;
    const e = agg.inEdges[i]!;
    rows.push({ node: table.nodes[i]!, flat, cum, inline: e === 1 ? 'inline' : e === 3 ? 'partial-inline' : '' });
    shownTotal += flat;
  }
  rows.sort(compareRows);
  return {
    sampleIndex,
    valueType: sampleIndex.type,
    granularity,
    total: profileTotal(p, sampleIndex.index),
    shownTotal,
    rows,
    warnings: view.warnings,
  };
}

/** TrimmedRows is what a renderer shows after pprof's nodefraction and nodecount. */
export interface TrimmedRows {
  readonly rows: readonly TopRow[];
  /** Rows dropped because |cum| < nodefraction × shown total. */
  readonly dropped: number;
  /** The cutoff used (pprof prints "Dropped N nodes (cum <= X)"). */
  readonly cutoff: number;
  /** Rows left out by nodecount after the nodefraction drop. */
  readonly omitted: number;
}

/** trimRows applies pprof's -nodefraction (default 0.005) and -nodecount (0 = no limit). */
export function trimRows(report: TopReport, nodeFraction = 0.005, nodeCount = 0): TrimmedRows {
  const cutoff = Math.abs(Math.trunc(report.shownTotal * nodeFraction));
  const kept = cutoff > 0 ? report.rows.filter((r) => Math.abs(r.cum) >= cutoff) : report.rows;
  const limited = nodeCount > 0 ? kept.slice(0, nodeCount) : kept;
  return { rows: limited, dropped: report.rows.length - kept.length, cutoff, omitted: kept.length - limited.length };
}
