// check.ts is the `heapsight check` pipeline as a library function: the
// double verification, from package patterns to an immutable CheckReport.
// No printing: progress arrives as typed events, and front ends (cli/, a
// later workbench) render them and the report.
//
//   go list (targets, then the whole build's packages)
//   → compiler evidence of the targets (-json, -m=2, -S; test files included)
//   → per target package: one test binary, timing runs, profiling runs
//   → merged heap profile → per-line rows, the user's frames on each stack
//   → compiler evidence of the dependencies that hold measured bytes
//   → join → CheckReport
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join as joinPath } from 'node:path';
import { parseGoDuration } from '../go-duration.js';
import { checkHostTarget, runBenchmarks, type BenchProgress, type BenchRun } from '../bench/runner.js';
import { STANDARD_UNITS } from '../bench/units.js';
import { collectCompilerEvidence, keptTestBinary, mergeEvidence, type CompilerEvidence } from '../escape/index.js';
import { InterruptedError } from '../errors.js';
import type { GcCycle } from '../gctrace/gc-cycle.js';
import { lineKey, lineRows, mapAllocationsByPurpose, readProfilesKept, userFrames, type Profile, type SourceReader, type UserFrameReport } from '../profile/index.js';
import { symbolPackage } from '../go-symbol.js';
import { loadPackageSource, type PackageSource } from '../source/package-source.js';
import { leanTestFilesOverlay } from './lean-tests.js';
import { startOnce } from './start-once.js';
import { mentionsDirective, packageDirectives } from '../source/directives.js';
import { checkAssertions } from '../verify/assertions.js';
import { findGo, type GoToolchain } from '../toolchain/go-command.js';
import { listDependencies, listPackages, withOverlay, type GoPackage, type PackageIndex, type SourceOverlay } from '../toolchain/go-build.js';
import { resolvePatterns } from '../toolchain/package-patterns.js';
import { withTempDir, type Runner } from '../toolchain/process.js';
import { compileTestBinary, type TestBinary } from '../toolchain/test-binary.js';
import { CHECK_SCHEMA, type AllocationSiteFinding, type BenchmarkRow, type CheckReport, type DependencyEvidence, type Interval, type SiteFinding } from '../verify/check-report.js';
import { intervalOf, join, type AllocationRow, type BenchmarkSamples, type EvidenceCoverage } from '../verify/join.js';
import { isRuntimePackage } from '../verify/known-functions.js';
import { mapSection } from '../verify/map-section.js';
import { parseCoverProfile } from '../bench/coverprofile.js';
import { ruleVerdicts, type CoverageRun } from '../verify/rule-verdicts.js';
import { availableParallelism } from 'node:os';

/** DEFAULT_MEMPROFILERATE samples one allocation per 16 KiB: fine enough for 100 ms benchmarks, cheap enough not to dominate them. */
export const DEFAULT_MEMPROFILERATE = 16 * 1024;

/**
 * UNTIMED_PARALLEL is how many profiling or coverage processes run at once:
 * they measure bytes and covered lines of a fixed -test.benchtime=Nx, which
 * a busy CPU does not change (timing runs always run one at a time).
 */
export const UNTIMED_PARALLEL = Math.max(1, Math.min(4, availableParallelism()));

/** DEFAULT_PROFILE_COUNT is how many profiling rounds check runs, so the ranking's stability shows. */
export const DEFAULT_PROFILE_COUNT = 3;

/**
 * roundBenchtime is one profiling round's share of --benchtime: the rounds
 * together sample what one full-length run would (the same bytes at the
 * same MemProfileRate), so more rounds cost no more time, and each round
 * still ranks the sites on its own. "1s" over 3 rounds is "333.333ms";
 * "3000x" is "1000x" (at least 1x).
 */
export function roundBenchtime(benchtime: string, rounds: number): string {
  if (rounds <= 1) return benchtime;
  const x = /^(\d+)x$/.exec(benchtime);
  if (x) return `${Math.max(1, Math.ceil(Number(x[1]) / rounds))}x`;
  const ms = parseGoDuration(benchtime);
  if (ms === null || ms <= 0) return benchtime;
  return `${Number((ms / rounds).toFixed(3))}ms`;
}

/** RoundShares is each profiling round's alloc_space per line (lineKey), and its total. */
interface RoundShares {
  readonly rounds: readonly { readonly bytes: ReadonlyMap<string, number>; readonly total: number }[];
}

/**
 * roundShares merges each round's profiles (one per package) on its own and
 * ranks its lines, as the whole profile is ranked. Fewer than two rounds:
 * nothing to compare.
 */
async function roundShares(paths: readonly string[], roundOf: ReadonlyMap<string, number>): Promise<RoundShares> {
  const byRound = new Map<number, string[]>();
  for (const p of new Set(paths)) {
    const r = roundOf.get(p) ?? 1;
    byRound.set(r, [...(byRound.get(r) ?? []), p]);
  }
  if (byRound.size < 2) return { rounds: [] };
  const rounds: { bytes: Map<string, number>; total: number }[] = [];
  for (const r of [...byRound.keys()].sort((a, b) => a - b)) {
    const { merged } = await readProfilesKept(byRound.get(r)!);
    if (!merged) continue;
    const rows = lineRows(merged, 'alloc_space');
    rounds.push({ bytes: new Map(rows.rows.map((x) => [lineKey(x), x.flat])), total: rows.total });
  }
  return { rounds };
}

/** RANKED_STABLE is how many top sites must keep their order across profiling rounds for the ranking to count as stable. */
const RANKED_STABLE = 3;

