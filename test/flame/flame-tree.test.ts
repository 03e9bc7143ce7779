// flame-tree.test.ts checks the merged call tree against go tool pprof on a
// real allocs profile: per-function flat and cum (recursion counted once),
// totals, inlined frames kept, and diff semantics (base scaled by -1).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readProfile } from '../../src/profile/decode.js';
import { buildFlameTree, flameNodeSelf, flameNodeValue, type FlameTree } from '../../src/profile/flame-tree.js';
import { layoutFlame, subtreeEnds } from '../../src/render/flame-client/layout.js';
import { pprofTopAll } from '../support/pprof.js';

const dir = resolve(__dirname, '../../testdata/flame');
const NEW = resolve(dir, 'allocs-new.pb.gz');
const BASE = resolve(dir, 'allocs-base.pb.gz');

/** byFunction sums flat and cum per function name, counting recursion once in cum (pprof's rule). */
function byFunction(tree: FlameTree, k: number): Map<string, { flat: number; cum: number }> {
  const out = new Map<string, { flat: number; cum: number }>();
  const n = tree.nodeFrame.length;
  // onPath[i] = names on the path root..i, as a Set, built incrementally from the parent.
  const onPath: Set<string>[] = new Array<Set<string>>(n);
  onPath[0] = new Set();
  for (let i = 1; i < n; i++) {
    const name = tree.frames[tree.nodeFrame[i]!]!.name;
    const above = onPath[tree.nodeParent[i]!]!;
    const row = out.get(name) ?? { flat: 0, cum: 0 };
    row.flat += flameNodeSelf(tree, k, i);
    if (!above.has(name)) row.cum += flameNodeValue(tree, k, i);
    out.set(name, row);
    onPath[i] = above.has(name) ? above : new Set([...above, name]);
  }
  return out;
}

describe('buildFlameTree on a real allocs profile', () => {
  it('matches go tool pprof -top per function (flat, cum) and in total', async () => {
    const p = await readProfile(NEW);
    const tree = buildFlameTree([{ profile: p, sign: 1 }]);
    const k = p.sampleTypes.findIndex((t) => t.type === 'alloc_space');
    const oracle = await pprofTopAll(['-sample_index=alloc_space'], NEW);
    expect(flameNodeValue(tree, k, 0)).toBe(oracle.total);
    const mine = byFunction(tree, k);
    expect(oracle.rows.length).toBeGreaterThan(10);
    // Names come without pprof's " (inline)" marker, as the tree's frame names are.
    for (const { name, flat, cum } of oracle.rows) expect(mine.get(name), name).toEqual({ flat, cum });
  });

  it('keeps inlined frames as frames of their own under their caller', async () => {
    const p = await readProfile(NEW);
    const tree = buildFlameTree([{ profile: p, sign: 1 }]);
    const inl = tree.frames.findIndex((f) => f.name === 'main.buildKey');
    expect(inl).toBeGreaterThanOrEqual(0);
    expect(tree.frames[inl]!.inlined).toBe(true);
    const node = tree.nodeFrame.indexOf(inl);
    expect(tree.frames[tree.nodeFrame[tree.nodeParent[node]!]!]!.name).toBe('main.fill');
    expect(tree.frames.find((f) => f.name === 'main.fill')!.inlined).toBe(false);
  });

  it('lines granularity splits a function by source line', async () => {
    const p = await readProfile(NEW);
    const byLine = buildFlameTree([{ profile: p, sign: 1 }], { granularity: 'lines' });
    const mains = byLine.frames.filter((f) => f.name === 'main.main');
    expect(new Set(mains.map((f) => f.line)).size).toBeGreaterThan(3);
  });

  it('diff: base enters negated, pos/neg stay apart, net cum equals pprof -diff_base', async () => {
    const [n, b] = await Promise.all([readProfile(NEW), readProfile(BASE)]);
    const tree = buildFlameTree([{ profile: n, sign: 1 }, { profile: b, sign: -1 }]);
    expect(tree.diff).toBe(true);
    const k = n.sampleTypes.findIndex((t) => t.type === 'alloc_space');
    const oracle = await pprofTopAll(['-sample_index=alloc_space', `-diff_base=${BASE}`], NEW);
    const mine = byFunction(tree, k);
    for (const { name, flat, cum } of oracle.rows) {
      expect(mine.get(name)?.cum, name).toBe(cum);
      expect(mine.get(name)?.flat, name).toBe(flat);
    }
    // pprof's -diff_base total is the base's total of |v| (computeTotal in internal/report).
    expect(-tree.neg[k]![0]!).toBe(oracle.total);
    const vanished = tree.frames.findIndex((f) => f.name === 'main.onlyInBase');
    const node = tree.nodeFrame.indexOf(vanished);
    expect(tree.pos[k]![node]).toBe(0);
    expect(tree.neg[k]![node]).toBeLessThan(0);
  });
});

describe('layoutFlame', () => {
  it('nests children inside parents and zooms a frame to the full width', async () => {
    const p = await readProfile(NEW);
    const tree = buildFlameTree([{ profile: p, sign: 1 }]);
    const k = p.sampleTypes.findIndex((t) => t.type === 'alloc_space');
    const end = subtreeEnds(tree.nodeDepth);
    const g = layoutFlame(tree.nodeParent, tree.pos[k]!, end, 0);
    for (let i = 1; i < tree.nodeFrame.length; i++) {
      const q = tree.nodeParent[i]!;
      expect(g.x[i]!).toBeGreaterThanOrEqual(g.x[q]! - 1e-12);
      expect(g.x[i]! + g.w[i]!).toBeLessThanOrEqual(g.x[q]! + g.w[q]! + 1e-12);
    }
    const growNode = tree.nodeFrame.indexOf(tree.frames.findIndex((f) => f.name === 'main.growMap'));
    const z = layoutFlame(tree.nodeParent, tree.pos[k]!, end, growNode);
    expect(z.w[growNode]).toBe(1);
    expect(z.w[0]).toBe(1);
    expect(z.w[tree.nodeParent[growNode]!]).toBe(1);
    // A sibling subtree disappears when zoomed elsewhere.
    const other = tree.nodeFrame.indexOf(tree.frames.findIndex((f) => f.name === 'main.makeRecords'));
    expect(z.w[other]).toBe(0);
  });
});
