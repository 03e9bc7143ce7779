// join.ts is the double verification: it puts the compiler's decisions
// (escape analysis, runtime allocation calls) beside what the benchmarks
// measured (heap profile per line, B/op and allocs/op per benchmark) and
// turns the pair into findings and verdicts. Pure: no I/O.
import { compareSamples, summarize, type StatOptions } from '../bench/statistics.js';
import type { CompilerEvidence, EscapeSite, RuntimeCall } from '../escape/index.js';
import { referencePointerType, type GoFunction } from '../source/go-file.js';
import { allFunctions, type PackageSource } from '../source/package-source.js';
import type { EscapeKind } from '../escape/model.js';
import { lineKey as profileLineKey, type UserFrameReport } from '../profile/user-frames.js';
import type {
  AllocationSiteFinding,
  CompilerNote,
  EvidenceStatus,
  Interval,
  MapPointerFinding,
  MeasuredComparison,
  NoteMatch,
  RuntimeCallNote,
  SiteFinding,
  SiteReason,
  UnmeasuredDecisionFinding,
  UserFrame,
  UserLine,
  VerdictReason,
} from './check-report.js';
import { isRuntimePackage, knownFunctionRole } from './known-functions.js';
import { stripTypeArgs } from '../go-symbol.js';
import type { Verdict } from './finding-kinds.js';

/** AllocationRow is one line of the merged heap profile, attributed to its innermost inlined frame. */
export interface AllocationRow {
  readonly function: string;
  readonly file: string;
  readonly line: number;
  readonly bytes: number;
  readonly objects: number;
}

/** BenchmarkSamples are one benchmark's raw samples per unit ("sec/op", "B/op", "allocs/op"). */
export interface BenchmarkSamples {
  /** Import path of the package whose test binary ran it. */
  readonly package: string;
  readonly name: string;
  readonly samples: Readonly<Record<string, readonly number[]>>;
}

/**
 * EvidenceCoverage says which packages the compiler was asked about: the
 * targets, the dependencies compiled after the profiling run, and those whose
 * dependency build failed. minShare is --deps-min (null: off).
 */
export interface EvidenceCoverage {
  readonly targets: ReadonlySet<string>;
  readonly dependencies: ReadonlySet<string>;
  readonly failed: ReadonlySet<string>;
  readonly minShare: number | null;
}

/** JoinInput is everything the join reads. */
export interface JoinInput {
  /** Compiler evidence of the targets and of the dependencies compiled with diagnostics. */
  readonly evidence: CompilerEvidence;
  readonly sources: readonly PackageSource[];
  readonly allocations: readonly AllocationRow[];
  readonly totals: { readonly bytes: number; readonly objects: number };
  readonly benchmarks: readonly BenchmarkSamples[];
  readonly stats?: StatOptions;
  /** The import path of a source file's package, null when it is in no package of the build. Default: none known. */
  readonly packageOf?: (file: string) => string | null;
  /** Default: only the target packages (those of sources) were compiled with diagnostics. */
  readonly coverage?: EvidenceCoverage;
  /** The profile's stacks, read for the user's frames; without it userFrame is null everywhere. */
  readonly userFrames?: UserFrameReport;
  /**
   * List heap decisions in _test.go files that allocated nothing (check
   * --tests). Off by default: test helpers and Test functions are not what the
   * benchmarks measure; benchmark code that allocates is ranked either way.
   */
  readonly unmeasuredInTests?: boolean;
  /** Each profiling round's alloc_space per line (keyed as lineKey in profile/user-frames.ts) and its total. */
  readonly rounds?: readonly { readonly bytes: ReadonlyMap<string, number>; readonly total: number }[];
}

/** JoinResult is the per-line findings and the rule verdicts. */
export interface JoinResult {
  readonly findings: readonly SiteFinding[];
  readonly userLines: readonly UserLine[];
  readonly verdicts: readonly MapPointerFinding[];
}

const heapKinds: ReadonlySet<EscapeKind> = new Set<EscapeKind>(['moved-to-heap', 'escapes-to-heap']);