/** NEAR_TIE: two sites whose merged shares are within 25% of each other may trade places without a warning. */
const NEAR_TIE = 1.25;

/**
 * rankingWarnings says when the top sites change order between profiling
 * rounds (one round's #1 is another's #2): the merged ranking then rests on
 * few samples, and a longer --benchtime or more --profile-count rounds settle it.
 */
export function rankingWarnings(findings: readonly SiteFinding[], rounds: number): string[] {
  if (rounds < 2) return [];
  const sites = findings.filter((f): f is AllocationSiteFinding => f.kind === 'allocation-site' && f.shareByRun.length === rounds);
  const top = sites.slice(0, RANKED_STABLE);
  // A swap counts when it is not a near tie: the merged shares differ by more than NEAR_TIE, and a round still
  // puts the smaller first. Near ties show in each site's per-round shares, without a warning.
  const swappedIn = new Set<number>();
  for (let i = 0; i < top.length; i++) {
    for (let j = i + 1; j < top.length; j++) {
      if (top[i]!.share <= NEAR_TIE * top[j]!.share) continue;
      for (let k = 0; k < rounds; k++) if (top[i]!.shareByRun[k]! < top[j]!.shareByRun[k]!) swappedIn.add(k);
    }
  }
  if (swappedIn.size === 0) return [];
  const pct = (x: number): string => x.toLocaleString('en-US', { style: 'percent', maximumFractionDigits: 1 });
  const spread = top.map((f) => `${basename(f.file)}:${f.line} ${pct(Math.min(...f.shareByRun))}–${pct(Math.max(...f.shareByRun))}`).join(', ');
  return [
    `the top ${top.length} allocation sites change order between the ${rounds} profiling rounds (in ${swappedIn.size} of them; share per round: ${spread}): the merged ranking is the one to read; --benchtime longer or --profile-count more settles it`,
  ];
}

/** DEFAULT_DEPS_MIN: a line outside the targets at ≥ 0.5% of alloc_space gets its package compiled with diagnostics. */
export const DEFAULT_DEPS_MIN = 0.005;

/** CheckOptions are check's inputs, as the flags give them. */
export interface CheckOptions {
  readonly cwd: string;
  /** Package patterns as go takes them; empty means ".". */
  readonly patterns: readonly string[];
  readonly bench: string;
  readonly count: number;
  readonly benchtime: string;
  readonly tags: readonly string[];
  readonly timeoutMs?: number;
  readonly cpu?: string;
  readonly race?: boolean;
  readonly memProfileRate?: number;
  /** Profiling rounds (--profile-count); default DEFAULT_PROFILE_COUNT. */
  readonly profileCount?: number;
  /** Share of alloc_space (0..1) a line outside the targets needs for its package to be compiled with diagnostics; null: never. */
  readonly depsMin?: number | null;
  /** Also list heap decisions in _test.go files that allocated nothing (--tests). */
  readonly tests?: boolean;
  /** Reads source lines (map purposes are classified by the allocation site's line). */
  readonly readSource: SourceReader;
  readonly signal: AbortSignal;
  readonly onEvent?: (e: CheckEvent) => void;
  /** The go to drive; found on PATH (or $HEAPSIGHT_GO) when absent. */
  readonly go?: GoToolchain;
  /** Neither read nor write the compiler-evidence cache (--no-cache). */
  readonly noCache?: boolean;
  /** The evidence cache's directory; default evidenceCacheDir(process.env). The CLI passes its own environment's. */
  readonly cacheDir?: string | null;
  /**
   * Run the benchmarks once more, each in its own process of a binary built
   * with -cover, to know which lines they run (a rule hit nobody runs is "not
   * exercised", not "refuted"). Default true; never with --race.
   */
  readonly coverage?: boolean;
}

/** CheckEvent is progress a front end may show. */
export type CheckEvent =
  /** A step's own progress line (the compiler-evidence build names what it compiles). */
  | { readonly kind: 'note'; readonly text: string }
  /** perRound: each round's benchmarks run in one process (else one process per benchmark and round). */
  | { readonly kind: 'timing-runs'; readonly pkg: string; readonly count: number; readonly benchtime: string; readonly perRound: boolean }
  | { readonly kind: 'profiling-runs'; readonly pkg: string; readonly benchmarks: number; readonly memProfileRate: number; readonly rounds: number }
  | { readonly kind: 'bench-progress'; readonly phase: 'timing' | 'profile'; readonly progress: BenchProgress }
  | { readonly kind: 'bench-phase-end' }
  | { readonly kind: 'dependency-evidence'; readonly packages: readonly string[] }
  | { readonly kind: 'coverage-runs'; readonly pkg: string; readonly benchmarks: number };

/** CheckResult is the report and what a front end may want besides it. */
export interface CheckResult {
  readonly report: CheckReport;
  /** The merged heap profile of the profiling runs (for --memprofile); null when none ran. */
  readonly profile: Profile | null;
  /** The target packages as go list gave them. */
  readonly targets: readonly GoPackage[];
  /** How many of them have test files (0: nothing could have been benchmarked). */
  readonly testedPackages: number;
  readonly interrupted: boolean;
  /** Each benchmark's per-run values and gctrace cycles (the report keeps only their statistics). */
  readonly benchmarkRuns: readonly BenchmarkRuns[];
}

