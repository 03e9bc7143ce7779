// user-frames.ts answers, from a heap profile's stacks, the two questions a
// user asks when the top allocation lines are in the standard library or a
// dependency: which of MY lines led there, and which of my lines cause the
// most bytes below them. "My lines" are those a predicate accepts (the
// target packages' files). Pure.
//
// Lines are pprof's -lines nodes: one per (function, file, line) of every
// inlined frame, so a call inlined into the user's function still shows the
// user's line. Flat goes to the innermost frame of the leaf location, as
// `go tool pprof -top -lines` charges it.
import { applyFilters } from './profile-filter.js';
import { buildFrameTable } from './frame-table.js';
import type { Profile } from './model.js';

/** FrameLine names one line of a stack. */
export interface FrameLine {
  readonly function: string;
  readonly file: string;
  readonly line: number;
}

/** FrameAmount is bytes and objects that passed through (or ended at) one line. */
export interface FrameAmount extends FrameLine {
  readonly bytes: number;
  readonly objects: number;
}

/** LeafUserFrames lists, for one allocating line outside the user's code, the user's lines its stacks came through, heaviest first. */
export interface LeafUserFrames {
  readonly leaf: FrameLine;
  /** Innermost user line on each stack, summed per line; heaviest first. */
  readonly frames: readonly FrameAmount[];
  /** Bytes of this leaf on stacks with no user line at all (the runtime's own goroutines, testing's). */
  readonly orphanBytes: number;
  /**
   * Functions between the leaf and the innermost user line (both excluded),
   * distinct, nearest the leaf first: where a generic leaf's instantiation may
   * have been compiled (in the package that instantiates it, not the leaf's own).
   */
  readonly callers: readonly string[];
}

/** UserLineCum is one user line with what it allocates itself (flat) and with everything below it (cum). */
export interface UserLineCum extends FrameLine {
  readonly flatBytes: number;
  readonly flatObjects: number;
  readonly cumBytes: number;
  readonly cumObjects: number;
}

/** UserFrameReport is both answers for one profile. */
export interface UserFrameReport {
  /** Keyed by lineKey(leaf), for leaves the predicate rejects. */
  readonly byLeaf: ReadonlyMap<string, LeafUserFrames>;
  /** User lines by cumulative bytes, largest first (ties: objects, then file and line). */
  readonly userLines: readonly UserLineCum[];
}

/** lineKey is the key pprof's -lines granularity merges on. */
export function lineKey(l: FrameLine): string {
  return `${l.function}\u0000${l.file}\u0000${l.line}`;
}

function sampleTypeIndex(p: Profile, type: string): number {
  return p.sampleTypes.findIndex((t) => t.type === type);
}

/**
 * userFrames walks every sample once. For a sample whose leaf line is not
 * the user's, the innermost user line above it gets the sample's bytes; every
 * user line on a stack gets them in its cum once per sample (recursion does
 * not double count), as pprof's cum does.
 */
