// flame-tree.ts merges a profile's stacks into one call tree: the data a
// flame graph is laid out from. It keeps every frame (inlined frames become
// frames of their own, marked as such), every sample type, and both signs of
// value separately, so a delta profile or a diff against a base is drawn
// without losing what shrank. Nothing is pruned here: narrow frames are
// dropped only when painting (FACTS.md: trimming before aggregation corrupts
// the derived numbers).
import type { Line, Profile, ValueType } from './model.js';

/** FlameGranularity says what one frame is: a function, a function at one source line, or a source file. */
export type FlameGranularity = 'functions' | 'lines' | 'files';

/** FlameFrame is one distinct frame. `line` is the function's start line for 'functions'. */
export interface FlameFrame {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** True when this frame was inlined into its caller (not its own call). */
  readonly inlined: boolean;
}

/**
 * FlameTree is the merged call tree, in columns. Nodes are in pre-order with
 * each node's children sorted by frame name (as FlameGraph does, so a frame
 * keeps its place when the sample index changes); node 0 is the root, whose
 * frame is -1. For sample type k and node n:
 * - pos[k][n] is the sum over samples through n of max(v, 0),
 * - neg[k][n] is the sum of min(v, 0) (≤ 0; values of a base profile count
 *   as negative, pprof's -diff_base: base scaled by -1 and merged).
 * pos - neg (the absolute weight) of a node is at least the sum over its
 * children, so widths nest even when values are negative; pos + neg is the
 * signed value pprof reports.
 */
export interface FlameTree {
  readonly sampleTypes: readonly ValueType[];
  readonly frames: readonly FlameFrame[];
  readonly nodeFrame: Int32Array;
  readonly nodeParent: Int32Array;
  readonly nodeDepth: Uint16Array;
  readonly pos: readonly Float64Array[];
  readonly neg: readonly Float64Array[];
  readonly maxDepth: number;
  /** True when a base profile was subtracted (colours then mean grew/shrank). */
  readonly diff: boolean;
  readonly sampleCount: number;
}

/** FlameSource is one profile and the sign its values enter the tree with. */
export interface FlameSource {
  readonly profile: Profile;
  readonly sign: 1 | -1;
  /** Optional per-sample-type multiplier (normalisation of a base); default 1. */
  readonly scale?: readonly number[];
  /**
   * A filtered look at the profile (profile-filter.ts's ProfileView): samples
   * with keep[i] = 0 are left out, and each location contributes the lines
   * left to it (none: the location is dropped from the stack). A sample whose
   * every location was dropped is charged to the root.
   */
  readonly view?: { readonly keep: Uint8Array | null; readonly locationLines: readonly (readonly Line[])[] };
}

/** FlameTreeOptions selects the frame identity. */
export interface FlameTreeOptions {
  readonly granularity?: FlameGranularity;
  /**
   * Accumulate this one sample type only: the tree's sampleTypes, pos and neg
   * then hold just it (a quarter of the memory for a heap profile; the
   * workbench server loads other sample types on demand). The tree's shape
   * does not depend on the values, so trees built for different types of one
   * profile have the same nodes in the same order.
   */
  readonly sampleIndex?: number;
}

/**
 * buildFlameTree merges the sources' stacks into a FlameTree. All sources
 * must share sample types (checked by the caller, which knows the file names).
 */
