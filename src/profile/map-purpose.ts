// map-purpose.ts answers "how much of this profile is map creation, map
// growth (what a size hint would remove), map assignment, or other map work".
//
// Two kinds of evidence, and the report says which one each number rests on:
//
// 1. Runtime frames (CPU profiles; any profile whose stacks keep them). The
//    outermost map entry point on the stack decides the operation
//    (create / assign / other); an assignment with a growth frame below it
//    is growth. Names, verified on go1.26.8 (Swiss tables,
//    internal/runtime/maps) and read from Go ≤1.23's runtime/map.go:
//      create: runtime.makemap, makemap_small, makemap64,
//              internal/runtime/maps.NewMap, NewEmptyMap (hint > 8 → newTable)
//      assign: runtime.mapassign, mapassign_fast32/64/ptr/str,
//              internal/runtime/maps.(*Map).PutSlot, putSlotSmall*
//      grow:   maps.(*Map).growToSmall, (*Map).growToTable, (*table).rehash,
//              (*table).grow, (*table).split, (*Map).installTableSplit;
//              ≤1.23: runtime.hashGrow, growWork, evacuate, (*hmap).newoverflow
//      other:  mapaccess*, mapdelete*, map iteration, clear.
//
// 2. Source lines (Go heap/allocs profiles). runtime/pprof drops every
//    leading frame named runtime.* or internal/runtime/* from heap-profile
//    stacks (runtime/pprof/protomem.go, checked on go1.26.8), so a map
//    allocation is charged to the user line that called into the runtime.
//    The allocation site's source line is then classified: `make(map…)` or a
//    map literal is create; a plain index assignment `m[k] = v` (whose
//    right-hand side allocates nothing itself) is growth — in Swiss tables
//    an assignment allocates only to grow (growToSmall/growToTable/
//    rehash/split) or to store keys/elems over 128 bytes indirectly. Lines
//    that cannot be told apart (`m[k] = make(…)`) are reported as ambiguous,
//    never guessed.
import type { Profile, ValueType } from './model.js';
import { applyFilters, type FilterOptions } from './profile-filter.js';
import { cleanSourcePath } from './frame-table.js';
import { isGoHeapProfile, resolveSampleIndex, type SampleIndex } from './sample-index.js';
import { profileTotal } from './top.js';
import type { SourceReader } from './source-listing.js';

/** MapPurpose is what a map-related sample was doing. */
export type MapPurpose = 'create' | 'grow' | 'assign' | 'other';

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
    explanation: 'allocating the map header and its first table (makemap / maps.NewMap, NewEmptyMap)',
    fix: 'reuse maps (clear(m)) instead of making one per call',
  },
  grow: {
    title: 'map growth',
    explanation: 'allocating larger tables and copying entries as the map fills (growToSmall, growToTable, rehash, split; hashGrow/evacuate before Go 1.24)',
    fix: 'a size hint: make(map[K]V, n)',
  },
  assign: {
    title: 'map assignment',
    explanation: 'hashing, probing and storing in mapassign without growing',
    fix: 'fewer writes; a slice for dense integer keys',
  },
  other: {
    title: 'other map work',
    explanation: 'lookups, deletes, iteration and clears',
    fix: 'fewer lookups (cache results, iterate less)',
  },
};

/** MapEvidence says what a classification rests on. */
export type MapEvidence = 'runtime-frames' | 'source-line';