export function userFrames(p: Profile, isUserFile: (file: string) => boolean, sampleIndex = 'alloc_space', objectIndex = 'alloc_objects'): UserFrameReport {
  const kb = sampleTypeIndex(p, sampleIndex);
  const ko = sampleTypeIndex(p, objectIndex);
  if (kb < 0) return { byLeaf: new Map(), userLines: [] };
  const view = applyFilters(p, {});
  const table = buildFrameTable(view, 'lines');
  const nodes = table.nodes;
  const isUser = new Uint8Array(nodes.length);
  const fileVerdict = new Map<string, boolean>();
  nodes.forEach((n, i) => {
    let v = fileVerdict.get(n.file);
    if (v === undefined) {
      v = n.file !== '' && isUserFile(n.file);
      fileVerdict.set(n.file, v);
    }
    isUser[i] = v ? 1 : 0;
  });

  const flatB = new Float64Array(nodes.length);
  const flatO = new Float64Array(nodes.length);
  const cumB = new Float64Array(nodes.length);
  const cumO = new Float64Array(nodes.length);
  const seen = new Int32Array(nodes.length);
  // Per foreign leaf: user node → [bytes, objects]; orphan bytes.
  const leafFrames = new Map<number, Map<number, [number, number]>>();
  const orphan = new Map<number, number>();
  const callersOf = new Map<number, Set<string>>();

  const s = p.samples;
  const stride = s.valueCount;
  let epoch = 0;
  const path: number[] = [];
  for (let i = 0; i < s.count; i++) {
    const b = s.values[i * stride + kb]!;
    const o = ko >= 0 ? s.values[i * stride + ko]! : 0;
    if (b === 0 && o === 0) continue;
    epoch++;
    // Leaf to root: stack locations leaf first; within a location, lines innermost first.
    path.length = 0;
    for (let j = s.stackStart[i]!; j < s.stackStart[i + 1]!; j++) {
      const L = s.stackLocations[j]!;
      for (let x = table.locStart[L]!; x < table.locStart[L + 1]!; x++) path.push(table.locNodes[x]!);
    }
    if (path.length === 0) continue;
    const leaf = path[0]!;
    let innermostUser = -1;
    let callers: Set<string> | undefined;
    for (let q = 0; q < path.length; q++) {
      const node = path[q]!;
      if (isUser[node] === 0) {
        if (innermostUser < 0 && q > 0 && isUser[leaf] === 0) {
          if (!callers) {
            callers = callersOf.get(leaf);
            if (!callers) callersOf.set(leaf, (callers = new Set()));
          }
          callers.add(nodes[node]!.functionName);
        }
        continue;
      }
      if (innermostUser < 0) innermostUser = node;
      if (seen[node] !== epoch) {
        seen[node] = epoch;
        cumB[node]! += b;
        cumO[node]! += o;
      }
    }
    if (isUser[leaf] === 1) {
      flatB[leaf]! += b;
      flatO[leaf]! += o;
      continue;
    }
    if (innermostUser < 0) {
      orphan.set(leaf, (orphan.get(leaf) ?? 0) + b);
      continue;
    }
    let frames = leafFrames.get(leaf);
    if (!frames) leafFrames.set(leaf, (frames = new Map()));
    const acc = frames.get(innermostUser);
    if (acc) {
      acc[0] += b;
      acc[1] += o;
    } else frames.set(innermostUser, [b, o]);
  }

  const lineOf = (n: number): FrameLine => ({ function: nodes[n]!.functionName, file: nodes[n]!.file, line: nodes[n]!.line });
  const byLeaf = new Map<string, LeafUserFrames>();
  for (const leaf of new Set([...leafFrames.keys(), ...orphan.keys()])) {
    const frames = [...(leafFrames.get(leaf) ?? new Map<number, [number, number]>()).entries()]
      .map(([n, [bytes, objects]]): FrameAmount => ({ ...lineOf(n), bytes, objects }))
      .sort((a, c) => c.bytes - a.bytes || c.objects - a.objects || a.file.localeCompare(c.file) || a.line - c.line);
    const l = lineOf(leaf);
    byLeaf.set(lineKey(l), { leaf: l, frames, orphanBytes: orphan.get(leaf) ?? 0, callers: [...(callersOf.get(leaf) ?? [])] });
  }
  const userLines: UserLineCum[] = [];
  for (let n = 0; n < nodes.length; n++) {
    if (isUser[n] === 0 || (cumB[n] === 0 && cumO[n] === 0)) continue;
    userLines.push({ ...lineOf(n), flatBytes: flatB[n]!, flatObjects: flatO[n]!, cumBytes: cumB[n]!, cumObjects: cumO[n]! });
  }
  userLines.sort((a, c) => c.cumBytes - a.cumBytes || c.cumObjects - a.cumObjects || a.file.localeCompare(c.file) || a.line - c.line || a.function.localeCompare(c.function));
  return { byLeaf, userLines };
}
