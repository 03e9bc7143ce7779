// check-report.ts is the immutable model `heapsight check` produces: the
// benchmarks as measured, every allocation site with the compiler's reasons,
// and the verdicts of the rules. Renderers (text, JSON) read only this.
import type { CauseNote, EscapeKind, SiteNote } from '../escape/model.js';
import type { MapAmbiguity, MapEvidence, MapPurpose } from '../profile/map-purpose.js';
import type { AssertionReport } from './assertions.js';
import type { Verdict } from './finding-kinds.js';
import type { CoverageSummary, RuleFinding } from './rule-report.js';

/**
 * SCHEMA names the JSON document version; bump it on incompatible changes.
 * v2: benchmarks carry their package and custom metrics; findings carry their
 * package, the evidence status and typed reason, the user's frame and how a
 * compiler decision was joined; userLines and dependencies are new; map
 * growth no longer counts a small map's first group (purpose first-group).
 */
export const CHECK_SCHEMA = 'heapsight.check/v3';

/** Interval is a median with its confidence interval over n samples. */
export interface Interval {
  readonly median: number;
  readonly low: number;
  readonly high: number;
  readonly n: number;
}

/** GcColumns are the GC telemetry of one benchmark (null when gctrace gave nothing). */
export interface GcColumns {
  readonly cycles: number;
  readonly forcedCycles: number;
  readonly cyclesPerMillionOps: number | null;
  readonly pauseTotalNs: number;
  readonly pauseMaxNs: number;
}

/** BenchmarkRow is one benchmark's summary. */
export interface BenchmarkRow {
  /** Import path of the package whose test binary ran it. */
  readonly package: string;
  readonly name: string;
  /** GOMAXPROCS (go test's -N suffix); null when it printed none (GOMAXPROCS=1). */
  readonly procs: number | null;
  readonly nsPerOp: Interval;
  readonly bytesPerOp: Interval;
  readonly allocsPerOp: Interval;
  readonly gc: GcColumns | null;
  /** Every other unit the benchmark reported (b.ReportMetric, b.SetBytes' MB/s), with benchstat's statistics. */
  readonly metrics: Readonly<Record<string, Interval>>;
  /** Every measured value per unit, in benchstat's units (sec/op, B/op, allocs/op, custom), one per timing run. */
  readonly samples: Readonly<Record<string, readonly number[]>>;
  readonly warnings: readonly string[];
}

/** FlowStepNote is one step of the compiler's explanation chain. */
export interface FlowStepNote {
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly reason: string | null;
  readonly text: string;
}

/**
 * NoteMatch says how a decision was joined to a line: recorded at the line
 * itself, or recorded inside a callee whose code the compiler inlined at this
 * line (the line is on the decision's inline chain).
 */
export type NoteMatch = 'at-line' | 'inlined-here';

/** CompilerNote is one compiler decision at a line. */
export interface CompilerNote {
  /** Where the compiler recorded it (innermost position) and in which function. */
  readonly file: string;
  readonly line: number;
  readonly function: string;
  readonly match: NoteMatch;
  /** The compiler's diagnostic family: "escape", "leak", "does-not-escape". */
  readonly code: string;
  readonly kind: EscapeKind;
  readonly subject: string;
  readonly message: string;
  readonly column: number;
  readonly cause: CauseNote;
  readonly flow: readonly FlowStepNote[];
  /** Call sites (outermost first) when this line was inlined into callers. */
  readonly inlinedAt: readonly string[];
  /** Remarks such as "escapes in its own body but not where inlined" (golang/go#32850). */
  readonly notes: readonly SiteNote[];
  /** How many copies of this decision (one per inline chain, same words) this note stands for; inlinedAt is the first one's. */
  readonly copies: number;
  /** The outermost call site (file:line:col) of each inlined copy this note stands for. */
  readonly inlinedInto: readonly string[];
}

/** RuntimeCallNote is an allocating runtime call the compiled code makes at a line. */
export interface RuntimeCallNote {
  readonly call: string;
  readonly reason: string;
}

/**
 * EvidenceStatus says whether the compiler was asked about a line's package:
 * 'target' (a package named on the command line), 'dependency' (compiled
 * with the same flags after the profiling run because it held measured
 * bytes), 'not-collected' (never compiled with the flags; `why` says why),
 * 'runtime' (the runtime itself, whose own allocations are named by function).
 */
export type EvidenceStatus =
  | { readonly status: 'target' }
  | { readonly status: 'dependency' }
  | { readonly status: 'runtime' }
  | { readonly status: 'not-collected'; readonly why: NotCollectedWhy };