export function buildFlameTree(sources: readonly FlameSource[], options: FlameTreeOptions = {}): FlameTree {
  const first = sources[0];
  if (!first) throw new Error('buildFlameTree needs at least one profile');
  const granularity = options.granularity ?? 'functions';
  const valueCount = first.profile.sampleTypes.length;

  const frames: FlameFrame[] = [];
  const frameIndex = new Map<string, number>();
  const internFrame = (name: string, file: string, line: number, inlined: boolean): number => {
    const key = `${name}\u0000${file}\u0000${line}\u0000${inlined ? 1 : 0}`;
    let id = frameIndex.get(key);
    if (id === undefined) {
      id = frames.length;
      frames.push({ name, file, line, inlined });
      frameIndex.set(key, id);
    }
    return id;
  };

  // Node columns in creation order (a parent is always created before its children).
  let cap = 1024;
  let parent = new Int32Array(cap);
  let frameOf = new Int32Array(cap);
  let count = 1;
  parent[0] = -1;
  frameOf[0] = -1;

  // Child lookup: an open-addressing hash table over (parent, frame) in one
  // interleaved Int32Array (parent, frame, node per slot: one cache line per
  // probe). A Map keyed by parent * 2^26 + frame spent most of its time
  // hashing heap numbers (7 s for a 1M-sample profile).
  let slots = 1 << 12;
  let table = new Int32Array(slots * 3).fill(-1);
  let used = 0;
  const hashOf = (p: number, f: number): number => (Math.imul(p, 0x9e3779b1) ^ Math.imul(f + 1, 0x85ebca77)) >>> 0;
  const rehash = (): void => {
    const old = table;
    slots *= 2;
    table = new Int32Array(slots * 3).fill(-1);
    const mask = slots - 1;
    for (let i = 0; i < old.length; i += 3) {
      const p = old[i]!;
      if (p === -1) continue;
      let h = hashOf(p, old[i + 1]!) & mask;
      while (table[h * 3] !== -1) h = (h + 1) & mask;
      table[h * 3] = p;
      table[h * 3 + 1] = old[i + 1]!;
      table[h * 3 + 2] = old[i + 2]!;
    }
  };
  const childOf = (p: number, f: number): number => {
    const mask = slots - 1;
    let h = hashOf(p, f) & mask;
    for (;;) {
      const sp = table[h * 3]!;
      if (sp === -1) break;
      if (sp === p && table[h * 3 + 1] === f) return table[h * 3 + 2]!;
      h = (h + 1) & mask;
    }
    if (count === cap) {
      cap *= 2;
      const np = new Int32Array(cap);
      np.set(parent);
      parent = np;
      const nf = new Int32Array(cap);
      nf.set(frameOf);
      frameOf = nf;
    }
    const child = count++;
    parent[child] = p;
    frameOf[child] = f;
    table[h * 3] = p;
    table[h * 3 + 1] = f;
    table[h * 3 + 2] = child;
    // Grow at 3/4 load: for millions of nodes the table is the build's largest buffer.
    if (++used * 4 > slots * 3) rehash();
    return child;
  };

  // Pass 1: place every sample, remembering only its leaf node.
  let sampleCount = 0;
  const leaves: Int32Array[] = [];
  for (const { profile, view } of sources) {
    // Expand each location once into frame ids, caller first (lines[] is innermost first).
    const locFrames: Int32Array[] = profile.locations.map((loc, li) => {
      const lines = view ? view.locationLines[li]! : loc.lines;
      const n = lines.length;
      if (n === 0 && view && loc.lines.length > 0) return new Int32Array(0);
      if (n === 0) {
        const name = `0x${loc.address.toString(16)}`;
        return Int32Array.of(internFrame(name, loc.mapping?.filename ?? '', 0, false));
      }
      const ids = new Int32Array(n);
      for (let j = 0; j < n; j++) {
        const l = lines[n - 1 - j]!;
        const fn = l.function;
        // Every line but the last (outermost, j = 0 here) was inlined into its caller.
        const inlined = j > 0;
        ids[j] =
          granularity === 'files'
            ? internFrame(fn.filename, fn.filename, 0, false)
            : internFrame(fn.name, fn.filename, granularity === 'lines' ? l.line : fn.startLine, inlined);
      }
      return ids;
    });
    const s = profile.samples;
    const keep = view?.keep ?? null;
    const leaf = new Int32Array(s.count);
    // Consecutive samples often share their outer frames: reuse the previous
    // sample's nodes while the root-first locations match.
    let prevLocs = new Int32Array(64);
    let prevNodes = new Int32Array(64);
    let prevLen = 0;
    for (let i = 0; i < s.count; i++) {
      if (keep !== null && keep[i] === 0) {
        leaf[i] = -1;
        continue;
      }
      sampleCount++;
      const a = s.stackStart[i]!;
      const b = s.stackStart[i + 1]!;
      const len = b - a;
      if (len > prevLocs.length) {
        const l2 = new Int32Array(len * 2);
        l2.set(prevLocs);
        prevLocs = l2;
        const n2 = new Int32Array(len * 2);
        n2.set(prevNodes);
        prevNodes = n2;
      }
      let d = 0;
      let node = 0;
      while (d < len && d < prevLen && prevLocs[d] === s.stackLocations[b - 1 - d]) node = prevNodes[d++]!;
      for (; d < len; d++) {
        const loc = s.stackLocations[b - 1 - d]!;
        const fr = locFrames[loc]!;
        for (let t = 0; t < fr.length; t++) node = childOf(node, fr[t]!);
        prevLocs[d] = loc;
        prevNodes[d] = node;
      }
      prevLen = len;
      leaf[i] = node;
    }
    leaves.push(leaf);
  }

  // The child table is done with: let it go before pass 2 and the reorder allocate
  // (for a million-sample profile it is the largest buffer of the build).
  table = new Int32Array(0);

  // Pass 2: values go to leaves; one backward pass sums subtrees (children
  // come after parents in creation order).
  const kept = options.sampleIndex !== undefined ? [options.sampleIndex] : first.profile.sampleTypes.map((_, k) => k);
  const posAcc = kept.map(() => new Float64Array(count));
  const negAcc = kept.map(() => new Float64Array(count));
  sources.forEach(({ profile, sign, scale }, si) => {
    const s = profile.samples;
    const vals = s.values;
    const leaf = leaves[si]!;
    for (let j = 0; j < kept.length; j++) {
      const k = kept[j]!;
      const factor = sign * (scale?.[k] ?? 1);
      const pa = posAcc[j]!;
      const na = negAcc[j]!;
      for (let i = 0; i < s.count; i++) {
        if (leaf[i]! < 0) continue;
        const v = vals[i * valueCount + k]! * factor;
        if (v > 0) pa[leaf[i]!]! += v;
        else if (v < 0) na[leaf[i]!]! += v;
      }
    }
  });
  for (let j = 0; j < kept.length; j++) {
    const pa = posAcc[j]!;
    const na = negAcc[j]!;
    for (let c = count - 1; c > 0; c--) {
      const p = parent[c]!;
      pa[p]! += pa[c]!;
      na[p]! += na[c]!;
    }
  }
  const types = kept.map((k) => first.profile.sampleTypes[k]!);
  return reorder(count, parent, frameOf, posAcc, negAcc, frames, types, sources.some((s) => s.sign < 0), sampleCount);
}