/** BenchmarkRuns is one benchmark run by run (one process each): each unit's values and the GC cycles gctrace printed. */
export interface BenchmarkRuns {
  readonly package: string;
  readonly name: string;
  /** Values per unit in run order, in benchstat's units ("sec/op", "B/op", "allocs/op", custom). */
  readonly samples: Readonly<Record<string, readonly number[]>>;
  readonly gcCycles: readonly (readonly GcCycle[])[];
}

/** benchmarkRows summarizes one package's runs; every unit beyond the standard three lands in metrics. */
export function benchmarkRows(run: BenchRun): BenchmarkRow[] {
  return run.benchmarks.map((b) => {
    const metrics: Record<string, Interval> = {};
    for (const unit of Object.keys(b.samples).sort()) if (!STANDARD_UNITS.has(unit)) metrics[unit] = intervalOf(b.samples[unit]);
    return {
      package: run.importPath,
      name: b.name,
      procs: b.procs,
      nsPerOp: intervalOf(b.samples['sec/op']?.map((v) => v * 1e9) ?? b.samples['ns/op']),
      bytesPerOp: intervalOf(b.samples['B/op']),
      allocsPerOp: intervalOf(b.samples['allocs/op']),
      gc: b.gc
        ? {
            cycles: b.gc.cycles,
            forcedCycles: b.gc.forcedCycles,
            cyclesPerMillionOps: b.gc.cyclesPerMillionOps,
            pauseTotalNs: b.gc.pauseTotalNs,
            pauseMaxNs: b.gc.pauseMaxNs,
          }
        : null,
      metrics,
      samples: b.samples,
      warnings: [],
    };
  });
}

/** allocationRows turns the merged heap profile into per-line bytes and objects, as pprof -top -lines ranks them. */
export function allocationRows(p: Profile): { rows: AllocationRow[]; bytes: number; objects: number } {
  const space = lineRows(p, 'alloc_space');
  const objects = lineRows(p, 'alloc_objects');
  const key = (r: { function: string; file: string; line: number }): string => `${r.function}\u0000${r.file}\u0000${r.line}`;
  const objectsByLine = new Map(objects.rows.map((r) => [key(r), r.flat]));
  const rows = space.rows
    .filter((r) => r.flat !== 0)
    .map((r) => ({ function: r.function, file: r.file, line: r.line, bytes: r.flat, objects: objectsByLine.get(key(r)) ?? 0 }));
  return { rows, bytes: space.total, objects: objects.total };
}

/**
 * dependencyPackages picks the packages outside the targets whose lines hold
 * at least minShare of alloc_space each (per line, as the rows rank them),
 * with the bytes each package holds in all. A generic leaf's instantiation is
 * compiled in the package that instantiates it, so the packages of the frames
 * between it and the user's line are picked with it. The runtime is left
 * out: it is never compiled with diagnostics, its own allocations are named
 * by function.
 */
export function dependencyPackages(
  rows: readonly AllocationRow[],
  total: number,
  ownFiles: ReadonlySet<string>,
  index: PackageIndex | null,
  minShare: number | null,
  frames?: UserFrameReport,
): DependencyEvidence['packages'] {
  const bytes = new Map<string, number>();
  const wanted = new Set<string>();
  const eligible = (path: string): boolean => index?.byPath.has(path) === true && !isRuntimePackage(path) && index.byPath.get(path)!.target === false;
  for (const r of rows) {
    if (ownFiles.has(r.file)) continue;
    const pkg = index?.byDir.get(dirname(r.file));
    if (!pkg || isRuntimePackage(pkg.importPath)) continue;
    bytes.set(pkg.importPath, (bytes.get(pkg.importPath) ?? 0) + r.bytes);
    if (minShare === null || total <= 0 || r.bytes / total < minShare) continue;
    // The test harness's own allocations (no stack through the targets) are not worth a build.
    const leaf = frames?.byLeaf.get(lineKey(r));
    if (leaf && leaf.frames.length === 0) continue;
    wanted.add(pkg.importPath);
    if (!r.function.includes('[')) continue;
    for (const caller of leaf?.callers ?? []) {
      const path = symbolPackage(caller);
      if (eligible(path)) {
        wanted.add(path);
        if (!bytes.has(path)) bytes.set(path, 0);
      }
    }
  }
  return [...bytes.entries()]
    .map(([importPath, b]) => ({ importPath, allocBytes: b, share: total > 0 ? b / total : 0, collected: wanted.has(importPath) }))
    .sort((a, b) => b.allocBytes - a.allocBytes || a.importPath.localeCompare(b.importPath));
}

/**
 * runCheck is `heapsight check`. Throws InputError or SettingError for bad
 * input, ToolchainError when the targets do not build; a benchmark that
 * fails is a failure in the report, not an exception. After Ctrl-C (signal)
 * it returns what finished, with interrupted set, and starts nothing new.
 */
export async function runCheck(runner: Runner, opts: CheckOptions): Promise<CheckResult> {
  const go = opts.go ?? (await findGo(runner, opts.cwd));
  // A binary for another GOOS/GOARCH cannot run here: say so before building.
  checkHostTarget(go);
  return withTempDir('check', async (tmp) => {
    const prep = await prepareCheck(runner, opts, go, opts.cwd, tmp);
    const { measured, coverage } = await measureCheck(runner, opts, go, prep, tmp);
    try {
      return await analyseCheck(runner, opts, go, prep, measured, coverage);
    } finally {
      // Nothing outlives the temp dir: an analysis that threw still waits for the coverage runs.
      await coverage.catch(() => {});
    }
  });
}

