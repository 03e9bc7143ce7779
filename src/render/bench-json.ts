// bench-json.ts renders `heapsight bench` results as the stable schema
// "heapsight.bench/v1". Numbers are raw (sec/op in seconds, pauses in ns);
// absent values are null, never omitted; ±Infinity CI ends become null.
import type { BenchFailure } from '../bench/crash.js';
import type { BenchRun } from '../bench/runner.js';
import type { Summary } from '../bench/statistics.js';
import type { VariantTable } from '../verify/variant-table.js';
import type { GcSummary } from '../gctrace/gc-summary.js';
import { en } from '../i18n/en.js';
import { storyText } from './cause-words.js';

/** BENCH_SCHEMA names the JSON layout; bump it on any incompatible change. */
export const BENCH_SCHEMA = 'heapsight.bench/v1';

/** BenchSettings echo the flags a run used. */
export interface BenchSettings {
  readonly bench: string;
  readonly count: number;
  readonly benchtime: string;
  readonly cpu: string | null;
  readonly timeoutMs: number;
  readonly race: boolean;
  readonly tags: readonly string[];
}

/** BenchJsonUnit is one unit's statistics. */
export interface BenchJsonUnit {
  median: number | null;
  low: number | null;
  high: number | null;
  confidence: number;
  n: number;
  values: number[];
  warnings: string[];
}

/** BenchJsonVariantComparison mirrors heapsight.compare/v1's rows: deltaPct null when "~" or "?". */
export interface BenchJsonVariantComparison {
  unit: string;
  baselineMedian: number | null;
  median: number | null;
  deltaPct: number | null;
  delta: string;
  p: number;
  significant: boolean;
  n: { baseline: number; variant: number };
}

/** BenchJsonHeapDecision is one heap decision a variant's escapes count is made of. */
export interface BenchJsonHeapDecision {
  kind: string;
  subject: string;
  file: string;
  line: number;
  column: number;
  function: string;
  via: string[];
  message: string;
  /** The cause in English words (the document's words are English in every --lang). */
  cause: string;
  inlinedCopiesNotEscaping: string[];
}

/** BenchJson is the whole document. */
export interface BenchJson {
  schema: typeof BENCH_SCHEMA;
  go: string;
  settings: BenchSettings;
  packages: {
    importPath: string;
    dir: string;
    config: Record<string, string>;
    matched: string[];
    noTestFiles: boolean;
    benchmarks: {
      name: string;
      procs: number | null;
      units: Record<string, BenchJsonUnit>;
      iterations: number[];
      gc: GcSummary;
      profiles: { kind: 'mem' | 'cpu' | 'cover'; path: string; run: number }[];
    }[];
    failures: BenchFailure[];
    warnings: string[];
    timing: BenchRun['timing'];
  }[];
  variants: {
    baseline: string;
    rows: {
      name: string;
      procs: number | null;
      isBaseline: boolean;
      escapes: number | null;
      /** What escapes counts (null without compiler evidence); file relative to the package directory. */
      heapDecisions: BenchJsonHeapDecision[] | null;
      /** The rule hits in the code the benchmark reaches (null without compiler evidence); file relative to the package directory. */
      ruleHits: { rule: string; file: string; line: number; function: string; subject: string }[] | null;
      gcCyclesPerRun: number | null;
      gcCyclesPerMillionOps: number | null;
      pausePerRunNs: number | null;
      comparisons: BenchJsonVariantComparison[];
    }[];
    warnings: string[];
  } | null;
}

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function unitJson(values: readonly number[], s: Summary): BenchJsonUnit {
  return { median: finite(s.center), low: finite(s.low), high: finite(s.high), confidence: s.confidence, n: s.n, values: [...values], warnings: [...s.warnings] };
}

/** benchToJson builds the document (exported so tests and the library need not re-parse). */
export function benchToJson(runs: readonly BenchRun[], settings: BenchSettings, variants: VariantTable | null, goVersion: string): BenchJson {
  return {
    schema: BENCH_SCHEMA,
    go: goVersion,
    settings,
    packages: runs.map((r) => ({
      importPath: r.importPath,
      dir: r.dir,
      config: { ...r.config },
      matched: [...r.matched],
      noTestFiles: r.noTestFiles,
      benchmarks: r.benchmarks.map((b) => ({
        name: b.name,
        procs: b.procs,
        units: Object.fromEntries(Object.entries(b.summaries).map(([u, s]) => [u, unitJson(b.samples[u] ?? [], s)])),
        iterations: [...b.iterations],
        gc: b.gc,
        profiles: b.profiles.map((p) => ({ ...p })),
      })),
      failures: [...r.failures],
      warnings: [...r.warnings],
      timing: r.timing,
    })),
    variants: variants && {
      baseline: variants.baseline,
      rows: variants.rows.map((v) => ({
        name: v.name,
        procs: v.procs,
        isBaseline: v.isBaseline,
        escapes: v.escapes,
        heapDecisions: v.heapDecisions && v.heapDecisions.map((d) => ({ ...d, via: [...d.via], cause: storyText(en, d.cause.story), inlinedCopiesNotEscaping: [...d.inlinedCopiesNotEscaping] })),
        ruleHits: v.ruleHits && v.ruleHits.map((h) => ({ ...h })),
        gcCyclesPerRun: v.gcCyclesPerRun,
        gcCyclesPerMillionOps: v.gcCyclesPerMillionOps,
        pausePerRunNs: v.pausePerRunNs,
        comparisons: Object.entries(v.vsBaseline).map(([unit, c]) => ({
          unit,
          baselineMedian: finite(c.oldSummary.center),
          median: finite(c.newSummary.center),
          deltaPct: c.deltaPct,
          delta: c.delta,
          p: c.p,
          significant: c.significant,
          n: { baseline: c.oldSummary.n, variant: c.newSummary.n },
        })),
      })),
      warnings: [...variants.warnings],
    },
  };
}

/** renderBenchJson returns the document as indented JSON with a trailing newline. */
export function renderBenchJson(runs: readonly BenchRun[], settings: BenchSettings, variants: VariantTable | null, goVersion: string): string {
  return JSON.stringify(benchToJson(runs, settings, variants, goVersion), null, 2) + '\n';
}
