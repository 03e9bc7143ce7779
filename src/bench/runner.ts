// runner.ts runs a package's benchmarks the way heapsight can trust them:
// compile the tests once, then one process per benchmark per count (and per
// -cpu value), interleaved A B C A B C … so drift on a noisy machine spreads
// evenly, with GODEBUG=gctrace=1 on the test binary so every GC cycle is
// attributable to one benchmark. One crash or hang costs only that
// benchmark's result; the others are kept.
//
// Sub-benchmarks (b.Run) cannot be listed (-test.list shows top-level
// functions only), so a top-level benchmark's process runs all of its
// sub-benchmarks; their GC cycles are told apart by arrival order: testing
// prints a result line when each sub-benchmark's run ends, so the cycles
// that arrived before it belong to it (see attributeCycles).
import { existsSync, mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InterruptedError, SettingError } from '../errors.js';
import { parseGcCycleLine, type GcCycle } from '../gctrace/gc-cycle.js';
import { summarizeGc, type GcSummary } from '../gctrace/gc-summary.js';
import { listPackages, withOverlay, type GoPackage, type SourceOverlay } from '../toolchain/go-build.js';
import type { GoToolchain } from '../toolchain/go-command.js';
import { parseGoDuration } from '../go-duration.js';
import { resolvePatterns } from '../toolchain/package-patterns.js';
import type { Runner } from '../toolchain/process.js';
import { withTempDir } from '../toolchain/process.js';
import { compileTestBinary, gctraceEnv, listBenchmarks, runTestBinary, type StreamLine, type TestBinary } from '../toolchain/test-binary.js';
import { BenchfmtReader, type BenchResult, type Fragment } from './benchfmt.js';
import { classifyCrash, failedBenchmarks, type BenchFailure } from './crash.js';
import { summarize, type Summary } from './statistics.js';

/** BenchProgress is reported after each benchmark process (and once per phase). */
export interface BenchProgress {
  readonly phase: 'compile' | 'run' | 'done';
  /** Benchmark processes finished and planned (planned shrinks when a failed benchmark's later runs are skipped). */
  readonly done: number;
  readonly total: number;
  /** The benchmark just finished or about to run. */
  readonly current: string;
  readonly elapsedMs: number;
  /** Estimated time left from the mean process time so far; null before the first process ends. */
  readonly etaMs: number | null;
}

/** BenchOptions mirror `go test`'s benchmark flags. */
export interface BenchOptions {
  /** Directory the package path is relative to. */
  readonly cwd: string;
  /** One package: a directory path ("./pkg") or an import path. */
  readonly pkg: string;
  /** go test -bench: a regular expression, "/"-separated per sub-benchmark level. */
  readonly bench: string;
  readonly count: number;
  /** go test -benchtime: "1s", "50ms", "100x". */
  readonly benchtime: string;
  /** go test -cpu: "1,2,4"; each value runs in its own process. */
  readonly cpu?: string;
  /**
   * The -overlay the test binary is compiled with (heapsight's lean test
   * files: no Test bodies, which -test.run=^$ never runs), mended or left
   * out when it does not build (withOverlay). Not with prepared.
   */
  readonly overlay?: SourceOverlay;
  /** Deadline per benchmark process (go test's -timeout is per binary); default 10 minutes. */
  readonly timeoutMs?: number;
  readonly tags?: readonly string[];
  readonly race?: boolean;
  /** Write per-run profiles here (memprofiles unless memprofile is false; cpuprofiles when cpuprofile is true). */
  readonly profileDir?: string;
  /** Write memprofiles into profileDir; default true when profileDir is set. */
  readonly memprofile?: boolean;
  /** -test.memprofilerate; default the runtime's (512 KiB). */
  readonly memProfileRate?: number;
  readonly cpuprofile?: boolean;
  /**
   * Write each process's coverage profile (-test.coverprofile) into this
   * directory; the binary must be built with coverage (CompileOptions.coverPackages).
   */
  readonly coverProfileDir?: string;
  readonly onProgress?: (p: BenchProgress) => void;
  readonly signal?: AbortSignal;
  /**
   * A test binary compiled already (compileTestBinary) for the package go
   * list gave: the runs use it instead of listing and compiling again, so
   * `check`'s timing and profiling runs share one build. pkg is then ignored.
   */
  readonly prepared?: { readonly pkg: GoPackage; readonly binary: TestBinary | null };
  /** Of the top-level benchmarks bench selects, run only these (check's profiling runs skip the ones that failed). */
  readonly only?: readonly string[];
  /**
   * Run every selected benchmark in one process per round (and -cpu value),
   * as one `go test -bench` run does, instead of one process each: check's
   * timing rounds, where a process per benchmark cost 0.5 s in 4 s on a
   * real package (each process starts cold). The rounds still interleave.
   * A benchmark that kills the process is that round's failure and is not
   * run again; the round's benchmarks after it go on in a new process. One
   * at a time (parallel is ignored); the deadline is timeoutMs per benchmark
   * the process runs; no per-benchmark benchtimeOf.
   */
  readonly together?: boolean;
  /**
   * A -test.benchtime per top-level benchmark (not with together): change's
   * profiling runs give each benchmark the same fixed iteration count ("500x")
   * in both revisions, so their profiles' bytes compare as they are.
   */
  readonly benchtimeOf?: (top: string) => string | undefined;
  /**
   * Run up to this many benchmark processes at once (default 1). Only for
   * runs that measure no time: check's profiling rounds (the bytes a fixed
   * -test.benchtime=Nx allocates do not depend on a busy CPU) and coverage
   * runs. Results are still taken in run order, so a failure skips the
   * benchmark's later runs as it does one at a time (a later run already
   * started is discarded).
   */
  readonly parallel?: number;
}