/** NotCollectedWhy: below-threshold: under --deps-min; build-failed: the dependency build failed; unknown-package: the file is in no package of the build; disabled: --deps-min off. */
export type NotCollectedWhy = 'below-threshold' | 'build-failed' | 'unknown-package' | 'disabled';

/**
 * SiteReason is the reason a line allocates, as far as the evidence goes.
 * compiler-decision: an escape decision at (or inlined at) the line;
 * runtime-call: an allocating runtime call the compiled code makes there;
 * known-function: the leaf is a runtime function linknamed into another
 * package (reflect.unsafe_New) or the runtime's own allocation (runtime.malg);
 * harness: no stack that reached the line passes through the targets (the
 * testing framework's own work, such as parsing -test.bench, or the runtime's);
 * no-decision: compiled with diagnostics and the compiler named nothing;
 * text-not-read: compiled with -json only, which names no decision there, and
 * the -m=2/-S text that would name "does not escape" and the runtime calls
 * was not read (check reads the text of _test.go files, and of the generic
 * code they may instantiate, with --tests only);
 * not-collected: no compiler evidence for the line's package (see evidence).
 */
export type SiteReason =
  | { readonly kind: 'compiler-decision' }
  | { readonly kind: 'runtime-call'; readonly call: string }
  | { readonly kind: 'known-function'; readonly function: string; readonly role: KnownFunctionRole }
  | { readonly kind: 'harness' }
  | { readonly kind: 'no-decision' }
  | { readonly kind: 'text-not-read' }
  | { readonly kind: 'not-collected' };

/** KnownFunctionRole classifies a runtime-side leaf the heap profiler keeps. */
/**
 * What a leaf is by its function: reflection's allocations (linknamed from
 * the runtime), the runtime's own, or other runtime code linknamed under
 * another package's name (internal/bytealg.MakeNoZero), whose line is in
 * runtime/*.go and so never compiled with diagnostics.
 */
export type KnownFunctionRole = 'reflect-new' | 'reflect-map' | 'reflect-slice' | 'runtime-internal' | 'runtime-linkname';

/** UserFrame is the user's own line on the stacks that reached a line outside the targets. */
export interface UserFrame {
  readonly function: string;
  readonly file: string;
  readonly line: number;
  /** Bytes of the finding's line reached through this frame. */
  readonly allocBytes: number;
  /** allocBytes as 0..1 of the profile's total alloc_space (as every share). */
  readonly share: number;
}

/** AllocationSiteFinding is a line that allocated during the benchmarks. */
export interface AllocationSiteFinding {
  readonly kind: 'allocation-site';
  readonly file: string;
  readonly line: number;
  readonly function: string;
  /** Import path of the line's package; null when the file is in no package of the build. */
  readonly package: string | null;
  /** True when the line is in one of the target packages' files. */
  readonly inTargets: boolean;
  readonly allocBytes: number;
  readonly allocObjects: number;
  /** 0..1 of the profile's total alloc_space. */
  readonly share: number;
  /** The same share in each profiling round on its own (--profile-count; empty with one round). */
  readonly shareByRun: readonly number[];
  readonly evidence: EvidenceStatus;
  readonly reason: SiteReason;
  readonly compiler: readonly CompilerNote[];
  readonly runtimeCalls: readonly RuntimeCallNote[];
  /**
   * For a line outside the targets: the innermost target line on its stacks,
   * the heaviest when several (userFrames has up to five, heaviest first);
   * null when no stack that reached it passes through the targets (the
   * testing framework's or the runtime's own work). Always null inside the targets.
   */
  readonly userFrame: UserFrame | null;
  readonly userFrames: readonly UserFrame[];
  /** Bytes of this line on stacks with no target frame at all. */
  readonly harnessBytes: number;
}

/** UserLine is a target-package line with the bytes it allocates itself (flat) and with its callees (cum). */
export interface UserLine {
  readonly function: string;
  readonly file: string;
  readonly line: number;
  readonly flatBytes: number;
  readonly flatObjects: number;
  readonly cumBytes: number;
  readonly cumObjects: number;
  /** cumBytes as 0..1 of total alloc_space. */
  readonly cumShare: number;
  /** True for a line in a _test.go file (a benchmark body sits on every stack it drives). */
  readonly inTestFile: boolean;
}

/** DependencyEvidence says which packages outside the targets were compiled with diagnostics, and which were not. */
export interface DependencyEvidence {
  /** --deps-min: the share of alloc_space a package needs for its evidence to be collected; null when off. */
  readonly minShare: number | null;
  readonly packages: readonly {
    readonly importPath: string;
    readonly allocBytes: number;
    readonly share: number;
    readonly collected: boolean;
  }[];
}