/** PreparedCheck is one tree's targets listed, compiled with diagnostics and read: everything before the runs. */
export interface PreparedCheck {
  readonly where: { readonly cwd: string; readonly patterns: readonly string[] };
  readonly pkgs: readonly GoPackage[];
  /** Which package every file of the build belongs to; null when go list -deps failed. */
  readonly index: PackageIndex | null;
  readonly evidence: CompilerEvidence;
  readonly sources: readonly PackageSource[];
  /** The targets with test files, in go list's order. */
  readonly tested: readonly GoPackage[];
  /** Where the diagnostic build left the test binaries (none for a race build). */
  readonly binariesDir: string;
  /** The -overlay of the targets' test files without their Test, Example and Fuzz bodies (leanTestOverlay); undefined: none. */
  readonly leanTests: SourceOverlay | undefined;
  /**
   * Writes the evidence cache entry of this build (null: nothing to write),
   * resolving to a warning or null: run it while nothing is timed (see
   * CollectOptions.deferCacheWrite).
   */
  readonly writeCache: (() => Promise<string | null>) | null;
  readonly warnings: readonly string[];
}

/**
 * prepareCheck lists the targets (patterns relative to cwd), builds them
 * with diagnostics (the test binaries land in tmp) and reads their source.
 */
export async function prepareCheck(runner: Runner, opts: CheckOptions, go: GoToolchain, cwd: string, tmp: string): Promise<PreparedCheck> {
  const emit = (e: CheckEvent): void => opts.onEvent?.(e);
  const where = resolvePatterns(cwd, opts.patterns);
  const tags = opts.tags;
  // Which package every file of the build belongs to (names, dependency evidence, user frames): listed beside the targets.
  const listingDeps = listDependencies(runner, go, { cwd: where.cwd, patterns: where.patterns, tags, signal: opts.signal });
  listingDeps.catch(() => {});
  const pkgs = await listPackages(runner, go, { cwd: where.cwd, patterns: where.patterns, tags, signal: opts.signal }).finally(() => listingDeps.catch(() => {}));
  const warnings: string[] = [];
  let index: PackageIndex | null = null;
  try {
    index = await listingDeps;
  } catch (e) {
    if (e instanceof InterruptedError) throw e;
    warnings.push(`cannot list the packages the targets depend on (${e instanceof Error ? e.message : String(e)}): lines outside the targets get no compiler evidence`);
  }
  // The diagnostic build links the test binaries too; the runs use them (a race build needs its own).
  const binariesDir = joinPath(tmp, 'diagnostic-build');
  // The source is read (tree-sitter, the rules) while the compiler runs: it needs nothing the build says.
  const startReading = startOnce(() => Promise.all(pkgs.map((p) => loadPackageSource(p))));
  let writeCache: PreparedCheck['writeCache'] = null;
  // The test files' -m=2/-S text is read for --tests, or when one holds a directive (noescape and inline are judged
  // on it); else benchmark bodies keep their heap decisions (-json), and the Test bodies are not compiled at all.
  const testText = opts.tests === true || pkgs.some((p) => [...p.testGoFiles, ...p.xTestGoFiles].some((f) => mentionsDirective(joinPath(p.dir, f))));
  const leanTests = leanTestFilesOverlay(go, pkgs, joinPath(tmp, 'lean-tests'), index);
  const evidence = await collectCompilerEvidence(runner, go, {
    cwd: where.cwd,
    packages: where.patterns,
    listed: pkgs,
    tags,
    signal: opts.signal,
    keepForeign: true,
    noCache: opts.noCache === true,
    ...(opts.cacheDir !== undefined ? { cacheDir: opts.cacheDir } : {}),
    ...(opts.race ? {} : { binariesDir }),
    ...(index ? { index } : {}),
    onProgress: (text) => emit({ kind: 'note', text }),
    onCompiling: () => void startReading(),
    testText,
    ...(!testText && leanTests !== undefined ? { testOverlay: leanTests } : {}),
    deferCacheWrite: (write) => {
      writeCache = write;
    },
  });
  const sources = await startReading();
  warnings.push(...evidence.warnings, ...sources.flatMap((s) => s.warnings));
  const tested = pkgs.filter((p) => p.testGoFiles.length + p.xTestGoFiles.length > 0);
  const untested = pkgs.filter((p) => !tested.includes(p)).map((p) => p.importPath);
  if (untested.length > 0) {
    const listed = untested.length <= 5 ? untested.join(', ') : `${untested.slice(0, 5).join(', ')} and ${untested.length - 5} more`;
    warnings.push(`${untested.length === 1 ? `${listed} has` : `${untested.length} packages have`} no test files, so no benchmarks to run${untested.length === 1 ? '' : `: ${listed}`}`);
  }
  return { where, pkgs, index, evidence, sources, tested, binariesDir, leanTests, writeCache, warnings };
}

/**
 * testBinaryFor is the package's test binary: the diagnostic build's (same
 * instructions as a plain go test -c), else a go test -c of its own into
 * outDir; 'interrupted' after Ctrl-C.
 */
export async function testBinaryFor(
  runner: Runner,
  opts: CheckOptions,
  go: GoToolchain,
  prep: PreparedCheck,
  pkg: GoPackage,
  outDir: string,
): Promise<TestBinary | null | 'interrupted'> {
  const kept = opts.race ? null : keptTestBinary(prep.binariesDir, pkg.importPath);
  if (kept !== null) return { path: kept, importPath: pkg.importPath, dir: pkg.dir, race: false, compile: null };
  const build = (overlay: string | undefined) =>
    compileTestBinary(runner, go, {
      cwd: prep.where.cwd,
      importPath: pkg.importPath,
      dir: pkg.dir,
      outDir,
      tags: opts.tags,
      ...(opts.race ? { race: true } : {}),
      ...(overlay !== undefined ? { overlay } : {}),
      signal: opts.signal,
    });
  // As the diagnostic build does: the Test bodies left out, or the files as they are when that does not build.
  return withOverlay(prep.leanTests, build).catch((e: unknown) => {
    if (e instanceof InterruptedError) return 'interrupted' as const;
    throw e;
  });
}

