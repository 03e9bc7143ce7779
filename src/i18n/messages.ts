// messages.ts is the shape of a message catalogue: every word the report
// formats print (check, escape, change; text, Markdown, HTML, SARIF) from
// typed records. A catalogue is a value of type Messages, so a kind without
// its sentence, in any language, does not compile. English is en.ts,
// Simplified Chinese zh-CN.ts; lang.ts picks one.
import type { KnownFunctionRole, NotCollectedWhy, VerdictReason, VerdictSummary } from '../verify/check-report.js';
import type { Verdict } from '../verify/finding-kinds.js';
import type { MalformedWhy } from '../source/directives.js';
import type { CauseKind } from '../escape/escape-cause.js';
import type { AllocCall } from '../escape/runtime-calls.js';
import type { BoxSink, CauseStory, SiteNote, EscapeKind, StoryAt, StoryWhy, StoryWhyKind } from '../escape/model.js';
import type { MapAmbiguity, MapPurpose } from '../profile/map-purpose.js';
import type { SampleIndexReason } from '../profile/sample-index.js';
import type { FindingKind, RuleFindingKind } from '../verify/finding-kinds.js';
import type { RuleFix } from '../source/rules.js';
import type { RuleReason, RuleVerdict } from '../verify/rule-report.js';
import type { AllocsRun, AssertionResult, AssertionStatus, InlineCallResult, LineCost, NotJudgedWhy, PackageMalformed } from '../verify/assertions.js';

/** MessageFor maps each member of a tagged union to the function that words it. */
export type MessageFor<U extends { readonly kind: string }> = { readonly [K in U['kind']]: (r: Extract<U, { kind: K }>) => string };

/** MessageWith is MessageFor for records that cite other records (a cause story), worded with the same catalogue. */
export type MessageWith<U extends { readonly kind: string }> = { readonly [K in U['kind']]: (r: Extract<U, { kind: K }>, m: Messages) => string };

