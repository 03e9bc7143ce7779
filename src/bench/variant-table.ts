// variant-table.ts builds the article's table measured: one row per
// benchmark variant of one run, compared against a baseline benchmark with
// benchstat's statistics (compareSamples), plus GC cycles and stop-the-world
// pauses from gctrace and, when compiler evidence is given, the number of
// heap escapes compiled into each benchmark function. Pure.
import type { CompilerEvidence } from '../escape/index.js';
import { ESCAPE_KINDS } from '../escape/index.js';
import type { BenchmarkResult, BenchRun } from './runner.js';
import { compareSamples, type Comparison, type StatOptions, type Summary } from './statistics.js';

/** VARIANT_UNITS are the units a variant row compares, named as benchstat names them. */
export const VARIANT_UNITS = ['sec/op', 'B/op', 'allocs/op'] as const;
export type VariantUnit = (typeof VARIANT_UNITS)[number];

/** VariantRow is one benchmark against the baseline. */
export interface VariantRow {
  readonly name: string;
  readonly procs: number | null;
  readonly isBaseline: boolean;
  /**
   * Heap escapes (moved to heap / escapes to heap) the compiler reported in
   * the benchmark function and its closures, callees inlined into them
   * included; null without compiler evidence. Escapes inside callees that are
   * not inlined belong to those callees and are not counted.
   */
  readonly escapes: number | null;
  readonly summaries: Readonly<Partial<Record<VariantUnit, Summary>>>;
  /** Measured-run GC cycles per run (median) and per million ops. */
  readonly gcCyclesPerRun: number | null;
  readonly gcCyclesPerMillionOps: number | null;
  /** Median stop-the-world time per run, ns. */
  readonly pausePerRunNs: number | null;
  /** Comparison with the baseline per unit; empty for the baseline itself. */
  readonly vsBaseline: Readonly<Partial<Record<VariantUnit, Comparison>>>;
}

/** VariantTable is the whole table. */
export interface VariantTable {
  readonly baseline: string;
  readonly rows: readonly VariantRow[];
  readonly warnings: readonly string[];
}

function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** matchesBaseline accepts "BenchmarkByValue", "ByValue" and either with a -N suffix. */
export function matchesBaseline(b: Pick<BenchmarkResult, 'name' | 'procs'>, wanted: string): boolean {
  const strip = (s: string): string => s.replace(/^Benchmark/, '');
  const full = b.procs === null ? b.name : `${b.name}-${b.procs}`;
  return strip(b.name) === strip(wanted) || strip(full) === strip(wanted);
}

/** countEscapes counts allocating escape sites compiled into the benchmark's top-level function (and its closures). */
export function countEscapes(evidence: CompilerEvidence, benchmarkName: string): number {
  const top = benchmarkName.split('/')[0]!;
  return evidence.sites.filter((s) => {
    if (!ESCAPE_KINDS[s.kind].allocates) return false;
    const fn = s.function;
    const at = fn.lastIndexOf(`.${top}`);
    if (at < 0) return false;
    const rest = fn.slice(at + top.length + 1);
    return rest === '' || /^\.func\d/.test(rest);
  }).length;
}

/**
 * buildVariantTable compares every benchmark of run with the one named
 * baseline (per GOMAXPROCS). A baseline that is missing is a warning and an
 * empty table, not an exception: the caller reports it plainly.
 */
export function buildVariantTable(run: BenchRun, baseline: string, evidence: CompilerEvidence | null, opts?: StatOptions): VariantTable {
  const warnings: string[] = [];
  const bases = run.benchmarks.filter((b) => matchesBaseline(b, baseline));
  if (bases.length === 0) {
    const failed = run.failures.find((f) => matchesBaseline({ name: f.name, procs: null }, baseline));
    warnings.push(
      failed
        ? `baseline ${baseline} has no results: it failed (${failed.kind}: ${failed.message})`
        : `baseline ${baseline} is not among the benchmarks run (${run.benchmarks.map((b) => b.name).join(', ') || 'none'})`,
    );
    return { baseline, rows: [], warnings };
  }
  const rows = run.benchmarks.map((b): VariantRow => {
    const base = bases.find((x) => x.procs === b.procs) ?? bases[0]!;
    const isBaseline = b === base;
    const summaries: Partial<Record<VariantUnit, Summary>> = {};
    const vs: Partial<Record<VariantUnit, Comparison>> = {};
    for (const u of VARIANT_UNITS) {
      const s = b.summaries[u];
      if (s) summaries[u] = s;
      const mine = b.samples[u];
      const theirs = base.samples[u];
      if (!isBaseline && mine && theirs) vs[u] = compareSamples(theirs, mine, opts);
    }
    return {
      name: b.name,
      procs: b.procs,
      isBaseline,
      escapes: evidence ? countEscapes(evidence, b.name) : null,
      summaries,
      gcCyclesPerRun: median(b.gc.cyclesPerRun),
      gcCyclesPerMillionOps: b.gc.cyclesPerMillionOps,
      pausePerRunNs: median(b.gc.pausePerRunNs),
      vsBaseline: vs,
    };
  });
  return { baseline: bases[0]!.name, rows, warnings };
}
