// change-report.ts is the immutable model `heapsight change` produces: two
// revisions of the same packages compared with both kinds of evidence —
// benchmarks with benchstat's statistics, compiler decisions that appeared,
// vanished or changed, allocation sites that grew or shrank — and the gate.
// Renderers (text, JSON, markdown, SARIF) read only this.
import type { CauseNote, EscapeKind } from '../escape/model.js';
import type { AssertionReport } from './assertions.js';
import type { Interval } from './check-report.js';

/** CHANGE_SCHEMA names the JSON document version; bump it on incompatible changes. */
export const CHANGE_SCHEMA = 'heapsight.change/v1';

/** RevisionInfo is one side of the comparison. */
export interface RevisionInfo {
  /** As the user named it ("HEAD~1", "main"), or "working tree". */
  readonly name: string;
  /** The commit; for the working tree, the commit it is based on (HEAD). */
  readonly commit: string | null;
  readonly subject: string | null;
  /** True for the user's own work tree (measured in place, with its uncommitted changes). */
  readonly workingTree: boolean;
  /** True when the work tree had uncommitted changes. */
  readonly dirty: boolean;
}

/**
 * CHANGE_UNITS are the units compared per benchmark: benchstat's three, and
 * GC cycles and stop-the-world time per op from gctrace (per run, so they
 * compare as samples).
 */
export const CHANGE_UNITS = ['sec/op', 'B/op', 'allocs/op', 'gc-cycles/Mop', 'stw-ns/op'] as const;
export type ChangeUnit = (typeof CHANGE_UNITS)[number];

/** Direction is which way a unit moved when the change is significant and large enough: more is worse for every unit here. */
export type Direction = 'worse' | 'better' | 'same';

/** UnitChange is one unit of one benchmark, before and after. */
export interface UnitChange {
  readonly unit: string;
  readonly before: Interval;
  readonly after: Interval;
  /** Mann-Whitney U p-value (benchstat's); 1 when the test cannot run. */
  readonly p: number;
  readonly significant: boolean;
  /** (after/before − 1)·100 of the medians when significant; null when ~ or undefined (before 0). */
  readonly deltaPct: number | null;
  /** worse/better when significant and beyond the minimum change (a rise from 0 is worse); else same. */
  readonly direction: Direction;
  /** True when this unit decides the verdict (allocs/op, B/op; sec/op only with the time gate). */
  readonly gated: boolean;
}

/** BenchmarkVerdict: the gated units' verdict; added/removed when the benchmark exists on one side only. */
export type BenchmarkVerdict = 'regression' | 'improvement' | 'no-change' | 'added' | 'removed' | 'failed';

/** BenchmarkChange is one benchmark across the revisions. */
export interface BenchmarkChange {
  readonly package: string;
  readonly name: string;
  readonly verdict: BenchmarkVerdict;
  readonly units: readonly UnitChange[];
}

/** DecisionState is one side of a compiler decision. */
export interface DecisionState {
  readonly kind: EscapeKind | 'can-inline' | 'cannot-inline';
  /** Relative to the repository root, so both revisions name a file alike. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** For escape decisions: the cause the flow shows. */
  readonly cause: CauseNote | null;
  /** For cannot-inline: the compiler's reason; for can-inline: null. */
  readonly reason: string | null;
  /** For inlining decisions: the inliner's cost. */
  readonly cost: number | null;
}

/** DecisionCategory: heap (moved/escapes to heap vs. not), leak (parameter leaks), inline (can/cannot inline). */
export type DecisionCategory = 'heap' | 'leak' | 'inline';

/** BenchmarkCost is what a benchmark that reaches a decision's line measured across the change. */
export interface BenchmarkCost {
  readonly package: string;
  readonly name: string;
  /** Bytes this benchmark allocated at the line in the side's profile. */
  readonly lineBytes: number;
  readonly allocsPerOp: UnitChange | null;
  readonly bytesPerOp: UnitChange | null;
}