/** Messages is one language's catalogue. */
export interface Messages {
  /** Why a *map verdict came out as it did: one sentence a reader can repeat. */
  readonly verdictSummary: Readonly<Record<Verdict, (s: VerdictSummary) => string>>;
  /** Each piece of evidence behind a verdict. */
  readonly verdictReason: MessageWith<VerdictReason>;
  /** Why a leaf known by its function allocates. */
  readonly knownFunction: Readonly<Record<KnownFunctionRole, string>>;
  /** A line no stack through the targets reached. */
  readonly harness: string;
  /** A line compiled with diagnostics where the compiler named nothing. */
  readonly noDecision: string;
  /** A line compiled with -json only, its -m=2/-S text not read (a test file, without --tests). */
  readonly textNotRead: string;
  /** Why a line's package has no compiler evidence, and how to get it (depsMin: --deps-min, 0..1). */
  readonly notCollected: Readonly<Record<NotCollectedWhy, (pkg: string, depsMin: number | null) => string>>;
  /** What each runtime allocation call does, in plain words. */
  readonly runtimeCall: Readonly<Record<AllocCall, string>>;
  /** Source assertions (//heapsight:noescape, inline, allocs N). */
  readonly assertion: AssertionMessages;
  /** Escape causes: each kind documented, each story put into words. */
  readonly cause: CauseMessages;
  /** Finding kinds and verdicts as labels. */
  readonly finding: FindingMessages;
  /** The words of check's reports (text, Markdown, HTML, SARIF). */
  readonly check: CheckMessages;
  /** Maps by purpose (check's maps section). */
  readonly maps: MapMessages;
  /** The words of `heapsight escape` (the report and --explain). */
  readonly escape: EscapeMessages;
  /** The words of `heapsight change`. */
  readonly change: ChangeMessages;
  /** The headers of `top`, `list` and `peek` (pprof's layout; the column names are pprof's in every language). */
  readonly profile: ProfileMessages;
  /** The words of `heapsight diff`'s text. */
  readonly diff: {
    readonly header: (type: string, unit: string, granularity: string) => string;
    readonly sampleIndex: (type: string, why: string) => string;
    readonly side: (side: 'base' | 'new', label: string, total: string) => string;
    readonly change: (delta: string, pctOfBase: string | null) => string;
    readonly normalized: (scale: string) => string;
    readonly raw: string;
    readonly pctBasis: (total: string) => string;
    readonly warning: string;
    readonly grew: (n: number) => string;
    readonly shrank: (n: number) => string;
    readonly nothingGrew: string;
    readonly nothingShrank: string;
    readonly baseCum: string;
    readonly newCum: string;
    readonly more: (n: number) => string;
    readonly status: Readonly<Record<'vanished' | 'appeared', string>>;
  };
  /** The words of `heapsight bench`'s text (column units are go test's in every language). */
  readonly bench: {
    readonly benchmark: string;
    readonly moved: string;
    readonly inFunction: (fn: string) => string;
    readonly more: (n: number) => string;
    readonly variant: (baseline: string) => string;
    readonly escapes: string;
    readonly decisions: string;
    readonly ruleHits: string;
    readonly ruleHitsNote: string;
    readonly baseline: string;
    readonly deltaNote: string;
    readonly escapesNotCollected: string;
    readonly escapesNote: string;
    readonly starNote: string;
    readonly noTestFiles: string;
    readonly noneMatched: string;
    readonly legend: string;
  };
  /** The words of `heapsight compare` (benchstat's layout and its own warnings are kept). */
  readonly compare: { readonly vsBase: string; readonly nothing: string };
  /** A rule verdict as a label ("confirmed", "not exercised"). */
  readonly ruleVerdict: Readonly<Record<RuleVerdict, string>>;
  /** Each piece of evidence behind a rule verdict. */
  readonly ruleReason: MessageFor<RuleReason>;
  /** A rule's mechanical fix in one line. */
  readonly ruleFix: MessageFor<RuleFix>;
  /** One count of a rule tally ("9 confirmed"), and what joins them. */
  readonly ruleTally: (n: number, v: RuleVerdict) => string;
  readonly ruleTallySeparator: string;
  /** A fix experiment's outcome (check --experiment); figures arrive formatted. */
  readonly experiment: ExperimentMessages;
  /** The words of `heapsight history` (text and HTML). */
  readonly history: HistoryMessages;
}

/** ProfileMessages word the profile reports' headers and the maps-by-purpose table under top. */
export interface ProfileMessages {
  readonly file: (name: string) => string;
  readonly type: (type: string, why: SampleIndexReason | null) => string;
  /** Why a sample index was chosen. */
  readonly reason: Readonly<Record<SampleIndexReason, string>>;
  readonly showing: (shown: string, pct: string, total: string) => string;
  readonly dropped: (n: number, cutoff: string) => string;
  readonly showingTop: (shown: number, all: number) => string;
  readonly total: (total: string) => string;
  readonly ofTotal: (pct: string) => string;
  readonly sourceNotFound: (file: string) => string;
  readonly context: string;
  readonly mapsHeading: (type: string, fromFrames: boolean) => string;
  readonly mapPurposeTitle: Readonly<Record<MapPurpose, string>>;
  readonly mapAmbiguous: string;
  readonly mapColumns: { readonly purpose: string; readonly value: string; readonly share: string; readonly reduce: string };
}

/** CauseKindWords documents one cause kind. */
export interface CauseKindWords {
  readonly title: string;
  readonly explanation: string;
  readonly fix: string;
}