/** MapSite is one allocation site (leaf line) with its classified value. */
export interface MapSite {
  readonly function: string;
  readonly file: string;
  readonly line: number;
  readonly purpose: MapPurpose | 'ambiguous';
  readonly evidence: MapEvidence;
  readonly value: number;
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
  /** Value at map-looking lines that could not be split (source-line evidence only). */
  readonly ambiguous: number;
  /** True when the profile is a Go heap profile (runtime frames hidden), so source lines were used. */
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
const growFrames = new Set([
  'internal/runtime/maps.(*Map).growToSmall',
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

// An index expression's base: a name or selector (m, s.byID), or a dereferenced
// pointer to a map ((*m), as the article's processWithMapPtr writes it).
const indexBase = String.raw`(?:[\w.]+|\(\*[\w.]+\))`;
const assignLine = new RegExp(String.raw`^\s*${indexBase}(\[[^\]]+\])+\s*(\+|-|\*|\/|%|&|\||\^|<<|>>|&\^)?=(?!=)(.*)$`);
const incDecLine = new RegExp(String.raw`^\s*${indexBase}(\[[^\]]+\])+\s*(\+\+|--)\s*$`);

/** classifySourceLine classifies a heap-profile allocation site by its text. */
export function classifySourceLine(text: string): MapPurpose | 'ambiguous' | null {
  const code = text.replace(/\/\/.*$/, '');
  if (/\bmake\(\s*map\[/.test(code)) return 'create';
  if (/\bmap\[[^\]]*\][\w.*\[\]]*\s*\{/.test(code)) return 'create';
  const assign = assignLine.exec(code);
  if (assign) {
    const rhs = assign[3] ?? '';
    // A right-hand side that can allocate by itself makes the line ambiguous.
    return /[({&]|\bstring\(|\[\]/.test(rhs) ? 'ambiguous' : 'grow';
  }
  if (incDecLine.test(code)) return 'grow';
  return null;
}

/** mapAllocationsByPurpose splits a profile's map-related value by purpose. Pure given readSource. */
export function mapAllocationsByPurpose(p: Profile, options: MapPurposeOptions = {}): MapPurposeReport {
  const sampleIndex = resolveSampleIndex(p, options.sampleIndex);
  const view = applyFilters(p, options);
  const s = p.samples;
  const k = sampleIndex.index;
  const byPurpose: Record<MapPurpose, number> = { create: 0, grow: 0, assign: 0, other: 0 };
  let ambiguous = 0;
  const sites = new Map<string, { function: string; file: string; line: number; purpose: MapPurpose | 'ambiguous'; evidence: MapEvidence; value: number; source: string | null }>();
  const warnings: string[] = [...view.warnings];
  const runtimeFramesHidden = isGoHeapProfile(p);
  const readSource = options.readSource;
  const sourceCache = new Map<string, readonly string[] | null>();
  const lineCache = new Map<string, { purpose: MapPurpose | 'ambiguous' | null; text: string | null }>();
  let sourceMissing = false;

  // Classify each location once (thousands), not each frame of each sample (tens of millions).
  const opCode = { create: 1, assign: 2, other: 3 } as const;
  const opName = [null, 'create', 'assign', 'other'] as const;
  const fnOp = new Map<string, number>();
  const nLoc = p.locations.length;
  const locOp = new Uint8Array(nLoc);
  const locGrow = new Uint8Array(nLoc);
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
      if (growFrames.has(name)) locGrow[L] = 1;
    }
  }

  const purposeSlot: Readonly<Record<MapPurpose | 'ambiguous', number>> = { create: 0, grow: 1, assign: 2, other: 3, ambiguous: 4 };
  const siteByLoc = new Map<number, { loc: number; purpose: MapPurpose | 'ambiguous'; evidence: MapEvidence; value: number }>();
  // Source-line evidence depends only on the leaf location: classify each once.
  const locSource = new Map<number, MapPurpose | 'ambiguous' | null>();
  const sourcePurpose = (L: number): MapPurpose | 'ambiguous' | null => {
    const known = locSource.get(L);
    if (known !== undefined) return known;
    const leaf = view.locationLines[L]![0];
    let result: MapPurpose | 'ambiguous' | null = null;
    if (leaf && leaf.line > 0 && leaf.function.filename !== '') {
      const file = cleanSourcePath(leaf.function.filename);
      const key = `${file}:${leaf.line}`;
      let c = lineCache.get(key);
      if (c === undefined) {
        let src = sourceCache.get(file);
        if (src === undefined) {
          src = readSource!(file);
          sourceCache.set(file, src);
          if (src === null) sourceMissing = true;
        }
        const t = src?.[leaf.line - 1] ?? null;
        c = { purpose: t === null ? null : classifySourceLine(t), text: t };
        lineCache.set(key, c);
      }
      result = c.purpose;
    }
    locSource.set(L, result);
    return result;
  };

  // Heap profiles (runtime frames hidden) usually have no map frame at all: skip the frame walk then.
  const anyMapFrame = locOp.some((x) => x !== 0);
  const sourceMode = runtimeFramesHidden && readSource !== undefined;
  if (!anyMapFrame && sourceMode) {
    // No map frame anywhere (the usual heap profile): the purpose depends
    // only on the leaf location, so sum per leaf first and classify each once.
    const leafSum = new Float64Array(nLoc);
    for (let i = 0; i < s.count; i++) {
      if (view.keep !== null && view.keep[i] === 0) continue;
      const a = s.stackStart[i]!;
      if (s.stackStart[i + 1]! === a) continue;
      leafSum[s.stackLocations[a]!]! += s.values[i * s.valueCount + k]!;
    }
    for (let L = 0; L < nLoc; L++) {
      const w = leafSum[L]!;
      if (w === 0) continue;
      const purpose = sourcePurpose(L);
      if (purpose === null) continue;
      if (purpose === 'ambiguous') ambiguous += w;
      else byPurpose[purpose] += w;
      siteByLoc.set(L * 16 + purposeSlot[purpose] * 2 + 1, { loc: L, purpose, evidence: 'source-line', value: w });
    }
  }
  for (let i = 0; anyMapFrame && i < s.count; i++) {
    if (view.keep !== null && view.keep[i] === 0) continue;
    const w = s.values[i * s.valueCount + k]!;
    if (w === 0) continue;
    const a = s.stackStart[i]!;
    const b = s.stackStart[i + 1]!;
    if (b === a) continue;
    // Frame evidence: root to leaf, the outermost map entry point decides.
    let op: 'create' | 'assign' | 'other' | null = null;
    let grew = false;
    if (anyMapFrame) {
      for (let j = b - 1; j >= a; j--) {
        const L = s.stackLocations[j]!;
        if (op === null) op = opName[locOp[L]!]!;
        if (op !== null && locGrow[L] === 1) grew = true;
      }
    }
    const leafLoc = s.stackLocations[a]!;
    let purpose: MapPurpose | 'ambiguous' | null = null;
    let evidence: MapEvidence = 'runtime-frames';
    if (op !== null) {
      purpose = op === 'create' ? 'create' : grew ? 'grow' : op;
    } else if (runtimeFramesHidden && readSource) {
      evidence = 'source-line';
      purpose = sourcePurpose(leafLoc);
    }
    if (purpose === null) continue;
    if (purpose === 'ambiguous') ambiguous += w;
    else byPurpose[purpose] += w;
    // Sites are keyed by leaf location here and merged by line below: no string keys per sample.
    const key = leafLoc * 16 + purposeSlot[purpose] * 2 + (evidence === 'source-line' ? 1 : 0);
    const site = siteByLoc.get(key);
    if (site) site.value += w;
    else siteByLoc.set(key, { loc: leafLoc, purpose, evidence, value: w });
  }
  for (const x of siteByLoc.values()) {
    const leaf = view.locationLines[x.loc]![0];
    const fn = leaf?.function.name ?? '';
    const file = leaf ? cleanSourcePath(leaf.function.filename) : '';
    const line = leaf?.line ?? 0;
    const key = `${fn}\0${file}\0${line}\0${x.purpose}\0${x.evidence}`;
    const site = sites.get(key);
    if (site) site.value += x.value;
    else {
      const text = x.evidence === 'source-line' ? (lineCache.get(`${file}:${line}`)?.text ?? null) : null;
      sites.set(key, { function: fn, file, line, purpose: x.purpose, evidence: x.evidence, value: x.value, source: text });
    }
  }
  if (runtimeFramesHidden && !readSource) {
    warnings.push('heap profile: runtime frames are hidden, and no source was given, so map allocations cannot be classified');
  } else if (runtimeFramesHidden && sourceMissing) {
    warnings.push('heap profile: some allocation sites have no readable source file; their map allocations are not classified');
  }
  const mapTotal = byPurpose.create + byPurpose.grow + byPurpose.assign + byPurpose.other;
  return {
    sampleIndex,
    valueType: sampleIndex.type,
    total: profileTotal(p, k),
    byPurpose,
    mapTotal,
    ambiguous,
    runtimeFramesHidden,
    sites: [...sites.values()].sort((x, y) => Math.abs(y.value) - Math.abs(x.value) || (x.function < y.function ? -1 : 1)),
    warnings,
  };
}