/** DecisionCost is what the profiles say about a decision's line. */
export interface DecisionCost {
  /** Which side's profile: after for a decision that appeared or changed, before for one that vanished. */
  readonly side: 'before' | 'after';
  readonly allocBytes: number;
  readonly allocObjects: number;
  /** 0..1 of that side's alloc_space. */
  readonly share: number;
  /** The benchmarks whose stacks allocated at the line, heaviest first. */
  readonly benchmarks: readonly BenchmarkCost[];
}

/** DecisionChange is a compiler decision that appeared, vanished or changed, matched by function and subject. */
export interface DecisionChange {
  readonly change: 'appeared' | 'vanished' | 'changed';
  readonly category: DecisionCategory;
  /** worse: onto the heap, a new leak, inlining lost; better: the reverse; neutral otherwise. */
  readonly direction: 'worse' | 'better' | 'neutral';
  readonly package: string;
  readonly function: string;
  /** The variable or expression; for inlining, the function. */
  readonly subject: string;
  readonly before: DecisionState | null;
  readonly after: DecisionState | null;
  /** null when no profile allocated at the line (not measured), or for inlining decisions. */
  readonly cost: DecisionCost | null;
}

/** SiteAmount is one side of an allocation site. */
export interface SiteAmount {
  readonly file: string;
  readonly line: number;
  readonly allocBytes: number;
  readonly allocObjects: number;
  /** 0..1 of the side's alloc_space. */
  readonly share: number;
}

/** SiteChange is an allocation site that grew, shrank, appeared or vanished, matched by function and source text. */
export interface SiteChange {
  readonly change: 'grew' | 'shrank' | 'appeared' | 'vanished';
  readonly function: string;
  readonly package: string | null;
  /** The line's source text, trimmed ("" when it could not be read). */
  readonly text: string;
  readonly inTargets: boolean;
  readonly before: SiteAmount | null;
  readonly after: SiteAmount | null;
  /** after − before bytes (both profiles ran the same iterations of every benchmark). */
  readonly deltaBytes: number;
  /** The benchmarks that allocated at the line, on either side. */
  readonly benchmarks: readonly string[];
}

/** GateSettings are the gate's thresholds, as options give them. */
export interface GateSettings {
  /** What fails the gate: a regression, a failed source assertion (in head), both, or nothing. */
  readonly failOn: readonly ('regression' | 'assertion')[];
  /** Significance level for every comparison. */
  readonly alpha: number;
  /** Minimum relative change of a median (0.05 = 5%) for a significant change to count. */
  readonly minChange: number;
  /** 'allocs': allocs/op and B/op decide; 'time': sec/op too. */
  readonly gate: 'allocs' | 'time';
}

/** GateReason is one benchmark unit that failed the gate. */
export interface GateReason {
  readonly package: string;
  readonly benchmark: string;
  readonly unit: string;
  readonly deltaPct: number | null;
  readonly p: number;
}

/** ChangeReport is everything `change` found. */
export interface ChangeReport {
  readonly schema: typeof CHANGE_SCHEMA;
  readonly go: string;
  readonly goos: string;
  readonly goarch: string;
  /** The CPU line of the benchmark output, when go test printed one. */
  readonly cpu: string | null;
  readonly base: RevisionInfo;
  readonly head: RevisionInfo;
  readonly packages: readonly string[];
  readonly settings: {
    readonly bench: string;
    readonly count: number;
    readonly benchtime: string;
    readonly profileCount: number;
    readonly memProfileRate: number;
  };
  readonly gate: GateSettings & { readonly failed: boolean; readonly reasons: readonly GateReason[] };
  readonly benchmarks: readonly BenchmarkChange[];
  readonly decisions: readonly DecisionChange[];
  readonly sites: readonly SiteChange[];
  /** The head revision's //heapsight: directives judged on its evidence and runs; files relative to the repository root. */
  readonly assertions: AssertionReport;
  readonly failures: readonly { readonly side: 'base' | 'head'; readonly name: string; readonly kind: string; readonly message: string }[];
  readonly warnings: readonly string[];
}