/** CauseMessages words escape causes: compiler expressions and positions are cited verbatim inside the sentences. */
export interface CauseMessages {
  readonly kinds: Readonly<Record<CauseKind, CauseKindWords>>;
  /** The decision as the story's first clause ("x is moved to the heap"). */
  readonly head: Readonly<Record<EscapeKind, (subject: string) => string>>;
  /** A cited position, with its leading space or bracket (" (line 12)"); extra is a runtime call named beside it. */
  readonly at: (a: StoryAt | null, extra?: string | null) => string;
  /** One sentence per reason; head is the first clause already worded. */
  readonly why: { readonly [K in StoryWhyKind]: (w: Extract<StoryWhy, { why: K }>, head: string, s: CauseStory) => string };
  /** Where a boxed value goes, as the end of the boxed sentence. */
  readonly boxSink: { readonly [K in BoxSink['to']]: (b: Extract<BoxSink, { to: K }>, s: CauseStory) => string };
  /** A sentence with a conversion on the way that boxes nothing. */
  readonly unboxed: (sentence: string, at: StoryAt | null) => string;
  /** A sentence followed by the story of the allocation it is stored in. */
  readonly chain: (sentence: string, then: string) => string;
  /** "does not escape" as a short note ("m does not escape"). */
  readonly doesNotEscape: (subject: string) => string;
  /** Remarks on a decision. */
  readonly note: MessageFor<SiteNote>;
}

/** FindingMessages names finding kinds and verdicts for every renderer. */
export interface FindingMessages {
  readonly kinds: Readonly<Record<FindingKind, { readonly title: string; readonly explanation: string; readonly fix: string }>>;
  /** When a rule's hit does not matter (SARIF's rule properties). */
  readonly harmless: Readonly<Record<RuleFindingKind, string>>;
  readonly verdict: Readonly<Record<Verdict, string>>;
}

/** CheckMessages are the headings, labels and lines of check's reports. */
export interface CheckMessages {
  readonly runHeader: (packages: string, go: string, platform: string, flags: string) => string;
  readonly runsEach: (count: number, ns: readonly number[]) => string;
  readonly benchmarksHeading: (runs: string) => string;
  readonly noBenchmarks: string;
  readonly noBenchmarksMarkdown: string;
  readonly failedHeading: string;
  readonly verdictsHeading: (title: string) => string;
  readonly column: {
    readonly benchmark: string;
    readonly package: string;
    readonly gcs: string;
    readonly stwMax: string;
    readonly kind: string;
    readonly message: string;
    readonly verdict: string;
    readonly function: string;
    readonly location: string;
    readonly why: string;
    readonly status: string;
    readonly directive: string;
    readonly evidence: string;
    readonly purpose: string;
    readonly bytes: string;
    readonly share: string;
    readonly objects: string;
    readonly reduce: string;
    readonly source: string;
    readonly note: string;
    readonly yourLine: string;
    readonly reason: string;
  };
  readonly sitesHeading: (profiles: number, bytes: string, objects: string, memProfileRate: number) => string;
  readonly sitesHeadingMarkdown: string;
  readonly sitesTotalMarkdown: (bytes: string, objects: string, profiles: number) => string;
  readonly noneSampled: string;
  readonly moreSites: (n: number) => string;
  readonly moreSitesMarkdown: (n: number) => string;
  readonly moreUnmeasured: (n: number) => string;
  readonly objectsAbbrev: string;
  readonly cum: string;
  readonly flat: string;
  readonly rounds: string;
  readonly compiler: string;
  readonly note: string;
  readonly runtime: string;
  readonly moreDecisions: (n: number) => string;
  readonly userLinesHeading: string;
  readonly testLinesLeftOut: string;
  readonly unmeasuredHeading: string;
  readonly assertionsHeading: string;
  readonly malformed: string;
  /** noteLine's parts: the copies of one decision, a decision recorded in an inlined callee. */
  readonly copies: (callers: number, all: boolean) => string;
  readonly inlinedHere: (story: string, callee: string | null, where: string) => string;
  readonly userFrame: (fn: string, where: string, share: string | null, more: number) => string;
  readonly noEvidence: string;
  readonly itsPackage: string;
  /** The anti-pattern rules' section (every format). */
  readonly rules: {
    readonly heading: string;
    /** Text's heading line, with the tally and the coverage run. */
    readonly headingWith: (tally: string, coverage: string) => string;
    /** A hit's rule title and the code it cites. */
    readonly titled: (title: string, subject: string) => string;
    /** The coverage run behind not-exercised verdicts (null: none was run). */
    readonly coverage: (benchmarks: number | null) => string;
    readonly fix: (fix: string) => string;
    /** Markdown's line under the heading: the tally and the coverage run. */
    readonly summary: (tally: string, coverage: string) => string;
    readonly column: Readonly<Record<'verdict' | 'rule' | 'location' | 'code' | 'evidence' | 'fix', string>>;
    /** The hits beyond --nodecount that are not confirmed, as a tally ("42 refuted, 85 not exercised"); markdown: true in a Markdown report. */
    readonly more: (n: number, tally: string, markdown: boolean) => string;
    readonly sarif: (verdict: string, title: string, subject: string, evidence: readonly string[], fix: string | null) => string;
  };
  /** SARIF result messages. */
  readonly sarif: {
    readonly verdict: (label: string, summary: string, reasons: readonly string[]) => string;
    readonly site: (fn: string, bytes: string, share: string, objects: string, cause: string) => string;
    readonly leadsTo: (fn: string, bytes: string, share: string, allocatedIn: string, cause: string) => string;
    readonly assertionFailed: (directive: string, headline: string, evidence: readonly string[]) => string;
    readonly mapGrowth: (fn: string, bytes: string, share: string, objects: string, source: string | null) => string;
    readonly failed: (name: string, kind: string, message: string) => string;
  };
  /** What only the HTML report says (its source view, its headings). */
  readonly html: {
    /** The document's language tag (BCP 47). */
    readonly lang: string;
    /** The workbench's name for the run's merged heap profile. */
    readonly runProfile: string;
    readonly benchmarks: string;
    readonly benchmarksNote: (runs: string) => string;
    readonly mapsTotal: (bytes: string, share: string, objects: string) => string;
    readonly sites: string;
    readonly sitesTotal: (bytes: string, objects: string) => string;
    readonly source: string;
    readonly warnings: string;
    readonly allocated: (bytes: string) => string;
    readonly noMeasured: string;
    readonly unreadable: string;
    readonly line: string;
    readonly compilerAndProfile: string;
    readonly mapGrowth: (bytes: string, share: string) => string;
    readonly mapAmbiguous: (bytes: string) => string;
    readonly firstGroup: (bytes: string) => string;
    readonly mapOther: (purpose: string, bytes: string) => string;
  };
}

