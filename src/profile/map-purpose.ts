// map-purpose.ts answers "how much of this profile is map creation, a small
// map's first group, map growth (what a size hint replaces), map assignment,
// or other map work".
//
// Two kinds of evidence, and the report says which one each number rests on:
//
// 1. Runtime frames (CPU profiles; any profile whose stacks keep them). The
//    outermost map entry point on the stack decides the operation
//    (create / assign / other); an assignment with a growth frame below it
//    is growth, with growToSmall below it the first group. Names, verified on
//    go1.26.8 (Swiss tables, internal/runtime/maps) and read from Go ≤1.23's
//    runtime/map.go:
//      create: runtime.makemap, makemap_small, makemap64,
//              internal/runtime/maps.NewMap, NewEmptyMap (hint > 8 → newTable)
//      assign: runtime.mapassign, mapassign_fast32/64/ptr/str,
//              internal/runtime/maps.(*Map).PutSlot, putSlotSmall*
//      first group: maps.(*Map).growToSmall
//      grow:   maps.(*Map).growToTable, (*table).rehash, (*table).grow,
//              (*table).split, (*Map).installTableSplit;
//              ≤1.23: runtime.hashGrow, growWork, evacuate, (*hmap).newoverflow
//      other:  mapaccess*, mapdelete*, map iteration, clear.
//
// 2. Go heap/allocs profiles. runtime/pprof drops every leading frame named
//    runtime.* or internal/runtime/* (runtime/pprof/protomem.go:39), so a map
//    allocation is charged to the line that called into the runtime, and
//    linknamed runtime functions named for another package survive:
//    reflect.mapassign0 / mapassign_faststr0 (runtime/map.go:252-262, what
//    reflect.Value.SetMapIndex calls), reflect.makemap (map.go:203),
//    maps.clone (map.go:321, maps.Clone). The site is then
//      - a `make(map…)` line: creation (the 48 B header and, for a hint > 8,
//        the directory and tables sized for it; a hint ≤ 8 allocates nothing
//        more, internal/runtime/maps/map.go:271);
//      - a map literal line: creation, plus the first group when the literal
//        has ≤ 8 entries (it compiles to makemap_small and inserts);
//      - a map write (`m[k] = v`, `m[k]++`, reflect.mapassign*, maps.Copy,
//        maps.Insert): first group, growth or large-element storage, told
//        apart by object size (the `bytes` label; map-size-signature.ts);
//      - a write whose own expression allocates too (`m[k] = make(…)`):
//        ambiguous, never guessed.
//    For a reflect or maps frame, the reported line is the first frame above
//    it outside package reflect and maps (the caller that wrote the map).
import type { Profile, ValueType } from './model.js';
import { applyFilters, type FilterOptions } from './profile-filter.js';
import { cleanSourcePath } from './frame-table.js';
import { isGoHeapProfile, resolveSampleIndex, type SampleIndex } from './sample-index.js';
import { profileTotal } from './top.js';
import type { SourceReader } from './source-listing.js';
import { classifyWriteSizes, GROW_TO_TABLE_DIRECTORY, MAP_HEADER, TABLE_STRUCT, type SizeStat } from './map-size-signature.js';

/** MapPurpose is what a map-related sample was doing. */
export type MapPurpose = 'create' | 'first-group' | 'grow' | 'assign' | 'other';

/** mapPurposes lists every purpose in report order. */
export const mapPurposes: readonly MapPurpose[] = ['create', 'first-group', 'grow', 'assign', 'other'];

/** MapPurposeInfo documents a purpose for reports. */
export interface MapPurposeInfo {
  readonly title: string;
  readonly explanation: string;
  readonly fix: string;
}

