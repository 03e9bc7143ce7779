// test-binary.ts compiles a package's tests once (`go test -c`) and runs the
// resulting binary, so benchmark processes carry GODEBUG=gctrace=1 without the
// go command, compiler and linker adding their own gc lines (FACTS.md,
// Benchmarks). All process starts go through the Runner (process.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InterruptedError, ToolchainError } from '../errors.js';
import type { GoToolchain } from './go-command.js';
import { runGo } from './go-command.js';
import { packageArgs } from './package-patterns.js';
import type { RunRecord, Runner } from './process.js';

/** TestBinary is a compiled test binary and where to run it. */
export interface TestBinary {
  readonly path: string;
  readonly importPath: string;
  /** The package directory: go test runs a test binary there, and so does heapsight. */
  readonly dir: string;
  readonly race: boolean;
  /** The go test -c run that built it; null when it came from the diagnostic build (check reuses that build's binaries). */
  readonly compile: RunRecord | null;
}

/** CompileOptions select how `go test -c` builds. */
export interface CompileOptions {
  /** Directory to run go in (the module root that holds the package). */
  readonly cwd: string;
  readonly importPath: string;
  readonly dir: string;
  /** Directory to write the binary into (a temp dir the caller owns). */
  readonly outDir: string;
  readonly tags?: readonly string[];
  readonly race?: boolean;
  /** A go build -overlay file: source files replaced for this build only (a fix experiment's patched files). */
  readonly overlay?: string;
  /**
   * Build with coverage counters (-cover -covermode=count) over these
   * packages (-coverpkg): the binary then takes -test.coverprofile. A
   * coverage binary is for knowing which lines run, never for measuring:
   * its counters cost time and, with -covermode=atomic, allocations.
   */
  readonly coverPackages?: readonly string[];
  readonly signal?: AbortSignal;
}

/**
 * compileTestBinary runs `go test -c -vet=off -o OUT/pkg.test [-race] [-cover … -gcflags=-N -l -ldflags=-w] [-tags=…] IMPORTPATH`
 * in opts.cwd (the module root for a module's package; any directory for std).
 * Returns null when the package has no test files (go prints
 * "[no test files]", exits 0 and writes nothing). A compile error is a
 * ToolchainError carrying the compiler's output.
 */
export async function compileTestBinary(runner: Runner, go: GoToolchain, opts: CompileOptions): Promise<TestBinary | null> {
  if (opts.signal?.aborted) throw new InterruptedError('interrupted');
  const out = join(opts.outDir, 'pkg.test');
  // go test -c runs vet on the test package (0.3 s of a 2.4 s coverage build of validator); a measurement build needs no vet.
  const args = ['test', '-c', '-vet=off', '-o', out];
  if (opts.race) args.push('-race');
  if (opts.coverPackages && opts.coverPackages.length > 0) {
    args.push('-cover', '-covermode=count', `-coverpkg=${opts.coverPackages.join(',')}`);
    // Which lines run does not depend on optimisation or inlining, and the binary is
    // thrown away: -N -l and no DWARF build it in ~65% of the time (validator: 2.2 → 1.4 s).
    // Flags the user set in GOFLAGS are left to them (ours would replace theirs).
    const goflags = go.buildEnv['GOFLAGS'] ?? '';
    if (!/(^|\s)--?gcflags[=\s]/.test(goflags)) args.push('-gcflags=-N -l');
    if (!/(^|\s)--?ldflags[=\s]/.test(goflags)) args.push('-ldflags=-w');
  }
  if (opts.tags && opts.tags.length > 0) args.push(`-tags=${opts.tags.join(',')}`);
  if (opts.overlay !== undefined) args.push(`-overlay=${opts.overlay}`);
  // The package goes last with no "--" before it: go test passes everything
  // after "--" to the test binary and would build "." instead (go-facts.md).
  args.push(...packageArgs([opts.importPath]));
  const run = await runGo(runner, go.goBin, args, opts.cwd);
  if (run.exitCode !== 0) {
    const raceHint = opts.race && /-race requires cgo|cgo.*not enabled|C compiler/i.test(run.stderr);
    throw new ToolchainError(
      `cannot compile the tests of ${opts.importPath}`,
      run,
      raceHint ? '-race needs cgo and a C compiler (CGO_ENABLED=1 and gcc or clang on PATH)' : 'fix the compile errors above; `go vet` shows the same ones',
    );
  }
  if (!existsSync(out)) return null;
  return { path: out, importPath: opts.importPath, dir: opts.dir, race: opts.race ?? false, compile: run };
}