/** MeasuredCheck is what the runs of one tree measured: timing runs per package and the profiling rounds' files. */
export interface MeasuredCheck {
  readonly runs: readonly BenchRun[];
  readonly profilePaths: readonly string[];
  /** The profiling round each profile file came from (1-based). */
  readonly roundOf: ReadonlyMap<string, number>;
  /** Iterations the profiling rounds ran, per `${package}\u0000${top-level benchmark}` (sub-benchmarks summed). */
  readonly profiledOps: ReadonlyMap<string, number>;
  readonly warnings: readonly string[];
}

/** MeasuredBuilder collects a MeasuredCheck as the runs finish. */
export class MeasuredBuilder {
  readonly runs: BenchRun[] = [];
  readonly profilePaths: string[] = [];
  readonly roundOf = new Map<string, number>();
  readonly profiledOps = new Map<string, number>();
  readonly warnings: string[] = [];

  /**
   * healthyTops are the top-level benchmarks a timing run measured without
   * failing: a top-level benchmark that failed its timing runs (a
   * sub-benchmark panicked) is not profiled, it would die again before
   * writing its profile; its healthy sub-benchmarks keep their timing results.
   */
  healthyTops(timing: BenchRun): string[] {
    const failed = new Set(timing.failures.map((f) => f.name.split('/')[0]!));
    const tops = [...new Set(timing.benchmarks.map((b) => b.name.split('/')[0]!))];
    for (const t of tops.filter((n) => failed.has(n))) this.warnings.push(`${t}: not heap-profiled, because it failed in its timing runs`);
    return tops.filter((n) => !failed.has(n));
  }

  /** addProfiling keeps the rounds that wrote a whole profile: a round that failed has its timing results, not its bytes. */
  addProfiling(prof: BenchRun): void {
    const failedRounds = new Set(prof.failures.map((f) => f.run ?? 0));
    for (const b of prof.benchmarks) {
      const k = `${prof.importPath}\u0000${b.name.split('/')[0]!}`;
      this.profiledOps.set(k, (this.profiledOps.get(k) ?? 0) + b.iterations.reduce((n, x) => n + x, 0));
      for (const p of b.profiles) {
        if (p.kind !== 'mem' || failedRounds.has(p.run) || !existsSync(p.path)) continue;
        this.profilePaths.push(p.path);
        this.roundOf.set(p.path, p.run);
      }
    }
    this.warnings.push(...prof.warnings, ...prof.failures.map((f) => `${f.name} failed in its profiling run (${f.kind}): ${f.message}`));
  }

  build(): MeasuredCheck {
    return {
      runs: [...this.runs],
      profilePaths: [...this.profilePaths],
      roundOf: new Map(this.roundOf),
      profiledOps: new Map(this.profiledOps),
      warnings: [...this.warnings],
    };
  }
}

/** CoverageOutcome is what the coverage runs found: which lines each benchmark runs; null runs when coverage was off. */
export interface CoverageOutcome {
  readonly coverage: readonly CoverageRun[] | null;
  /** Packages whose coverage build or run failed. */
  readonly coverageFailed: readonly string[];
  readonly warnings: readonly string[];
}

/** eachLimited maps items through fn with at most limit calls in flight, results in the items' order. */
async function eachLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const NO_COVERAGE: CoverageOutcome = { coverage: null, coverageFailed: [], warnings: [] };

/**
 * measureCheck runs each tested target's benchmarks: timing runs, then the
 * profiling rounds. The coverage build and runs of a package go on while its
 * profiling rounds run and (for the last package) while the caller builds
 * the dependencies' evidence: neither measures time, and counts of
 * allocations and of covered blocks do not change with a busy CPU. Nothing
 * runs beside the timing runs.
 */