/** compilerCode maps an escape kind to the compiler's diagnostic family. */
function compilerCode(kind: string): string {
  if (kind === 'moved-to-heap' || kind === 'escapes-to-heap') return 'escape';
  if (kind.startsWith('leak')) return 'leak';
  return kind;
}

function fmtPos(p: { file: string; line: number; column: number }): string {
  return `${p.file}:${p.line}:${p.column}`;
}

/** compilerNote flattens an escape site for the report; match says how it was joined to the line. */
export function compilerNote(s: EscapeSite, match: NoteMatch = 'at-line'): CompilerNote {
  return {
    file: s.pos.file,
    line: s.pos.line,
    function: s.function,
    match,
    code: compilerCode(s.kind),
    kind: s.kind,
    subject: s.subject,
    message: s.message,
    column: s.pos.column,
    cause: { kind: s.cause.kind, story: s.cause.story },
    flow: s.flow.map((f) => ({
      file: f.pos?.file ?? null,
      line: f.pos?.line ?? null,
      column: f.pos?.column ?? null,
      reason: f.reason,
      text: f.text,
    })),
    inlinedAt: s.inlinedAt.map(fmtPos),
    notes: s.notes,
    copies: 1,
    inlinedInto: s.inlinedAt.length > 0 ? [fmtPos(s.inlinedAt[0]!)] : [],
  };
}

function runtimeNote(c: RuntimeCall): RuntimeCallNote {
  return { call: c.call, reason: c.reason };
}

function lineKey(file: string, line: number): string {
  return `${file}\u0000${line}`;
}

/** groupBy groups items by a key (file:line, package and benchmark, …), in input order. */
function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

/**
 * indexByChain indexes each decision under its own line ('at-line') and
 * under every call site its code was inlined at ('inlined-here'): the
 * compiler may record a decision at an inlined callee's position that
 * applies where it is inlined (a variadic slice built at the call, a
 * literal passed on), and pprof may charge the allocation to either line.
 */
function indexByChain(sites: readonly EscapeSite[]): Map<string, { site: EscapeSite; match: NoteMatch }[]> {
  const m = new Map<string, { site: EscapeSite; match: NoteMatch }[]>();
  const add = (k: string, site: EscapeSite, match: NoteMatch): void => {
    const list = m.get(k);
    if (!list) m.set(k, [{ site, match }]);
    else if (!list.some((x) => x.site === site)) list.push({ site, match });
  };
  for (const s of sites) add(lineKey(s.pos.file, s.pos.line), s, 'at-line');
  for (const s of sites) for (const p of s.inlinedAt) add(lineKey(p.file, p.line), s, 'inlined-here');
  return m;
}

/**
 * collapseCopies turns the decisions joined to one line into notes, those
 * recorded at the line first. A callee inlined into N callers repeats each of
 * its decisions N times, once per inline chain, with the same words: one note
 * stands for them (copies says how many), the callee's own body preferred.
 */
function collapseCopies(joined: readonly { site: EscapeSite; match: NoteMatch }[], via: ReadonlySet<string> = new Set()): CompilerNote[] {
  // The copy inlined into the user's frame that led here is the one that made these bytes: it goes first.
  const throughUser = (s: EscapeSite): number => (s.inlinedAt.some((p) => via.has(lineKey(p.file, p.line))) ? 0 : 1);
  const ordered = [...joined].sort(
    (a, b) =>
      (a.match === b.match ? 0 : a.match === 'at-line' ? -1 : 1) ||
      throughUser(a.site) - throughUser(b.site) ||
      a.site.inlinedAt.length - b.site.inlinedAt.length,
  );
  const groups = new Map<string, { first: { site: EscapeSite; match: NoteMatch }; chains: Set<string>; into: string[] }>();
  for (const x of ordered) {
    const s = x.site;
    const k = `${x.match}\u0000${s.pos.file}:${s.pos.line}:${s.pos.column}\u0000${s.kind}\u0000${s.subject}\u0000${s.cause.kind}\u0000${JSON.stringify(s.cause.story)}`;
    const g = groups.get(k) ?? { first: x, chains: new Set<string>(), into: [] };
    // A copy is an inline chain: the same chain from two builds (the targets' and a dependency's,
    // both compiling a generic instantiation) is one decision.
    g.chains.add(s.inlinedAt.map(fmtPos).join(' '));
    if (s.inlinedAt.length > 0) g.into.push(fmtPos(s.inlinedAt[0]!));
    groups.set(k, g);
  }
  return [...groups.values()].map((g) => ({ ...compilerNote(g.first.site, g.first.match), copies: g.chains.size, inlinedInto: [...new Set(g.into)] }));
}

