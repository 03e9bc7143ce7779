// experiment.ts measures a fix before anyone applies it: the edits are
// written to temporary files that `go test -c -overlay` builds in place of the
// originals (the user's tree is never touched, and a module's relative
// replace directives keep working), the package's tests run on both binaries
// (a fix that changes a test result is reported as such), and the benchmarks
// that cover the line run interleaved across the two binaries, compared with
// benchstat's statistics. The fix is offered as a patch `git apply` takes.
//
//   go list (the package) → edits applied → overlay → go test -c twice
//   → both test suites → benchmarks interleaved (A B A B …) → comparison
import { readFileSync, writeFileSync } from 'node:fs';
import { join as joinPath, relative } from 'node:path';
import { runBenchmarksInterleaved, checkHostTarget } from '../bench/runner.js';
import { InputError, InterruptedError, ToolchainError } from '../errors.js';
import { applyEdits, unifiedDiff, type FileEdit } from '../source/patch.js';
import { findGo, type GoToolchain } from '../toolchain/go-command.js';
import { listPackages } from '../toolchain/go-build.js';
import { resolvePatterns } from '../toolchain/package-patterns.js';
import { withTempDir, type Runner } from '../toolchain/process.js';
import { compileTestBinary, runTestBinary, type TestBinary } from '../toolchain/test-binary.js';
import { compareBenchmarks, type BenchmarkSeries } from '../verify/change-diff.js';
import type { GateSettings } from '../verify/change-report.js';
import type { RuleExperiment, TestOutcome } from '../verify/rule-report.js';
import { DEFAULT_GATE } from './change.js';

/** ExperimentOptions: the package, the edits that make the fix, and the benchmarks that cover the line. */
export interface ExperimentOptions {
  readonly cwd: string;
  /** One package pattern ("./pkg", an import path). */
  readonly pkg: string;
  readonly edits: readonly FileEdit[];
  /** go test -bench for the benchmarks that reach the fixed line. */
  readonly bench: string;
  readonly count: number;
  readonly benchtime: string;
  readonly tags?: readonly string[];
  /** The repository root the patch's paths are relative to. */
  readonly root: string;
  readonly timeoutMs?: number;
  readonly signal: AbortSignal;
  readonly gate?: GateSettings;
  readonly go?: GoToolchain;
  /** Run the package's tests on both binaries before measuring (default true). */
  readonly runTests?: boolean;
}

/** ExperimentResult: measured, or why not (the fix does not build, changes a test result, or no benchmark ran). */
export type ExperimentResult = RuleExperiment & { readonly status: Exclude<RuleExperiment['status'], 'not-mechanical'> };

/** testResults reads `-test.v` output: the final status of every test and subtest. */
export function testResults(stdout: string): Map<string, 'pass' | 'fail' | 'skip'> {
  const out = new Map<string, 'pass' | 'fail' | 'skip'>();
  for (const m of stdout.matchAll(/^\s*--- (PASS|FAIL|SKIP): (\S+)/gm)) out.set(m[2]!, m[1]!.toLowerCase() as 'pass' | 'fail' | 'skip');
  return out;
}

