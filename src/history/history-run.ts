// history-run.ts is what the history keeps of one run of check (or change):
// where the code came from, the toolchain and machine, every benchmark's
// samples, the top allocation sites and the heap decision counts. Built from
// the CheckReport, which stays the one model check produces.
import { relative, isAbsolute, sep } from 'node:path';
import { ESCAPE_KINDS, type EscapeKind } from '../escape/model.js';
import type { Revision } from '../toolchain/git-revision.js';
import type { AllocationSiteFinding, CheckReport } from '../verify/check-report.js';

/** HistoryCommand is the command that recorded a run. */
export type HistoryCommand = 'check' | 'change';

/** HistoryBenchmark is one benchmark of a run with every sample per unit. */
export interface HistoryBenchmark {
  /** Import path of the package whose test binary ran it. */
  readonly package: string;
  /** As go test prints it without the -N suffix: "BenchmarkEncode/small". */
  readonly name: string;
  /** The -N suffix (GOMAXPROCS); null when go test printed none. */
  readonly procs: number | null;
  /** Values per unit in benchstat's units (sec/op, B/op, allocs/op, custom), in the order of the timing runs. */
  readonly samples: Readonly<Record<string, readonly number[]>>;
}

/** HistorySite is one of a run's top allocation sites by alloc_space. */
export interface HistorySite {
  readonly function: string;
  /** Relative to the module root (with / separators) when under it, else absolute. */
  readonly file: string;
  readonly line: number;
  readonly allocBytes: number;
  readonly allocObjects: number;
  /** 0..1 of the run's total alloc_space. */
  readonly share: number;
}

/** HeapEscapeKind is a compiler decision that allocates on the heap at its site (ESCAPE_KINDS' `allocates`). */
export type HeapEscapeKind = Extract<EscapeKind, 'moved-to-heap' | 'escapes-to-heap'>;

/** HEAP_ESCAPE_KINDS are the kinds counted in HistoryRun.escapes, in a fixed order. */
export const HEAP_ESCAPE_KINDS: readonly HeapEscapeKind[] = ['moved-to-heap', 'escapes-to-heap'];

/** isHeapEscapeKind narrows a decision's kind to the counted ones. */
export function isHeapEscapeKind(kind: EscapeKind): kind is HeapEscapeKind {
  return (HEAP_ESCAPE_KINDS as readonly EscapeKind[]).includes(kind) && ESCAPE_KINDS[kind].allocates;
}

/** HistoryRun is one recorded run. */
export interface HistoryRun {
  readonly command: HistoryCommand;
  /** When the run was recorded, ISO 8601 in UTC. */
  readonly time: string;
  /** `git rev-parse HEAD`; null outside a git repository (revisionNote says why). */
  readonly commit: string | null;
  /** The work tree differed from the commit (`git status --porcelain` listed anything); null when unknown. */
  readonly dirty: boolean | null;
  readonly go: string;
  readonly goos: string;
  readonly goarch: string;
  /** go test's `cpu:` line; null when it printed none. */
  readonly cpu: string | null;
  readonly benchmarks: readonly HistoryBenchmark[];
  /** The top allocation sites by alloc_space, largest first. */
  readonly sites: readonly HistorySite[];
  /**
   * Heap decisions by kind in the target packages' non-test files: each
   * decision once, however many call sites it was inlined into. Every such
   * decision is in the report (as an allocation site or an unmeasured heap
   * decision), so the count does not depend on what the benchmarks exercised.
   */
  readonly escapes: Readonly<Record<HeapEscapeKind, number>>;
}

/** RecordedRun is a run as read back from the database, with its row id. */
export interface RecordedRun extends HistoryRun {
  readonly id: number;
}

/** HistoryRunOptions: what the report does not carry. */
export interface HistoryRunOptions {
  readonly command?: HistoryCommand;
  /** Default: now. */
  readonly time?: Date;
  /** The module root: site files under it are stored relative to it, so runs from other checkouts compare. */
  readonly root?: string;
  /** How many allocation sites to keep; default DEFAULT_TOP_SITES. */
  readonly topSites?: number;
}

/** DEFAULT_TOP_SITES is how many allocation sites a run keeps. */
export const DEFAULT_TOP_SITES = 10;

function rootRelative(file: string, root: string | undefined): string {
  if (root === undefined || !isAbsolute(file)) return file;
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return file;
  return rel.split(sep).join('/');
}

/** historyRunFromCheck keeps of a check report what the history compares across runs. */
export function historyRunFromCheck(report: CheckReport, revision: Revision, opts: HistoryRunOptions = {}): HistoryRun {
  const sites = report.findings
    .filter((f): f is AllocationSiteFinding => f.kind === 'allocation-site' && f.allocBytes > 0)
    .slice()
    .sort((a, b) => b.allocBytes - a.allocBytes)
    .slice(0, opts.topSites ?? DEFAULT_TOP_SITES)
    .map((f) => ({
      function: f.function,
      file: rootRelative(f.file, opts.root),
      line: f.line,
      allocBytes: f.allocBytes,
      allocObjects: f.allocObjects,
      share: f.share,
    }));
  const seen = new Set<string>();
  const escapes: Record<HeapEscapeKind, number> = { 'moved-to-heap': 0, 'escapes-to-heap': 0 };
  for (const f of report.findings) {
    if (f.kind === 'allocation-site' && !f.inTargets) continue;
    for (const c of f.compiler) {
      if (c.file.endsWith('_test.go') || !isHeapEscapeKind(c.kind)) continue;
      // A decision joined to several lines (its own and the call sites it was inlined at) counts once.
      const key = `${c.file}\u0000${c.line}\u0000${c.column}\u0000${c.kind}\u0000${c.subject}`;
      if (seen.has(key)) continue;
      seen.add(key);
      escapes[c.kind]++;
    }
  }
  return {
    command: opts.command ?? 'check',
    time: (opts.time ?? new Date()).toISOString(),
    commit: revision.commit,
    dirty: revision.dirty,
    go: report.go,
    goos: report.goos,
    goarch: report.goarch,
    cpu: report.cpu,
    benchmarks: report.benchmarks.map((b) => ({ package: b.package, name: b.name, procs: b.procs, samples: b.samples })),
    sites,
    escapes,
  };
}
