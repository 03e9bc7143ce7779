// change.ts is the `heapsight change` pipeline as a library function: two
// revisions of the same packages, each checked out in a temporary git
// worktree (the head may be the user's own work tree), built with
// diagnostics, their benchmarks run interleaved across the two test binaries
// (A B A B …, so drift on a shared machine hits both), profiled with the same
// iterations per benchmark, and compared: benchmarks with benchstat's
// statistics, compiler decisions by function and subject, allocation sites by
// function and source text. The worktrees are removed afterwards, also after
// Ctrl-C (with the file system: no new process may start then).
//
//   git: the repository, BASE and HEAD → detached worktrees
//   → per side: go list, compiler evidence, test binaries (prepareCheck)
//   → per package: timing runs interleaved, then profiling rounds interleaved
//   → per side: merged profile, dependency evidence, join (analyseCheck)
//   → diffs and the gate → ChangeReport
import { realpathSync } from 'node:fs';
import { join as joinPath, relative } from 'node:path';
import { runBenchmarksInterleaved, checkHostTarget, type BenchLane, type BenchRun } from '../bench/runner.js';
import { DEFAULT_ALPHA } from '../bench/statistics.js';
import { KnownError, ToolchainError } from '../errors.js';
import { benchmarkLines } from '../profile/index.js';
import { findGo, type GoToolchain } from '../toolchain/go-command.js';
import type { GoPackage } from '../toolchain/go-build.js';
import {
  addWorktree,
  defaultBranch,
  isDirty,
  mergeBase,
  openRepository,
  pruneWorktrees,
  removeWorktree,
  resolveRevision,
  type Repository,
  type Revision,
  type Worktree,
} from '../toolchain/git.js';
import { withTempDir, type Runner } from '../toolchain/process.js';
import { assertionsFail } from '../verify/assertions.js';
import { compareBenchmarks, diffDecisions, diffSites, gateReasons, rebaseFiles, relativeFiles, type BenchmarkSeries, type ChangeSide } from '../verify/change-diff.js';
import { CHANGE_SCHEMA, type ChangeReport, type GateSettings, type RevisionInfo } from '../verify/change-report.js';
import {
  analyseCheck,
  DEFAULT_MEMPROFILERATE,
  DEFAULT_PROFILE_COUNT,
  fixedIterations,
  MeasuredBuilder,
  prepareCheck,
  testBinaryFor,
  UNTIMED_PARALLEL,
  type CheckEvent,
  type CheckOptions,
  type CheckResult,
  type PreparedCheck,
} from './check.js';

/** DEFAULT_MIN_CHANGE: a significant change of a median below 5% does not count (benchstat reports it; the gate ignores it). */
export const DEFAULT_MIN_CHANGE = 0.05;

/** DEFAULT_GATE is the gate's default: allocation counts decide, time is advisory; nothing fails unless asked. */
export const DEFAULT_GATE: GateSettings = { failOn: [], alpha: DEFAULT_ALPHA, minChange: DEFAULT_MIN_CHANGE, gate: 'allocs' };

/** ChangeOptions are change's inputs: check's, the two revisions and the gate. */
export interface ChangeOptions extends Omit<CheckOptions, 'onEvent'> {
  readonly onEvent?: (e: ChangeEvent) => void;
  /** The base revision; default: the merge base with the default branch, else HEAD~1 (see chooseBase). */
  readonly base?: string;
  /** The head revision; default: the work tree as it is. */
  readonly head?: string;
  readonly gate?: GateSettings;
}

/** ChangeEvent is progress a front end may show: check's, per side, and the revisions chosen. */
export type ChangeEvent =
  | CheckEvent
  | { readonly kind: 'revisions'; readonly base: RevisionInfo; readonly head: RevisionInfo }
  | { readonly kind: 'side'; readonly side: 'base' | 'head' };

/** ChangeResult is the report and each side's check result (for --record and --memprofile). */
export interface ChangeResult {
  readonly report: ChangeReport;
  readonly base: CheckResult;
  readonly head: CheckResult;
  /** The repository's top directory: every file in the report is relative to it. */
  readonly root: string;
  /** Each side's timing runs as go test printed them: benchstat reads these two files as old and new. */
  readonly raw: { readonly base: string; readonly head: string };
  readonly interrupted: boolean;
}

