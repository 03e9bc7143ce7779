// export-json.ts writes a profile as plain JSON: everything profile.proto
// carries, with ids kept, uint64 addresses as hex strings (JSON numbers lose
// precision past 2^53) and samples as objects, for jq and scripts.
import type { Profile } from './model.js';
import { sampleLabels } from './model.js';

/** ProfileJson is the schema of `heapsight export --format json`. */
export interface ProfileJson {
  readonly schema: 'heapsight.profile/v1';
  readonly sampleTypes: readonly { readonly type: string; readonly unit: string }[];
  readonly defaultSampleType: string;
  readonly periodType: { readonly type: string; readonly unit: string } | null;
  readonly period: number;
  /** int64 nanoseconds since the epoch, as a decimal string (exceeds 2^53). */
  readonly timeNanos: string;
  readonly durationNanos: number;
  readonly comments: readonly string[];
  readonly dropFrames: string;
  readonly keepFrames: string;
  readonly mappings: readonly { id: number; start: string; limit: string; offset: string; file: string; buildId: string }[];
  readonly functions: readonly { id: number; name: string; systemName: string; file: string; startLine: number }[];
  /** lines[0] is the innermost (inlined) frame, as in profile.proto. */
  readonly locations: readonly { id: number; mappingId: number; address: string; lines: { functionId: number; line: number; column: number }[] }[];
  /** locationIds[0] is the leaf. */
  readonly samples: readonly { locationIds: number[]; values: number[]; labels: ({ key: string; str: string } | { key: string; num: number; unit?: string })[] }[];
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** exportJson converts p to ProfileJson. */
export function exportJson(p: Profile): ProfileJson {
  const s = p.samples;
  const samples: ProfileJson['samples'][number][] = [];
  for (let i = 0; i < s.count; i++) {
    const locationIds: number[] = [];
    for (let j = s.stackStart[i]!; j < s.stackStart[i + 1]!; j++) locationIds.push(p.locations[s.stackLocations[j]!]!.id);
    const values = Array.from(s.values.subarray(i * s.valueCount, (i + 1) * s.valueCount));
    const labels = sampleLabels(p, i).map((l) =>
      l.kind === 'string' ? { key: l.key, str: l.value } : { key: l.key, num: l.value, ...(l.unit ? { unit: l.unit } : {}) },
    );
    samples.push({ locationIds, values, labels });
  }
  return {
    schema: 'heapsight.profile/v1',
    sampleTypes: p.sampleTypes.map((t) => ({ type: t.type, unit: t.unit })),
    defaultSampleType: p.defaultSampleType,
    periodType: p.periodType ? { type: p.periodType.type, unit: p.periodType.unit } : null,
    period: p.period,
    timeNanos: p.timeNanos.toString(),
    durationNanos: p.durationNanos,
    comments: p.comments,
    dropFrames: p.dropFrames,
    keepFrames: p.keepFrames,
    mappings: p.mappings.map((m) => ({ id: m.id, start: hex(m.start), limit: hex(m.limit), offset: hex(m.offset), file: m.filename, buildId: m.buildId })),
    functions: p.functions.map((f) => ({ id: f.id, name: f.name, systemName: f.systemName, file: f.filename, startLine: f.startLine })),
    locations: p.locations.map((l) => ({
      id: l.id,
      mappingId: l.mapping?.id ?? 0,
      address: hex(l.address),
      lines: l.lines.map((ln) => ({ functionId: ln.function.id, line: ln.line, column: ln.column })),
    })),
    samples,
  };
}