/**
 * listBenchmarks runs `BIN -test.list=RE` and keeps the Benchmark names.
 * The list holds top-level functions only: sub-benchmarks created by b.Run
 * exist only while their parent runs.
 */
export async function listBenchmarks(runner: Runner, bin: TestBinary, pattern: string): Promise<{ names: string[]; run: RunRecord }> {
  const run = await runner.run({ argv: [bin.path, `-test.list=${pattern}`], cwd: bin.dir, timeoutMs: 60_000 });
  if (run.exitCode !== 0) {
    throw new ToolchainError(`cannot list the benchmarks of ${bin.importPath}`, run, /error parsing regexp|invalid/i.test(run.stderr + run.stdout) ? 'check the --bench regular expression (Go RE2 syntax)' : undefined);
  }
  const names = run.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^Benchmark/.test(l));
  return { names, run };
}

/** StreamLine is one complete output line in arrival order across stdout and stderr. */
export interface StreamLine {
  readonly stream: 'stdout' | 'stderr';
  /** 1-based line number within its own stream. */
  readonly line: number;
  readonly text: string;
  /** Chars dropped from the middle of an over-long line (its head and tail are kept); absent when none. */
  readonly elided?: number;
}

/** TestBinaryRun is a finished test-binary process with its lines in arrival order. */
export interface TestBinaryRun {
  readonly record: RunRecord;
  /** Interleaving of stdout and stderr as the lines completed; ties within one read are in stream order. */
  readonly lines: readonly StreamLine[];
  /** True when heapsight's deadline (not the program) ended the run. */
  readonly timedOut: boolean;
  /** Ctrl-C ended the run (only with RunBinaryOptions.keepInterrupted: else it throws InterruptedError). */
  readonly interrupted?: true;
}

/** RunBinaryOptions configure one test-binary process. */
export interface RunBinaryOptions {
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Deadline for the process; on expiry it gets SIGQUIT (a goroutine dump) where coreutils `timeout` exists, else SIGTERM. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly onLine?: (l: StreamLine) => void;
  /** A run Ctrl-C ended returns what it printed (interrupted: true) instead of throwing: a process running several benchmarks has results before it. */
  readonly keepInterrupted?: boolean;
}

// Per Runner, so a replaying test runner and the live one do not share the answer.
const quitWrappers = new WeakMap<Runner, Promise<string | null>>();

/**
 * sigquitWrapper finds coreutils `timeout`, which can end a hung benchmark
 * with SIGQUIT so the Go runtime prints every goroutine's stack. testing's own
 * -test.timeout cannot help: m.Run stops its alarm before runBenchmarks
 * (src/testing/testing.go, Go 1.26). Null where `timeout` is missing (macOS).
 */
async function sigquitWrapper(runner: Runner, cwd: string): Promise<string | null> {
  let found = quitWrappers.get(runner);
  if (found) return found;
  found = (async () => {
    if (process.platform !== 'linux') return null;
    try {
      const r = await runner.run({ argv: ['timeout', '--version'], cwd, timeoutMs: 5000 });
      return r.exitCode === 0 && /coreutils/i.test(r.stdout) ? 'timeout' : null;
    } catch {
      return null;
    }
  })();
  quitWrappers.set(runner, found);
  return found;
}

/** TEST_BINARY_CAPTURE_BYTES bounds each stream's captured text (head and tail halves). */
const TEST_BINARY_CAPTURE_BYTES = 16 << 20;
/** KEEP_ALL_LINES is how many lines of a run are kept whatever they say. */
const KEEP_ALL_LINES = 100_000;
// Results, their figures on a line of their own, configuration, Unit lines, the verdict.
const BENCH_LINE = /Benchmark|^\s*\d+\t|^[a-z][^\s:]*:|^Unit\s|^(PASS|FAIL|ok\s)/;
const GC_LINE = /^gc \d+ @/;

