// flame-tree.ts merges a profile's stacks into one call tree: the data a
// flame graph is laid out from. It keeps every frame (inlined frames become
// frames of their own, marked as such), every sample type, and both signs of
// value separately, so a delta profile or a diff against a base is drawn
// without losing what shrank. Nothing is pruned here: narrow frames are
// dropped only when painting (FACTS.md: trimming before aggregation corrupts
// the derived numbers).
import type { Profile, ValueType } from './model.js';

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
}

/** FlameTreeOptions selects the frame identity. */
export interface FlameTreeOptions {
  readonly granularity?: FlameGranularity;
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

  // Growable node columns in creation order (parent always before child).
  let cap = 1024;
  let parent = new Int32Array(cap);
  let frameOf = new Int32Array(cap);
  let posAcc = new Float64Array(cap * valueCount);
  let negAcc = new Float64Array(cap * valueCount);
  let count = 1;
  parent[0] = -1;
  frameOf[0] = -1;
  const grow = (): void => {
    cap *= 2;
    const p = new Int32Array(cap);
    p.set(parent);
    parent = p;
    const f = new Int32Array(cap);
    f.set(frameOf);
    frameOf = f;
    const a = new Float64Array(cap * valueCount);
    a.set(posAcc);
    posAcc = a;
    const b = new Float64Array(cap * valueCount);
    b.set(negAcc);
    negAcc = b;
  };
  // child lookup: key = parentNode * frameSpace + frame. frameSpace is fixed
  // per source after its locations are expanded; keys stay below 2^53 for
  // any realistic profile (nodes × frames < 9e15).
  const children = new Map<number, number>();
  const FRAME_SPACE = 1 << 26;

  let sampleCount = 0;
  const path: number[] = [];
  for (const { profile, sign, scale } of sources) {
    const factor = Array.from({ length: valueCount }, (_, k) => sign * (scale?.[k] ?? 1));
    // Expand each location once into frame ids, caller first (lines[] is innermost first).
    const locFrames: Int32Array[] = profile.locations.map((loc) => {
      const n = loc.lines.length;
      if (n === 0) {
        const name = `0x${loc.address.toString(16)}`;
        return Int32Array.of(internFrame(name, loc.mapping?.filename ?? '', 0, false));
      }
      const ids = new Int32Array(n);
      for (let j = 0; j < n; j++) {
        const l = loc.lines[n - 1 - j]!;
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
    const vals = s.values;
    for (let i = 0; i < s.count; i++) {
      sampleCount++;
      path.length = 0;
      let node = 0;
      path.push(0);
      for (let j = s.stackStart[i + 1]! - 1; j >= s.stackStart[i]!; j--) {
        const fr = locFrames[s.stackLocations[j]!]!;
        for (let t = 0; t < fr.length; t++) {
          const key = node * FRAME_SPACE + fr[t]!;
          let child = children.get(key);
          if (child === undefined) {
            if (count === cap) grow();
            child = count++;
            parent[child] = node;
            frameOf[child] = fr[t]!;
            children.set(key, child);
          }
          node = child;
          path.push(node);
        }
      }
      const base = i * valueCount;
      for (let k = 0; k < valueCount; k++) {
        const v = vals[base + k]! * factor[k]!;
        if (v === 0) continue;
        const acc = v > 0 ? posAcc : negAcc;
        for (let p = 0; p < path.length; p++) acc[path[p]! * valueCount + k]! += v;
      }
    }
  }
  return reorder(count, parent, frameOf, posAcc, negAcc, valueCount, frames, first.profile.sampleTypes, sources.some((s) => s.sign < 0), sampleCount);
}

/** reorder lays the nodes out in pre-order with children sorted by frame name, then file, then line. */
function reorder(
  count: number,
  parent: Int32Array,
  frameOf: Int32Array,
  posAcc: Float64Array,
  negAcc: Float64Array,
  valueCount: number,
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
  // Children lists via counting sort on parent.
  const childCount = new Int32Array(count + 1);
  for (let n = 1; n < count; n++) childCount[parent[n]! + 1]!++;
  for (let n = 1; n <= count; n++) childCount[n]! += childCount[n - 1]!;
  const childStart = childCount.slice();
  const kids = new Int32Array(Math.max(0, count - 1));
  const fill = childCount.slice();
  for (let n = 1; n < count; n++) kids[fill[parent[n]!]!++] = n;
  for (let n = 0; n < count; n++) {
    const a = childStart[n]!;
    const b = childStart[n + 1]!;
    if (b - a > 1) kids.subarray(a, b).sort((x, y) => frameRank[frameOf[x]!]! - frameRank[frameOf[y]!]!);
  }
  const nodeFrame = new Int32Array(count);
  const nodeParent = new Int32Array(count);
  const nodeDepth = new Uint16Array(count);
  const pos = Array.from({ length: valueCount }, () => new Float64Array(count));
  const neg = Array.from({ length: valueCount }, () => new Float64Array(count));
  const newIndex = new Int32Array(count);
  // Iterative DFS: a recursive one overflows the stack on deep recursion profiles.
  const stack: number[] = [0];
  let next = 0;
  let maxDepth = 0;
  while (stack.length > 0) {
    const old = stack.pop()!;
    const idx = next++;
    newIndex[old] = idx;
    nodeFrame[idx] = frameOf[old]!;
    const op = old === 0 ? -1 : newIndex[parent[old]!]!;
    nodeParent[idx] = op;
    const depth = op < 0 ? 0 : nodeDepth[op]! + 1;
    nodeDepth[idx] = Math.min(depth, 65535);
    if (depth > maxDepth) maxDepth = depth;
    for (let k = 0; k < valueCount; k++) {
      pos[k]![idx] = posAcc[old * valueCount + k]!;
      neg[k]![idx] = negAcc[old * valueCount + k]!;
    }
    for (let c = childStart[old + 1]! - 1; c >= childStart[old]!; c--) stack.push(kids[c]!);
  }
  return { sampleTypes, frames, nodeFrame, nodeParent, nodeDepth, pos, neg, maxDepth, diff, sampleCount };
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
