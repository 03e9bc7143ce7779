// analysis.test.ts checks map-purpose classification, list and peek on the
// real Go 1.26.8 profiles, against `go tool pprof` where it can judge.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeProfile } from '../../src/profile/decode.js';
import { classifySourceLine, frameOperation, mapAllocationsByPurpose } from '../../src/profile/map-purpose.js';
import { peek } from '../../src/profile/peek.js';
import { resolveSampleIndex } from '../../src/profile/sample-index.js';
import { listFunctions } from '../../src/profile/source-listing.js';
import { SampleIndexError } from '../../src/profile/profile-error.js';
import { pprofTop } from '../support/pprof.js';

const run = promisify(execFile);
const dir = new URL('../../testdata/profile/', import.meta.url).pathname;
const load = (name: string) => decodeProfile(readFileSync(join(dir, name)), name);
const readSource = (f: string) => {
  try {
    return readFileSync(f, 'utf8').split('\n');
  } catch {
    return null;
  }
};
// The profiles were written from /work/main/testdata/profile/gen; map that to this checkout.
const genDir = join(dir, 'gen');
const readMoved = (f: string) => readSource(f.replace(/^.*\/testdata\/profile\/gen/, genDir));

const createRe = 'runtime\\.makemap|maps\\.NewMap$|maps\\.NewEmptyMap$';
const growRe = 'growToTable|\\(\\*table\\)\\.(rehash|grow|split)$|installTableSplit|hashGrow|growWork|evacuate|newoverflow';
const firstGroupRe = 'growToSmall$';

describe('sample index', () => {
  it('defaults Go heap profiles to alloc_space and says so; CPU to the last type', () => {
    expect(resolveSampleIndex(load('heap.pb.gz'))).toMatchObject({ index: 1, reason: 'heap-alloc-space' });
    expect(resolveSampleIndex(load('cpu.pb.gz'))).toMatchObject({ index: 1, reason: 'last' });
    expect(resolveSampleIndex(load('allocs.pb.gz'), '2').type.type).toBe('inuse_objects');
    expect(() => resolveSampleIndex(load('cpu.pb.gz'), 'alloc_space')).toThrow(SampleIndexError);
    expect(() => resolveSampleIndex(load('cpu.pb.gz'), 'alloc_space')).toThrow(/^sample index "alloc_space" must be one of: samples, cpu \(or a number\)$/);
    expect(() => resolveSampleIndex(load('cpu.pb.gz'), '7')).toThrow(SampleIndexError);
    expect(() => resolveSampleIndex(load('cpu.pb.gz'), '7')).toThrow(/^sample index 7 is outside the range \[0\.\.1\]$/);
  });
});

describe('map allocations by purpose', () => {
  it('names the Go 1.26 Swiss-table frames', () => {
    expect(frameOperation('runtime.mapassign_fast64')).toBe('assign');
    expect(frameOperation('runtime.mapassign_faststr')).toBe('assign');
    expect(frameOperation('internal/runtime/maps.NewEmptyMap')).toBe('create');
    expect(frameOperation('runtime.makemap_small')).toBe('create');
    expect(frameOperation('runtime.mapaccess1_fast64')).toBe('other');
    expect(frameOperation('main.main')).toBeNull();
  });

  it('CPU profile: grow and assign equal pprof -focus/-ignore totals over the same frames', async () => {
    const p = load('cpu.pb.gz');
    const r = mapAllocationsByPurpose(p);
    expect(r.runtimeFramesHidden).toBe(false);
    const cpu = join(dir, 'cpu.pb.gz');
    const grow = await pprofTop(['-unit=ns', `-focus=${growRe}`, `-ignore=${createRe}`], cpu);
    const firstGroup = await pprofTop(['-unit=ns', `-focus=${firstGroupRe}`, `-ignore=${growRe}|${createRe}`], cpu);
    const assign = await pprofTop(['-unit=ns', '-focus=runtime\\.mapassign', `-ignore=${growRe}|${firstGroupRe}|${createRe}`], cpu);
    const sumRows = (t: typeof grow) => t.rows.reduce((s, x) => s + x.flat, 0);
    expect(r.byPurpose.grow).toBe(sumRows(grow));
    expect(r.byPurpose['first-group']).toBe(sumRows(firstGroup));
    expect(r.byPurpose.assign).toBe(sumRows(assign));
    // The burnCPU loop fills maps with no size hint: growth dominates map CPU time.
    expect(r.byPurpose.grow).toBeGreaterThan(r.byPurpose.assign);
    expect(r.total).toBe(grow.total);
  });

  it('heap profile: runtime frames are hidden, so source lines decide', async () => {
    const p = load('allocs.pb.gz');
    expect(mapAllocationsByPurpose(p).warnings.join()).toMatch(/runtime frames are hidden/);
    const r = mapAllocationsByPurpose(p, { readSource: readMoved });
    expect(r.runtimeFramesHidden).toBe(true);
    const lines = await pprofTop(['-unit=B', '-lines', '-nodefraction=0'], join(dir, 'allocs.pb.gz'));
    const at = (fn: string, line: number) => lines.rows.find((x) => x.name === `${fn} /work/main/testdata/profile/gen/main.go:${line}`)?.flat ?? 0;
    // main.go:23 `m := map[int]int{}` and :34 `make(map[int]int, 200)` create; :25 `m[j] = j` allocates
    // each map's first group (144 B: 8 + 8 × 16) on the first insert, then grows;
    // :46 `m[strconv.Itoa(i)] = make([]byte, 64)` allocates the slice too: ambiguous.
    expect(r.byPurpose.create).toBe(at('main.makeSmallMaps', 23) + at('main.makeHintedMaps', 34));
    expect(r.byPurpose.grow + r.byPurpose['first-group']).toBe(at('main.makeSmallMaps', 25) + at('main.makeHintedMaps', 36));
    const groups = await pprofTop(['-unit=B', '-lines', '-nodefraction=0', '-tagfocus=144B:144B'], join(dir, 'allocs.pb.gz'));
    const groupsAt25 = groups.rows.find((x) => x.name === 'main.makeSmallMaps /work/main/testdata/profile/gen/main.go:25')?.flat ?? 0;
    expect(r.byPurpose['first-group']).toBe(groupsAt25);
    expect(r.ambiguous).toBe(at('main.stringKeys', 46));
    expect(r.byPurpose.grow).toBeGreaterThan(10 * r.byPurpose['first-group']);
    expect(r.byPurpose['first-group']).toBeGreaterThan(0);
    expect(r.byPurpose.create).toBeGreaterThan(0);
    expect(r.sites.every((s) => s.evidence === 'source-line')).toBe(true);
  });

  it('classifies source lines conservatively', () => {
    expect(classifySourceLine('\tm := make(map[string]int, n)')).toBe('make');
    expect(classifySourceLine('\tm := map[int]int{}')).toBe('literal');
    expect(classifySourceLine('\tm[k] = v')).toBe('write');
    expect(classifySourceLine('\tcounts[w]++')).toBe('write');
    // The article's *map form: the index base is a dereferenced pointer.
    expect(classifySourceLine('\t\t(*m)[v] = v * 2')).toBe('write');
    expect(classifySourceLine('\t(*counts)[w]++')).toBe('write');
    expect(classifySourceLine('\tx := (*m)[v]')).toBeNull();
    expect(classifySourceLine('\tm[k] = make([]byte, 64)')).toBe('write-allocating');
    expect(classifySourceLine('\tm[k] = &T{}')).toBe('write-allocating');
    // A value composite literal allocates nothing by itself.
    expect(classifySourceLine('\tm[i] = Big{}')).toBe('write');
    expect(classifySourceLine('\tx := f(y)')).toBeNull();
    expect(classifySourceLine('\tif a[i] == b {')).toBeNull();
  });
});