/** UnmeasuredDecisionFinding is a heap decision at a line that allocated nothing in the run. */
export interface UnmeasuredDecisionFinding {
  readonly kind: 'heap-decision-unmeasured';
  readonly file: string;
  readonly line: number;
  readonly function: string;
  readonly package: string | null;
  readonly allocBytes: 0;
  readonly allocObjects: 0;
  readonly share: 0;
  readonly compiler: readonly CompilerNote[];
  readonly runtimeCalls: readonly RuntimeCallNote[];
}

/** SiteFinding is any per-line finding. */
export type SiteFinding = AllocationSiteFinding | UnmeasuredDecisionFinding;

/** MeasuredComparison compares a function's benchmarks with its twin's for one unit. */
export interface MeasuredComparison {
  readonly unit: 'B/op' | 'allocs/op' | 'sec/op';
  readonly subject: Interval;
  readonly twin: Interval;
  readonly p: number;
  readonly significant: boolean;
  /** Percent change subject vs twin; null when not significant or undefined. */
  readonly deltaPct: number | null;
}

/** VerdictSummary is the one sentence a reader can repeat about a verdict, as data: the renderer words it. */
export interface VerdictSummary {
  readonly kind: Verdict;
  readonly function: string;
  readonly param: string;
  /** True when benchmarks of the function and its by-value twin were compared. */
  readonly measured: boolean;
  /** The parameter's type when it is not a *map (*[]int, *chan T); absent for *map, which the words name. */
  readonly pointer?: string;
}

/** VerdictReason is one piece of evidence behind a verdict, with the values it cites. */
export type VerdictReason =
  /** The parameter leaks (the compiler's message and its cause as a typed story, both from the compiler evidence). */
  | { readonly kind: 'param-leaks'; readonly message: string; readonly cause: CauseNote }
  /** A caller's map variable is moved to the heap because its address is passed here. */
  | { readonly kind: 'caller-moved'; readonly variable: string; readonly function: string; readonly line: number; readonly allocBytes: number }
  | { readonly kind: 'param-does-not-escape'; readonly param: string; readonly contentOnly: boolean }
  | { readonly kind: 'no-caller-moved'; readonly callSites: number }
  /**
   * The *map benchmark allocates significantly more than the twin's although the pointer does not escape.
   * deltaPct is null when the twin's median is 0 (a rise from nothing, benchstat's "?").
   */
  | {
      readonly kind: 'measured-more';
      readonly subject: string;
      readonly twin: string;
      readonly unit: string;
      readonly subjectMedian: number;
      readonly twinMedian: number;
      readonly deltaPct: number | null;
      readonly p: number;
    }
  | {
      readonly kind: 'measured';
      readonly unit: string;
      readonly subjectMedian: number;
      readonly twinMedian: number;
      readonly significant: boolean;
      readonly deltaPct: number | null;
      readonly p: number;
    }
  | { readonly kind: 'not-measured'; readonly function: string; readonly twin: string | null }
  | { readonly kind: 'no-compiler-evidence'; readonly param: string; readonly function: string }
  /** A caller's &m argument is moved to the heap, but by something else than this call (the compiler's cause). */
  | { readonly kind: 'other-cause'; readonly variable: string; readonly function: string; readonly line: number; readonly cause: CauseNote };

/** MapPointerFinding is the verdict on one `*map[K]V` parameter, or one `*[]T` or `*chan T` (the same rule on the other reference types). */
export interface MapPointerFinding {
  readonly kind: 'map-pointer-param' | 'slice-pointer-param' | 'chan-pointer-param';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly function: string;
  readonly param: string;
  readonly paramType: string;
  readonly verdict: Verdict;
  /** One sentence a reader can repeat, as data. */
  readonly summary: VerdictSummary;
  /** The evidence behind the verdict, most decisive first. */
  readonly reasons: readonly VerdictReason[];
  readonly compiler: readonly CompilerNote[];
  /** Call sites whose `&x` argument the compiler moved to the heap. */
  readonly heapCallSites: readonly { readonly file: string; readonly line: number; readonly function: string; readonly variable: string; readonly allocBytes: number }[];
  /** The by-value twin and the benchmarks compared, when there are any. */
  readonly twin: string | null;
  readonly benchmarks: { readonly subject: readonly string[]; readonly twin: readonly string[] };
  readonly measured: readonly MeasuredComparison[];
}