/** MapMessages word the maps-by-purpose section. */
export interface MapMessages {
  readonly total: (bytes: string, share: string, objects: string, basis: string) => string;
  readonly none: (basis: string) => string;
  readonly basisHidden: string;
  readonly basisFrames: string;
  readonly row: Readonly<Record<MapPurpose, string>>;
  readonly fix: Readonly<Record<MapPurpose, string>>;
  readonly siteHeading: Readonly<Record<MapPurpose | 'ambiguous', string>>;
  readonly growNone: string;
  readonly firstGroupNone: string;
  readonly ambiguous: string;
  readonly ambiguousWhat: string;
  readonly more: (n: number) => string;
  readonly ambiguity: Readonly<Record<MapAmbiguity, string>>;
  readonly objectSizes: (shown: string, sizes: number | null) => string;
  readonly via: (fn: string) => string;
  readonly markdownHeading: string;
  readonly markdownTotal: (bytes: string, share: string, objects: string) => string;
  readonly markdownNone: string;
  readonly ambiguousRow: string;
  readonly seeBelow: string;
}

/** EscapeMessages word `heapsight escape`. */
export interface EscapeMessages {
  readonly header: (packages: string, go: string) => string;
  readonly unknownFunction: string;
  readonly inlinedAt: (chain: string) => string;
  readonly sameInCallers: (ownBody: boolean, n: number, all: boolean) => string;
  readonly calls: (names: string, reasons: string) => string;
  readonly inlinedInto: (fns: string) => string;
  readonly tally: (heap: number, copies: number | null, calls: number, hidden: number) => string;
  /** The packages' test files were not compiled (escape's default): how many, and how to include them. */
  readonly testsLeftOut: (files: number) => string;
  readonly nothingAt: (where: string) => string;
  readonly decisions: (n: number, records: number | null) => string;
  readonly runtimeCalls: (n: number) => string;
  readonly inliningDecisions: (n: number) => string;
  readonly context: (fn: string, calls: readonly string[], ownBody: boolean) => string;
  readonly flowHeading: (inlinedAt: string | null, ownBody: boolean, copies: number) => string;
  readonly at: string;
  readonly moreFlows: (rest: number, shown: number, total: number) => string;
  readonly callsOne: (fn: string, call: string, reason: string) => string;
  readonly callsInlinedInto: (ownBody: boolean, fns: readonly string[]) => string;
  readonly callsMany: (call: string, reason: string) => string;
  readonly inFunctions: (fns: readonly string[]) => string;
  readonly inlinedCall: (fn: string, callers: readonly string[]) => string;
  readonly canInline: (fn: string, cost: number | undefined) => string;
  readonly cannotInline: (fn: string, reason: string) => string;
  readonly why: string;
  readonly whatToDo: string;
  readonly note: string;
}