/** BenchmarkProfile is one profile file written by one run. */
export interface BenchmarkProfile {
  readonly kind: 'mem' | 'cpu' | 'cover';
  readonly path: string;
  /** 1-based count round that wrote it. */
  readonly run: number;
}

/** BenchmarkResult is one benchmark (name and GOMAXPROCS) over all its runs. */
export interface BenchmarkResult {
  /** Name as go test prints it, without the -N suffix: "BenchmarkSizes/n=64" (benchstat drops the "Benchmark"). */
  readonly name: string;
  /** GOMAXPROCS (the -N suffix); null when go test printed none (GOMAXPROCS=1). */
  readonly procs: number | null;
  /** Values per unit, in benchstat's tidied units: "sec/op", "B/op", "allocs/op", custom ReportMetric units. */
  readonly samples: Readonly<Record<string, readonly number[]>>;
  readonly summaries: Readonly<Record<string, Summary>>;
  /** Iterations (b.N) of each measured run. */
  readonly iterations: readonly number[];
  readonly gc: GcSummary;
  /** Every gctrace cycle of each run (one process per run), in run order: the workbench's GC timeline. */
  readonly gcCycles: readonly (readonly GcCycle[])[];
  readonly profiles: readonly BenchmarkProfile[];
}

/** BenchTiming says where the wall time went (for runner overhead figures). */
export interface BenchTiming {
  readonly compileMs: number;
  readonly listMs: number;
  /** Sum of the benchmark processes' own durations. */
  readonly processMs: number;
  readonly processes: number;
  /** From the first benchmark process start to the last one's end (excludes compile and list). */
  readonly runPhaseMs: number;
  readonly wallMs: number;
}

/** BenchRun is everything one runBenchmarks call measured. */
export interface BenchRun {
  readonly goVersion: string;
  readonly importPath: string;
  readonly dir: string;
  /** goos, goarch, pkg, cpu as the benchmark output states them. */
  readonly config: Readonly<Record<string, string>>;
  /** Top-level benchmarks -test.list matched; empty means "no benchmarks matched" (not an error). */
  readonly matched: readonly string[];
  /** True when the package has no test files at all. */
  readonly noTestFiles: boolean;
  readonly benchmarks: readonly BenchmarkResult[];
  readonly failures: readonly BenchFailure[];
  /** Every process's stdout, concatenated: valid input for benchstat. */
  readonly raw: string;
  readonly warnings: readonly string[];
  readonly timing: BenchTiming;
  /** True when Ctrl-C stopped the runs: the results are those of the runs that finished before it. */
  readonly interrupted: boolean;
}

/** DEFAULT_TIMEOUT_MS is go test's default -timeout (10m), applied per benchmark process. */
export const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * splitBenchAlternatives is testing's splitRegexp (src/testing/match.go,
 * go1.26) in full: "|" outside [...] and (...) separates alternatives, "/"
 * separates the levels of each, so "A/x|B" selects A's sub-benchmark x and
 * all of B; the first level of each filters top-level benchmarks.
 */
export function splitBenchAlternatives(re: string): string[][] {
  const alts: string[][] = [];
  let levels: string[] = [];
  let cs = 0;
  let cp = 0;
  let start = 0;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') i++;
    else if (c === '[') cs++;
    else if (c === ']') cs = Math.max(0, cs - 1);
    else if (c === '(' && cs === 0) cp++;
    else if (c === ')' && cs === 0) cp--;
    else if ((c === '/' || c === '|') && cs === 0 && cp === 0) {
      levels.push(re.slice(start, i));
      start = i + 1;
      if (c === '|') {
        alts.push(levels);
        levels = [];
      }
    }
  }
  levels.push(re.slice(start));
  alts.push(levels);
  return alts;
}

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** AttributedResult pairs one result line with the GC cycles of its run. */
export interface AttributedResult {
  readonly stdoutLine: number;
  readonly cycles: readonly GcCycle[];
}

/**
 * attributeCycles assigns gctrace cycles (stderr) to result lines (stdout)
 * by arrival order: a result line ends its run, so cycles that arrived before
 * it are its own. Forced cycles just before a result line are moved to the
 * next one, because a run never ends with testing's runtime.GC() — the next
 * run starts with it, and the two pipes may be read in either order; for the
 * same reason automatic cycles read after a result line, before any forced
 * one, stay with that line (a process running several benchmarks).
 * Cycles after the last result line (writeProfiles' GC, a crashed run) are
 * returned as trailing. cutLine is the stderr line number of an unterminated
 * last line (0 when stderr ended with a newline): the runtime prints a
 * gctrace line in many small writes and the process can exit mid-line, so a
 * broken line there is expected, not malformed. Pure.
 */