async function measureCheck(
  runner: Runner,
  opts: CheckOptions,
  go: GoToolchain,
  prep: PreparedCheck,
  tmp: string,
): Promise<{ readonly measured: MeasuredCheck; readonly coverage: Promise<CoverageOutcome> }> {
  const emit = (e: CheckEvent): void => opts.onEvent?.(e);
  const memProfileRate = opts.memProfileRate ?? DEFAULT_MEMPROFILERATE;
  const profileCount = opts.profileCount ?? DEFAULT_PROFILE_COUNT;
  const out = new MeasuredBuilder();
  const cov = { runs: null as CoverageRun[] | null, failed: [] as string[], warnings: [] as string[] };
  let stopped = false;
  let pending: Promise<void> = Promise.resolve();
  // The evidence cache entry is written during the first profiling rounds (their bytes do not depend on the CPU), or at the end.
  let cacheWritten: Promise<void> | null = null;
  const writeCache = (): void => {
    if (cacheWritten === null && prep.writeCache !== null) {
      cacheWritten = prep.writeCache().then((w) => {
        if (w !== null) out.warnings.push(w);
      });
    }
  };
  for (const pkg of prep.tested) {
    if (opts.signal.aborted || stopped) break;
    // One build serves the timing and the profiling runs: the diagnostic build's, else a plain go test -c.
    const binary = await testBinaryFor(runner, opts, go, prep, pkg, joinPath(tmp, `bin-${out.runs.length}`));
    if (binary === 'interrupted') break;
    const common = benchCommon(opts, prep, pkg, binary);
    // The previous package's coverage work ends before these timing runs start.
    await pending;
    if (opts.signal.aborted || stopped) break;
    emit({ kind: 'timing-runs', pkg: pkg.importPath, count: opts.count, benchtime: opts.benchtime, perRound: !opts.race });
    // Timing runs carry no profiler, so ns/op is not skewed by stack sampling. One process per round
    // runs every benchmark, as go test -bench does (with -race, one each: a race report names no benchmark).
    const timing = await runBenchmarks(runner, go, {
      ...common,
      bench: opts.bench,
      count: opts.count,
      together: !opts.race,
      onProgress: (progress) => emit({ kind: 'bench-progress', phase: 'timing', progress }),
    });
    emit({ kind: 'bench-phase-end' });
    out.runs.push(timing);
    // Ctrl-C: report the timing runs that finished, with compiler evidence; no profiling run.
    if (timing.interrupted) break;
    if (timing.benchmarks.length === 0) continue;
    const healthy = out.healthyTops(timing);
    if (healthy.length === 0) continue;
    if (opts.coverage !== false && !opts.race) {
      emit({ kind: 'coverage-runs', pkg: pkg.importPath, benchmarks: healthy.length });
      pending = coverageRuns(runner, opts, go, prep, pkg, healthy, joinPath(tmp, `cover-${out.runs.length}`)).then((runs) => {
        if (runs === 'interrupted') {
          stopped = true;
          return;
        }
        if (runs.failed !== null) {
          cov.failed.push(pkg.importPath);
          cov.warnings.push(`coverage run of ${pkg.importPath}: ${runs.failed}`);
        } else cov.runs = [...(cov.runs ?? []), ...runs.runs];
        cov.warnings.push(...runs.warnings);
      });
    }
    emit({ kind: 'profiling-runs', pkg: pkg.importPath, benchmarks: healthy.length, memProfileRate, rounds: profileCount });
    // --profile-count rounds, each benchmark in its own process per round with a fixed share of the
    // iterations its timing runs made: each round's profile ranks the sites on its own (the report says
    // how stable the ranking is), and what each benchmark weighs in it does not move with the load of
    // the machine (the coverage build runs beside these rounds).
    const profiling = runBenchmarks(runner, go, {
      ...common,
      ...profilingOptions(opts, joinPath(tmp, `prof-${out.runs.length}`), fixedIterations([timing], profileCount)),
      only: healthy,
      onProgress: (progress) => emit({ kind: 'bench-progress', phase: 'profile', progress }),
    });
    writeCache();
    const prof = await profiling;
    emit({ kind: 'bench-phase-end' });
    out.addProfiling(prof);
    if (prof.interrupted) break;
  }
  writeCache();
  await cacheWritten;
  const coverage = pending.then(() => ({ coverage: cov.runs === null ? null : [...cov.runs], coverageFailed: [...cov.failed], warnings: [...cov.warnings] }));
  return { measured: out.build(), coverage };
}

/**
 * coverageRuns builds pkg's tests with -cover over every target and runs
 * each healthy top-level benchmark once (-benchtime 1x) in its own process
 * with -test.coverprofile: which lines each benchmark runs, measured apart
 * from the timing and profiling runs so the counters disturb neither.
 * failed says why when the coverage build fails.
 */
async function coverageRuns(
  runner: Runner,
  opts: CheckOptions,
  go: GoToolchain,
  prep: PreparedCheck,
  pkg: GoPackage,
  tops: readonly string[],
  dir: string,
): Promise<{ runs: CoverageRun[]; warnings: string[]; failed: string | null } | 'interrupted'> {
  const warnings: string[] = [];
  try {
    const build = (overlay: string | undefined) =>
      compileTestBinary(runner, go, {
        cwd: prep.where.cwd,
        importPath: pkg.importPath,
        dir: pkg.dir,
        outDir: dir,
        tags: opts.tags,
        coverPackages: prep.pkgs.map((p) => p.importPath),
        signal: opts.signal,
        ...(overlay !== undefined ? { overlay } : {}),
      });
    // Test bodies do not run with -test.run=^$: compiled without them (validator: 3.8 -> 1.7-2.1 CPU s). Should
    // that not build (an import guessed wrong), the files as they are.
    const binary = await withOverlay(prep.leanTests, build);
    if (binary === null) return { runs: [], warnings, failed: 'no test files' };
    const run = await runBenchmarks(runner, go, {
      ...benchCommon(opts, prep, pkg, binary),
      bench: opts.bench,
      count: 1,
      benchtime: '1x',
      only: tops,
      coverProfileDir: joinPath(dir, 'profiles'),
      parallel: UNTIMED_PARALLEL,
    });
    if (run.interrupted) return 'interrupted';
    // Profiles name files by import path and base name; make them absolute as the findings are.
    const dirOf = new Map(prep.pkgs.map((p) => [p.importPath, p.dir] as const));
    const absolute = (f: string): string => {
      const slash = f.lastIndexOf('/');
      const d = dirOf.get(f.slice(0, slash));
      return d !== undefined ? joinPath(d, f.slice(slash + 1)) : f;
    };
    const byPath = new Map<string, string>();
    for (const b of run.benchmarks) for (const p of b.profiles) if (p.kind === 'cover' && existsSync(p.path)) byPath.set(p.path, b.name.split('/')[0]!);
    const runs: CoverageRun[] = [];
    for (const [path, top] of byPath) {
      const parsed = parseCoverProfile(readFileSync(path, 'utf8'), path);
      warnings.push(...parsed.warnings);
      runs.push({ package: pkg.importPath, benchmark: top, blocks: parsed.blocks.map((b) => ({ ...b, file: absolute(b.file) })) });
    }
    for (const f of run.failures) warnings.push(`${f.name} failed in its coverage run (${f.kind}): the lines it runs count as not exercised`);
    return { runs, warnings, failed: null };
  } catch (e) {
    if (e instanceof InterruptedError) return 'interrupted';
    return { runs: [], warnings, failed: e instanceof Error ? e.message : String(e) };
  }
}

