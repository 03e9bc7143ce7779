// pprof-exactness.test.ts compares heapsight's top against `go tool pprof
// -top` on real Go 1.26.8 heap, allocs and CPU profiles (testdata/profile):
// totals, the nodefraction drop, and every printed row's name, inline
// marker, flat and cum. -unit=B / -unit=ns make pprof print exact integers,
// so "to its printed precision" is exact equality here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from '../../src/profile/decode.js';
import { parseTagFilter } from '../../src/profile/profile-filter.js';
import { top, trimRows, type TopOptions } from '../../src/profile/top.js';
import { pprofTop } from '../support/pprof.js';

const dir = new URL('../../testdata/profile/', import.meta.url).pathname;

interface Case {
  name: string;
  file: string;
  pprofArgs: string[];
  options: TopOptions;
}

const cases: Case[] = [
  { name: 'allocs, default index (alloc_space)', file: 'allocs.pb.gz', pprofArgs: ['-unit=B'], options: {} },
  { name: 'allocs -lines', file: 'allocs.pb.gz', pprofArgs: ['-unit=B', '-lines'], options: { granularity: 'lines' } },
  { name: 'allocs -files', file: 'allocs.pb.gz', pprofArgs: ['-unit=B', '-files'], options: { granularity: 'files' } },
  { name: 'allocs alloc_objects', file: 'allocs.pb.gz', pprofArgs: ['-sample_index=alloc_objects'], options: { sampleIndex: 'alloc_objects' } },
  { name: 'allocs -lines alloc_objects', file: 'allocs.pb.gz', pprofArgs: ['-lines', '-sample_index=0'], options: { granularity: 'lines', sampleIndex: '0' } },
  { name: 'heap: heapsight default alloc_space', file: 'heap.pb.gz', pprofArgs: ['-unit=B', '-sample_index=alloc_space'], options: {} },
  { name: 'heap inuse_space', file: 'heap.pb.gz', pprofArgs: ['-unit=B', '-sample_index=inuse_space'], options: { sampleIndex: 'inuse_space' } },
  { name: 'heap -focus -hide', file: 'heap.pb.gz', pprofArgs: ['-unit=B', '-sample_index=inuse_space', '-focus=Maps', '-hide=runtime'], options: { sampleIndex: 'inuse_space', focus: /Maps/, hide: /runtime/ } },
  { name: 'allocs -tagfocus 128kb:512kb', file: 'allocs.pb.gz', pprofArgs: ['-unit=B', '-tagfocus=128kb:512kb'], options: { tagFocus: parseTagFilter('128kb:512kb') } },
  // A unitless bound ("-tagfocus=:64") matches nothing in pprof (its unit "" never equals "bytes");
  // heapsight reads it as raw label values instead, so the anchor case spells the unit.
  { name: 'allocs -tagfocus :64b', file: 'allocs.pb.gz', pprofArgs: ['-unit=B', '-tagfocus=:64b'], options: { tagFocus: parseTagFilter(':64b') } },
  { name: 'allocs -tagfocus bytes=4kb', file: 'allocs.pb.gz', pprofArgs: ['-unit=B', '-tagfocus=bytes=4kb'], options: { tagFocus: parseTagFilter('bytes=4kb') } },
  { name: 'allocs -noinlines -lines', file: 'allocs.pb.gz', pprofArgs: ['-unit=B', '-noinlines', '-lines'], options: { noInlines: true, granularity: 'lines' } },
  { name: 'allocs -ignore -show', file: 'allocs.pb.gz', pprofArgs: ['-unit=B', '-ignore=stringKeys', '-show=main\\.'], options: { ignore: /stringKeys/, show: /main\./ } },
  { name: 'cpu (ns)', file: 'cpu.pb.gz', pprofArgs: ['-unit=ns'], options: {} },
  { name: 'cpu samples -lines', file: 'cpu.pb.gz', pprofArgs: ['-sample_index=samples', '-lines'], options: { sampleIndex: 'samples', granularity: 'lines' } },
  { name: 'cpu -focus=maps -files', file: 'cpu.pb.gz', pprofArgs: ['-unit=ns', '-focus=internal/runtime/maps', '-files'], options: { focus: /internal\/runtime\/maps/, granularity: 'files' } },
];

const sortKey = (r: { name: string; inline: string; flat: number; cum: number }) => `${r.name}\0${r.inline}\0${r.flat}\0${r.cum}`;

describe('top equals go tool pprof -top', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const path = join(dir, c.file);
      const want = await pprofTop(c.pprofArgs, path);
      const report = top(decodeProfile(readFileSync(path), c.file), c.options);
      const trimmed = trimRows(report);
      expect(report.total).toBe(want.total);
      expect(trimmed.dropped).toBe(want.dropped);
      expect(trimmed.rows.reduce((t, r) => t + r.flat, 0)).toBe(want.shown);
      const got = trimmed.rows.map((r) => ({ name: r.node.name, inline: r.inline, flat: r.flat, cum: r.cum }));
      expect(got.length).toBe(want.rows.length);
      // Same rows (multiset: -files can print one name several times) in the same flat order.
      expect(got.map(sortKey).sort()).toEqual(want.rows.map(sortKey).sort());
      expect(got.map((r) => r.flat)).toEqual(want.rows.map((r) => r.flat));
      expect(want.rows.length).toBeGreaterThan(1);
    });
  }
});
