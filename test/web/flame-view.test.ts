// flame-view.test.ts checks the two flame-tree options the workbench server
// relies on, on a real allocation profile: a tree built for one sample type
// has the full tree's nodes and that type's values, and a tree built from a
// tag-filtered view holds exactly the kept samples' values.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readProfile } from '../../src/profile/decode.js';
import { buildFlameTree } from '../../src/profile/flame-tree.js';
import { applyFilters, parseTagFilter } from '../../src/profile/profile-filter.js';
import { flameJson, flameResponse } from '../../src/render/workbench/workbench-data.js';

const file = join(resolve(__dirname, '../..'), 'testdata/flame/allocs-new.pb.gz');

describe('flame trees for the workbench server', () => {
  it('one sample type only: same nodes in the same order, that type\'s values', async () => {
    const p = await readProfile(file);
    const full = buildFlameTree([{ profile: p, sign: 1 }]);
    for (let k = 0; k < p.sampleTypes.length; k++) {
      const one = buildFlameTree([{ profile: p, sign: 1 }], { sampleIndex: k });
      expect(one.sampleTypes).toEqual([p.sampleTypes[k]]);
      expect(Array.from(one.nodeFrame)).toEqual(Array.from(full.nodeFrame));
      expect(Array.from(one.nodeParent)).toEqual(Array.from(full.nodeParent));
      expect(Array.from(one.pos[0]!)).toEqual(Array.from(full.pos[k]!));
    }
  });

  it('a tag-filtered view keeps exactly the samples whose bytes label is in range', async () => {
    const p = await readProfile(file);
    const k = p.sampleTypes.findIndex((t) => t.type === 'alloc_space');
    const view = applyFilters(p, { tagFocus: parseTagFilter('bytes=1kb:') });
    let kept = 0;
    let all = 0;
    for (let i = 0; i < p.samples.count; i++) {
      const v = p.samples.values[i * p.samples.valueCount + k]!;
      all += v;
      if (view.keep![i] === 1) kept += v;
    }
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(all);
    const tree = buildFlameTree([{ profile: p, sign: 1, view }]);
    expect(tree.pos[k]![0]).toBe(kept);
  });

  it('flameJson writes the same columns as the tree, and parses as one document', async () => {
    const p = await readProfile(file);
    const tree = buildFlameTree([{ profile: p, sign: 1 }]);
    const doc = JSON.parse(flameResponse(flameJson([{ profile: p, sign: 1 }], () => false, 't'))) as {
      wire: { frame: number[]; parentDelta: number[]; names: string[] };
      values: { pos: number[]; neg: number[] | null }[];
    };
    expect(doc.wire.frame).toEqual(Array.from(tree.nodeFrame));
    expect(doc.wire.parentDelta.map((d, i) => (i === 0 ? -1 : i - d))).toEqual(Array.from(tree.nodeParent));
    expect(doc.values.map((v) => v.pos)).toEqual(tree.pos.map((a) => Array.from(a)));
    expect(doc.values.every((v) => v.neg === null)).toBe(true);
  });
});