/** SideError is a side that could not be built or listed: the error names the revision. */
function sideError(e: unknown, side: 'base' | 'head', rev: RevisionInfo): unknown {
  if (!(e instanceof KnownError)) return e;
  const where = `${side} ${rev.workingTree ? '(working tree)' : `${rev.name} (${rev.commit?.slice(0, 12)})`}`;
  if (e instanceof ToolchainError) return new ToolchainError(`${where}: ${e.message}`, e.run, e.hint);
  const copy = new (e.constructor as new (m: string, h?: string) => KnownError)(`${where}: ${e.message}`, e.hint);
  return copy;
}

/**
 * chooseBase picks the base when none is named: the merge base of HEAD with
 * the default branch (what a pull request is compared against); on the
 * default branch itself, HEAD when the work tree has uncommitted changes
 * (compare them with the last commit), else HEAD~1.
 */
export async function chooseBase(runner: Runner, repo: Repository, head: Revision, headIsWorkTree: boolean, dirty: boolean): Promise<Revision> {
  const branch = await defaultBranch(runner, repo);
  const mb = branch === null ? null : await mergeBase(runner, repo, branch, head.commit);
  if (mb !== null && mb !== head.commit) return { ...(await resolveRevision(runner, repo, mb)), name: `merge-base(${branch}, ${head.name})` };
  if (headIsWorkTree && dirty) return { ...head, name: 'HEAD' };
  return { ...(await resolveRevision(runner, repo, `${head.commit}~1`)), name: `${head.name === 'working tree' ? 'HEAD' : head.name}~1` };
}

/**
 * runChange is `heapsight change`. Throws InputError outside a git
 * repository or for an unknown revision, ToolchainError (naming the side)
 * when a revision does not build; a benchmark that fails is a failure in the
 * report. After Ctrl-C it returns what finished, with interrupted set.
 */
export async function runChange(runner: Runner, opts: ChangeOptions): Promise<ChangeResult> {
  const go = opts.go ?? (await findGo(runner, opts.cwd));
  checkHostTarget(go);
  const repo = await openRepository(runner, opts.cwd);
  // A run killed hard (second Ctrl-C, SIGKILL) leaves git's record of its worktree: drop it now.
  await pruneWorktrees(runner, repo);
  const headIsWorkTree = opts.head === undefined;
  const headRev = await resolveRevision(runner, repo, opts.head ?? 'HEAD');
  const dirty = headIsWorkTree ? await isDirty(runner, repo) : false;
  const baseRev = opts.base !== undefined ? await resolveRevision(runner, repo, opts.base) : await chooseBase(runner, repo, headRev, headIsWorkTree, dirty);
  const base: RevisionInfo = { name: baseRev.name, commit: baseRev.commit, subject: baseRev.subject, workingTree: false, dirty: false };
  const head: RevisionInfo = headIsWorkTree
    ? { name: 'working tree', commit: headRev.commit, subject: headRev.subject, workingTree: true, dirty }
    : { name: headRev.name, commit: headRev.commit, subject: headRev.subject, workingTree: false, dirty: false };
  opts.onEvent?.({ kind: 'revisions', base, head });

  return withTempDir('change', async (tmp) => {
    const worktrees: Worktree[] = [];
    try {
      // git names the top directory by its real path; the working directory may be reached through a symlink.
      const rel = relative(repo.root, realpathSync(opts.cwd));
      const baseTree = await addWorktree(runner, repo, base.commit!, joinPath(tmp, 'base'));
      worktrees.push(baseTree);
      let headRoot = repo.root;
      if (!headIsWorkTree) {
        const headTree = await addWorktree(runner, repo, head.commit!, joinPath(tmp, 'head'));
        worktrees.push(headTree);
        headRoot = headTree.dir;
      }
      // check's steps take check's options; every check event is a change event.
      const checkOpts: CheckOptions & ChangeOptions = { ...opts, ...(opts.onEvent ? { onEvent: opts.onEvent } : {}) };
      const compared = await compareTrees(runner, checkOpts, go, { base, head }, { base: baseTree.dir, head: headRoot }, rel, tmp);
      // Each side's own report names the user's files, not the worktrees that are about to go.
      const side = (r: CheckResult, from: string): CheckResult => (from === repo.root ? r : { ...r, report: rebaseFiles(r.report, from, repo.root) });
      return { ...compared, base: side(compared.base, baseTree.dir), head: side(compared.head, headRoot), root: repo.root };
    } finally {
      for (const w of worktrees) await removeWorktree(w);
    }
  });
}