describe('list', () => {
  it('gives per-line flat/cum equal to pprof -lines, with source text', async () => {
    const p = load('allocs.pb.gz');
    const r = listFunctions(p, /stringKeys/, {}, readMoved);
    expect(r.functions.map((f) => f.name)).toEqual(['main.stringKeys']);
    const f = r.functions[0]!;
    expect(f.sourceFound).toBe(true);
    const l46 = f.lines.find((l) => l.line === 46)!;
    expect(l46.source).toContain('m[strconv.Itoa(i)] = make([]byte, 64)');
    const want = await pprofTop(['-unit=B', '-lines', '-nodefraction=0', '-focus=stringKeys'], join(dir, 'allocs.pb.gz'));
    const row = want.rows.find((x) => x.name.endsWith('main.go:46'))!;
    expect([l46.flat, l46.cum]).toEqual([row.flat, row.cum]);
    expect(f.lines[0]!.line).toBe(43); // the func line (start line)
    expect(f.lines.find((l) => l.line === 44)).toMatchObject({ flat: 0, cum: 0 });
  });

  it('works without source', () => {
    const r = listFunctions(load('allocs.pb.gz'), /newBuf/);
    expect(r.functions[0]!.sourceFound).toBe(false);
    expect(r.functions[0]!.lines.some((l) => l.flat > 0)).toBe(true);
    expect(listFunctions(load('allocs.pb.gz'), /nothing-matches/).warnings.join()).toMatch(/no function matches/);
  });
});

describe('peek', () => {
  it('callers and callees of mapassign_fast64 equal pprof -peek', async () => {
    const p = load('cpu.pb.gz');
    const r = peek(p, /mapassign_fast64$/);
    expect(r.entries).toHaveLength(1);
    const e = r.entries[0]!;
    const { stdout } = await run('go', ['tool', 'pprof', '-peek=mapassign_fast64$', '-unit=ns', join(dir, 'cpu.pb.gz')]);
    // pprof -peek: edge lines "   <value>ns <pct>% |   <name>[ (inline)]" around the node line "... | <name>".
    const lines = stdout.split('\n');
    const nodeAt = lines.findIndex((l) => /\| runtime\.mapassign_fast64$/.test(l));
    const edge = (l: string) => /^\s+(\d+)ns\s+\S+%\s+\|\s+(.*?)(?: \(inline\))?$/.exec(l);
    const callers = lines.slice(0, nodeAt).map(edge).filter((m) => m).map((m) => [m![2], Number(m![1])]);
    const callees = lines.slice(nodeAt + 1).map(edge).filter((m) => m).map((m) => [m![2], Number(m![1])]);
    expect(callers.length).toBeGreaterThan(1);
    expect(e.callers.map((c) => [c.node.name, c.value])).toEqual(callers);
    expect(new Map(e.callees.map((c) => [c.node.name, c.value]))).toEqual(new Map(callees as [string, number][]));
  });
});