/** mapPurposeInfo is complete over MapPurpose, so a new purpose cannot compile undocumented. */
export const mapPurposeInfo: Readonly<Record<MapPurpose, MapPurposeInfo>> = {
  create: {
    title: 'map creation',
    explanation: 'the map header, and with a hint over 8 the tables sized for it, allocated by make or a literal (makemap, maps.NewMap, maps.Clone)',
    fix: 'reuse maps (clear(m)) instead of making one per call',
  },
  'first-group': {
    title: 'first group of a small map',
    explanation: 'the one group (8 slots) of a map made with a hint of 8 or none, allocated lazily on its first insert (growToSmall)',
    fix: 'a size hint does not remove it: reuse the map (clear(m)), or keep it from escaping so its group is on the stack',
  },
  grow: {
    title: 'map growth',
    explanation: 'new tables and groups as a map outgrows them, the entries moved over (growToTable, rehash, split; hashGrow/evacuate before Go 1.24)',
    fix: 'a size hint, make(map[K]V, n): the final tables are allocated once, at make',
  },
  assign: {
    title: 'map assignment',
    explanation: 'storage for keys or elements over 128 bytes, one object per new entry (and CPU spent hashing, probing and storing)',
    fix: 'store pointers or smaller values; fewer writes',
  },
  other: {
    title: 'other map work',
    explanation: 'lookups, deletes, iteration and clears',
    fix: 'fewer lookups (cache results, iterate less)',
  },
};

/** MapEvidence says what a classification rests on. */
export type MapEvidence = 'runtime-frames' | 'source-line' | 'map-frame';

/** MapAmbiguity says why a map line's allocations were not split. */
export type MapAmbiguity = 'line-allocates' | 'unexplained-size' | 'undersampled' | 'no-object-size';

/** MapSite is one allocation site with the value of one purpose there. */
export interface MapSite {
  readonly function: string;
  readonly file: string;
  readonly line: number;
  readonly purpose: MapPurpose | 'ambiguous';
  readonly evidence: MapEvidence;
  /** The reflect or maps frame the write went through (reflect.mapassign_faststr0, maps.Copy), or null. */
  readonly via: string | null;
  readonly value: number;
  /** Object sizes (the `bytes` label) of this row's samples, ascending; empty without the label. */
  readonly objectSizes: readonly number[];
  /** Why the row is ambiguous; null otherwise. */
  readonly ambiguity: MapAmbiguity | null;
  /** The source line when it was read (source-line evidence). */
  readonly source: string | null;
}

/** MapPurposeReport is the breakdown for one sample index. */
export interface MapPurposeReport {
  readonly sampleIndex: SampleIndex;
  readonly valueType: ValueType;
  readonly total: number;
  /** Value per purpose; sums to mapTotal. */
  readonly byPurpose: Readonly<Record<MapPurpose, number>>;
  readonly mapTotal: number;
  /** Value at map lines that could not be split (heap profiles only); not in mapTotal. */
  readonly ambiguous: number;
  /** True when the profile is a Go heap profile (runtime frames hidden), so source lines and object sizes were used. */
  readonly runtimeFramesHidden: boolean;
  readonly sites: readonly MapSite[];
  readonly warnings: readonly string[];
}

/** MapPurposeOptions: sample index, filters, and a source reader for heap profiles. */
export interface MapPurposeOptions extends FilterOptions {
  readonly sampleIndex?: string;
  readonly readSource?: SourceReader;
}

const createFrames = new Set([
  'runtime.makemap',
  'runtime.makemap_small',
  'runtime.makemap64',
  'internal/runtime/maps.NewMap',
  'internal/runtime/maps.NewEmptyMap',
  'reflect.MakeMapWithSize',
  'reflect.makemap',
]);
const firstGroupFrames = new Set(['internal/runtime/maps.(*Map).growToSmall']);
const growFrames = new Set([
  'internal/runtime/maps.(*Map).growToTable',
  'internal/runtime/maps.(*table).rehash',
  'internal/runtime/maps.(*table).grow',
  'internal/runtime/maps.(*table).split',
  'internal/runtime/maps.(*Map).installTableSplit',
  'runtime.hashGrow',
  'runtime.growWork',
  'runtime.growWork_fast32',
  'runtime.growWork_fast64',
  'runtime.growWork_faststr',
  'runtime.evacuate',
  'runtime.evacuate_fast32',
  'runtime.evacuate_fast64',
  'runtime.evacuate_faststr',
  'runtime.(*hmap).newoverflow',
]);

