// merge.ts combines profiles of one kind into one, as `go tool pprof a b`
// does: identical stacks with identical labels become one sample whose
// values are the sums. Functions, mappings and locations are deduplicated by
// content (not id: ids are per file) and renumbered 1..N.
import type { Location, Mapping, Profile, ProfileFunction } from './model.js';
import { profileKind } from './model.js';
import { ProfileMismatchError } from './profile-error.js';
import { ProfileBuilder } from './profile-builder.js';

/**
 * mergeProfiles sums profiles of the same kind (same sample types and units).
 * One profile comes back unchanged. Throws ProfileMismatchError when kinds
 * differ and on an empty list.
 */
export function mergeProfiles(profiles: readonly Profile[]): Profile {
  const first = profiles[0];
  if (first === undefined) throw new ProfileMismatchError('no profiles to merge');
  if (profiles.length === 1) return first;
  const kind = profileKind(first);
  for (const p of profiles) {
    if (profileKind(p) !== kind) {
      throw new ProfileMismatchError(`cannot merge profiles of different kinds: [${kind}] vs [${profileKind(p)}]`);
    }
  }
  const b = new ProfileBuilder(first.sampleTypes);
  for (const p of profiles) {
    const fnMap = p.functions.map((f) => b.function(f));
    const fnIndex = new Map<ProfileFunction, ProfileFunction>(p.functions.map((f, i) => [f, fnMap[i]!]));
    const mapIndex = new Map<Mapping, Mapping>(p.mappings.map((m) => [m, b.mapping(m)]));
    const locMap: number[] = p.locations.map((l: Location) =>
      b.location(
        l.mapping ? (mapIndex.get(l.mapping) ?? b.mapping(l.mapping)) : null,
        l.address,
        l.lines.map((line) => ({ function: fnIndex.get(line.function) ?? b.function(line.function), line: line.line, column: line.column })),
        l.isFolded,
      ),
    );
    const s = p.samples;
    const stack: number[] = [];
    const values: number[] = new Array<number>(s.valueCount);
    for (let i = 0; i < s.count; i++) {
      stack.length = 0;
      for (let j = s.stackStart[i]!; j < s.stackStart[i + 1]!; j++) stack.push(locMap[s.stackLocations[j]!]!);
      for (let k = 0; k < s.valueCount; k++) values[k] = s.values[i * s.valueCount + k]!;
      const labels: [string, string | null, number, string][] = [];
      for (let j = s.labelStart[i]!; j < s.labelStart[i + 1]!; j++) {
        const str = s.labels.str[j]!;
        labels.push([p.strings[s.labels.key[j]!] ?? '', str === 0 ? null : (p.strings[str] ?? ''), s.labels.num[j]!, p.strings[s.labels.numUnit[j]!] ?? '']);
      }
      b.addSample(stack, values, labels);
    }
  }
  let timeNanos = 0n;
  let durationNanos = 0;
  let period = 0;
  const comments: string[] = [];
  for (const p of profiles) {
    if (p.timeNanos !== 0n && (timeNanos === 0n || p.timeNanos < timeNanos)) timeNanos = p.timeNanos;
    durationNanos += p.durationNanos;
    period = Math.max(period, p.period);
    for (const c of p.comments) if (!comments.includes(c)) comments.push(c);
  }
  return b.build({
    defaultSampleType: first.defaultSampleType,
    dropFrames: first.dropFrames,
    keepFrames: first.keepFrames,
    timeNanos,
    durationNanos,
    periodType: first.periodType,
    period,
    comments,
  });
}