/** benchCommon are the run options every benchmark run of pkg shares. */
export function benchCommon(opts: CheckOptions, prep: PreparedCheck, pkg: GoPackage, binary: TestBinary | null) {
  return {
    cwd: prep.where.cwd,
    pkg: pkg.importPath,
    prepared: { pkg, binary },
    benchtime: opts.benchtime,
    tags: opts.tags,
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.cpu !== undefined ? { cpu: opts.cpu } : {}),
    ...(opts.race ? { race: true } : {}),
    signal: opts.signal,
  };
}

/**
 * profilingOptions make a run a profiling run: --profile-count rounds, each
 * benchmark in its own process per round with the iterations given (1/N of
 * its timing runs' median b.N), else 1/N of --benchtime.
 */
export function profilingOptions(opts: CheckOptions, profileDir: string, iterations: ReadonlyMap<string, number>) {
  const profileCount = opts.profileCount ?? DEFAULT_PROFILE_COUNT;
  return {
    bench: opts.bench,
    count: profileCount,
    benchtime: roundBenchtime(opts.benchtime, profileCount),
    benchtimeOf: (top: string): string | undefined => {
      const n = iterations.get(top);
      return n === undefined ? undefined : `${n}x`;
    },
    profileDir,
    memProfileRate: opts.memProfileRate ?? DEFAULT_MEMPROFILERATE,
    parallel: UNTIMED_PARALLEL,
  };
}

/**
 * fixedIterations is each top-level benchmark's iterations for one
 * profiling round: the median b.N of its timing runs over the rounds (at
 * least 1), the smallest across its sub-benchmarks and across runs (change
 * passes both sides', so both profile the same work).
 */
export function fixedIterations(runs: readonly BenchRun[], rounds: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const run of runs) {
    for (const b of run.benchmarks) {
      if (b.iterations.length === 0) continue;
      const top = b.name.split('/')[0]!;
      const sorted = [...b.iterations].sort((x, y) => x - y);
      const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
      const n = Math.max(1, Math.ceil(median / Math.max(1, rounds)));
      out.set(top, Math.min(out.get(top) ?? n, n));
    }
  }
  return out;
}

/**
 * analyseCheck turns one tree's measurements into its CheckReport: the
 * merged profile's lines, the user's frames, the dependencies' evidence
 * (one more build), the join and the verdicts.
 */