/** reorder lays the nodes out in pre-order with children sorted by frame name, then file, then line. */
function reorder(
  count: number,
  parent: Int32Array,
  frameOf: Int32Array,
  posAcc: readonly Float64Array[],
  negAcc: readonly Float64Array[],
  frames: readonly FlameFrame[],
  sampleTypes: readonly ValueType[],
  diff: boolean,
  sampleCount: number,
): FlameTree {
  const frameRank = new Int32Array(frames.length);
  const order = frames.map((_, i) => i);
  order.sort((a, b) => {
    const x = frames[a]!;
    const y = frames[b]!;
    return x.name < y.name ? -1 : x.name > y.name ? 1 : x.file < y.file ? -1 : x.file > y.file ? 1 : x.line - y.line || Number(x.inlined) - Number(y.inlined);
  });
  order.forEach((f, r) => (frameRank[f] = r));
  // Two stable counting sorts (by frame rank, then by parent) group each
  // node's children in display order without a comparator sort per parent.
  const byRank = new Int32Array(Math.max(0, count - 1));
  {
    const start = new Int32Array(frames.length + 1);
    for (let n = 1; n < count; n++) start[frameRank[frameOf[n]!]! + 1]!++;
    for (let r = 1; r <= frames.length; r++) start[r]! += start[r - 1]!;
    for (let n = 1; n < count; n++) byRank[start[frameRank[frameOf[n]!]!]!++] = n;
  }
  const childStart = new Int32Array(count + 1);
  for (let n = 1; n < count; n++) childStart[parent[n]! + 1]!++;
  for (let n = 1; n <= count; n++) childStart[n]! += childStart[n - 1]!;
  const kids = new Int32Array(Math.max(0, count - 1));
  {
    const fill = childStart.slice();
    for (let j = 0; j < byRank.length; j++) {
      const n = byRank[j]!;
      kids[fill[parent[n]!]!++] = n;
    }
  }
  const nodeFrame = new Int32Array(count);
  const nodeParent = new Int32Array(count);
  const nodeDepth = new Uint16Array(count);
  const newIndex = new Int32Array(count);
  // Iterative DFS: a recursive one overflows the stack on deep recursion profiles.
  const stack = new Int32Array(count);
  let sp = 0;
  stack[sp++] = 0;
  let next = 0;
  let maxDepth = 0;
  while (sp > 0) {
    const old = stack[--sp]!;
    const idx = next++;
    newIndex[old] = idx;
    nodeFrame[idx] = frameOf[old]!;
    const op = old === 0 ? -1 : newIndex[parent[old]!]!;
    nodeParent[idx] = op;
    const depth = op < 0 ? 0 : nodeDepth[op]! + 1;
    nodeDepth[idx] = Math.min(depth, 65535);
    if (depth > maxDepth) maxDepth = depth;
    for (let c = childStart[old + 1]! - 1; c >= childStart[old]!; c--) stack[sp++] = kids[c]!;
  }
  const permute = (src: Float64Array): Float64Array => {
    const out = new Float64Array(count);
    for (let n = 0; n < count; n++) out[newIndex[n]!] = src[n]!;
    return out;
  };
  return { sampleTypes, frames, nodeFrame, nodeParent, nodeDepth, pos: posAcc.map(permute), neg: negAcc.map(permute), maxDepth, diff, sampleCount };
}

/** flameNodeValue is node n's signed cumulative value for sample type k (pprof's cum). */
export function flameNodeValue(tree: FlameTree, k: number, n: number): number {
  return tree.pos[k]![n]! + tree.neg[k]![n]!;
}

/** flameNodeSelf is node n's signed flat value: its cum minus its children's. */
export function flameNodeSelf(tree: FlameTree, k: number, n: number): number {
  let v = flameNodeValue(tree, k, n);
  for (let c = n + 1; c < tree.nodeFrame.length && tree.nodeDepth[c]! > tree.nodeDepth[n]!; c++) {
    if (tree.nodeParent[c] === n) v -= flameNodeValue(tree, k, c);
  }
  return v;
}
