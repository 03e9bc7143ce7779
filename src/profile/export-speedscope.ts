// export-speedscope.ts writes speedscope's file format
// (https://www.speedscope.app/file-format-schema.json), keeping what
// speedscope's own pprof import drops: inlined frames (one frame each,
// marked "(inline)") and per-line attribution (one frame per function and
// line, named "fn file:line" as pprof -lines names them).
//
// Negative weights: speedscope rejects them, and delta or diff profiles have
// them. Each sample type with negative values is written as two profiles:
// "<type> (increases)" with the positive values and "<type> (decreases)"
// with the magnitudes of the negative ones. Nothing is dropped or netted.
import type { Profile } from './model.js';

/** SpeedscopeFile is the subset of speedscope's schema heapsight writes. */
export interface SpeedscopeFile {
  readonly $schema: 'https://www.speedscope.app/file-format-schema.json';
  readonly shared: { readonly frames: readonly SpeedscopeFrame[] };
  readonly profiles: readonly SpeedscopeSampledProfile[];
  readonly name: string;
  readonly activeProfileIndex: number;
  readonly exporter: string;
}

/** SpeedscopeFrame is one frame of the shared table. */
export interface SpeedscopeFrame {
  readonly name: string;
  readonly file?: string;
  readonly line?: number;
}

/** SpeedscopeSampledProfile is a "sampled" profile: stacks are frame indices, root first. */
export interface SpeedscopeSampledProfile {
  readonly type: 'sampled';
  readonly name: string;
  readonly unit: 'none' | 'nanoseconds' | 'microseconds' | 'milliseconds' | 'seconds' | 'bytes';
  readonly startValue: number;
  readonly endValue: number;
  readonly samples: readonly (readonly number[])[];
  readonly weights: readonly number[];
}

function speedscopeUnit(unit: string): SpeedscopeSampledProfile['unit'] {
  return unit === 'bytes' || unit === 'nanoseconds' || unit === 'microseconds' || unit === 'milliseconds' || unit === 'seconds' ? unit : 'none';
}

/** exportSpeedscope converts every sample type of p; `active` is the sample index shown first. */
export function exportSpeedscope(p: Profile, name: string, active: number, exporter: string): SpeedscopeFile {
  const frames: SpeedscopeFrame[] = [];
  const frameIds = new Map<string, number>();
  const frameOf = (fn: string, file: string, line: number, inlined: boolean): number => {
    const key = `${fn}\0${file}\0${line}\0${inlined}`;
    let id = frameIds.get(key);
    if (id === undefined) {
      id = frames.length;
      const label = `${fn}${file && line ? ` ${file}:${line}` : ''}${inlined ? ' (inline)' : ''}`;
      frames.push({ name: label, ...(file ? { file } : {}), ...(line ? { line } : {}) });
      frameIds.set(key, id);
    }
    return id;
  };
  // Each location becomes its frames, caller first; lines[0] is the innermost (inlined) one.
  const locFrames = p.locations.map((loc) => {
    if (loc.lines.length === 0) return [frameOf(`0x${loc.address.toString(16)}`, loc.mapping?.filename ?? '', 0, false)];
    const out: number[] = [];
    for (let j = loc.lines.length - 1; j >= 0; j--) {
      const l = loc.lines[j]!;
      out.push(frameOf(l.function.name, l.function.filename, l.line, j < loc.lines.length - 1));
    }
    return out;
  });
  const s = p.samples;
  const stacks: number[][] = [];
  for (let i = 0; i < s.count; i++) {
    const st: number[] = [];
    for (let j = s.stackStart[i + 1]! - 1; j >= s.stackStart[i]!; j--) st.push(...locFrames[s.stackLocations[j]!]!);
    stacks.push(st);
  }
  const profiles: SpeedscopeSampledProfile[] = [];
  let activeProfileIndex = 0;
  p.sampleTypes.forEach((t, k) => {
    const parts: { label: string; pick: (v: number) => number }[] = [];
    let hasNeg = false;
    for (let i = 0; i < s.count; i++) if (s.values[i * s.valueCount + k]! < 0) hasNeg = true;
    if (hasNeg) {
      parts.push({ label: `${t.type} (increases)`, pick: (v) => (v > 0 ? v : 0) });
      parts.push({ label: `${t.type} (decreases)`, pick: (v) => (v < 0 ? -v : 0) });
    } else {
      parts.push({ label: t.type, pick: (v) => v });
    }
    if (k === active) activeProfileIndex = profiles.length;
    for (const part of parts) {
      const samples: number[][] = [];
      const weights: number[] = [];
      let total = 0;
      for (let i = 0; i < s.count; i++) {
        const w = part.pick(s.values[i * s.valueCount + k]!);
        if (w === 0) continue;
        samples.push(stacks[i]!);
        weights.push(w);
        total += w;
      }
      profiles.push({ type: 'sampled', name: part.label, unit: speedscopeUnit(t.unit), startValue: 0, endValue: total, samples, weights });
    }
  });
  return {
    $schema: 'https://www.speedscope.app/file-format-schema.json',
    shared: { frames },
    profiles,
    name,
    activeProfileIndex,
    exporter,
  };
}