export function attributeCycles(
  lines: readonly StreamLine[],
  resultLines: ReadonlySet<number>,
  origin: string,
  cutLine = 0,
): { results: AttributedResult[]; trailing: GcCycle[]; warnings: string[] } {
  const results: AttributedResult[] = [];
  const warnings: string[] = [];
  let pending: GcCycle[] = [];
  let stick = false;
  for (const l of lines) {
    if (l.stream === 'stderr') {
      if (!/^gc \d+ @/.test(l.text)) continue;
      const c = parseGcCycleLine(l.text, l.line);
      const last = results[results.length - 1];
      // An automatic cycle read after a result line and before the next run's runtime.GC() began in the run
      // that line ended (it was still marking when the line was printed): it is that run's.
      // Only when the line's own cycles ended in an automatic one: trailing forced cycles may have been the next run's.
      if (c && !c.forced && last !== undefined && stick && !pending.some((p) => p.forced)) results[results.length - 1] = { stdoutLine: last.stdoutLine, cycles: [...last.cycles, c] };
      else if (c) pending.push(c);
      else if (l.line !== cutLine) warnings.push(`${origin}:${l.line}: malformed gctrace line: ${JSON.stringify(l.text.slice(0, 200))}`);
    } else if (resultLines.has(l.line)) {
      let cut = pending.length;
      while (cut > 0 && pending[cut - 1]!.forced) cut--;
      stick = cut === pending.length && cut > 0;
      // Keep at least the forced cycles when nothing else ran (a run with no automatic cycles).
      const hasAutomatic = pending.slice(0, cut).some((c) => !c.forced);
      const own = hasAutomatic ? pending.slice(0, cut) : pending;
      const carry = hasAutomatic ? pending.slice(cut) : [];
      results.push({ stdoutLine: l.line, cycles: own });
      pending = carry;
    }
  }
  // One result line per process (the usual case: one benchmark, no
  // sub-benchmarks): an automatic cycle read after the result line still
  // happened during that run (the two pipes are read independently); only a
  // forced cycle after it is testing's writeProfiles GC.
  if (results.length === 1 && pending.some((c) => !c.forced)) {
    const only = results[0]!;
    results[0] = { stdoutLine: only.stdoutLine, cycles: [...only.cycles, ...pending.filter((c) => !c.forced)] };
    pending = pending.filter((c) => c.forced);
  }
  return { results, trailing: pending, warnings };
}

interface Accumulator {
  name: string;
  procs: number | null;
  fullName: string;
  samples: Map<string, number[]>;
  iterations: number[];
  gcRuns: { cycles: readonly GcCycle[]; ops: number; memprofileWritten: boolean }[];
  profiles: BenchmarkProfile[];
}

interface Unit {
  /** Index into the plan's lanes. */
  readonly lane: number;
  readonly top: string;
  readonly cpu: string | undefined;
  readonly round: number;
  /** A together unit: the top-level benchmarks its one process runs, in the binary's order. */
  readonly tops?: readonly string[];
}

function unitLabel(u: Unit): string {
  return u.cpu === undefined ? u.top : `${u.top} -cpu=${u.cpu}`;
}

function profileBase(u: Unit): string {
  // A together unit names every benchmark ("A|B|…"): too long for a file name; the first names it.
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9_.-]/g, '_');
  const name = u.tops ? `together-${safe(u.tops[0] ?? '')}` : safe(u.top);
  return `${name}${u.cpu === undefined ? '' : `-cpu${u.cpu}`}.run${u.round}`;
}

/**
 * checkHostTarget refuses a GOOS/GOARCH this machine cannot run: a test
 * binary built for windows would be handed to the kernel (and /bin/sh) here.
 * 386 binaries run on amd64 hosts.
 */
export function checkHostTarget(go: GoToolchain): void {
  if (go.hostOs === undefined || go.hostArch === undefined) return;
  const archOk = go.goarch === go.hostArch || (go.hostArch === 'amd64' && go.goarch === '386');
  if (go.goos === go.hostOs && archOk) return;
  throw new SettingError(
    `benchmarks run on the host only: GOOS/GOARCH is ${go.goos}/${go.goarch}, but this machine is ${go.hostOs}/${go.hostArch}`,
    'target',
    'unset GOOS and GOARCH to measure here; the compiler evidence alone can be read for any target',
  );
}

/**
 * runBenchmarks compiles one package's tests, runs every matching benchmark
 * opts.count times (one process each, interleaved) and returns results, GC
 * telemetry, failures and the raw output. A package that does not compile is
 * a ToolchainError; a path that is not a Go package an InputError; no
 * matching benchmark is a BenchRun with matched = [] (not an exception).
 */