/** MapAmount is bytes and objects with their share of the profile's total alloc_space. */
export interface MapAmount {
  readonly allocBytes: number;
  readonly allocObjects: number;
  /** 0..1 of the profile's total alloc_space. */
  readonly share: number;
}

/** MapSiteRow is one allocation site whose map work was classified. */
export interface MapSiteRow extends MapAmount {
  readonly function: string;
  readonly file: string;
  readonly line: number;
  /** "ambiguous" when the objects cannot be split (see `ambiguity`). */
  readonly purpose: MapPurpose | 'ambiguous';
  /**
   * What the classification rests on: the allocation site's source line and
   * object sizes (heap profiles), a reflect or maps frame that survives in
   * heap profiles (`map-frame`, named in `via`), or runtime frames.
   */
  readonly evidence: MapEvidence;
  /** The reflect or maps frame the map work went through (reflect.mapassign_faststr0, maps.Copy), or null. */
  readonly via: string | null;
  /** Distinct object sizes (the heap profile's `bytes` label) in this row, ascending. */
  readonly objectSizes: readonly number[];
  /** Why an ambiguous row could not be split; null for the other purposes. */
  readonly ambiguity: MapAmbiguity | null;
  /** The source line, when it was read. */
  readonly source: string | null;
  /** True when the site is in one of the target packages' files. */
  readonly inTargetPackages: boolean;
}

/**
 * MapsSection splits the profile's map allocations by purpose. Growth is what
 * a size hint (make(map[K]V, n)) replaces with one allocation at make; a
 * small map's first group is not removed by a hint. Heap profiles hide
 * runtime frames, so on Go heap profiles the purpose comes from the
 * allocation site's source line and object sizes (see
 * src/profile/map-purpose.ts and map-size-signature.ts).
 */
export interface MapsSection {
  readonly runtimeFramesHidden: boolean;
  readonly byPurpose: Readonly<Record<MapPurpose, MapAmount>>;
  /** All classified map work (create + first-group + grow + assign + other); ambiguous is apart. */
  readonly total: MapAmount;
  /** Map-looking lines that also allocate by themselves, so they cannot be split. */
  readonly ambiguous: MapAmount;
  /** Sites by bytes, largest first. */
  readonly sites: readonly MapSiteRow[];
  readonly warnings: readonly string[];
}

/** CheckReport is everything `heapsight check` found. */
export interface CheckReport {
  readonly schema: typeof CHECK_SCHEMA;
  readonly go: string;
  readonly goos: string;
  readonly goarch: string;
  /** The `cpu:` line of the benchmark output (the processor's name); null when go test printed none. */
  readonly cpu: string | null;
  readonly packages: readonly string[];
  /** Package names by import path, for every package the report names (display names use them: jsoniter, not go). */
  readonly packageNames: Readonly<Record<string, string>>;
  readonly settings: {
    readonly bench: string;
    readonly count: number;
    readonly benchtime: string;
    readonly memProfileRate: number;
    readonly depsMin: number | null;
    /** Profiling rounds (--profile-count). */
    readonly profileCount: number;
  };
  readonly benchmarks: readonly BenchmarkRow[];
  /** run: the round (--count) whose process failed. */
  readonly failures: readonly { readonly name: string; readonly kind: string; readonly message: string; readonly stack: string; readonly run?: number }[];
  /** Total alloc_space and alloc_objects of the merged heap profile the shares refer to. */
  readonly profileTotals: { readonly allocBytes: number; readonly allocObjects: number; readonly profiles: number };
  /** Map allocations by purpose; null when no heap profile was taken. */
  readonly maps: MapsSection | null;
  /** The target packages' Go files (test files included), absolute. */
  readonly sourceFiles: readonly string[];
  readonly findings: readonly SiteFinding[];
  /** The target packages' lines by cumulative bytes (what they and their callees allocated), largest first. */
  readonly userLines: readonly UserLine[];
  readonly dependencies: DependencyEvidence;
  readonly verdicts: readonly MapPointerFinding[];
  /** The anti-pattern rules' hits in the target packages, each settled by the compiler's evidence and the benchmarks (rule-verdicts.ts). */
  readonly rules: readonly RuleFinding[];
  /** The coverage run that tells "not exercised" from "not sampled"; null when none ran (--no-coverage, a race build). */
  readonly coverage: CoverageSummary | null;
  /** The source assertions (//heapsight:noescape, inline, allocs) of the target packages, judged on this run's evidence. */
  readonly assertions: AssertionReport;
  readonly warnings: readonly string[];
}
