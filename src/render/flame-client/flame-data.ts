// flame-data.ts is the JSON the flame-graph HTML embeds: a FlameTree in
// plain arrays, plus what the page shows about where it came from.

/** FlameData is embedded as <script type="application/json"> in the HTML file. */
export interface FlameData {
  readonly schema: 'heapsight.flame/v1';
  readonly title: string;
  /** Lines shown under the title (files, Go version, normalisation). */
  readonly notes: readonly string[];
  readonly sampleTypes: readonly { readonly type: string; readonly unit: string }[];
  readonly defaultIndex: number;
  /** True when a base was subtracted: colours mean grew/shrank against it. */
  readonly diff: boolean;
  /** Frame table. */
  readonly names: readonly string[];
  readonly files: readonly string[];
  readonly lines: readonly number[];
  readonly inlined: readonly (0 | 1)[];
  /** Nodes in pre-order; node 0 is the root (frame -1). */
  readonly frame: readonly number[];
  readonly parent: readonly number[];
  readonly depth: readonly number[];
  /** Per sample type: positive and negative cumulative sums per node; neg[k] is null when all zero. */
  readonly pos: readonly (readonly number[])[];
  readonly neg: readonly (readonly number[] | null)[];
}

/**
 * FlameWire is how FlameData travels in the HTML: big per-node columns are
 * made cheap to parse. parent is sent as i − parent[i] (mostly 1 in
 * pre-order), depth is recomputed, and each sample type's values sit in
 * their own JSON block that the page parses only when that index is shown,
 * so first paint parses one sample type, not all four of a heap profile.
 */
export interface FlameWire extends Omit<FlameData, 'parent' | 'depth' | 'pos' | 'neg'> {
  readonly parentDelta: readonly number[];
  /** Whether sample type k has negative values (its block carries neg). */
  readonly hasNeg: readonly boolean[];
}

/** FlameWireValues is one sample type's block. */
export interface FlameWireValues {
  readonly pos: readonly number[];
  readonly neg: readonly number[] | null;
}