function dedupeRuntimeCalls(calls: readonly RuntimeCall[]): RuntimeCallNote[] {
  const seen = new Set<string>();
  const out: RuntimeCallNote[] = [];
  for (const c of calls) {
    if (seen.has(c.call)) continue;
    seen.add(c.call);
    out.push(runtimeNote(c));
  }
  return out;
}

/** USER_FRAMES_KEPT bounds userFrames per finding (the heaviest first). */
const USER_FRAMES_KEPT = 5;

/** evidenceStatus says whether the compiler was asked about the package of a line. */
function evidenceStatus(own: boolean, pkg: string | null, coverage: EvidenceCoverage): EvidenceStatus {
  if (own) return { status: 'target' };
  if (pkg === null) return { status: 'not-collected', why: 'unknown-package' };
  if (isRuntimePackage(pkg)) return { status: 'runtime' };
  if (coverage.targets.has(pkg)) return { status: 'target' };
  if (coverage.dependencies.has(pkg)) return { status: 'dependency' };
  if (coverage.failed.has(pkg)) return { status: 'not-collected', why: 'build-failed' };
  return { status: 'not-collected', why: coverage.minShare === null ? 'disabled' : 'below-threshold' };
}

/**
 * siteReason picks the reason the evidence gives, strongest first: an
 * allocating decision, an allocating runtime call, a leaf known by its
 * function; else what is honestly known — compiled and silent, or not compiled.
 */
function siteReason(
  fn: string,
  notes: readonly CompilerNote[],
  calls: readonly RuntimeCallNote[],
  evidence: EvidenceStatus,
  harnessOnly: boolean,
  textNotRead: boolean,
): SiteReason {
  if (notes.some((n) => heapKinds.has(n.kind))) return { kind: 'compiler-decision' };
  const call = calls[0];
  if (call) return { kind: 'runtime-call', call: call.call };
  const role = knownFunctionRole(fn);
  if (role !== null) return { kind: 'known-function', function: fn, role };
  // A runtime file under another package's name (runtime.* names are runtime-internal above): runtime code linknamed there.
  if (evidence.status === 'runtime') return { kind: 'known-function', function: fn, role: 'runtime-linkname' };
  if (harnessOnly) return { kind: 'harness' };
  if (evidence.status === 'target' || evidence.status === 'dependency') return textNotRead ? { kind: 'text-not-read' } : { kind: 'no-decision' };
  return { kind: 'not-collected' };
}

/**
 * siteFindings ranks every profiled line by alloc_space (as
 * `go tool pprof -top -lines -sample_index=alloc_space` does) with the
 * compiler's decisions at that line or inlined at it, the reason, and for
 * lines outside the targets the user's frame that led there; then lists heap
 * decisions in the target packages at lines that allocated nothing.
 */