export async function analyseCheck(
  runner: Runner,
  opts: CheckOptions,
  go: GoToolchain,
  prep: PreparedCheck,
  measured: MeasuredCheck,
  pendingCoverage: Promise<CoverageOutcome> = Promise.resolve(NO_COVERAGE),
): Promise<CheckResult> {
  const emit = (e: CheckEvent): void => opts.onEvent?.(e);
  const { where, pkgs, index, evidence, sources, tested } = prep;
  const { runs, profilePaths, roundOf } = measured;
  const tags = opts.tags;
  const warnings: string[] = [...prep.warnings, ...measured.warnings];
  const memProfileRate = opts.memProfileRate ?? DEFAULT_MEMPROFILERATE;
  const depsMin = opts.depsMin === undefined ? DEFAULT_DEPS_MIN : opts.depsMin;
  const profileCount = opts.profileCount ?? DEFAULT_PROFILE_COUNT;
  const { merged: profile, unreadable } = await readProfilesKept([...new Set(profilePaths)]);
  warnings.push(...unreadable.map((m) => `heap profile skipped: ${m}`));
  const rounds = await roundShares(profilePaths, roundOf);
  const alloc = profile ? allocationRows(profile) : { rows: [], bytes: 0, objects: 0 };
  const ownFiles = new Set(sources.flatMap((src) => src.files.map((f) => f.file)));
  const frames = profile ? userFrames(profile, (file) => ownFiles.has(file)) : undefined;
  let interrupted = opts.signal.aborted || runs.some((r) => r.interrupted);

  // Reasons for the lines outside the targets: one more build, of the packages that hold measured bytes.
  const deps = dependencyPackages(alloc.rows, alloc.bytes, ownFiles, index, depsMin, frames);
  const wanted = deps.filter((d) => d.collected).map((d) => d.importPath);
  const collected = new Set<string>();
  const failedDeps = new Set<string>();
  let allEvidence = evidence;
  if (wanted.length > 0 && !interrupted) {
    emit({ kind: 'dependency-evidence', packages: wanted });
    // One cache entry per package: which packages cross --deps-min moves with the profile's noise,
    // and a set that differs by one package must not rebuild the others. Two builds at a time.
    const said = new Set<string>();
    const note = (text: string): void => {
      if (said.has(text)) return;
      said.add(text);
      emit({ kind: 'note', text });
    };
    const results = await eachLimited(wanted, 2, async (p) => {
      try {
        return await collectCompilerEvidence(runner, go, {
          cwd: where.cwd,
          packages: [p],
          tags,
          tests: false,
          keepForeign: true,
          noCache: opts.noCache === true,
          ...(opts.cacheDir !== undefined ? { cacheDir: opts.cacheDir } : {}),
          signal: opts.signal,
          ...(index ? { index } : {}),
          onProgress: note,
        });
      } catch (e) {
        if (e instanceof InterruptedError) throw e;
        return e instanceof Error ? e : new Error(String(e));
      }
    });
    for (const [i, r] of results.entries()) {
      const p = wanted[i]!;
      if (r instanceof Error) {
        failedDeps.add(p);
        warnings.push(`the dependency build of ${p} for compiler evidence failed (${r.message}); its lines have no compiler reason`);
      } else {
        allEvidence = mergeEvidence(allEvidence, r);
        collected.add(p);
      }
    }
  }
  const coverage: EvidenceCoverage = {
    targets: new Set(pkgs.map((p) => p.importPath)),
    dependencies: collected,
    failed: failedDeps,
    minShare: depsMin,
  };

  const benchSamples: BenchmarkSamples[] = runs.flatMap((r) => r.benchmarks.map((b) => ({ package: r.importPath, name: b.name, samples: b.samples })));
  // Two passes of the same classification: bytes and objects are separate sample indexes.
  const maps = profile
    ? mapSection(
        mapAllocationsByPurpose(profile, { sampleIndex: 'alloc_space', readSource: opts.readSource }),
        mapAllocationsByPurpose(profile, { sampleIndex: 'alloc_objects', readSource: opts.readSource }),
        ownFiles,
      )
    : null;
  const joined = join({
    evidence: allEvidence,
    sources,
    allocations: alloc.rows,
    totals: { bytes: alloc.bytes, objects: alloc.objects },
    benchmarks: benchSamples,
    packageOf: (file) => index?.byDir.get(dirname(file))?.importPath ?? null,
    coverage,
    ...(frames ? { userFrames: frames } : {}),
    unmeasuredInTests: opts.tests ?? false,
    rounds: rounds.rounds,
  });
  // The coverage runs went on beside the profiling rounds, the dependency build and the join; only the rules need them.
  const cov = await pendingCoverage;
  interrupted ||= opts.signal.aborted;
  warnings.push(...cov.warnings, ...rankingWarnings(joined.findings, rounds.rounds.length));
  // The build compiles the targets' test files too, except for standard-library targets (collectCompilerEvidence).
  const compiledFiles = new Set(
    pkgs.flatMap((p) => [...p.goFiles, ...p.cgoFiles, ...(pkgs.every((q) => q.standard) ? [] : [...p.testGoFiles, ...p.xTestGoFiles])].map((f) => joinPath(p.dir, f))),
  );
  const rules = ruleVerdicts({
    sources,
    evidence: allEvidence,
    allocations: alloc.rows,
    totalBytes: alloc.bytes,
    userLines: frames?.userLines ?? [],
    maps,
    coverage: cov.coverage,
    ops: measured.profiledOps,
    memProfileRate,
    profiled: profile !== null,
  });
  const assertions = checkAssertions({ directives: sources.map(packageDirectives), evidence: allEvidence, benchmarks: benchSamples, findings: joined.findings, compiledFiles });

  const packageNames: Record<string, string> = {};
  for (const p of index?.packages ?? []) if (p.name !== '') packageNames[p.importPath] = p.name;
  for (const p of pkgs) if (p.name !== '') packageNames[p.importPath] = p.name;
  const report: CheckReport = {
    schema: CHECK_SCHEMA,
    go: go.version,
    goos: go.goos,
    goarch: go.goarch,
    cpu: runs.map((r) => r.config['cpu']).find((c) => c !== undefined && c !== '') ?? null,
    packages: pkgs.map((p) => p.importPath),
    packageNames,
    settings: { bench: opts.bench, count: opts.count, benchtime: opts.benchtime, memProfileRate, depsMin, profileCount },
    benchmarks: runs.flatMap(benchmarkRows),
    failures: runs.flatMap((r) => r.failures.map((f) => ({ name: f.name, kind: f.kind, message: f.message, stack: f.stack, ...(f.run !== undefined ? { run: f.run } : {}) }))),
    profileTotals: { allocBytes: alloc.bytes, allocObjects: alloc.objects, profiles: new Set(profilePaths).size },
    maps,
    sourceFiles: [...ownFiles].sort(),
    findings: joined.findings,
    userLines: joined.userLines,
    dependencies: { minShare: depsMin, packages: deps.map((d) => ({ ...d, collected: collected.has(d.importPath) })) },
    verdicts: joined.verdicts,
    rules,
    coverage: cov.coverage === null ? null : { benchmarks: cov.coverage.length, failed: cov.coverageFailed },
    assertions,
    warnings: [
      ...(interrupted ? ['interrupted (Ctrl-C): the report holds the runs that finished before it; later runs and packages were not measured'] : []),
      ...warnings,
      ...runs.flatMap((r) => r.warnings),
      ...(maps?.warnings ?? []),
      ...cov.coverageFailed.map((p) => `the coverage build of ${p} failed: its rule hits that allocated nothing are not measurable rather than not exercised`),
    ],
  };
  const benchmarkRuns = runs.flatMap((r) => r.benchmarks.map((b) => ({ package: r.importPath, name: b.name, samples: b.samples, gcCycles: b.gcCycles })));
  return { report, profile, targets: pkgs, testedPackages: tested.length, interrupted, benchmarkRuns };
}
