// peek.ts is heapsight's `peek`: for each node matching a regex, its callers
// and callees with edge weights, as `go tool pprof -peek` prints them. An
// edge is counted once per sample (graph.newGraph's seenEdge), so recursion
// does not inflate it.
import type { Profile, ValueType } from './model.js';
import { buildFrameTable, type FrameNode, type Granularity } from './frame-table.js';
import { applyFilters, type FilterOptions } from './profile-filter.js';
import { resolveSampleIndex, type SampleIndex } from './sample-index.js';
import { aggregateNodes, profileTotal, type InlineLabel } from './top.js';

/** PeekEdge is one caller or callee of a peeked node. */
export interface PeekEdge {
  readonly node: FrameNode;
  readonly value: number;
  /** True when the call was inlined (pprof's "(inline)" after the name). */
  readonly inline: boolean;
}

/** PeekEntry is one matched node with its neighbourhood. */
export interface PeekEntry {
  readonly node: FrameNode;
  readonly flat: number;
  readonly cum: number;
  readonly inline: InlineLabel;
  /** Sorted by |value| descending, then name. */
  readonly callers: readonly PeekEdge[];
  readonly callees: readonly PeekEdge[];
}

/** PeekReport is the result of `peek`. */
export interface PeekReport {
  readonly sampleIndex: SampleIndex;
  readonly valueType: ValueType;
  readonly total: number;
  /** Sorted like top (|flat| desc, name). */
  readonly entries: readonly PeekEntry[];
  readonly warnings: readonly string[];
}

/** PeekOptions: sample index, granularity and filters. */
export interface PeekOptions extends FilterOptions {
  readonly sampleIndex?: string;
  readonly granularity?: Granularity;
}

/** peek finds nodes whose name matches `pattern` and aggregates their edges. */
export function peek(p: Profile, pattern: RegExp, options: PeekOptions = {}): PeekReport {
  const sampleIndex = resolveSampleIndex(p, options.sampleIndex);
  const view = applyFilters(p, options);
  const table = buildFrameTable(view, options.granularity ?? 'functions');
  const agg = aggregateNodes(view, table, sampleIndex.index);
  const matched = new Uint8Array(table.nodes.length);
  let any = false;
  table.nodes.forEach((n, i) => {
    if ((agg.flat[i] !== 0 || agg.cum[i] !== 0) && pattern.test(n.name)) {
      matched[i] = 1;
      any = true;
    }
  });
  // edges: key "src,dst" → [value, inline]
  const edges = new Map<string, { src: number; dst: number; value: number; inline: boolean }>();
  if (any) {
    const s = p.samples;
    const seen = new Set<string>();
    for (let i = 0; i < s.count; i++) {
      if (view.keep !== null && view.keep[i] === 0) continue;
      const w = s.values[i * s.valueCount + sampleIndex.index]!;
      if (w === 0) continue;
      seen.clear();
      let parent = -1;
      for (let j = s.stackStart[i + 1]! - 1; j >= s.stackStart[i]!; j--) {
        const L = s.stackLocations[j]!;
        const a = table.locStart[L]!;
        const b = table.locStart[L + 1]!;
        for (let x = b - 1; x >= a; x--) {
          const node = table.locNodes[x]!;
          if (parent >= 0 && node !== parent && (matched[node] === 1 || matched[parent] === 1)) {
            const key = `${parent},${node}`;
            if (!seen.has(key)) {
              seen.add(key);
              const e = edges.get(key);
              if (e === undefined) edges.set(key, { src: parent, dst: node, value: w, inline: x !== b - 1 });
              else e.value += w;
            }
          }
          parent = node;
        }
      }
    }
  }
  const order = (a: PeekEdge, b: PeekEdge): number =>
    Math.abs(b.value) - Math.abs(a.value) || (a.node.name < b.node.name ? -1 : a.node.name > b.node.name ? 1 : 0);
  const entries: PeekEntry[] = [];
  for (let i = 0; i < table.nodes.length; i++) {
    if (matched[i] !== 1) continue;
    const callers: PeekEdge[] = [];
    const callees: PeekEdge[] = [];
    for (const e of edges.values()) {
      if (e.dst === i) callers.push({ node: table.nodes[e.src]!, value: e.value, inline: e.inline });
      if (e.src === i) callees.push({ node: table.nodes[e.dst]!, value: e.value, inline: e.inline });
    }
    const ie = agg.inEdges[i]!;
    entries.push({
      node: table.nodes[i]!,
      flat: agg.flat[i]!,
      cum: agg.cum[i]!,
      inline: ie === 1 ? 'inline' : ie === 3 ? 'partial-inline' : '',
      callers: callers.sort(order),
      callees: callees.sort(order),
    });
  }
  entries.sort((a, b) => Math.abs(b.flat) - Math.abs(a.flat) || (a.node.name < b.node.name ? -1 : 1));
  return {
    sampleIndex,
    valueType: sampleIndex.type,
    total: profileTotal(p, sampleIndex.index),
    entries,
    warnings: any ? view.warnings : [...view.warnings, `no node matches ${pattern.source}`],
  };
}
