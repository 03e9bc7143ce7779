// trend.ts turns recorded runs into one series per benchmark and unit and
// finds the change points in each: the runs whose samples differ from the
// run before with benchstat's statistics (Mann-Whitney U, α) and by at least
// a minimum relative change. Pure: runs in, the trend model out.
//
// The baseline of run i is run i-1 — the previous run that measured the same
// benchmark and unit — not a pool of every earlier run. A pool would mix
// runs across earlier changes (after a regression, the pooled baseline still
// holds the fast runs) and flag the runs after a change as changed again; the
// previous run flags the change once, at the run where it happened. The
// price: a drift in steps each below the minimum change is not flagged.
import { compareSamples, DEFAULT_ALPHA, summarize } from '../bench/statistics.js';
import { betterDirection, type Better } from '../bench/units.js';
import type { HeapEscapeKind, HistoryCommand, HistorySite, RecordedRun } from './history-run.js';

/** HISTORY_SCHEMA names the JSON document of `heapsight history --format json`. */
export const HISTORY_SCHEMA = 'heapsight.history/v1';

/** DEFAULT_MIN_CHANGE: a significant change smaller than 5% of the previous median is not a change point. */
export const DEFAULT_MIN_CHANGE = 0.05;

/** TrendOptions are the thresholds and filters; defaults are benchstat's α and a 5% minimum change. */
export interface TrendOptions {
  readonly alpha?: number;
  /** Minimum relative change of the median, as a fraction (0.05 = 5%). */
  readonly minChange?: number;
  /** Only this unit (benchstat's spelling: sec/op, B/op, allocs/op, or a custom one). */
  readonly unit?: string;
  /** The benchmark filter the runs were read with, for the record. */
  readonly bench?: string;
}

/** TrendRun is a run's header: everything but its benchmarks, which the series hold. */
export interface TrendRun {
  readonly id: number;
  readonly command: HistoryCommand;
  readonly time: string;
  readonly commit: string | null;
  readonly dirty: boolean | null;
  readonly go: string;
  readonly goos: string;
  readonly goarch: string;
  readonly cpu: string | null;
  readonly escapes: Readonly<Record<HeapEscapeKind, number>>;
  readonly sites: readonly HistorySite[];
}

/** TrendPoint is one run's samples of one benchmark and unit. */
export interface TrendPoint {
  readonly runId: number;
  readonly values: readonly number[];
  readonly median: number;
  /** The 95% interval of the median; null when there are too few samples for one. */
  readonly low: number | null;
  readonly high: number | null;
  readonly n: number;
}

/** MachineChange names what differs between the two runs of a change point besides the code. */
export type MachineChange = 'go' | 'cpu' | 'platform';

/** ChangePoint is a run whose samples differ from the previous run's. */
export interface ChangePoint {
  readonly runId: number;
  readonly previousRunId: number;
  /** Index into the series' points. */
  readonly index: number;
  /** regression: worse in the unit's direction (more sec/op, B/op, allocs/op; fewer MB/s). */
  readonly direction: 'regression' | 'improvement';
  readonly fromMedian: number;
  readonly toMedian: number;
  /** (to/from - 1)·100; null when the previous median is 0 (any rise from 0 counts as a change). */
  readonly deltaPct: number | null;
  readonly p: number;
  /** What else changed between the two runs; a time change across machines is weak evidence. */
  readonly machine: readonly MachineChange[];
}

/** TrendSeries is one benchmark's one unit across the runs that measured it. */
export interface TrendSeries {
  readonly package: string;
  readonly name: string;
  readonly procs: number | null;
  readonly unit: string;
  readonly better: Better;
  readonly points: readonly TrendPoint[];
  readonly changes: readonly ChangePoint[];
  /** benchstat's caveats, once each ("need >= 4 samples to detect a difference at alpha level 0.05"). */
  readonly warnings: readonly string[];
}

/** HistoryTrend is what `heapsight history` shows, and its JSON document. */
export interface HistoryTrend {
  readonly schema: typeof HISTORY_SCHEMA;
  readonly settings: { readonly alpha: number; readonly minChange: number; readonly unit: string | null; readonly bench: string | null };
  readonly runs: readonly TrendRun[];
  readonly series: readonly TrendSeries[];
}

const UNIT_ORDER = ['sec/op', 'B/op', 'allocs/op'];

function unitRank(unit: string): number {
  const i = UNIT_ORDER.indexOf(unit);
  return i < 0 ? UNIT_ORDER.length : i;
}

