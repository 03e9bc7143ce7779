// bench.ts is the `heapsight bench` pipeline as a library function: the
// crash-proof benchmark runs of each package with tests and, against a
// baseline benchmark, the variant table (which needs compiler evidence and
// the package's source). No printing: progress arrives as typed events.
//
//   go list (targets; beside, the packages they import: names for the lean
//   test files) → per package with tests: runBenchmarks on a test binary
//   compiled without Test bodies (lean-tests.ts)
//   → with a baseline: compiler evidence + source of the one package
//   → variant table
import { checkHostTarget, runBenchmarks, type BenchProgress, type BenchRun } from '../bench/runner.js';
import { InputError, InterruptedError } from '../errors.js';
import { BaselineNeedsOnePackage } from './core-errors.js';
import { findGo, type GoToolchain } from '../toolchain/go-command.js';
import { listDependencies, listPackages, type GoPackage, type SourceOverlay } from '../toolchain/go-build.js';
import { resolvePatterns } from '../toolchain/package-patterns.js';
import { withTempDir, type Runner } from '../toolchain/process.js';
import { leanTestFilesOverlay } from './lean-tests.js';
import { buildVariantTable, type VariantTable } from '../verify/variant-table.js';

/** RunBenchOptions are bench's inputs, as `go test`'s benchmark flags give them. */
export interface RunBenchOptions {
  readonly cwd: string;
  /** Package patterns as go takes them; empty means ".". */
  readonly patterns: readonly string[];
  readonly bench: string;
  readonly count: number;
  readonly benchtime: string;
  readonly timeoutMs: number;
  readonly tags: readonly string[];
  readonly cpu?: string;
  readonly race?: boolean;
  /** Per-run profiles go here (absolute); memprofile / cpuprofile say which. */
  readonly profileDir?: string;
  readonly memprofile?: boolean;
  readonly cpuprofile?: boolean;
  readonly memProfileRate?: number;
  /** The benchmark the variant table compares the others with; none: no table. */
  readonly baseline?: string;
  readonly signal: AbortSignal;
  readonly onEvent?: (e: BenchEvent) => void;
  /** The go to drive; found on PATH (or $HEAPSIGHT_GO) when absent. */
  readonly go?: GoToolchain;
}

/** BenchEvent is progress a front end may show. */
export type BenchEvent =
  /** A package's runs progress; `of` counts the packages with tests, `index` is 0-based. */
  | { readonly kind: 'progress'; readonly index: number; readonly of: number; readonly progress: BenchProgress }
  /** A package's runs ended. */
  | { readonly kind: 'package-end'; readonly index: number };

/** BenchResult is every package's runs, the variant table when asked for, and the go that ran them. */
export interface BenchResult {
  readonly go: GoToolchain;
  readonly runs: readonly BenchRun[];
  readonly variants: VariantTable | null;
  /** Warnings of the source read for the variant table. */
  readonly warnings: readonly string[];
  readonly interrupted: boolean;
}

/**
 * runBench is `heapsight bench [packages]`. Throws InputError when no named
 * package has test files, ToolchainError when they do not build; a benchmark
 * that fails is a failure in its run, not an exception. After Ctrl-C
 * (signal) it returns the runs that finished, with interrupted set, and
 * starts no new build (so no variant table).
 */
