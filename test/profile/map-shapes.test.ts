// map-shapes.test.ts checks map purposes on real go1.26.8 heap profiles of
// testdata/profile/mapshapes (see its README for the commands and the runtime
// facts): each known line's first group, growth, creation and large-element
// storage, held against `go tool pprof -lines` (with -tagfocus on the `bytes`
// label for one object size), and the check text's total against the JSON
// breakdown it renders.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { decodeProfile } from '../../src/profile/decode.js';
import { goSizeClass } from '../../src/profile/go-size-class.js';
import { mapAllocationsByPurpose, mapPurposes, type MapPurposeReport, type MapSite } from '../../src/profile/map-purpose.js';
import { classifyWriteSizes, ladder } from '../../src/profile/map-size-signature.js';
import { renderCheckText } from '../../src/render/check-text.js';
import { renderCheckJson } from '../../src/render/check-json.js';
import type { CheckReport } from '../../src/verify/check-report.js';
import { mapSection } from '../../src/verify/map-section.js';
import { formatBytes, formatPercent } from '../../src/human-units.js';
import { pprofTopAll } from '../support/pprof.js';

const dir = new URL('../../testdata/profile/mapshapes/', import.meta.url).pathname;
const exactPath = join(dir, 'exact.pb.gz');
const sampledPath = join(dir, 'sampled.pb.gz');
const load = (path: string) => decodeProfile(readFileSync(path), path);
// The profiles were recorded in another checkout: map their paths onto this one; std sources are read where they are.
const readSource = (f: string): readonly string[] | null => {
  try {
    return readFileSync(f.replace(/^.*\/testdata\/profile\/mapshapes\//, dir), 'utf8').split('\n');
  } catch {
    return null;
  }
};
const file = 'mapshapes.go';
const report = (path: string, sampleIndex = 'alloc_space') => mapAllocationsByPurpose(load(path), { sampleIndex, readSource });
const at = (r: MapPurposeReport, line: number, f = file): MapSite[] => r.sites.filter((s) => s.file.endsWith(`/${f}`) && s.line === line);
const row = (r: MapPurposeReport, line: number, purpose: MapSite['purpose'], f = file) => at(r, line, f).find((s) => s.purpose === purpose);
const shape = (r: MapPurposeReport, line: number, f = file) =>
  Object.fromEntries(at(r, line, f).map((s) => [s.purpose, s.objectSizes])) as Partial<Record<MapSite['purpose'], readonly number[]>>;

describe('go1.26 size classes and growth ladders', () => {
  it('rounds requests as the recorded bytes labels show', () => {
    // 8 + 8 × (16 + 24) = 328 B groups of map[string][]string are 352 B objects; 128 of them, 41,984 B, whole pages.
    expect([goSizeClass(328), goSizeClass(136), goSizeClass(200), goSizeClass(264)]).toEqual([352, 144, 208, 288]);
    expect([goSizeClass(2 * 136), goSizeClass(128 * 136), goSizeClass(128 * 328)]).toEqual([288, 18432, 49152]);
  });

  it("a 144 B group's ladder holds every table array GrowFromEmpty allocated", () => {
    for (const z of [288, 576, 1152, 2304, 4864, 9472, 18432]) expect(ladder(144).has(z), String(z)).toBe(true);
    expect(ladder(144).has(256)).toBe(false);
  });
});

describe('map purposes, exact profile (MemProfileRate 1)', () => {
  const r = report(exactPath);

  it("SmallHinted: make(M, 8) with 8 keys is a header and the lazily allocated first group, not growth", () => {
    expect(shape(r, 30)).toEqual({ create: [48] });
    expect(shape(r, 32)).toEqual({ 'first-group': [352] });
    expect(row(r, 32, 'first-group')!.value).toBe(200 * 352);
  });

  it('GrowFromEmpty: first group, then a ladder of tables; the stray 112 B object is ambiguous', () => {
    expect(shape(r, 41)).toEqual({
      'first-group': [144],
      grow: [8, 16, 32, 288, 576, 1152, 2304, 4864, 9472, 18432],
      ambiguous: [112],
    });
    expect(row(r, 41, 'grow')!.value).toBe(200 * 74264);
    expect(row(r, 41, 'ambiguous')!.ambiguity).toBe('unexplained-size');
  });

  it('a hint > 8 puts the tables at make: ExactHint has nothing at its write, HintedGrow no first group', () => {
    expect(shape(r, 48)).toEqual({ create: [16, 32, 48, 112, 18432] });
    expect(at(r, 50)).toEqual([]);
    expect(shape(r, 127)).toEqual({ create: [8, 32, 48, 2304] });
    expect(shape(r, 129)).toEqual({ grow: [16, 32, 4864, 9472, 18432] });
  });

  it('StackGrow: a map that does not escape has no heap first group; the table pairing tells its first array is growth', () => {
    expect(shape(r, 139)).toEqual({ grow: [8, 32, 288, 576, 1152, 2304] });
  });

  it('a small literal is its header and first group; large elements are stored apart (assign)', () => {
    expect(shape(r, 57)).toEqual({ create: [48], 'first-group': [208] });
    expect(shape(r, 68)).toEqual({ 'first-group': [144], assign: [256] });
    expect(row(r, 68, 'assign')!.value).toBe(200 * 4 * 256);
  });

  it('reflect.mapassign_faststr0 and maps.Copy are writes, at the caller; reflect.makemap and maps.clone create', () => {
    const reflectRows = at(r, 78);
    expect(new Set(reflectRows.map((s) => s.via))).toEqual(new Set(['reflect.mapassign_faststr0']));
    expect(shape(r, 78)).toEqual({ 'first-group': [208], grow: [8, 32, 416, 896] });
    expect(shape(r, 811, 'decode.go')).toEqual({ 'first-group': [288], grow: [8, 32, 576] });
    expect(shape(r, 649, 'decode.go')).toEqual({ create: [48] });
    expect(row(r, 649, 'create', 'decode.go')!.via).toBe('reflect.makemap');
    expect(shape(r, 104)).toEqual({ create: [8, 32, 48, 2304] });
    expect(row(r, 104, 'create')!.via).toBe('maps.clone');
    expect(shape(r, 110)).toEqual({ 'first-group': [144], grow: [8, 32, 288, 576, 1152, 2304] });
    expect(row(r, 110, 'grow')!.via).toBe('maps.Copy');
    expect(at(r, 78).every((s) => s.evidence === 'map-frame')).toBe(true);
  });

  it('page-rounded tables: GrowStrings grows into 49,152 B arrays', () => {
    expect(shape(r, 119)).toMatchObject({ 'first-group': [352], ambiguous: [112] });
    expect(shape(r, 119).grow).toContain(49152);
  });

  it('each source line holds what pprof -lines gives it, and a first group what -tagfocus on its size gives', async () => {
    const lines = await pprofTopAll(['-lines', '-sample_index=alloc_space'], exactPath);
    const flat = (t: typeof lines, line: number) => t.rows.filter((x) => x.name.endsWith(`/${file}:${line}`)).reduce((s, x) => s + x.flat, 0);
    for (const line of [30, 32, 39, 41, 48, 57, 66, 68, 119, 127, 129, 139]) {
      expect(at(r, line).reduce((s, x) => s + x.value, 0), `line ${line}`).toBe(flat(lines, line));
    }
    for (const [line, size] of [[32, 352], [41, 144], [57, 208], [68, 144], [119, 352]] as const) {
      const one = await pprofTopAll(['-lines', '-sample_index=alloc_space', `-tagfocus=${size}B:${size}B`], exactPath);
      expect(row(r, line, 'first-group')!.value, `line ${line}`).toBe(flat(one, line));
    }
  });

  it('reflect writes: the bytes pprof charges to runtime/map.go:260 under ViaReflect are its first group and growth', async () => {
    const t = await pprofTopAll(['-lines', '-sample_index=alloc_space', '-focus=mapshapes\\.ViaReflect$'], exactPath);
    const leaf = t.rows.filter((x) => x.name.startsWith('reflect.mapassign_faststr0 ')).reduce((s, x) => s + x.flat, 0);
    expect(at(r, 78).reduce((s, x) => s + x.value, 0)).toBe(leaf);
  });

  it('alloc_objects: one first group per map, 200 maps per benchmark', () => {
    const o = report(exactPath, 'alloc_objects');
    for (const line of [32, 41, 57, 68, 119]) expect(row(o, line, 'first-group')!.value, `line ${line}`).toBe(200);
    expect(row(o, 68, 'assign')!.value).toBe(800);
  });
});

describe('map purposes, sampled profile (MemProfileRate 16384)', () => {
  const r = report(sampledPath);

  it('keeps the answers that the sizes carry', () => {
    expect(shape(r, 32)).toEqual({ 'first-group': [352] });
    expect(shape(r, 41)['first-group']).toEqual([144]);
    expect(shape(r, 129)).toEqual({ grow: [32, 4864, 9472, 18432] });
    expect(shape(r, 68)).toEqual({ 'first-group': [144], assign: [256] });
    expect(shape(r, 78)).toEqual({ 'first-group': [208], grow: [8, 32, 416, 896] });
  });

  it("StackGrow's first array is taken for a first group here (the limit the README names); growth is the rest", () => {
    expect(shape(r, 139)['first-group']).toEqual([288]);
    const line = at(r, 139).reduce((s, x) => s + x.value, 0);
    expect(row(r, 139, 'grow')!.value).toBeGreaterThan(0.9 * line);
  });
});

describe('sizes alone, where the profile is sampled', () => {
  it('a ladder bottom resting on too few samples is undersampled, not a first group', () => {
    // testdata/check/mapptr-merged.pb.gz, examples/mapptr/maps.go:20: 288 B estimated at 114 objects.
    const stats = [
      { size: 32, objects: 1537, bytes: 49200 },
      { size: 288, objects: 114, bytes: 33056 },
      { size: 576, objects: 144, bytes: 83368 },
      { size: 1152, objects: 176, bytes: 203600 },
    ];
    const v = classifyWriteSizes(stats, 16384);
    expect([v.get(288), v.get(576), v.get(32)]).toEqual(['undersampled', 'grow', 'grow']);
    // Every allocation recorded, no tables to pair: nothing could hide below 288 B, so it is the first group.
    expect(classifyWriteSizes(stats.filter((s) => s.size !== 32), 1).get(288)).toBe('first-group');
  });

  it('a lone size is a first group; beside tables with nothing else it is not explained', () => {
    expect(classifyWriteSizes([{ size: 352, objects: 4000, bytes: 1408000 }], 16384).get(352)).toBe('first-group');
    expect(classifyWriteSizes([{ size: 8, objects: 10, bytes: 80 }], 1).get(8)).toBe('unexplained');
  });
});

describe('check: the maps section on the exact profile', () => {
  const p = load(exactPath);
  const space = mapAllocationsByPurpose(p, { sampleIndex: 'alloc_space', readSource });
  const objects = mapAllocationsByPurpose(p, { sampleIndex: 'alloc_objects', readSource });
  const own = new Set(space.sites.filter((s) => s.file.endsWith(`/${file}`)).map((s) => s.file));
  const maps = mapSection(space, objects, own);
  const recorded = JSON.parse(readFileSync(new URL('../../testdata/check/mapptr-report.json', import.meta.url), 'utf8')) as CheckReport;
  const checkReport: CheckReport = { ...recorded, maps, profileTotals: { allocBytes: space.total, allocObjects: objects.total, profiles: 1 } };

  it('purposes sum to the total, and the total is the classified sites', () => {
    expect(mapPurposes.reduce((s, x) => s + maps.byPurpose[x].allocBytes, 0)).toBe(maps.total.allocBytes);
    expect(maps.sites.filter((s) => s.purpose !== 'ambiguous').reduce((s, x) => s + x.allocBytes, 0)).toBe(maps.total.allocBytes);
    expect(maps.sites.filter((s) => s.purpose === 'ambiguous').reduce((s, x) => s + x.allocBytes, 0)).toBe(maps.ambiguous.allocBytes);
    // One each for the 200 maps of SmallHinted, GrowFromEmpty, Literal, LargeElems, ViaReflect, DecodeJSON, CopyInto, GrowStrings.
    expect(maps.byPurpose['first-group'].allocObjects).toBe(200 * 8);
  });

  it('the text prints the JSON total and the JSON byPurpose rows, growth and first groups always', () => {
    // Paths are relative to where the profile was recorded (another checkout), as a user's would be.
    const recordedDir = dirname(maps.sites.find((x) => x.file.endsWith(`/${file}`))!.file);
    const text = renderCheckText(checkReport, { cwd: recordedDir, nodeCount: 20, width: 100, messages: en });
    const block = text.slice(text.indexOf('Maps: '));
    const json = JSON.parse(renderCheckJson(checkReport)) as CheckReport;
    const m = json.maps!;
    expect(block.startsWith(`Maps: ${formatBytes(m.total.allocBytes)} (${formatPercent(m.total.share, 1)} of alloc_space`)).toBe(true);
    for (const [p, title] of [['grow', 'growth'], ['first-group', 'first groups'], ['create', 'creation'], ['assign', 'assignment']] as const) {
      const a = m.byPurpose[p];
      expect(block, p).toContain(`${formatBytes(a.allocBytes).padStart(9)} ${formatPercent(a.share, 1).padStart(6)}  ${title}`);
    }
    expect(block).toMatch(/ {2}ambiguous +not in the total/);
    expect(block).toMatch(/First groups of small maps \(a size hint does not remove them\):\n(.*\n)*? +68\.75kB +\S+ +mapshapes\.SmallHinted {2}mapshapes\.go:32 {2}m\[k\] = vals\n {6}352B objects/);
    // The source is too long to follow the location in 100 columns: it gets its own line.
    expect(block).toMatch(/ViaReflect {2}mapshapes\.go:78\n {6}v\.SetMapIndex\(reflect\.ValueOf\(k\), reflect\.ValueOf\(i\)\)\n {6}via reflect\.mapassign_faststr0; 8B, 32B, 416B, 896B objects/);
    for (const l of block.split('\n')) expect(l.length, l).toBeLessThanOrEqual(100);
  });
});