/** ChangeMessages word `heapsight change`. */
export interface ChangeMessages {
  readonly header: (base: string, head: string) => string;
  readonly settings: (platform: string, flags: string) => string;
  readonly verdict: (tally: string, failed: boolean) => string;
  readonly benchmarksHeading: string;
  readonly advisory: string;
  readonly direction: Readonly<Record<'worse' | 'better', string>>;
  readonly noDecisions: string;
  readonly decisionsHeading: (n: number) => string;
  readonly was: (message: string) => string;
  readonly isNew: string;
  readonly now: (message: string) => string;
  readonly gone: string;
  readonly cause: string;
  readonly moreDecisions: (n: number) => string;
  readonly noSites: string;
  readonly sitesHeading: (n: number) => string;
  readonly moreSites: (n: number) => string;
  readonly assertionsIn: (where: string | null) => string;
  readonly failures: string;
  readonly verdictWord: Readonly<Record<'regression' | 'improvement' | 'no-change' | 'added' | 'removed' | 'failed', string>>;
  readonly tally: (counts: Readonly<Record<'regression' | 'improvement' | 'no-change' | 'added' | 'removed' | 'failed', number>>) => string;
  readonly gate: (units: 'memory' | 'time', alpha: number, minPct: number, failOn: string) => string;
  readonly revision: (name: string, id: string, subject: string | null) => string;
  readonly workingTree: (dirty: boolean, id: string) => string;
  readonly stopsInlining: (fn: string, reason: string | null, where: string) => string;
  readonly inlinedAgain: (fn: string, cost: string, where: string) => string;
  readonly movesToHeap: (moved: boolean, subject: string, fn: string, cause: string, where: string, tail: string) => string;
  readonly noCause: string;
  readonly keepsOffHeap: (subject: string, fn: string, now: string | null, wasState: string, wasWhere: string, tail: string) => string;
  readonly nowState: (state: string, where: string) => string;
  readonly stateChange: (subject: string, fn: string, before: string, after: string, where: string) => string;
  readonly newIn: (fn: string, message: string, where: string) => string;
  readonly goneFrom: (fn: string, message: string, where: string) => string;
  readonly line: (n: number) => string;
  readonly noBenchmarkAtLine: string;
  /** A rise from a median of 0, which has no percentage. */
  readonly fromZero: (delta: string) => string;
  readonly costNoChange: (bench: string, stats: string) => string;
  readonly costChange: (deltas: string, bench: string, p: string) => string;
  readonly notCompared: string;
  readonly siteIn: (benches: readonly string[]) => string;
  readonly siteChange: Readonly<Record<'grew' | 'shrank' | 'appeared' | 'vanished', string>>;
  readonly stateWord: (kind: 'can-inline' | 'cannot-inline') => string;
  readonly regressionMd: string;
  readonly improvementMd: string;
  readonly assertionFailedMd: string;
  readonly malformedMd: string;
  readonly atMd: string;
  readonly inMd: string;
  readonly decisionsMd: string;
  readonly gateFailedMd: string;
  readonly benchmarksSummary: (n: number, count: number) => string;
  readonly decisionsSummary: (n: number) => string;
  readonly sitesSummary: (n: number) => string;
  readonly column: Readonly<Record<'benchmark' | 'verdict' | 'gcCycles' | 'where' | 'function' | 'before' | 'after' | 'cause' | 'site' | 'change' | 'benchmarks', string>>;
  readonly regressionSarif: (benchmark: string, pkg: string, unit: string, delta: string | null, p: string) => string;
}