export async function runBenchmarks(runner: Runner, go: GoToolchain, opts: BenchOptions): Promise<BenchRun> {
  const started = performance.now();
  validateCount(opts.count);
  checkHostTarget(go);
  if (opts.prepared) {
    const { pkg, binary } = opts.prepared;
    const progress = (p: Omit<BenchProgress, 'elapsedMs'>): void => opts.onProgress?.({ ...p, elapsedMs: performance.now() - started });
    if (binary === null) return emptyRun(go, pkg, [], true, 0, 0, started, [`${pkg.importPath}: no test files`]);
    return runOnBinary(runner, go, opts, binary, pkg, { started, compileMs: 0, progress });
  }
  const resolved = resolvePatterns(opts.cwd, [opts.pkg]);
  const pkgs = await listPackages(runner, go, {
    cwd: resolved.cwd,
    patterns: resolved.patterns,
    ...(opts.tags ? { tags: opts.tags } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (pkgs.length !== 1) {
    throw new SettingError(`runBenchmarks takes one package; ${opts.pkg} matched ${pkgs.length}`, 'pkg', 'run each package on its own');
  }
  const pkg = pkgs[0]!;
  const progress = (p: Omit<BenchProgress, 'elapsedMs'>): void => opts.onProgress?.({ ...p, elapsedMs: performance.now() - started });
  progress({ phase: 'compile', done: 0, total: 0, current: pkg.importPath, etaMs: null });

  return withTempDir('bench', async (tmp) => {
    const compileStart = performance.now();
    const bin = await withOverlay(opts.overlay, (overlay) =>
      compileTestBinary(runner, go, {
        cwd: resolved.cwd,
        importPath: pkg.importPath,
        dir: pkg.dir,
        outDir: tmp,
        ...(opts.tags ? { tags: opts.tags } : {}),
        ...(opts.race ? { race: true } : {}),
        ...(overlay !== undefined ? { overlay } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      }),
    );
    const compileMs = performance.now() - compileStart;
    if (bin === null) return emptyRun(go, pkg, [], true, compileMs, 0, started, [`${pkg.importPath}: no test files`]);
    return runOnBinary(runner, go, opts, bin, pkg, { started, compileMs, progress });
  });
}

function emptyRun(go: GoToolchain, pkg: GoPackage, matched: string[], noTestFiles: boolean, compileMs: number, listMs: number, started: number, warnings: string[]): BenchRun {
  return {
    goVersion: go.version,
    importPath: pkg.importPath,
    dir: pkg.dir,
    config: { goos: go.goos, goarch: go.goarch, pkg: pkg.importPath },
    matched,
    noTestFiles,
    benchmarks: [],
    failures: [],
    raw: '',
    warnings,
    timing: { compileMs, listMs, processMs: 0, processes: 0, runPhaseMs: 0, wallMs: performance.now() - started },
    interrupted: false,
  };
}

/** LanePlan is one test binary's share of a plan: the top-level benchmarks it runs and their patterns. */
interface LanePlan {
  /** "" for a single binary; else what the progress line and the warnings call this binary. */
  readonly label: string;
  readonly bin: TestBinary;
  readonly pkg: GoPackage;
  readonly tops: readonly string[];
  readonly patternOf: (top: string) => string;
  readonly listMs: number;
}

/**
 * planBinary lists the benchmarks of a compiled test binary that opts.bench
 * (and opts.only) select, as go test -bench selects them: top-level
 * alternatives ("A/x|B") each select their own top-level benchmarks.
 */
async function planBinary(runner: Runner, opts: BenchOptions, bin: TestBinary, pkg: GoPackage, label: string): Promise<LanePlan> {
  const alternatives = splitBenchAlternatives(opts.bench);
  const listStart = performance.now();
  const tops: string[] = [];
  const altsOf = new Map<string, string[][]>();
  for (const levels of alternatives) {
    const listed = await listBenchmarks(runner, bin, levels[0] === '' ? '.' : levels[0]!);
    for (const name of listed.names) {
      if (opts.only && !opts.only.includes(name)) continue;
      if (!altsOf.has(name)) {
        tops.push(name);
        altsOf.set(name, []);
      }
      altsOf.get(name)!.push(levels);
    }
  }
  // Per top-level benchmark, the sub-benchmark levels of every alternative that selected it; one
  // alternative without sub-levels selects all of its sub-benchmarks.
  const patternOf = (top: string): string => {
    const alts = altsOf.get(top) ?? [];
    const anchored = `^${escapeRegExp(top)}$`;
    if (alts.some((a) => a.length === 1)) return anchored;
    return alts.map((a) => [anchored, ...a.slice(1)].join('/')).join('|');
  };
  return { label, bin, pkg, tops, patternOf, listMs: performance.now() - listStart };
}

/** runOnBinary lists the matching benchmarks of a compiled test binary and runs them. */
async function runOnBinary(
  runner: Runner,
  go: GoToolchain,
  opts: BenchOptions,
  bin: TestBinary,
  pkg: GoPackage,
  ctx: { started: number; compileMs: number; progress: (p: Omit<BenchProgress, 'elapsedMs'>) => void },
): Promise<BenchRun> {
  const plan = await planBinary(runner, opts, bin, pkg, '');
  if (plan.tops.length === 0) return emptyRun(go, pkg, [], false, ctx.compileMs, plan.listMs, ctx.started, []);
  const [run] = await executePlan(runner, go, opts, [plan], ctx);
  return run!;
}

/** BenchLane is one of the test binaries runBenchmarksInterleaved alternates between. */
export interface BenchLane {
  /** A short name for progress lines and warnings: "base", "head". */
  readonly label: string;
  readonly pkg: GoPackage;
  /** null: the package has no test files in this lane (its run is empty). */
  readonly binary: TestBinary | null;
  /** Of the top-level benchmarks bench selects, run only these in this lane (overrides opts.only). */
  readonly only?: readonly string[];
}

/**
 * runBenchmarksInterleaved runs the same benchmark selection on several test
 * binaries (two revisions of a package) round by round, A B A B …, so drift
 * on a shared machine hits every binary alike; one BenchRun per lane, in
 * lane order. A benchmark that exists in one lane only runs in that lane.
 */
export async function runBenchmarksInterleaved(
  runner: Runner,
  go: GoToolchain,
  opts: Omit<BenchOptions, 'prepared' | 'pkg'>,
  lanes: readonly BenchLane[],
): Promise<BenchRun[]> {
  const started = performance.now();
  const full: BenchOptions = { ...opts, pkg: '' };
  validateCount(full.count);
  checkHostTarget(go);
  const progress = (p: Omit<BenchProgress, 'elapsedMs'>): void => opts.onProgress?.({ ...p, elapsedMs: performance.now() - started });
  const plans: LanePlan[] = [];
  for (const lane of lanes) {
    if (lane.binary === null) continue;
    const plan = await planBinary(runner, lane.only ? { ...full, only: lane.only } : full, lane.binary, lane.pkg, lane.label);
    if (plan.tops.length > 0) plans.push(plan);
  }
  const executed = plans.length > 0 ? await executePlan(runner, go, full, plans, { started, compileMs: 0, progress }) : [];
  return lanes.map((lane) => {
    const i = plans.findIndex((p) => p.label === lane.label);
    if (i >= 0) return executed[i]!;
    return emptyRun(go, lane.pkg, [], lane.binary === null, 0, 0, started, lane.binary === null ? [`${lane.pkg.importPath}: no test files`] : []);
  });
}

function validateCount(count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new SettingError(`count must be an integer ≥ 1 (got ${count})`, 'count');
}

/** LaneState is what one lane's runs have measured so far. */
interface LaneState {
  readonly acc: Map<string, Accumulator>;
  readonly failures: BenchFailure[];
  readonly warnings: string[];
  raw: string;
  config: Record<string, string>;
  processMs: number;
  processes: number;
  /** One warning per benchmark that prints fragments on its result line, not one per run. */
  readonly fragmentWarned: Set<string>;
}

async function executePlan(
  runner: Runner,
  go: GoToolchain,
  opts: BenchOptions,
  lanes: readonly LanePlan[],
  ctx: { started: number; compileMs: number; progress: (p: Omit<BenchProgress, 'elapsedMs'>) => void },
): Promise<BenchRun[]> {
  const cpus = opts.cpu ? opts.cpu.split(',').map((s) => s.trim()).filter((s) => s !== '') : [undefined];
  for (const c of cpus) {
    if (c !== undefined && !/^[1-9]\d*$/.test(c)) throw new SettingError(`the cpu list takes comma-separated positive integers (got ${JSON.stringify(opts.cpu)})`, 'cpu');
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const memprofile = opts.profileDir !== undefined && opts.memprofile !== false;
  const cpuprofile = opts.profileDir !== undefined && opts.cpuprofile === true;
  const profileDir = opts.profileDir !== undefined ? resolve(opts.cwd, opts.profileDir) : undefined;
  if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
  const env = gctraceEnv();

  // Interleave: round-major, so each round visits every benchmark of every lane once (A B A B …).
  const units: Unit[] = [];
  for (let round = 1; round <= opts.count; round++) {
    lanes.forEach((lane, li) => {
      // Together: one unit per round whose "top" names them all; its pattern is every top's, alternated.
      if (opts.together) for (const cpu of cpus) units.push({ lane: li, top: lane.tops.join('|'), tops: lane.tops, cpu, round });
      else for (const top of lane.tops) for (const cpu of cpus) units.push({ lane: li, top, cpu, round });
    });
  }
  const unitPattern = (u: Unit): string => {
    const lane = lanes[u.lane]!;
    return u.tops ? u.tops.map(lane.patternOf).join('|') : lane.patternOf(u.top);
  };
  // One top-level benchmark of a unit, as a unit of its own (what a failure is keyed by).
  const single = (u: Unit, top: string): Unit => ({ lane: u.lane, top, cpu: u.cpu, round: u.round });
  const labelOf = (u: Unit): string => (lanes[u.lane]!.label === '' ? unitLabel(u) : `${lanes[u.lane]!.label}: ${unitLabel(u)}`);
  const failedUnits = new Set<string>();
  let skipped = 0;
  const states: LaneState[] = lanes.map((lane) => ({
    acc: new Map(),
    failures: [],
    warnings: [],
    raw: '',
    config: { goos: go.goos, goarch: go.goarch, pkg: lane.bin.importPath },
    processMs: 0,
    processes: 0,
    fragmentWarned: new Set(),
  }));
  let processMs = 0;
  let processes = 0;
  const runStart = performance.now();

  let interrupted = false;
  // Up to `parallel` processes in flight, their results taken in unit order (one at a time by default).
  const parallel = opts.together ? 1 : Math.max(1, Math.floor(opts.parallel ?? 1));
  type Launched = { readonly u: Unit; readonly key: string; readonly pattern: string; readonly profiles: BenchmarkProfile[]; readonly run: Promise<Awaited<ReturnType<typeof runTestBinary>> | 'interrupted'> };
  const window: Launched[] = [];
  let next = 0;
  const launch = (): void => {
    while (window.length < parallel && next < units.length && !opts.signal?.aborted) {
      let u = units[next++]!;
      if (u.tops) {
        // A together unit runs the benchmarks that have not failed in an earlier round.
        const planned = u;
        const left = planned.tops!.filter((t) => !failedUnits.has(labelOf(single(planned, t))));
        if (left.length === 0) {
          skipped++;
          continue;
        }
        u = { ...planned, top: left.join('|'), tops: left };
      }
      const key = labelOf(u);
      if (!u.tops && failedUnits.has(key)) {
        skipped++;
        continue;
      }
      const lane = lanes[u.lane]!;
      const total = units.length - skipped - countLaterSkips(units, failedUnits, u, labelOf);
      const eta = processes > 0 ? ((processMs / processes) * (total - processes)) / parallel : null;
      ctx.progress({ phase: 'run', done: processes, total, current: `${key} (${u.round}/${opts.count})`, etaMs: eta });
      const pattern = unitPattern(u);
      const { args, profiles } = unitArgs(u, pattern, opts, lanes.length > 1 ? `lane${u.lane}.` : '', profileDir, memprofile, cpuprofile);
      // The run Ctrl-C cut short measured nothing; the earlier ones stand.
      const run = runTestBinary(runner, lane.bin, {
        args,
        env,
        timeoutMs: timeoutMs * (u.tops?.length ?? 1),
        ...(opts.signal ? { signal: opts.signal } : {}),
        // Ctrl-C during a round: the benchmarks that finished in it keep their results.
        ...(u.tops ? { keepInterrupted: true } : {}),
      }).catch((e: unknown) => {
        if (e instanceof InterruptedError) return 'interrupted' as const;
        throw e;
      });
      // Handled here as well: a run may fail while an earlier one is still being waited for.
      run.catch(() => {});
      window.push({ u, key, pattern, profiles, run });
    }
  };
  /** recordFailure keeps a top-level benchmark's failure in u's round; its runs in later rounds are skipped. */
  const recordFailure = (state: LaneState, u: Unit, top: string, f: BenchFailure): void => {
    state.failures.push({ ...f, run: u.round });
    failedUnits.add(labelOf(single(u, top)));
    const later = units.filter((x) => x.lane === u.lane && x.cpu === u.cpu && x.round > u.round && (x.tops ?? [x.top]).includes(top)).length;
    if (later > 0) state.warnings.push(`${f.name}: ${later} later run(s) skipped after it failed in run ${u.round}`);
  };
  /**
   * recordTogether reads the failures of one together process: each
   * "--- FAIL" benchmark (the process went on), or the one that was running
   * when the process died, whose round's later benchmarks come back as the
   * unit to run next. Failed benchmarks are not run in later rounds.
   */
  const recordTogether = (u: Unit, run: Awaited<ReturnType<typeof runTestBinary>>, read: UnitRead, state: LaneState, deadlineMs: number): Unit | null => {
    const tops = u.tops!;
    const lane = lanes[u.lane]!;
    const reported = new Set(read.results.map((r) => `Benchmark${r.name.split('/')[0]}`));
    const crash = classifyCrash({
      // When testing's name before the run did not reach stdout: the benchmark whose frame the crash's stack shows first.
      name: runningIn(run.record.stderr, tops) ?? tops.find((t) => !reported.has(t)) ?? tops[0]!,
      stdout: run.record.stdout,
      stderr: run.record.stderr,
      exitCode: run.record.exitCode,
      signal: run.record.signal,
      timedOut: run.timedOut,
      timeoutMs: deadlineMs,
    });
    // b.Fatal and b.Error end one benchmark, not the process; anything else ended the process.
    const fails: BenchFailure[] =
      crash === null ? [] : failedBenchmarks(run.record.stdout).map((f) => ({ name: f.name, exitCode: run.record.exitCode, kind: 'fail', message: f.message, stack: '' }));
    const died = crash !== null && (crash.kind !== 'fail' || fails.length === 0) ? crash : null;
    const failures = [...fails, ...(died ? [died] : [])];
    const topOf = (name: string): string => {
      const top = name.split('/')[0]!;
      return tops.includes(top) ? top : (tops.find((t) => !reported.has(t)) ?? tops[0]!);
    };
    const failedTops = new Set<string>();
    for (const f of failures) {
      const top = topOf(f.name);
      if (failedTops.has(top)) continue;
      failedTops.add(top);
      recordFailure(state, u, top, f);
    }
    const rest = died ? tops.slice(tops.indexOf(topOf(died.name)) + 1).filter((t) => !reported.has(t)) : [];
    for (const t of tops) {
      if (reported.has(t) || failedTops.has(t) || rest.includes(t)) continue;
      state.warnings.push(`${labelOf(single(u, t))}: run ${u.round} printed no result line${noResultWhy(read, lane.patternOf(t))}`);
    }
    return rest.length > 0 ? { ...u, top: rest.join('|'), tops: rest } : null;
  };
  try {
    for (;;) {
      launch();
      const l = window.shift();
      if (l === undefined) {
        // Ctrl-C: keep what the finished runs measured (nothing is lost) and stop.
        if (opts.signal?.aborted) interrupted = true;
        break;
      }
      const { u, key, pattern, profiles } = l;
      const run = await l.run;
      if (run === 'interrupted') {
        interrupted = true;
        break;
      }
      // Started beside a run of the same benchmark that failed: skipped, as it would have been one at a time.
      if (!u.tops && failedUnits.has(key)) {
        skipped++;
        continue;
      }
      const lane = lanes[u.lane]!;
      const state = states[u.lane]!;
      processMs += run.record.durationMs;
      processes++;
      state.processMs += run.record.durationMs;
      state.processes++;
      const origin = `${lane.label === '' ? '' : `${lane.label}:`}${u.top}#${u.round}${u.cpu === undefined ? '' : `-cpu${u.cpu}`}`;
      const read = readUnitRun(run, origin);
      // A run that died (a sub-benchmark panicked) writes no profile: only files that exist are results.
      const written = profiles.filter((p) => existsSync(p.path));
      recordUnit(state, read, written);
      // Ctrl-C during a round (keepInterrupted): what its process printed before it stands; the benchmark it was running measured nothing.
      if (run.interrupted) {
        interrupted = true;
        break;
      }
      const missingProfiles = (): void => {
        for (const p of profiles) if (!written.includes(p)) state.warnings.push(`${key}: run ${u.round} wrote no ${p.kind} profile (${basename(p.path)})`);
      };
      if (u.tops) {
        const requeued = recordTogether(u, run, read, state, timeoutMs * u.tops.length);
        if (requeued !== null) units.splice(next, 0, requeued);
        missingProfiles();
      } else {
        const failure = classifyCrash({
          name: u.top,
          stdout: run.record.stdout,
          stderr: run.record.stderr,
          exitCode: run.record.exitCode,
          signal: run.record.signal,
          timedOut: run.timedOut,
          timeoutMs,
        });
        if (failure) recordFailure(state, u, u.top, failure);
        else {
          if (read.results.length === 0) state.warnings.push(`${key}: run ${u.round} printed no result line${noResultWhy(read, pattern)}`);
          missingProfiles();
        }
      }
      const planned = units.length - skipped - countLaterSkips(units, failedUnits, u, labelOf);
      ctx.progress({ phase: 'run', done: processes, total: planned, current: key, etaMs: ((processMs / processes) * (planned - processes)) / parallel });
    }
  } finally {
    // Nothing outlives the plan: runs still in flight (after Ctrl-C or an error) are waited for.
    await Promise.allSettled(window.map((l) => l.run));
  }

  const runPhaseMs = performance.now() - runStart;
  ctx.progress({ phase: 'done', done: processes, total: processes, current: '', etaMs: 0 });
  return lanes.map((lane, li): BenchRun => {
    const state = states[li]!;
    return {
      goVersion: go.version,
      importPath: lane.bin.importPath,
      dir: lane.bin.dir,
      config: state.config,
      matched: lane.tops,
      noTestFiles: false,
      benchmarks: [...state.acc.values()].map(benchmarkResult),
      failures: state.failures,
      raw: state.raw,
      warnings: state.warnings,
      timing: { compileMs: ctx.compileMs, listMs: lane.listMs, processMs: state.processMs, processes: state.processes, runPhaseMs, wallMs: performance.now() - ctx.started },
      interrupted,
    };
  });
}

/** unitArgs is one benchmark process's test flags and the profiles it is asked to write. Pure. */
function unitArgs(
  u: Unit,
  pattern: string,
  opts: BenchOptions,
  lanePrefix: string,
  profileDir: string | undefined,
  memprofile: boolean,
  cpuprofile: boolean,
): { args: string[]; profiles: BenchmarkProfile[] } {
  const benchtime = (u.tops ? undefined : opts.benchtimeOf?.(u.top)) ?? opts.benchtime;
  const args = ['-test.run=^$', `-test.bench=${pattern}`, '-test.benchmem', '-test.count=1', `-test.benchtime=${benchtime}`];
  if (u.cpu !== undefined) args.push(`-test.cpu=${u.cpu}`);
  const profiles: BenchmarkProfile[] = [];
  const base = `${lanePrefix}${profileBase(u)}`;
  if (memprofile && profileDir !== undefined) {
    const path = join(profileDir, `${base}.mem.pprof`);
    args.push(`-test.memprofile=${path}`);
    if (opts.memProfileRate !== undefined) args.push(`-test.memprofilerate=${opts.memProfileRate}`);
    profiles.push({ kind: 'mem', path, run: u.round });
  }
  if (opts.coverProfileDir !== undefined) {
    const dir = resolve(opts.cwd, opts.coverProfileDir);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${base}.cover.out`);
    args.push(`-test.coverprofile=${path}`);
    profiles.push({ kind: 'cover', path, run: u.round });
  }
  if (cpuprofile && profileDir !== undefined) {
    const path = join(profileDir, `${base}.cpu.pprof`);
    args.push(`-test.cpuprofile=${path}`);
    profiles.push({ kind: 'cpu', path, run: u.round });
  }
  return { args, profiles };
}

/** UnitRead is what one benchmark process printed, read: its results, their GC cycles, its raw output for benchstat. */
interface UnitRead {
  readonly stdoutLines: readonly StreamLine[];
  readonly results: readonly BenchResult[];
  /** Results by the stream's own stdout line number. */
  readonly byLine: ReadonlyMap<number, BenchResult>;
  readonly fragments: readonly Fragment[];
  readonly parseWarnings: readonly string[];
  readonly raw: string;
  readonly attributed: ReturnType<typeof attributeCycles>;
}

/**
 * readUnitRun reads a process's output. Results are read from the lines as
 * they streamed (each capped at 64 Ki chars, head and tail kept), not from
 * the captured stdout, which drops its middle past 64 MiB; fragments before a
 * result do not hide it. Pure.
 */
function readUnitRun(run: Awaited<ReturnType<typeof runTestBinary>>, origin: string): UnitRead {
  const stdoutLines = run.lines.filter((l) => l.stream === 'stdout');
  const results: BenchResult[] = [];
  const reader = new BenchfmtReader(origin, (r) => results.push(r), { fragments: true });
  for (const l of stdoutLines) reader.line(l.text, l.elided ?? 0);
  const parsed = reader.finish();
  const stdout = run.record.stdout;
  const raw = rawFromLines(stdoutLines.map((l) => l.text), stdout === '' || stdout.endsWith('\n'), reader.fragments);
  // The reader numbers the lines it was fed; a long run keeps only some lines (runTestBinary), so map back to the stream's numbers.
  const byLine = new Map<number, BenchResult>(results.map((r) => [stdoutLines[r.line - 1]!.line, r]));
  const stderr = run.record.stderr;
  const cutLine = stderr !== '' && !stderr.endsWith('\n') ? stderr.split('\n').length : 0;
  const attributed = attributeCycles(run.lines, new Set(byLine.keys()), `${origin} stderr`, cutLine);
  return { stdoutLines, results, byLine, fragments: reader.fragments, parseWarnings: parsed.warnings, raw, attributed };
}

/** recordUnit adds one process's results, GC cycles, profiles, raw output and warnings to its lane. */
function recordUnit(state: LaneState, read: UnitRead, written: readonly BenchmarkProfile[]): void {
  for (const f of read.fragments) {
    if (state.fragmentWarned.has(f.name)) continue;
    state.fragmentWarned.add(f.name);
    state.warnings.push(`${f.name} printed ${JSON.stringify(f.text)} between its name and its figures; the result is kept`);
  }
  state.raw += read.raw;
  for (const r of read.results) state.config = { ...state.config, ...pickConfig(r) };
  state.warnings.push(...read.attributed.warnings);
  for (const a of read.attributed.results) {
    const r = read.byLine.get(a.stdoutLine)!;
    const k = `${r.name}\u0000${r.procs ?? ''}`;
    let entry = state.acc.get(k);
    if (!entry) {
      entry = { name: `Benchmark${r.name}`, procs: r.procs, fullName: r.fullName, samples: new Map(), iterations: [], gcRuns: [], profiles: [] };
      state.acc.set(k, entry);
    }
    for (const v of r.values) {
      const list = entry.samples.get(v.unit) ?? [];
      list.push(v.value);
      entry.samples.set(v.unit, list);
    }
    entry.iterations.push(r.iters);
    entry.gcRuns.push({ cycles: a.cycles, ops: r.iters, memprofileWritten: false });
    entry.profiles.push(...written);
  }
}

/** noResultWhy says why a run that did not fail printed no result: an unreadable line, a sub-benchmark pattern, b.Skip. */
function noResultWhy(read: UnitRead, pattern: string): string {
  const unreadable = read.parseWarnings.find((w) => !/: no benchmark results/.test(w));
  if (unreadable !== undefined) return `: ${unreadable}`;
  if (pattern.includes('/')) return ` (does the sub-benchmark pattern in ${JSON.stringify(pattern)} match anything?)`;
  return read.stdoutLines.some((l) => /^\s*--- SKIP/.test(l.text)) ? ' (it called b.Skip)' : '';
}

function benchmarkResult(e: Accumulator): BenchmarkResult {
  const samples: Record<string, number[]> = {};
  const summaries: Record<string, Summary> = {};
  for (const [unit, values] of e.samples) {
    samples[unit] = values;
    summaries[unit] = summarize(values);
  }
  return { name: e.name, procs: e.procs, samples, summaries, iterations: e.iterations, gc: summarizeGc(e.gcRuns), gcCycles: e.gcRuns.map((r) => r.cycles), profiles: e.profiles };
}

/**
 * rawOutput is a process's stdout fit for benchstat: a crashed run leaves the
 * benchmark's name without figures on an unfinished last line (testing prints
 * the name first), which benchfmt readers reject, so it is dropped.
 */
export function rawOutput(stdout: string): string {
  if (stdout === '') return '';
  if (stdout.endsWith('\n')) return stdout;
  const cut = stdout.lastIndexOf('\n') + 1;
  const last = stdout.slice(cut);
  return /^Benchmark\S*\s*$/.test(last) ? stdout.slice(0, cut) : stdout + '\n';
}

/**
 * rawFromLines is rawOutput over lines as they streamed: a result line
 * whose benchmark printed a fragment before its figures is written without
 * the fragment, so benchstat reads every result heapsight read.
 */
export function rawFromLines(lines: readonly string[], terminated: boolean, fragments: readonly Fragment[] = []): string {
  if (lines.length === 0) return '';
  const cleaned = new Map(fragments.map((f) => [f.line, f.result]));
  // A name line whose figures came later keeps only what the benchmark printed there.
  for (const f of fragments) if (f.nameLine !== undefined) cleaned.set(f.nameLine, f.nameLineRest ?? '');
  const out = lines.map((l, i) => cleaned.get(i + 1) ?? l);
  return rawOutput(out.join('\n') + (terminated ? '\n' : ''));
}

/**
 * runningIn is the benchmark among tops whose function (or a closure in it)
 * appears first in a crash's goroutine dump: the panicking goroutine comes
 * first. Null when none does. Pure.
 */
export function runningIn(stderr: string, tops: readonly string[]): string | null {
  let best: string | null = null;
  let at = Infinity;
  for (const t of tops) {
    const i = stderr.search(new RegExp(`\\.${escapeRegExp(t)}(?:\\(|\\.func)`));
    if (i >= 0 && i < at) {
      at = i;
      best = t;
    }
  }
  return best;
}

/** countLaterSkips counts units after u that will be skipped because their benchmark already failed. */
function countLaterSkips(units: readonly Unit[], failed: ReadonlySet<string>, u: Unit, labelOf: (u: Unit) => string): number {
  let n = 0;
  let after = false;
  for (const x of units) {
    if (x === u) {
      after = true;
      continue;
    }
    if (after && failed.has(labelOf(x))) n++;
  }
  return n;
}

function pickConfig(r: BenchResult): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['goos', 'goarch', 'pkg', 'cpu']) {
    const v = r.config[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** isBenchtime accepts what go test's -benchtime does: a Go duration or "Nx". */
export function isBenchtime(text: string): boolean {
  return /^[1-9]\d*x$/.test(text) || (parseGoDuration(text) ?? 0) > 0;
}