export async function runBench(runner: Runner, opts: RunBenchOptions): Promise<BenchResult> {
  const go = opts.go ?? (await findGo(runner, opts.cwd));
  checkHostTarget(go);
  const where = resolvePatterns(opts.cwd, opts.patterns);
  // The names the test files' imports bind (for the lean test files), listed beside the targets.
  const listingDeps = listDependencies(runner, go, { cwd: where.cwd, patterns: where.patterns, tags: opts.tags, signal: opts.signal }).catch((e: unknown) => {
    if (e instanceof InterruptedError) throw e;
    return null;
  });
  const pkgs = await listPackages(runner, go, { cwd: where.cwd, patterns: where.patterns, tags: opts.tags, signal: opts.signal }).finally(() => listingDeps.catch(() => {}));
  const withTests = pkgs.filter((p) => p.testGoFiles.length + p.xTestGoFiles.length > 0);
  if (withTests.length === 0) {
    throw new InputError(`${opts.patterns.join(' ') || '.'} has no test files, so no benchmarks`, 'benchmarks live in *_test.go files as func BenchmarkX(b *testing.B)');
  }
  const index = await listingDeps;
  const runs = await withTempDir('bench-lean', (tmp) => runPackages(runner, go, where.cwd, withTests, opts, leanTestFilesOverlay(go, withTests, tmp, index)));
  const interrupted = opts.signal.aborted || runs.some((r) => r.interrupted);
  // After Ctrl-C no new build may start, so the variant table (which needs compiler evidence) is left out.
  const table = opts.baseline !== undefined && !interrupted ? await variantTable(runner, go, where.cwd, withTests, runs, opts.baseline, opts) : null;
  return { go, runs, variants: table?.variants ?? null, warnings: table?.warnings ?? [], interrupted };
}

/** runPackages runs each package's benchmarks in turn; after Ctrl-C the finished runs are kept and no package starts. */
async function runPackages(
  runner: Runner,
  go: GoToolchain,
  cwd: string,
  withTests: readonly GoPackage[],
  opts: RunBenchOptions,
  overlay: SourceOverlay | undefined,
): Promise<BenchRun[]> {
  const runs: BenchRun[] = [];
  for (const [index, pkg] of withTests.entries()) {
    const run = await runBenchmarks(runner, go, {
      cwd,
      pkg: pkg.importPath,
      bench: opts.bench,
      count: opts.count,
      benchtime: opts.benchtime,
      timeoutMs: opts.timeoutMs,
      tags: opts.tags,
      signal: opts.signal,
      onProgress: (progress) => opts.onEvent?.({ kind: 'progress', index, of: withTests.length, progress }),
      ...(opts.cpu !== undefined ? { cpu: opts.cpu } : {}),
      ...(opts.race === true ? { race: true } : {}),
      ...(overlay !== undefined ? { overlay } : {}),
      ...(opts.profileDir !== undefined ? { profileDir: opts.profileDir, memprofile: opts.memprofile === true, cpuprofile: opts.cpuprofile === true } : {}),
      ...(opts.memProfileRate !== undefined ? { memProfileRate: opts.memProfileRate } : {}),
    });
    runs.push(run);
    opts.onEvent?.({ kind: 'package-end', index });
    if (run.interrupted) break;
  }
  return runs;
}

/**
 * variantTable compares the benchmarks of the one package with results
 * against the baseline. Compiler evidence costs one more build; only the
 * variant table needs it, and the source's call graph to follow each
 * benchmark's callees.
 */
async function variantTable(
  runner: Runner,
  go: GoToolchain,
  cwd: string,
  withTests: readonly GoPackage[],
  runs: readonly BenchRun[],
  baseline: string,
  opts: RunBenchOptions,
): Promise<{ variants: VariantTable; warnings: readonly string[] } | null> {
  const measured = runs.filter((r) => r.benchmarks.length > 0);
  if (measured.length > 1) throw new BaselineNeedsOnePackage(measured.map((r) => r.importPath));
  const run = measured[0];
  if (!run) return null;
  const { collectCompilerEvidence } = await import('../escape/index.js');
  const { loadPackageSource } = await import('../source/package-source.js');
  const pkg = withTests.find((p) => p.importPath === run.importPath)!;
  const [compiler, source] = await Promise.all([
    collectCompilerEvidence(runner, go, { cwd, packages: [run.importPath], tags: opts.tags, signal: opts.signal }),
    loadPackageSource(pkg),
  ]);
  return { variants: buildVariantTable(run, baseline, { compiler, source }), warnings: source.warnings };
}