/** HistoryMessages word `heapsight history`; values arrive formatted (medians in their unit, "+48.8%", "p=0.002"). */
export interface HistoryMessages {
  readonly noCommit: string;
  readonly dirty: string;
  readonly fromZero: string;
  readonly machine: Readonly<Record<'go' | 'cpu' | 'platform', string>>;
  /** A change point: direction, run, commit, from → to, delta, p; machine lists what else changed. */
  readonly change: (direction: 'regression' | 'improvement', run: string, commit: string, from: string, to: string, delta: string, p: string, machine: readonly string[]) => string;
  readonly header: (runs: number, database: string) => string;
  readonly noRuns: string;
  readonly changePointRule: (alpha: number, minChange: string) => string;
  readonly column: Readonly<Record<'run' | 'commit' | 'recorded' | 'command' | 'go' | 'platform' | 'cpu' | 'heapDecisions', string>>;
  readonly noBenchmark: (bench: string | null, unit: string | null) => string;
  readonly tally: (changes: number, regressions: number, improvements: number) => string;
  readonly caveat: (warning: string, series: number) => string;
  readonly htmlIntro: (runs: number, database: string, alpha: number, minChange: string) => string;
  readonly runsHeading: string;
  readonly htmlNoBenchmark: string;
}

/** ExperimentMessages word a fix experiment's outcome. */
export interface ExperimentMessages {
  readonly notMechanical: string;
  readonly noBenchmark: string;
  readonly interrupted: string;
  /** The fix does not build; line is the compiler's first file:line message, verbatim. */
  readonly doesNotBuild: (line: string | null) => string;
  /** tests are "TestX pass → fail" as cited. */
  readonly changesTestResults: (tests: readonly string[]) => string;
  readonly removes: (removed: string, of: string) => string;
  readonly adds: (added: string) => string;
  readonly noChange: string;
  /** One benchmark's outcome; allocs and bytes are "−69.23%, p=0.0022". */
  readonly inBenchmark: (change: string, benchmark: string, allocs: string, bytes: string) => string;
  readonly measured: (parts: readonly string[]) => string;
}

/** AssertionMessages words assertion results; `where` arguments are positions the renderer has already made relative. */
export interface AssertionMessages {
  /** The heading of the assertions block, with its tally. */
  readonly heading: (c: { readonly held: number; readonly failed: number; readonly unjudged: number; readonly malformed: number }) => string;
  /** A status as a label ("held", "FAILED"). */
  readonly status: Readonly<Record<AssertionStatus, string>>;
  /** What the evidence says about the assertion, in one sentence. */
  readonly headline: MessageFor<AssertionResult>;
  /** Why an assertion was not judged. */
  readonly notJudged: Readonly<Record<NotJudgedWhy, string>>;
  /** What is wrong with a malformed directive. */
  readonly malformed: Readonly<Record<MalformedWhy, (m: PackageMalformed) => string>>;
  /** The bytes a line allocated in the heap profile. */
  readonly lineCost: (c: LineCost) => string;
  /** A call the compiler did not inline (where: file:line:col). */
  readonly notInlinedCall: (c: InlineCallResult, where: string) => string;
  /** Calls the compiler inlined that the source scan did not name. */
  readonly inlinedElsewhere: (n: number) => string;
  /** One benchmark result against its budget: samples, median and interval. */
  readonly allocsRun: (r: AllocsRun, max: number) => string;
}