export function siteFindings(input: JoinInput): SiteFinding[] {
  const sitesByLine = indexByChain(input.evidence.sites);
  const callsByLine = groupBy(input.evidence.runtimeCalls, (c) => lineKey(c.file, c.line));
  const total = input.totals.bytes;
  const ownFiles = new Set(input.sources.flatMap((s) => s.files.map((f) => f.file)));
  const packageOfSource = new Map(input.sources.flatMap((s) => s.files.map((f) => [f.file, s.importPath] as const)));
  const packageOf = (file: string): string | null => packageOfSource.get(file) ?? input.packageOf?.(file) ?? null;
  const coverage: EvidenceCoverage = input.coverage ?? {
    targets: new Set(input.sources.map((s) => s.importPath)),
    dependencies: new Set(),
    failed: new Set(),
    minShare: null,
  };
  // Lines whose -m=2/-S text the build did not read: the listed files, and with them any generic code (pprof
  // names its instantiations F[...]), which may have been instantiated, and so compiled, in those files only.
  const leftOut = new Set(input.evidence.textLeftOut ?? []);
  const textNotRead = (file: string, fn: string): boolean => leftOut.size > 0 && (leftOut.has(file) || fn.includes('['));
  const measured = new Set<string>();
  const allocations: AllocationSiteFinding[] = input.allocations
    .filter((r) => r.bytes !== 0 || r.objects !== 0)
    .map((r) => {
      const k = lineKey(r.file, r.line);
      measured.add(k);
      const own = ownFiles.has(r.file);
      const pkg = packageOf(r.file);
      const leaf = own ? undefined : input.userFrames?.byLeaf.get(profileLineKey(r));
      const compiler = collapseCopies(sitesByLine.get(k) ?? [], new Set((leaf?.frames ?? []).map((f) => lineKey(f.file, f.line))));
      const runtimeCalls = dedupeRuntimeCalls(callsByLine.get(k) ?? []);
      const evidence = evidenceStatus(own, pkg, coverage);
      const userFrames: UserFrame[] = (leaf?.frames ?? []).slice(0, USER_FRAMES_KEPT).map((f) => ({
        function: f.function,
        file: f.file,
        line: f.line,
        allocBytes: f.bytes,
        share: total > 0 ? f.bytes / total : 0,
      }));
      return {
        kind: 'allocation-site',
        file: r.file,
        line: r.line,
        function: r.function,
        package: pkg,
        inTargets: own,
        allocBytes: r.bytes,
        allocObjects: r.objects,
        share: total > 0 ? r.bytes / total : 0,
        shareByRun: (input.rounds ?? []).map((rd) => (rd.total > 0 ? (rd.bytes.get(profileLineKey(r)) ?? 0) / rd.total : 0)),
        evidence,
        reason: siteReason(
          r.function,
          compiler,
          runtimeCalls,
          evidence,
          leaf !== undefined && leaf.frames.length === 0 && leaf.orphanBytes > 0,
          textNotRead(r.file, r.function),
        ),
        compiler,
        runtimeCalls,
        userFrame: userFrames[0] ?? null,
        userFrames,
        harnessBytes: leaf?.orphanBytes ?? 0,
      };
    });
  // pprof's order for -top -lines (FlatNameOrder): bytes descending, then the node's name
  // ("function file:line") in byte order, so ties rank as pprof ranks them.
  const nodeName = (f: AllocationSiteFinding): string => `${f.function} ${f.file}:${f.line}`;
  allocations.sort((a, b) => {
    if (b.allocBytes !== a.allocBytes) return b.allocBytes - a.allocBytes;
    const x = nodeName(a);
    const y = nodeName(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  // Only the target packages' own files: a decision inside an inlined
  // standard-library function (net/http.ListenAndServe in main) is not the
  // user's to act on.
  const unmeasured: UnmeasuredDecisionFinding[] = [];
  for (const [k, entries] of sitesByLine) {
    if (measured.has(k)) continue;
    const sites = entries.filter((e) => e.match === 'at-line').map((e) => e.site);
    if (sites.length === 0 || !ownFiles.has(sites[0]!.pos.file)) continue;
    if (!input.unmeasuredInTests && sites[0]!.pos.file.endsWith('_test.go')) continue;
    const heap = sites.filter((s) => heapKinds.has(s.kind));
    if (heap.length === 0) continue;
    const first = heap[0]!;
    unmeasured.push({
      kind: 'heap-decision-unmeasured',
      file: first.pos.file,
      line: first.pos.line,
      function: first.function,
      package: packageOf(first.pos.file),
      allocBytes: 0,
      allocObjects: 0,
      share: 0,
      compiler: sites.map((s) => compilerNote(s)),
      runtimeCalls: dedupeRuntimeCalls(callsByLine.get(k) ?? []),
    });
  }
  unmeasured.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return [...allocations, ...unmeasured];
}

/** userLineRows turns the profile's user lines into report rows with their share. */
export function userLineRows(input: JoinInput): UserLine[] {
  const total = input.totals.bytes;
  return (input.userFrames?.userLines ?? []).map((l) => ({
    function: l.function,
    file: l.file,
    line: l.line,
    flatBytes: l.flatBytes,
    flatObjects: l.flatObjects,
    cumBytes: l.cumBytes,
    cumObjects: l.cumObjects,
    cumShare: total > 0 ? l.cumBytes / total : 0,
    inTestFile: l.file.endsWith('_test.go'),
  }));
}

/** benchmarkFunction maps a result name ("BenchmarkX/sub-8") to its declaring function ("BenchmarkX"). */
export function benchmarkFunction(resultName: string): string {
  const base = resultName.split('/')[0] ?? resultName;
  const noProcs = base.replace(/-\d+$/, '');
  return noProcs.startsWith('Benchmark') ? noProcs : `Benchmark${noProcs}`;
}

/** findTwin finds g whose parameters equal f's except T where f has *T (T a map, slice or channel type). */
export function findTwin(f: GoFunction, paramIndex: number, candidates: readonly GoFunction[]): GoFunction | null {
  const target = referencePointerType(f.params[paramIndex]!.typeText);
  if (!target) return null;
  const norm = (t: string): string => t.replace(/\s+/g, '');
  const matches = candidates.filter((g) => {
    if (g === f || g.params.length !== f.params.length) return false;
    return g.params.every((gp, i) => (i === paramIndex ? norm(gp.typeText) === norm(target.target) : norm(gp.typeText) === norm(f.params[i]!.typeText)));
  });
  // Prefer the most similar name: processWithMapPtr ↔ processWithMap. A function that only shares the
  // signature (sumPtr(*[]int) and squares or sumClosure([]int)) is no twin: one name must begin with the
  // other, or they share three quarters of the shorter one.
  const common = (a: string, b: string): number => {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return i;
  };
  const related = matches.filter((g) => {
    const c = common(g.name, f.name);
    const shorter = Math.min(g.name.length, f.name.length);
    return c === shorter || c * 4 >= shorter * 3;
  });
  if (related.length === 0) return null;
  return [...related].sort((a, b) => common(b.name, f.name) - common(a.name, f.name) || a.name.localeCompare(b.name))[0]!;
}

/** intervalOf summarizes samples as benchstat does (median and 95% CI); no samples: all zero, n 0. */
export function intervalOf(values: readonly number[] | undefined, stats?: StatOptions): Interval {
  if (!values || values.length === 0) return { median: 0, low: 0, high: 0, n: 0 };
  const s = summarize(values, stats);
  return { median: s.center, low: s.low, high: s.high, n: s.n };
}

function calleeName(callee: string): string {
  // A package-local call is a bare identifier; generic instantiation f[T] is still f.
  return stripTypeArgs(callee);
}

/** measure compares the first benchmark of each side per unit (B/op, allocs/op, sec/op). */
function measure(
  subject: BenchmarkSamples,
  twin: BenchmarkSamples,
  stats: StatOptions | undefined,
): MeasuredComparison[] {
  const out: MeasuredComparison[] = [];
  for (const unit of ['B/op', 'allocs/op', 'sec/op'] as const) {
    const a = subject.samples[unit];
    const b = twin.samples[unit];
    if (!a || !b || a.length === 0 || b.length === 0) continue;
    // compareSamples(old, new): the twin is the reference, the *map version the change.
    const c = compareSamples(b, a, stats);
    out.push({
      unit,
      subject: intervalOf(a, stats),
      twin: intervalOf(b, stats),
      p: c.p,
      significant: c.significant,
      deltaPct: c.deltaPct,
    });
  }
  return out;
}

/** VerdictContext is what every *map verdict reads, indexed once. */
interface VerdictContext {
  readonly input: JoinInput;
  readonly sitesByLine: ReadonlyMap<string, readonly EscapeSite[]>;
  /** moved-to-heap decisions by function file and subject, for the &x arguments of calls. */
  readonly movedBySubject: ReadonlyMap<string, readonly EscapeSite[]>;
  readonly allocByLine: ReadonlyMap<string, number>;
  readonly benchByFunction: ReadonlyMap<string, readonly BenchmarkSamples[]>;
}

function verdictContext(input: JoinInput): VerdictContext {
  const sitesByLine = groupBy(input.evidence.sites, (s) => lineKey(s.pos.file, s.pos.line));
  const movedBySubject = groupBy(
    input.evidence.sites.filter((s) => s.kind === 'moved-to-heap'),
    (s) => `${s.pos.file}\u0000${s.subject}`,
  );
  const allocByLine = new Map<string, number>();
  for (const r of input.allocations) {
    const k = lineKey(r.file, r.line);
    allocByLine.set(k, (allocByLine.get(k) ?? 0) + r.bytes);
  }
  // Keyed by package too: two packages of one ./... run can both have BenchmarkEncode.
  const benchByFunction = groupBy(input.benchmarks, (b) => `${b.package}\u0000${benchmarkFunction(b.name)}`);
  return { input, sitesByLine, movedBySubject, allocByLine, benchByFunction };
}

/** ParamEvidence is what the compiler said about one *map parameter. */
interface ParamEvidence {
  readonly sites: readonly EscapeSite[];
  readonly leaks: readonly EscapeSite[];
  readonly noEscape: boolean;
  readonly contentOnly: boolean;
}

function paramEvidence(ctx: VerdictContext, f: GoFunction, paramIndex: number): ParamEvidence {
  const param = f.params[paramIndex]!;
  const sites = (ctx.sitesByLine.get(lineKey(f.file, param.line)) ?? []).filter((s) => s.subject === param.name);
  return {
    sites,
    leaks: sites.filter((s) => s.kind === 'leaking-param' || s.kind === 'leaks-to-result'),
    noEscape: sites.some((s) => s.kind === 'does-not-escape'),
    contentOnly: sites.length > 0 && sites.every((s) => s.kind === 'leaking-param-content' || s.kind === 'does-not-escape'),
  };
}

/** CallerEvidence is what happens at the calls that pass &x for the parameter. */
interface CallerEvidence {
  readonly calls: number;
  readonly heapCallSites: MapPointerFinding['heapCallSites'];
  readonly otherCauses: readonly VerdictReason[];
}

/**
 * callerEvidence looks at every call of f that passes &x for the parameter:
 * x moved to the heap through this call (its flow has the call as a call
 * parameter, or the parameter leaks) is a heap call site; moved for another
 * reason, the compiler's cause is kept as a reason.
 */
function callerEvidence(ctx: VerdictContext, fns: readonly GoFunction[], f: GoFunction, paramIndex: number, leaks: readonly EscapeSite[]): CallerEvidence {
  const heapCallSites: MapPointerFinding['heapCallSites'][number][] = [];
  const otherCauses: VerdictReason[] = [];
  let calls = 0;
  const paramLeaks = leaks.some((s) => s.kind === 'leaking-param');
  for (const g of fns) {
    for (const call of g.calls) {
      if (calleeName(call.callee) !== f.name) continue;
      const v = call.args[paramIndex]?.addressOf;
      if (!v) continue;
      calls++;
      const moved = (ctx.movedBySubject.get(`${g.file}\u0000${v}`) ?? []).find((s) => s.pos.line >= g.startLine && s.pos.line <= g.endLine);
      if (!moved) continue;
      const throughThisCall = moved.flow.some((st) => st.pos?.file === g.file && st.pos.line === call.line && st.reason === 'call parameter');
      if (throughThisCall || paramLeaks) {
        heapCallSites.push({ file: g.file, line: moved.pos.line, function: g.name, variable: v, allocBytes: ctx.allocByLine.get(lineKey(g.file, moved.pos.line)) ?? 0 });
      } else {
        otherCauses.push({ kind: 'other-cause', variable: v, function: g.name, line: moved.pos.line, cause: { kind: moved.cause.kind, story: moved.cause.story } });
      }
    }
  }
  return { calls, heapCallSites, otherCauses };
}

/** TwinEvidence is the function's own benchmarks measured against its by-value twin's. */
interface TwinEvidence {
  readonly twin: GoFunction | null;
  readonly subjectBenches: readonly GoFunction[];
  readonly twinBenches: readonly GoFunction[];
  readonly subjectRun: BenchmarkSamples | null;
  readonly twinRun: BenchmarkSamples | null;
  readonly measured: readonly MeasuredComparison[];
}

function twinEvidence(ctx: VerdictContext, src: PackageSource, fns: readonly GoFunction[], f: GoFunction, paramIndex: number): TwinEvidence {
  const benchFns = fns.filter((b) => b.isBenchmark);
  const calls = (b: GoFunction, name: string): boolean => b.calls.some((c) => calleeName(c.callee) === name);
  const twin = findTwin(f, paramIndex, fns);
  // A benchmark that calls both says nothing about either.
  const subjectBenches = benchFns.filter((b) => calls(b, f.name) && (!twin || !calls(b, twin.name)));
  const twinBenches = twin ? benchFns.filter((b) => calls(b, twin.name) && !calls(b, f.name)) : [];
  const runsOf = (b: GoFunction): readonly BenchmarkSamples[] => ctx.benchByFunction.get(`${src.importPath}\u0000${b.name}`) ?? [];
  const subjectRun = subjectBenches.flatMap(runsOf)[0] ?? null;
  const twinRun = twinBenches.flatMap(runsOf)[0] ?? null;
  const measured = subjectRun && twinRun ? measure(subjectRun, twinRun, ctx.input.stats) : [];
  return { twin, subjectBenches, twinBenches, subjectRun, twinRun, measured };
}

/**
 * decide turns the three kinds of evidence into a verdict and its reasons,
 * most decisive first: confirmed when a caller's map is moved to the heap
 * because of the parameter; refuted when the parameter does not escape and the
 * benchmarks allocate no more than the twin's; not measurable otherwise.
 */
function decide(f: GoFunction, param: string, p: ParamEvidence, c: CallerEvidence, t: TwinEvidence): { verdict: Verdict; reasons: VerdictReason[] } {
  if (p.leaks.some((s) => s.kind === 'leaking-param') || c.heapCallSites.length > 0) {
    return {
      verdict: 'confirmed',
      reasons: [
        ...p.leaks.map((s): VerdictReason => ({ kind: 'param-leaks', message: s.message, cause: { kind: s.cause.kind, story: s.cause.story } })),
        ...c.heapCallSites.map((h): VerdictReason => ({ kind: 'caller-moved', variable: h.variable, function: h.function, line: h.line, allocBytes: h.allocBytes })),
        ...c.otherCauses,
      ],
    };
  }
  if (!p.noEscape && !p.contentOnly) {
    return { verdict: 'not-measurable', reasons: [{ kind: 'no-compiler-evidence', param, function: f.name }, ...c.otherCauses] };
  }
  const reasons: VerdictReason[] = [{ kind: 'param-does-not-escape', param, contentOnly: p.contentOnly && !p.noEscape }];
  if (c.calls > 0 && c.otherCauses.length === 0) reasons.push({ kind: 'no-caller-moved', callSites: c.calls });
  // go test's allocs/op is mallocs / b.N rounded down: 0 on both sides means fewer than one allocation per op,
  // so their B/op is one-time bytes (setup, the runtime's own) spread over b.N, which moves with b.N, not a cost per op.
  const allocs = t.measured.find((m) => m.unit === 'allocs/op');
  const amortizedOnly = allocs !== undefined && allocs.subject.median < 1 && allocs.twin.median < 1;
  // A rise from 0 (deltaPct null, benchstat's "?") is more too: 512 B/op against none refutes nothing.
  const worse = t.measured.filter((m) => m.unit !== 'sec/op' && m.significant && m.subject.median > m.twin.median && !(m.unit === 'B/op' && amortizedOnly));
  if (worse.length > 0) {
    for (const m of worse) {
      reasons.push({
        kind: 'measured-more',
        subject: t.subjectRun!.name,
        twin: t.twinRun!.name,
        unit: m.unit,
        subjectMedian: m.subject.median,
        twinMedian: m.twin.median,
        deltaPct: m.deltaPct,
        p: m.p,
      });
    }
    return { verdict: 'not-measurable', reasons: [...reasons, ...c.otherCauses] };
  }
  if (t.measured.length > 0) {
    for (const m of t.measured.filter((x) => x.unit !== 'sec/op')) {
      reasons.push({ kind: 'measured', unit: m.unit, subjectMedian: m.subject.median, twinMedian: m.twin.median, significant: m.significant, deltaPct: m.deltaPct, p: m.p });
    }
  } else {
    reasons.push({ kind: 'not-measured', function: f.name, twin: t.twin?.name ?? null });
  }
  return { verdict: 'refuted', reasons: [...reasons, ...c.otherCauses] };
}

/** POINTER_PARAM_KINDS names each reference type's finding kind. */
const POINTER_PARAM_KINDS = { map: 'map-pointer-param', slice: 'slice-pointer-param', chan: 'chan-pointer-param' } as const;

/**
 * mapPointerVerdicts judges every pointer-to-reference-type parameter
 * (`*map[K]V`, `*[]T`, `*chan T`) of the target packages from its compiler
 * evidence, its callers' and its benchmarks against the by-value twin's (see
 * decide). The map, slice header or channel value is already small and
 * passed by value; the pointer costs only when it escapes.
 */
export function mapPointerVerdicts(input: JoinInput): MapPointerFinding[] {
  const ctx = verdictContext(input);
  const out: MapPointerFinding[] = [];
  for (const src of input.sources) {
    const fns = allFunctions(src);
    for (const f of fns) {
      f.params.forEach((param, idx) => {
        const ref = param.variadic ? null : referencePointerType(param.typeText);
        if (!ref) return;
        const p = paramEvidence(ctx, f, idx);
        const c = callerEvidence(ctx, fns, f, idx, p.leaks);
        const t = twinEvidence(ctx, src, fns, f, idx);
        const { verdict, reasons } = decide(f, param.name, p, c, t);
        out.push({
          kind: POINTER_PARAM_KINDS[ref.kind],
          file: f.file,
          line: param.line,
          column: param.column,
          function: f.name,
          param: param.name,
          paramType: param.typeText,
          verdict,
          summary: { kind: verdict, function: f.name, param: param.name, measured: t.measured.length > 0, ...(ref.kind === 'map' ? {} : { pointer: param.typeText }) },
          reasons,
          compiler: p.sites.map((s) => compilerNote(s)),
          heapCallSites: c.heapCallSites,
          twin: t.twin?.name ?? null,
          benchmarks: { subject: t.subjectBenches.map((b) => b.name), twin: t.twinBenches.map((b) => b.name) },
          measured: t.measured,
        });
      });
    }
  }
  return out;
}

/** join produces the findings and verdicts check reports. */
export function join(input: JoinInput): JoinResult {
  return { findings: siteFindings(input), userLines: userLineRows(input), verdicts: mapPointerVerdicts(input) };
}

/**
 * compilerNotesAt looks up the decisions joined to a line as the findings
 * join them (recorded at the line or inlined at it, copies collapsed); the
 * assertions read it.
 */
export function compilerNotesAt(sites: readonly EscapeSite[]): (file: string, line: number) => CompilerNote[] {
  const byLine = indexByChain(sites);
  return (file, line) => collapseCopies(byLine.get(lineKey(file, line)) ?? []);
}