function machineChanges(a: TrendRun, b: TrendRun): MachineChange[] {
  const out: MachineChange[] = [];
  if (a.go !== b.go) out.push('go');
  if ((a.cpu ?? '') !== (b.cpu ?? '')) out.push('cpu');
  if (a.goos !== b.goos || a.goarch !== b.goarch) out.push('platform');
  return out;
}

/** trendOf builds the series and their change points from runs, oldest first. */
export function trendOf(runs: readonly RecordedRun[], opts: TrendOptions = {}): HistoryTrend {
  const alpha = opts.alpha ?? DEFAULT_ALPHA;
  const minChange = opts.minChange ?? DEFAULT_MIN_CHANGE;
  if (!(minChange >= 0)) throw new RangeError(`minimum change must be ≥ 0, got ${minChange}`);
  const headers: TrendRun[] = runs.map(({ benchmarks: _b, ...h }) => h);
  const headerOf = new Map(headers.map((h) => [h.id, h]));

  // Series keyed by package, name, procs and unit, in the order they first appear.
  const raw = new Map<string, { package: string; name: string; procs: number | null; unit: string; points: { runId: number; values: readonly number[] }[] }>();
  for (const run of runs) {
    for (const b of run.benchmarks) {
      for (const unit of Object.keys(b.samples)) {
        if (opts.unit !== undefined && unit !== opts.unit) continue;
        const values = b.samples[unit]!;
        if (values.length === 0) continue;
        const key = `${b.package}\u0000${b.name}\u0000${b.procs ?? ''}\u0000${unit}`;
        let s = raw.get(key);
        if (!s) raw.set(key, (s = { package: b.package, name: b.name, procs: b.procs, unit, points: [] }));
        s.points.push({ runId: run.id, values });
      }
    }
  }
  const bench = [...raw.values()].map((s) => `${s.package}\u0000${s.name}\u0000${s.procs ?? ''}`);
  const firstSeen = new Map<string, number>();
  bench.forEach((k, i) => firstSeen.has(k) || firstSeen.set(k, i));
  const ordered = [...raw.values()].sort((a, b) => {
    const ka = firstSeen.get(`${a.package}\u0000${a.name}\u0000${a.procs ?? ''}`)!;
    const kb = firstSeen.get(`${b.package}\u0000${b.name}\u0000${b.procs ?? ''}`)!;
    return ka - kb || unitRank(a.unit) - unitRank(b.unit) || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0);
  });

  const series = ordered.map((s): TrendSeries => {
    const better = betterDirection(s.unit);
    const warnings = new Set<string>();
    const points = s.points.map((p): TrendPoint => {
      const sum = summarize(p.values, { alpha });
      return {
        runId: p.runId,
        values: p.values,
        median: sum.center,
        low: Number.isFinite(sum.low) ? sum.low : null,
        high: Number.isFinite(sum.high) ? sum.high : null,
        n: sum.n,
      };
    });
    const changes: ChangePoint[] = [];
    for (let i = 1; i < s.points.length; i++) {
      const prev = s.points[i - 1]!;
      const cur = s.points[i]!;
      const c = compareSamples(prev.values, cur.values, { alpha });
      // "all samples are equal": the same constant in both runs (allocs/op often), nothing to test and nothing changed.
      for (const w of c.warnings) if (w !== 'all samples are equal') warnings.add(w);
      if (!c.significant) continue;
      const from = c.oldSummary.center;
      const to = c.newSummary.center;
      if (from === to) continue;
      const deltaPct = from === 0 ? null : (to / from - 1) * 100;
      // Relative change below the minimum is noise-sized even when the U test is sure of it.
      if (deltaPct !== null && Math.abs(deltaPct) < minChange * 100) continue;
      const worse = better === 'lower' ? to > from : to < from;
      changes.push({
        runId: cur.runId,
        previousRunId: prev.runId,
        index: i,
        direction: worse ? 'regression' : 'improvement',
        fromMedian: from,
        toMedian: to,
        deltaPct,
        p: c.p,
        machine: machineChanges(headerOf.get(prev.runId)!, headerOf.get(cur.runId)!),
      });
    }
    return { package: s.package, name: s.name, procs: s.procs, unit: s.unit, better, points, changes, warnings: [...warnings] };
  });
  return {
    schema: HISTORY_SCHEMA,
    settings: { alpha, minChange, unit: opts.unit ?? null, bench: opts.bench ?? null },
    runs: headers,
    series,
  };
}
