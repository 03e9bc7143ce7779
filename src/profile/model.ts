// model.ts is heapsight's in-memory form of a profile.proto profile
// (https://github.com/google/pprof/blob/main/proto/profile.proto).
//
// Locations, functions and mappings are few (thousands) and kept as frozen
// objects. Samples can number in the millions, so they are stored in columns
// (typed arrays) instead of one object per sample: a 738k-sample allocs
// profile then costs a handful of allocations rather than millions.
//
// Invariant: a Profile is never mutated after decode/merge/build returns it.
// The typed arrays are technically writable (TypeScript has no read-only
// typed arrays); nothing in heapsight writes to them after construction.

/** ValueType names one sample value column, e.g. {type: "alloc_space", unit: "bytes"}. */
export interface ValueType {
  readonly type: string;
  readonly unit: string;
}

/** ProfileFunction is profile.proto's Function; `id` is the file's id, not an index. */
export interface ProfileFunction {
  readonly id: number;
  readonly name: string;
  readonly systemName: string;
  readonly filename: string;
  readonly startLine: number;
}

/** Line is one (possibly inlined) frame of a Location. */
export interface Line {
  readonly function: ProfileFunction;
  readonly line: number;
  readonly column: number;
}

/**
 * Mapping is a binary or shared object. Addresses are bigint because they are
 * uint64 and kernel addresses exceed 2^53.
 */
export interface Mapping {
  readonly id: number;
  readonly start: bigint;
  readonly limit: bigint;
  readonly offset: bigint;
  readonly filename: string;
  readonly buildId: string;
  readonly hasFunctions: boolean;
  readonly hasFilenames: boolean;
  readonly hasLineNumbers: boolean;
  readonly hasInlineFrames: boolean;
}

/**
 * Location is one program counter. `lines[0]` is the innermost inlined frame
 * and the last entry the outermost caller (profile.proto); Go attributes an
 * allocation to lines[0].
 */
export interface Location {
  readonly id: number;
  readonly mapping: Mapping | null;
  readonly address: bigint;
  readonly lines: readonly Line[];
  readonly isFolded: boolean;
}

/**
 * SampleTable holds every sample in columns. For sample i:
 * - values[i * valueCount + k] is its value for sampleTypes[k] (signed: delta
 *   and diff profiles have negative values; exact while |v| < 2^53);
 * - stackLocations[stackStart[i] .. stackStart[i+1]) are indices into
 *   Profile.locations, leaf first (profile.proto's location_id order);
 * - labels[labelStart[i] .. labelStart[i+1]) index the label columns.
 */
export interface SampleTable {
  readonly count: number;
  readonly valueCount: number;
  readonly values: Float64Array;
  readonly stackStart: Uint32Array;
  /** Uint16Array when the profile has ≤ 65536 locations (halves the largest column), else Uint32Array. */
  readonly stackLocations: Uint16Array | Uint32Array;
  readonly labelStart: Uint32Array;
  readonly labels: LabelColumns;
}

/**
 * LabelColumns stores labels column-wise. For label j: key is
 * strings[key[j]]; a string label has str[j] ≠ 0 (strings[str[j]]); a numeric
 * one has str[j] = 0 and value num[j] in unit strings[numUnit[j]] ("" = none).
 */
export interface LabelColumns {
  readonly key: Uint32Array;
  readonly str: Uint32Array;
  readonly num: Float64Array;
  readonly numUnit: Uint32Array;
}

/** Label is one sample label materialised as an object (for display, not for hot loops). */
export type Label =
  | { readonly kind: 'string'; readonly key: string; readonly value: string }
  | { readonly kind: 'number'; readonly key: string; readonly value: number; readonly unit: string };

/** Profile is one decoded (or merged) profile. */
export interface Profile {
  readonly sampleTypes: readonly ValueType[];
  /** The sample type named by default_sample_type, or "" when the file sets none. */
  readonly defaultSampleType: string;
  readonly samples: SampleTable;
  /** Dense array; SampleTable.stackLocations index into it. */
  readonly locations: readonly Location[];
  readonly functions: readonly ProfileFunction[];
  readonly mappings: readonly Mapping[];
  /**
   * Strings referenced by label columns (index 0 is ""). Not necessarily the
   * file's string table: only label keys, string values and units are looked
   * up here.
   */
  readonly strings: readonly string[];
  readonly dropFrames: string;
  readonly keepFrames: string;
  /** Nanoseconds since the epoch: ~1.8e18, beyond a double's exact range, hence bigint. */
  readonly timeNanos: bigint;
  readonly durationNanos: number;
  readonly periodType: ValueType | null;
  readonly period: number;
  readonly comments: readonly string[];
}

/** sampleValue returns sample i's value for sample type k. */
export function sampleValue(p: Profile, i: number, k: number): number {
  return p.samples.values[i * p.samples.valueCount + k]!;
}

/** sampleStack returns sample i's locations, leaf first. Allocates; use the columns in hot loops. */
export function sampleStack(p: Profile, i: number): Location[] {
  const s = p.samples;
  const out: Location[] = [];
  for (let j = s.stackStart[i]!; j < s.stackStart[i + 1]!; j++) out.push(p.locations[s.stackLocations[j]!]!);
  return out;
}

/** sampleLabels returns sample i's labels as objects. */
export function sampleLabels(p: Profile, i: number): Label[] {
  const s = p.samples;
  const l = s.labels;
  const out: Label[] = [];
  for (let j = s.labelStart[i]!; j < s.labelStart[i + 1]!; j++) {
    const key = p.strings[l.key[j]!] ?? '';
    const str = l.str[j]!;
    if (str !== 0) out.push({ kind: 'string', key, value: p.strings[str] ?? '' });
    else out.push({ kind: 'number', key, value: l.num[j]!, unit: p.strings[l.numUnit[j]!] ?? '' });
  }
  return out;
}

/** profileKind is a stable description of a profile's sample types, used to check that profiles can be merged. */
export function profileKind(p: Profile): string {
  return p.sampleTypes.map((t) => `${t.type}/${t.unit}`).join(',');
}
