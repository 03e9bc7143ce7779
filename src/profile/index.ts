// index.ts is the profile engine's public surface: decode, merge, encode,
// analyse. `check` uses lineRows: per-line allocation rows attributed to the
// innermost inlined frame (Location.line[0]), the same numbers
// `go tool pprof -top -lines -sample_index=alloc_space` ranks.
import { resolve } from 'node:path';
import { KnownError } from '../errors.js';
import { readProfile, type DecodeOptions } from './decode.js';
import { mergeProfiles } from './merge.js';
import type { Profile } from './model.js';
import { top, type TopOptions } from './top.js';

export * from './model.js';
export { decodeProfile, readProfile, DEFAULT_MAX_PROFILE_BYTES, type DecodeOptions } from './decode.js';
export { CorruptProfileError, NotAProfileError, ProfileTooLargeError, ProfileMismatchError, SampleIndexError, TagFilterError } from './profile-error.js';
export { encodeProfile } from './encode.js';
export { mergeProfiles } from './merge.js';
export { ProfileBuilder, type BuilderLabel, type ProfileMeta } from './profile-builder.js';
export { resolveSampleIndex, isGoHeapProfile, sampleIndexReasonInfo, type SampleIndex, type SampleIndexReason } from './sample-index.js';
export { applyFilters, parseTagFilter, type FilterOptions, type ProfileView, type TagFilter } from './profile-filter.js';
export { buildFrameTable, cleanSourcePath, granularityInfo, type FrameNode, type FrameTable, type Granularity } from './frame-table.js';
export { top, trimRows, aggregateNodes, profileTotal, compareRows, type TopOptions, type TopReport, type TopRow, type TrimmedRows, type InlineLabel, type NodeValues } from './top.js';
export { listFunctions, type ListReport, type ListedFunction, type ListedLine, type ListOptions, type SourceReader } from './source-listing.js';
export { benchmarkLines, benchmarkOfFunction } from './benchmark-lines.js';
export { userFrames, lineKey, type FrameLine, type FrameAmount, type LeafUserFrames, type UserLineCum, type UserFrameReport } from './user-frames.js';
export { peek, type PeekReport, type PeekEntry, type PeekEdge, type PeekOptions } from './peek.js';
export {
  mapAllocationsByPurpose,
  mapPurposeInfo,
  mapPurposes,
  classifySourceLine,
  frameOperation,
  heapMapFrame,
  isGrowFrame,
  type MapAmbiguity,
  type MapLineShape,
  type MapPurpose,
  type MapPurposeInfo,
  type MapPurposeReport,
  type MapPurposeOptions,
  type MapSite,
  type MapEvidence,
} from './map-purpose.js';

/** LineRow is one allocation site: function, file and line of the innermost inlined frame. */
export interface LineRow {
  readonly function: string;
  readonly file: string;
  readonly line: number;
  readonly flat: number;
  readonly cum: number;
}

/** LineRows is the per-line table for one sample index. */
export interface LineRows {
  /** The sample type shown, e.g. "alloc_space". */
  readonly sampleIndex: string;
  /** Its unit, e.g. "bytes" or "count". */
  readonly unit: string;
  /** Sum of |value| over all samples: the denominator of shares. */
  readonly total: number;
  /** Every line with flat or cum ≠ 0, sorted as pprof -top -lines (|flat| desc, name, |cum| desc); untrimmed. */
  readonly rows: readonly LineRow[];
}

/**
 * lineRows gives per-line flat/cum for a sample index ("alloc_space",
 * "alloc_objects", a number, …) — equal to `go tool pprof -top -lines
 * -sample_index=NAME`, untrimmed. Filters are optional.
 */
export function lineRows(profile: Profile, sampleIndex: string, filters: Omit<TopOptions, 'sampleIndex' | 'granularity'> = {}): LineRows {
  const r = top(profile, { ...filters, sampleIndex, granularity: 'lines' });
  return {
    sampleIndex: r.valueType.type,
    unit: r.valueType.unit,
    total: r.total,
    rows: r.rows.map((x) => ({ function: x.node.functionName, file: x.node.file, line: x.node.line, flat: x.flat, cum: x.cum })),
  };
}

/** ReadProfilesOptions: decoding limits, and the directory relative paths start from (default: as given). */
export interface ReadProfilesOptions extends DecodeOptions {
  readonly cwd?: string;
}

/**
 * readProfiles reads one or more profile files ("-" is standard input) and
 * merges them, as `go tool pprof a b` merges profiles of one kind;
 * InputError subclasses on bad input, ProfileMismatchError on mixed kinds.
 */
export async function readProfiles(paths: readonly string[], options: ReadProfilesOptions = {}): Promise<Profile> {
  const { cwd, ...decode } = options;
  const profiles = await Promise.all(paths.map((p) => readProfile(p === '-' || cwd === undefined ? p : resolve(cwd, p), decode)));
  return mergeProfiles(profiles);
}

/**
 * readProfilesKept merges every profile that can be read; each one that
 * cannot (missing, cut short by a crash) is named in `unreadable` instead of
 * failing the rest. Null when none could be read.
 */
export async function readProfilesKept(paths: readonly string[], options: DecodeOptions = {}): Promise<{ merged: Profile | null; unreadable: string[] }> {
  const profiles: Profile[] = [];
  const unreadable: string[] = [];
  for (const p of paths) {
    try {
      profiles.push(await readProfile(p, options));
    } catch (e) {
      if (!(e instanceof KnownError)) throw e;
      unreadable.push(e.message);
    }
  }
  return { merged: profiles.length > 0 ? mergeProfiles(profiles) : null, unreadable };
}
