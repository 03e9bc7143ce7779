// diff.ts compares two profiles of one kind the way `go tool pprof
// -diff_base BASE NEW` does: base scaled by -1 and merged with new, so every
// number is new − base. It reports both orientations — what grew and what
// shrank or vanished — because a flame graph of the new profile alone hides
// frames that are gone (FlameGraph's advice). Normalisation is off unless
// asked for, and the report always says which.
import type { Profile } from './model.js';
import { profileKind } from './model.js';
import { ProfileMismatchError } from './profile-error.js';
import { resolveSampleIndex, sampleIndexReasonInfo, type SampleIndexReason } from './sample-index.js';
import type { Granularity } from './frame-table.js';
import { top, type InlineLabel } from './top.js';

/** DiffOptions selects what is compared. */
export interface DiffOptions {
  /** pprof's -sample_index: a number or a name; default as resolveSampleIndex. */
  readonly sampleIndex?: string;
  /** pprof's -normalize: scale base so its total equals new's, per sample type. */
  readonly normalize?: boolean;
  readonly granularity?: Granularity;
}

/** DiffSide is one profile's flat and cum for a row. */
export interface DiffSide {
  readonly flat: number;
  readonly cum: number;
}

/** DiffRow is one function (or line, or file) in both profiles. */
export interface DiffRow {
  /** pprof's node name for the granularity ("main.fill", "main.fill main.go:30", "main.go"). */
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** pprof's marker: reached only (inline) or partly (partial-inline) through inlined calls, in new (else base). */
  readonly inline: InlineLabel;
  readonly base: DiffSide;
  readonly new: DiffSide;
  /** new − base (base after normalisation). */
  readonly delta: DiffSide;
  /** Present in one profile only. */
  readonly status: 'both' | 'vanished' | 'appeared';
}

/** DiffReport is the comparison of base and new for one sample index. */
export interface DiffReport {
  readonly schema: 'heapsight.diff/v1';
  readonly sampleIndex: { readonly index: number; readonly type: string; readonly unit: string; readonly reason: SampleIndexReason; readonly why: string };
  readonly granularity: Granularity;
  readonly normalized: boolean;
  /** Factor applied to base values (1 unless normalised). */
  readonly baseScale: number;
  readonly totals: {
    readonly base: number;
    readonly new: number;
    readonly delta: number;
    /** What pprof prints as "of N total" with -diff_base: the sum of |base values| (internal/report computeTotal). */
    readonly pprof: number;
  };
  /** Every row, ordered as pprof -top orders a diff: by |delta flat|, then name. */
  readonly rows: readonly DiffRow[];
  /** Rows whose cum grew, largest growth first. */
  readonly grew: readonly DiffRow[];
  /** Rows whose cum shrank (vanished ones included), largest drop first. */
  readonly shrank: readonly DiffRow[];
  readonly warnings: readonly string[];
}

function sumValues(p: Profile, k: number, abs: boolean): number {
  const s = p.samples;
  let t = 0;
  for (let i = 0; i < s.count; i++) {
    const v = s.values[i * s.valueCount + k]!;
    t += abs ? Math.abs(v) : v;
  }
  return t;
}

/**
 * normalizationScale is pprof's profile.Normalize ratio for each sample type:
 * sum of new's values over sum of base's (1 where base sums to 0).
 */
export function normalizationScale(base: Profile, next: Profile): number[] {
  return base.sampleTypes.map((_, k) => {
    const b = sumValues(base, k, false);
    return b === 0 ? 1 : sumValues(next, k, false) / b;
  });
}

/** diffProfiles compares base and next (each possibly a merge of several files). */
export function diffProfiles(base: Profile, next: Profile, options: DiffOptions = {}): DiffReport {
  if (profileKind(base) !== profileKind(next)) {
    throw new ProfileMismatchError(`cannot compare profiles of different kinds: base [${profileKind(base)}] vs new [${profileKind(next)}]`);
  }
  const si = resolveSampleIndex(next, options.sampleIndex);
  const k = si.index;
  const granularity = options.granularity ?? 'functions';
  const scales = options.normalize ? normalizationScale(base, next) : base.sampleTypes.map(() => 1);
  const baseScale = scales[k]!;
  // top() per side keeps base and new apart per row; flat and cum are linear
  // in the samples, so new − scale·base per row equals the row of pprof's
  // merged profile (base scaled by -1).
  const nt = top(next, { sampleIndex: String(k), granularity });
  const bt = top(base, { sampleIndex: String(k), granularity });
  type Acc = { name: string; file: string; line: number; inline: InlineLabel; b: DiffSide; n: DiffSide };
  const rowsByKey = new Map<string, Acc>();
  const zero: DiffSide = { flat: 0, cum: 0 };
  for (const [report, side, scale] of [[bt, 'b', baseScale], [nt, 'n', 1]] as const) {
    for (const r of report.rows) {
      const key = `${r.node.name}\0${r.node.file}\0${r.node.line}\0${r.node.startLine}`;
      const row = rowsByKey.get(key) ?? { name: r.node.name, file: r.node.file, line: r.node.line, inline: r.inline, b: zero, n: zero };
      if (side === 'n') row.inline = r.inline;
      row[side] = { flat: r.flat * scale, cum: r.cum * scale };
      rowsByKey.set(key, row);
    }
  }
  const rows: DiffRow[] = [];
  for (const r of rowsByKey.values()) {
    const delta = { flat: r.n.flat - r.b.flat, cum: r.n.cum - r.b.cum };
    const status = r.n.cum === 0 && r.n.flat === 0 ? 'vanished' : r.b.cum === 0 && r.b.flat === 0 ? 'appeared' : 'both';
    rows.push({ name: r.name, file: r.file, line: r.line, inline: r.inline, base: r.b, new: r.n, delta, status });
  }
  rows.sort((a, b) => Math.abs(b.delta.flat) - Math.abs(a.delta.flat) || Math.abs(b.delta.cum) - Math.abs(a.delta.cum) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const grew = rows.filter((r) => r.delta.cum > 0).sort((a, b) => b.delta.cum - a.delta.cum);
  const shrank = rows.filter((r) => r.delta.cum < 0).sort((a, b) => a.delta.cum - b.delta.cum);
  const baseTotal = sumValues(base, k, false) * baseScale;
  const newTotal = sumValues(next, k, false);
  const warnings: string[] = [];
  if (baseTotal === 0) warnings.push('the base profile has no samples for this sample index: every row "appeared"');
  if (newTotal === 0) warnings.push('the new profile has no samples for this sample index: every row "vanished"');
  if (!options.normalize && baseTotal !== 0 && newTotal !== 0) {
    const ratio = newTotal / baseTotal;
    if (ratio > 1.5 || ratio < 1 / 1.5) {
      warnings.push(
        `totals differ by ×${ratio.toFixed(2)}: if the two runs had different durations or loads, compare with --normalize`,
      );
    }
  }
  return {
    schema: 'heapsight.diff/v1',
    sampleIndex: { index: k, type: si.type.type, unit: si.type.unit, reason: si.reason, why: sampleIndexReasonInfo[si.reason] },
    granularity,
    normalized: options.normalize === true,
    baseScale,
    totals: { base: baseTotal, new: newTotal, delta: newTotal - baseTotal, pprof: sumValues(base, k, true) * baseScale },
    rows,
    grew,
    shrank,
    warnings,
  };
}