/** frameOperation classifies one function name as a map entry point, or null. */
export function frameOperation(name: string): 'create' | 'assign' | 'other' | null {
  if (createFrames.has(name)) return 'create';
  if (/^runtime\.mapassign(_fast(32|64)(ptr)?|_faststr)?$/.test(name)) return 'assign';
  if (/^internal\/runtime\/maps\.\(\*Map\)\.(PutSlot|putSlotSmall\w*)$/.test(name)) return 'assign';
  if (/^reflect\.mapassign/.test(name)) return 'assign';
  if (/^runtime\.(mapaccess\w*|mapdelete\w*|mapiter\w*|mapclear|mapinitnoop|maplen)$/.test(name)) return 'other';
  if (/^internal\/runtime\/maps\./.test(name)) return 'other';
  if (/^runtime\.(hashGrow|growWork|evacuate)/.test(name) || name === 'runtime.(*hmap).newoverflow') return 'assign';
  return null;
}

/** isGrowFrame tells whether a function is part of map growth. */
export function isGrowFrame(name: string): boolean {
  return growFrames.has(name);
}

/**
 * heapMapFrame classifies a frame that survives in heap profiles because it
 * is named for package reflect or maps: a map write or a map creation.
 * Generic instantiations (maps.Copy[go.shape…]) match by their base name.
 */