async function compareTrees(
  runner: Runner,
  opts: CheckOptions & ChangeOptions,
  go: GoToolchain,
  revs: { readonly base: RevisionInfo; readonly head: RevisionInfo },
  roots: { readonly base: string; readonly head: string },
  rel: string,
  tmp: string,
): Promise<Omit<ChangeResult, 'root'>> {
  const emit = (e: ChangeEvent): void => opts.onEvent?.(e);
  const gate = opts.gate ?? DEFAULT_GATE;
  const prepare = async (side: 'base' | 'head'): Promise<PreparedCheck> => {
    emit({ kind: 'side', side });
    try {
      return await prepareCheck(runner, opts, go, joinPath(roots[side], rel), joinPath(tmp, `${side}-work`));
    } catch (e) {
      throw sideError(e, side, revs[side]);
    }
  };
  const prep = { base: await prepare('base'), head: await prepare('head') };
  const measured = { base: new MeasuredBuilder(), head: new MeasuredBuilder() };
  // Nothing is timed yet: store both sides' compiler evidence now.
  for (const side of ['base', 'head'] as const) {
    const warning = (await prep[side].writeCache?.()) ?? null;
    if (warning !== null) measured[side].warnings.push(warning);
  }
  const profileCount = opts.profileCount ?? DEFAULT_PROFILE_COUNT;
  const memProfileRate = opts.memProfileRate ?? DEFAULT_MEMPROFILERATE;

  // Every package either side tests, in head's order, then base's own.
  const byPath = new Map<string, { base: GoPackage | null; head: GoPackage | null }>();
  for (const p of prep.head.tested) byPath.set(p.importPath, { base: null, head: p });
  for (const p of prep.base.tested) byPath.set(p.importPath, { base: p, head: byPath.get(p.importPath)?.head ?? null });
  let n = 0;
  for (const [importPath, pair] of byPath) {
    if (opts.signal.aborted) break;
    n++;
    const binary = async (side: 'base' | 'head') => {
      const pkg = pair[side];
      if (pkg === null) return null;
      return testBinaryFor(runner, opts, go, prep[side], pkg, joinPath(tmp, `${side}-bin-${n}`));
    };
    const bb = await binary('base');
    const hb = bb === 'interrupted' ? 'interrupted' : await binary('head');
    if (bb === 'interrupted' || hb === 'interrupted') break;
    const lanes = (only?: { base: readonly string[]; head: readonly string[] }): BenchLane[] => {
      const out: BenchLane[] = [];
      for (const [side, bin] of [['base', bb], ['head', hb]] as const) {
        const pkg = pair[side] ?? pair.base ?? pair.head!;
        out.push({ label: side, pkg, binary: pair[side] === null ? null : bin, ...(only ? { only: only[side] } : {}) });
      }
      return out;
    };
    const common = {
      cwd: opts.cwd,
      bench: opts.bench,
      benchtime: opts.benchtime,
      tags: opts.tags,
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
      ...(opts.cpu !== undefined ? { cpu: opts.cpu } : {}),
      ...(opts.race ? { race: true } : {}),
      signal: opts.signal,
    };
    emit({ kind: 'timing-runs', pkg: importPath, count: opts.count, benchtime: opts.benchtime, perRound: false });
    const [tb, th] = await runBenchmarksInterleaved(runner, go, {
      ...common,
      count: opts.count,
      onProgress: (progress) => emit({ kind: 'bench-progress', phase: 'timing', progress }),
    }, lanes());
    emit({ kind: 'bench-phase-end' });
    measured.base.runs.push(tb!);
    measured.head.runs.push(th!);
    if (tb!.interrupted || th!.interrupted) break;
    const healthy = { base: measured.base.healthyTops(tb!), head: measured.head.healthyTops(th!) };
    if (healthy.base.length + healthy.head.length === 0) continue;
    // The same iterations of each benchmark on both sides, so the profiles' bytes compare as they are.
    const iterations = fixedIterations([tb!, th!], profileCount);
    emit({ kind: 'profiling-runs', pkg: importPath, benchmarks: new Set([...healthy.base, ...healthy.head]).size, memProfileRate, rounds: profileCount });
    const [pb, ph] = await runBenchmarksInterleaved(runner, go, {
      ...common,
      count: profileCount,
      profileDir: joinPath(tmp, `prof-${n}`),
      memProfileRate,
      parallel: UNTIMED_PARALLEL,
      benchtimeOf: (top) => {
        const x = iterations.get(top);
        return x === undefined ? undefined : `${x}x`;
      },
      onProgress: (progress) => emit({ kind: 'bench-progress', phase: 'profile', progress }),
    }, lanes(healthy));
    emit({ kind: 'bench-phase-end' });
    measured.base.addProfiling(pb!);
    measured.head.addProfiling(ph!);
    if (pb!.interrupted || ph!.interrupted) break;
  }

  const analyse = async (side: 'base' | 'head'): Promise<CheckResult> => {
    try {
      return await analyseCheck(runner, opts, go, prep[side], measured[side].build());
    } catch (e) {
      throw sideError(e, side, revs[side]);
    }
  };
  const result = { base: await analyse('base'), head: await analyse('head') };
  const sides = {
    base: changeSide(roots.base, prep.base, result.base, measured.base.build().runs, opts, memProfileRate),
    head: changeSide(roots.head, prep.head, result.head, measured.head.build().runs, opts, memProfileRate),
  };
  const benchmarks = compareBenchmarks(sides.base.benchmarks, sides.head.benchmarks, gate);
  const decisions = diffDecisions(sides.base, sides.head, benchmarks, { tests: opts.tests === true });
  const sites = diffSites(sides.base, sides.head, gate.minChange);
  const reasons = gateReasons(benchmarks);
  const interrupted = result.base.interrupted || result.head.interrupted || opts.signal.aborted;
  const cpu = [...measured.head.runs, ...measured.base.runs].map((r) => r.config['cpu']).find((c) => c !== undefined) ?? null;
  const sideWarnings = (side: 'base' | 'head'): string[] => result[side].report.warnings.map((w) => `${side}: ${w}`);
  const report: ChangeReport = {
    schema: CHANGE_SCHEMA,
    go: go.version,
    goos: go.goos,
    goarch: go.goarch,
    cpu,
    base: revs.base,
    head: revs.head,
    packages: [...new Set([...result.head.report.packages, ...result.base.report.packages])],
    settings: { bench: opts.bench, count: opts.count, benchtime: opts.benchtime, profileCount, memProfileRate },
    gate: {
      ...gate,
      failed: (gate.failOn.includes('regression') && reasons.length > 0) || (gate.failOn.includes('assertion') && assertionsFail(result.head.report.assertions)),
      reasons,
    },
    benchmarks,
    decisions,
    sites,
    assertions: relativeFiles(result.head.report.assertions, roots.head),
    failures: (['base', 'head'] as const).flatMap((side) => result[side].report.failures.map((f) => ({ side, name: f.name, kind: f.kind, message: f.message }))),
    warnings: [...sideWarnings('base'), ...sideWarnings('head')],
  };
  const raw = (side: 'base' | 'head'): string => measured[side].build().runs.map((r) => r.raw).join('');
  return { report, base: result.base, head: result.head, raw: { base: raw('base'), head: raw('head') }, interrupted };
}