/** runExperiment is a fix experiment; the user's files are read, never written. */
export async function runExperiment(runner: Runner, opts: ExperimentOptions): Promise<ExperimentResult> {
  const go = opts.go ?? (await findGo(runner, opts.cwd));
  checkHostTarget(go);
  const where = resolvePatterns(opts.cwd, [opts.pkg]);
  const pkgs = await listPackages(runner, go, { cwd: where.cwd, patterns: where.patterns, ...(opts.tags ? { tags: opts.tags } : {}), signal: opts.signal });
  if (pkgs.length !== 1) throw new InputError(`an experiment measures one package; ${opts.pkg} is ${pkgs.length}`);
  const pkg = pkgs[0]!;
  const byFile = new Map<string, FileEdit[]>();
  for (const e of opts.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  return withTempDir('experiment', async (tmp) => {
    const replace: Record<string, string> = {};
    const patches: string[] = [];
    let n = 0;
    for (const [file, edits] of byFile) {
      const before = readFileSync(file, 'utf8');
      const after = applyEdits(before, edits);
      const copy = joinPath(tmp, `patched-${n++}.go`);
      writeFileSync(copy, after);
      replace[file] = copy;
      patches.push(unifiedDiff(relative(opts.root, file), before, after));
    }
    const patch = patches.join('');
    const overlay = joinPath(tmp, 'overlay.json');
    writeFileSync(overlay, JSON.stringify({ Replace: replace }));
    const compile = (outDir: string, withOverlay: boolean): Promise<TestBinary | null> =>
      compileTestBinary(runner, go, {
        cwd: where.cwd,
        importPath: pkg.importPath,
        dir: pkg.dir,
        outDir,
        ...(opts.tags ? { tags: opts.tags } : {}),
        ...(withOverlay ? { overlay } : {}),
        signal: opts.signal,
      });
    const empty = { patch, buildErrors: null, tests: [], benchmarks: [] };
    let before: TestBinary | null;
    let after: TestBinary | null;
    try {
      before = await compile(joinPath(tmp, 'before'), false);
      try {
        after = await compile(joinPath(tmp, 'after'), true);
      } catch (e) {
        if (e instanceof ToolchainError) return { ...empty, status: 'does-not-build', buildErrors: e.run?.stderr ?? e.message };
        throw e;
      }
    } catch (e) {
      if (e instanceof InterruptedError) return { ...empty, status: 'interrupted' };
      throw e;
    }
    if (before === null || after === null) return { ...empty, status: 'no-benchmark' };

    if (opts.runTests !== false) {
      const suite = async (bin: TestBinary): Promise<Map<string, 'pass' | 'fail' | 'skip'>> => {
        const r = await runTestBinary(runner, bin, { args: ['-test.run=.', '-test.v', '-test.count=1'], timeoutMs: opts.timeoutMs ?? 10 * 60 * 1000, signal: opts.signal });
        return testResults(r.record.stdout);
      };
      const tb = await suite(before);
      const ta = await suite(after);
      const tests: TestOutcome[] = [];
      for (const name of new Set([...tb.keys(), ...ta.keys()])) {
        const b = tb.get(name) ?? 'absent';
        const a = ta.get(name) ?? 'absent';
        if (b !== a) tests.push({ name, before: b, after: a });
      }
      if (tests.some((t) => t.before === 'pass' && t.after !== 'pass')) return { ...empty, status: 'changes-test-results', tests };
    }

    const runs = await runBenchmarksInterleaved(
      runner,
      go,
      { cwd: where.cwd, bench: opts.bench, count: opts.count, benchtime: opts.benchtime, ...(opts.tags ? { tags: opts.tags } : {}), ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}), signal: opts.signal },
      [
        { label: 'before', pkg, binary: before },
        { label: 'after', pkg, binary: after },
      ],
    );
    const series = (i: number): BenchmarkSeries[] =>
      runs[i]!.benchmarks.map((b) => ({
        package: pkg.importPath,
        name: b.name,
        samples: b.samples,
        iterations: b.iterations,
        gcCyclesPerRun: b.gc.cyclesPerRun,
        pausePerRunNs: b.gc.pausePerRunNs,
        failed: runs[i]!.failures.some((f) => f.name.split('/')[0] === b.name.split('/')[0]),
      }));
    const benchmarks = compareBenchmarks(series(0), series(1), opts.gate ?? DEFAULT_GATE);
    if (runs.some((r) => r.interrupted)) return { ...empty, status: 'interrupted', benchmarks };
    return { patch, buildErrors: null, tests: [], benchmarks, status: benchmarks.length === 0 ? 'no-benchmark' : 'measured' };
  });
}