// TIMEOUT_EXIT is coreutils timeout's exit status when the deadline fired.
const TIMEOUT_EXIT = 124;
// Grace after SIGQUIT before SIGKILL, and the runner's backstop beyond that.
const QUIT_GRACE_S = 3;

/** runTestBinary runs the binary in the package directory, recording lines in arrival order. */
export async function runTestBinary(runner: Runner, bin: TestBinary, opts: RunBinaryOptions): Promise<TestBinaryRun> {
  if (opts.signal?.aborted) throw new InterruptedError('interrupted');
  const lines: StreamLine[] = [];
  let outN = 0;
  let errN = 0;
  let kept = 0;
  const push = (l: StreamLine): void => {
    // Past KEEP_ALL_LINES, only lines a reader of benchmark output uses are
    // kept (results, configuration, gctrace): a benchmark that logs a million
    // lines costs their count, not their text. opts.onLine still sees all.
    if (++kept <= KEEP_ALL_LINES || (l.stream === 'stdout' ? BENCH_LINE.test(l.text) : GC_LINE.test(l.text))) lines.push(l);
    opts.onLine?.(l);
  };
  let argv: string[] = [bin.path, ...opts.args];
  let backstop = opts.timeoutMs;
  const wrapper = opts.timeoutMs !== undefined ? await sigquitWrapper(runner, bin.dir) : null;
  if (wrapper !== null && opts.timeoutMs !== undefined) {
    argv = [wrapper, '-s', 'QUIT', '-k', `${QUIT_GRACE_S}s`, `${(opts.timeoutMs / 1000).toFixed(3)}s`, ...argv];
    backstop = opts.timeoutMs + (QUIT_GRACE_S + 5) * 1000;
  }
  const record = await runner.run({
    argv,
    cwd: bin.dir,
    ...(opts.env ? { env: opts.env } : {}),
    ...(backstop !== undefined ? { timeoutMs: backstop } : {}),
    // Results are read from the lines; the captured text is for crash reports (their stack is in the tail).
    maxCaptureBytes: TEST_BINARY_CAPTURE_BYTES,
    onStdoutLine: (text, elided) => push(elided !== undefined && elided > 0 ? { stream: 'stdout', line: ++outN, text, elided } : { stream: 'stdout', line: ++outN, text }),
    onStderrLine: (text, elided) => push(elided !== undefined && elided > 0 ? { stream: 'stderr', line: ++errN, text, elided } : { stream: 'stderr', line: ++errN, text }),
  });
  const interrupted = opts.signal?.aborted === true;
  if (interrupted && opts.keepInterrupted !== true) throw new InterruptedError('interrupted');
  const timedOut = record.timedOut || (wrapper !== null && record.exitCode === TIMEOUT_EXIT);
  // A runner that replays records may not call the line callbacks: fall back to stdout then stderr.
  const complete = lines.length > 0 || (record.stdout === '' && record.stderr === '') ? lines : replayLines(record);
  return { record, lines: complete, timedOut, ...(interrupted ? { interrupted: true as const } : {}) };
}

function replayLines(r: RunRecord): StreamLine[] {
  const split = (s: string): string[] => {
    const ls = s.split('\n');
    if (ls[ls.length - 1] === '') ls.pop();
    return ls;
  };
  return [
    ...split(r.stdout).map((text, i): StreamLine => ({ stream: 'stdout', line: i + 1, text })),
    ...split(r.stderr).map((text, i): StreamLine => ({ stream: 'stderr', line: i + 1, text })),
  ];
}

/** gctraceEnv adds gctrace=1 to GODEBUG, keeping the user's other settings. */
export function gctraceEnv(current: string | undefined = process.env['GODEBUG']): Record<string, string> {
  const kept = (current ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('gctrace='));
  return { GODEBUG: [...kept, 'gctrace=1'].join(',') };
}