function changeSide(root: string, prep: PreparedCheck, result: CheckResult, runs: readonly BenchRun[], opts: CheckOptions, memProfileRate: number): ChangeSide {
  const ownFiles = new Set(prep.sources.flatMap((s) => s.files.map((f) => f.file)));
  const pkgOfDir = new Map(prep.pkgs.map((p) => [p.dir, p.importPath]));
  const lines = new Map<string, readonly string[] | null>();
  const benchmarks: BenchmarkSeries[] = runs.flatMap((run) => {
    const failed = new Set(run.failures.map((f) => f.name.split('/')[0]!));
    return run.benchmarks.map((b) => ({
      package: run.importPath,
      name: b.name,
      samples: b.samples,
      iterations: b.iterations,
      gcCyclesPerRun: b.gc.cyclesPerRun,
      pausePerRunNs: b.gc.pausePerRunNs,
      failed: failed.has(b.name.split('/')[0]!),
    }));
  });
  return {
    root,
    evidence: prep.evidence,
    ownFiles,
    packageOfFile: (file) => pkgOfDir.get(file.slice(0, file.lastIndexOf('/'))) ?? null,
    benchmarks,
    findings: result.report.findings,
    benchLines: result.profile ? benchmarkLines(result.profile) : new Map(),
    lineText: (file, line) => {
      if (!lines.has(file)) lines.set(file, opts.readSource(file));
      const text = lines.get(file)?.[line - 1];
      return text === undefined ? null : text.trim();
    },
    memProfileRate,
  };
}