export function heapMapFrame(name: string): 'write' | 'create' | null {
  const base = name.replace(/\[.*$/, '');
  if (/^reflect\.mapassign(_faststr)?0?$/.test(base) || base === 'maps.Copy' || base === 'maps.Insert') return 'write';
  if (base === 'reflect.makemap' || base === 'maps.clone' || base === 'maps.Collect') return 'create';
  return null;
}

// Frames skipped to find the line that wrote through reflect or package maps.
const viaPackage = /^(reflect|maps)\./;

/** MapLineShape is what a source line does to a map, as far as its text tells. */
export type MapLineShape = 'make' | 'literal' | 'write' | 'write-allocating';

// An index expression's base: a name or selector (m, s.byID), or a dereferenced
// pointer to a map ((*m), as the article's processWithMapPtr writes it).
const indexBase = String.raw`(?:[\w.]+|\(\*[\w.]+\))`;
const assignLine = new RegExp(String.raw`^\s*${indexBase}(\[[^\]]+\])+\s*(\+|-|\*|\/|%|&|\||\^|<<|>>|&\^)?=(?!=)(.*)$`);
const incDecLine = new RegExp(String.raw`^\s*${indexBase}(\[[^\]]+\])+\s*(\+\+|--)\s*$`);

/** classifySourceLine tells what a heap-profile allocation site's text does to a map, or null. */
export function classifySourceLine(text: string): MapLineShape | null {
  const code = text.replace(/\/\/.*$/, '');
  if (/\bmake\(\s*map\[/.test(code)) return 'make';
  if (/\bmap\[[^\]]*\][\w.*\[\]]*\s*\{/.test(code)) return 'literal';
  const assign = assignLine.exec(code);
  if (assign) {
    const rhs = assign[3] ?? '';
    // A right-hand side that can allocate by itself makes the line ambiguous:
    // a call or conversion, &x, a slice, map or func literal. A composite
    // literal of a value type (T{…}, [3]int{…}) allocates nothing by itself.
    return /[(&]|\[\]|\bmap\[|\bfunc\b/.test(rhs) ? 'write-allocating' : 'write';
  }
  if (incDecLine.test(code)) return 'write';
  return null;
}

type SiteShape = MapLineShape | 'frame-write' | 'frame-create';
type Verdict = { readonly purpose: MapPurpose | 'ambiguous'; readonly ambiguity: MapAmbiguity | null };

interface SiteAcc {
  readonly function: string;
  readonly file: string;
  readonly line: number;
  readonly shape: SiteShape;
  readonly via: string | null;
  readonly source: string | null;
  /** size → [objects, bytes, value of the requested index] */
  readonly sizes: Map<number, [number, number, number]>;
}

/** sizeVerdicts decides the purpose of each object size at one heap-profile site. */
function sizeVerdicts(shape: SiteShape, stats: readonly SizeStat[], period: number): ReadonlyMap<number, Verdict> {
  const out = new Map<number, Verdict>();
  const all = (v: Verdict) => {
    for (const s of stats) out.set(s.size, v);
    return out;
  };
  if (shape === 'make' || shape === 'frame-create') return all({ purpose: 'create', ambiguity: null });
  if (shape === 'write-allocating') return all({ purpose: 'ambiguous', ambiguity: 'line-allocates' });
  let write = stats;
  if (shape === 'literal') {
    // A literal of more than 8 entries is made with its length as hint: its tables come at make.
    if (stats.some((s) => s.size === TABLE_STRUCT || s.size === GROW_TO_TABLE_DIRECTORY)) return all({ purpose: 'create', ambiguity: null });
    for (const s of stats) if (s.size === MAP_HEADER) out.set(s.size, { purpose: 'create', ambiguity: null });
    write = stats.filter((s) => s.size !== MAP_HEADER);
  }
  const known = write.filter((s) => s.size > 0);
  for (const s of write) if (s.size <= 0) out.set(s.size, { purpose: 'ambiguous', ambiguity: 'no-object-size' });
  for (const [size, p] of classifyWriteSizes(known, period)) {
    out.set(
      size,
      p === 'unexplained' ? { purpose: 'ambiguous', ambiguity: 'unexplained-size' } : p === 'undersampled' ? { purpose: 'ambiguous', ambiguity: 'undersampled' } : { purpose: p, ambiguity: null },
    );
  }
  return out;
}

/** mapAllocationsByPurpose splits a profile's map-related value by purpose. Pure given readSource. */
export function mapAllocationsByPurpose(p: Profile, options: MapPurposeOptions = {}): MapPurposeReport {
  const sampleIndex = resolveSampleIndex(p, options.sampleIndex);
  const view = applyFilters(p, options);
  const runtimeFramesHidden = isGoHeapProfile(p);
  const r = runtimeFramesHidden ? heapSites(p, view, sampleIndex.index, options.readSource) : frameSites(p, view, sampleIndex.index);
  const warnings: string[] = [...view.warnings, ...r.warnings];
  const byPurpose: Record<MapPurpose, number> = { create: 0, 'first-group': 0, grow: 0, assign: 0, other: 0 };
  let ambiguous = 0;
  for (const s of r.sites) {
    if (s.purpose === 'ambiguous') ambiguous += s.value;
    else byPurpose[s.purpose] += s.value;
  }
  const mapTotal = mapPurposes.reduce((sum, x) => sum + byPurpose[x], 0);
  return {
    sampleIndex,
    valueType: sampleIndex.type,
    total: profileTotal(p, sampleIndex.index),
    byPurpose,
    mapTotal,
    ambiguous,
    runtimeFramesHidden,
    sites: [...r.sites].sort(
      (x, y) => Math.abs(y.value) - Math.abs(x.value) || (x.function < y.function ? -1 : x.function > y.function ? 1 : 0) || x.line - y.line || (x.purpose < y.purpose ? -1 : 1),
    ),
    warnings,
  };
}

type View = ReturnType<typeof applyFilters>;

/** heapSites classifies a Go heap profile's map allocations by site and object size. */
function heapSites(p: Profile, view: View, k: number, readSource: SourceReader | undefined): { sites: MapSite[]; warnings: string[] } {
  const s = p.samples;
  const warnings: string[] = [];
  const objIdx = p.sampleTypes.findIndex((t) => t.type === 'alloc_objects');
  const spaceIdx = p.sampleTypes.findIndex((t) => t.type === 'alloc_space');
  const bytesKey = p.strings.indexOf('bytes');
  const sourceCache = new Map<string, readonly string[] | null>();
  let sourceMissing = false;
  const readLine = (file: string, line: number): string | null => {
    if (!readSource) return null;
    let src = sourceCache.get(file);
    if (src === undefined) {
      src = readSource(file);
      sourceCache.set(file, src);
      if (src === null) sourceMissing = true;
    }
    return src?.[line - 1] ?? null;
  };

  // Per location, once: a source-line site, a reflect/maps frame (site found per sample), or nothing.
  const nLoc = p.locations.length;
  const locKind = new Int8Array(nLoc).fill(-1); // -1 unknown, 0 none, 1 source site, 2 map frame
  const locSite = new Map<number, SiteAcc>();
  const sites = new Map<string, SiteAcc>();
  const siteFor = (fn: string, file: string, line: number, shape: SiteShape, via: string | null, source: string | null): SiteAcc => {
    const key = `${fn}\0${file}\0${line}\0${via ?? ''}`;
    let site = sites.get(key);
    if (!site) sites.set(key, (site = { function: fn, file, line, shape, via, source, sizes: new Map() }));
    return site;
  };
  const classifyLoc = (L: number): number => {
    const leaf = view.locationLines[L]![0];
    if (!leaf) return 0;
    if (heapMapFrame(leaf.function.name) !== null) return 2;
    if (leaf.line <= 0 || leaf.function.filename === '') return 0;
    const file = cleanSourcePath(leaf.function.filename);
    const text = readLine(file, leaf.line);
    const shape = text === null ? null : classifySourceLine(text);
    if (shape === null) return 0;
    locSite.set(L, siteFor(leaf.function.name, file, leaf.line, shape, null, text));
    return 1;
  };
  // frameSite walks up from a reflect/maps leaf to the caller that wrote the map.
  const frameSite = (a: number, b: number): SiteAcc | null => {
    const leafName = view.locationLines[s.stackLocations[a]!]![0]!.function.name;
    const shape: SiteShape = heapMapFrame(leafName) === 'write' ? 'frame-write' : 'frame-create';
    const via = leafName.replace(/\[.*$/, '');
    let last: { fn: string; file: string; line: number } | null = null;
    for (let j = a; j < b; j++) {
      for (const l of view.locationLines[s.stackLocations[j]!]!) {
        last = { fn: l.function.name, file: cleanSourcePath(l.function.filename), line: l.line };
        if (!viaPackage.test(l.function.name)) return siteFor(last.fn, last.file, last.line, shape, via, readLine(last.file, last.line));
      }
    }
    return last ? siteFor(last.fn, last.file, last.line, shape, via, null) : null;
  };

  for (let i = 0; i < s.count; i++) {
    if (view.keep !== null && view.keep[i] === 0) continue;
    const a = s.stackStart[i]!;
    const b = s.stackStart[i + 1]!;
    if (b === a) continue;
    const L = s.stackLocations[a]!;
    let kind = locKind[L]!;
    if (kind < 0) locKind[L] = kind = classifyLoc(L);
    if (kind === 0) continue;
    const site = kind === 1 ? locSite.get(L)! : frameSite(a, b);
    if (!site) continue;
    let size = 0;
    for (let j = s.labelStart[i]!; j < s.labelStart[i + 1]!; j++) {
      if (s.labels.key[j] === bytesKey && s.labels.str[j] === 0) size = s.labels.num[j]!;
    }
    const row = s.valueCount;
    const acc = site.sizes.get(size) ?? [0, 0, 0];
    acc[0] += objIdx >= 0 ? s.values[i * row + objIdx]! : 0;
    acc[1] += spaceIdx >= 0 ? s.values[i * row + spaceIdx]! : 0;
    acc[2] += s.values[i * row + k]!;
    site.sizes.set(size, acc);
  }

  const out: MapSite[] = [];
  for (const site of sites.values()) {
    if (site.sizes.size === 0) continue;
    const stats = [...site.sizes].map(([size, [objects, bytes]]) => ({ size, objects, bytes }));
    const verdicts = sizeVerdicts(site.shape, stats, p.period);
    const rows = new Map<string, { v: Verdict; value: number; sizes: number[] }>();
    for (const [size, [, , value]] of site.sizes) {
      const v = verdicts.get(size) ?? { purpose: 'ambiguous', ambiguity: 'unexplained-size' };
      const key = `${v.purpose}\0${v.ambiguity ?? ''}`;
      const row = rows.get(key) ?? { v, value: 0, sizes: [] };
      row.value += value;
      if (size > 0) row.sizes.push(size);
      rows.set(key, row);
    }
    for (const row of rows.values()) {
      if (row.value === 0) continue;
      out.push({
        function: site.function,
        file: site.file,
        line: site.line,
        purpose: row.v.purpose,
        evidence: site.via === null ? 'source-line' : 'map-frame',
        via: site.via,
        value: row.value,
        objectSizes: row.sizes.sort((x, y) => x - y),
        ambiguity: row.v.ambiguity,
        source: site.source,
      });
    }
  }
  if (!readSource) {
    warnings.push('heap profile: runtime frames are hidden, and no source was given, so map allocations at source lines cannot be classified');
  } else if (sourceMissing) {
    warnings.push('heap profile: some allocation sites have no readable source file; their map allocations are not classified');
  }
  if (bytesKey < 0 && out.length > 0) warnings.push('heap profile: samples carry no `bytes` label (object size), so map writes cannot be split into first group and growth');
  return { sites: out, warnings };
}

/** frameSites classifies a profile whose stacks keep runtime frames (CPU profiles). */
function frameSites(p: Profile, view: View, k: number): { sites: MapSite[]; warnings: string[] } {
  const s = p.samples;
  const opCode = { create: 1, assign: 2, other: 3 } as const;
  const opName = [null, 'create', 'assign', 'other'] as const;
  const fnOp = new Map<string, number>();
  const nLoc = p.locations.length;
  const locOp = new Uint8Array(nLoc);
  // 1 = a growth frame, 2 = growToSmall (the first group)
  const locSub = new Uint8Array(nLoc);
  for (let L = 0; L < nLoc; L++) {
    const lines = view.locationLines[L]!;
    for (let x = lines.length - 1; x >= 0; x--) {
      const name = lines[x]!.function.name;
      let code = fnOp.get(name);
      if (code === undefined) {
        const op = frameOperation(name);
        code = op === null ? 0 : opCode[op];
        fnOp.set(name, code);
      }
      if (locOp[L] === 0) locOp[L] = code;
      if (growFrames.has(name)) locSub[L] = 1;
      else if (firstGroupFrames.has(name) && locSub[L] === 0) locSub[L] = 2;
    }
  }
  const slot: Readonly<Record<MapPurpose, number>> = { create: 0, 'first-group': 1, grow: 2, assign: 3, other: 4 };
  const bySlot = new Map<number, { loc: number; purpose: MapPurpose; value: number }>();
  if (locOp.some((x) => x !== 0)) {
    for (let i = 0; i < s.count; i++) {
      if (view.keep !== null && view.keep[i] === 0) continue;
      const w = s.values[i * s.valueCount + k]!;
      if (w === 0) continue;
      const a = s.stackStart[i]!;
      const b = s.stackStart[i + 1]!;
      if (b === a) continue;
      // Root to leaf: the outermost map entry point decides; growth below it refines an assignment.
      let op: 'create' | 'assign' | 'other' | null = null;
      let sub = 0;
      for (let j = b - 1; j >= a; j--) {
        const L = s.stackLocations[j]!;
        if (op === null) op = opName[locOp[L]!]!;
        if (op !== null && locSub[L] !== 0 && sub !== 1) sub = locSub[L]!;
      }
      if (op === null) continue;
      const purpose: MapPurpose = op === 'assign' ? (sub === 1 ? 'grow' : sub === 2 ? 'first-group' : 'assign') : op;
      const leafLoc = s.stackLocations[a]!;
      const key = leafLoc * 8 + slot[purpose];
      const site = bySlot.get(key);
      if (site) site.value += w;
      else bySlot.set(key, { loc: leafLoc, purpose, value: w });
    }
  }
  const merged = new Map<string, MapSite>();
  for (const x of bySlot.values()) {
    const leaf = view.locationLines[x.loc]![0];
    const fn = leaf?.function.name ?? '';
    const file = leaf ? cleanSourcePath(leaf.function.filename) : '';
    const line = leaf?.line ?? 0;
    const key = `${fn}\0${file}\0${line}\0${x.purpose}`;
    const prev = merged.get(key);
    merged.set(
      key,
      prev
        ? { ...prev, value: prev.value + x.value }
        : { function: fn, file, line, purpose: x.purpose, evidence: 'runtime-frames', via: null, value: x.value, objectSizes: [], ambiguity: null, source: null },
    );
  }
  return { sites: [...merged.values()], warnings: [] };
}
