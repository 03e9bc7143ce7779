// assertions.ts checks the directives in source (//heapsight:noescape,
// //heapsight:inline, //heapsight:allocs N) against one revision's evidence:
// the compiler's decisions and, where measured, the benchmarks and the heap
// profile's allocation sites. Pure: typed results that cite their evidence
// (the compiler's decision with its cause and flow, the samples and their
// interval, the bytes the line allocated); renderers word them.
import { ESCAPE_KINDS, type CompilerEvidence, type InlineDecision } from '../escape/model.js';
import type { StatOptions } from '../bench/statistics.js';
import type { DirectivePos, InlineCallSite, MalformedDirective, PackageDirectives, ResolvedInlineDirective } from '../source/directives.js';
import type { CompilerNote, Interval, SiteFinding } from './check-report.js';
import { benchmarkFunction, compilerNotesAt, intervalOf, type BenchmarkSamples } from './join.js';

/**
 * AssertionStatus: held — the evidence shows what the directive asserts;
 * failed — it shows the opposite; not-measured — an allocs budget without
 * benchmark runs; not-compiled — the compiler said nothing it could be judged by.
 */
export type AssertionStatus = 'held' | 'failed' | 'not-measured' | 'not-compiled';

/**
 * NotJudgedWhy says why an assertion has no verdict.
 * file-not-compiled: the directive's file was not in the diagnostic build
 * (build tags, test files of a build without tests); no-inlining-evidence:
 * the build recorded no inlining verdict for the function (builds of more
 * than 64 packages read no -m text); static: no benchmark ran (`escape`
 * reads only the compiler; `check` measures); not-run: benchmarks ran, this
 * one did not (--bench, or it failed); no-allocs-unit: its results carry no
 * allocs/op.
 */
export type NotJudgedWhy = 'file-not-compiled' | 'no-inlining-evidence' | 'static' | 'not-run' | 'no-allocs-unit';

/** LineCost is what the heap profile measured at a line: its allocation-site finding, when there is one. */
export interface LineCost {
  readonly allocBytes: number;
  readonly allocObjects: number;
  /** 0..1 of the profile's total alloc_space. */
  readonly share: number;
  /** Allocating runtime calls the compiled code makes at the line (runtime.growslice, …). */
  readonly runtimeCalls: readonly string[];
}

/** NoescapeResult judges //heapsight:noescape: no heap decision (moved to heap, escapes to heap) at the line. */
export interface NoescapeResult {
  readonly kind: 'noescape';
  readonly pos: DirectivePos;
  readonly package: string;
  readonly line: number;
  readonly function: string | null;
  readonly status: AssertionStatus;
  readonly why: NotJudgedWhy | null;
  /** The heap decisions at the line (recorded there or inlined there), with cause and flow; empty when it held. */
  readonly decisions: readonly CompilerNote[];
  /** The bytes the line allocated in the heap profile (check); null when not profiled or it allocated nothing. */
  readonly cost: LineCost | null;
}

/** InlineCallResult is one call of an inline-asserted function and whether the compiler inlined it there. */
export interface InlineCallResult extends InlineCallSite {
  readonly inlined: boolean;
}

/** InlineVerdict is the compiler's verdict on the function itself. */
export type InlineVerdict =
  | { readonly kind: 'can-inline'; readonly cost: number | null }
  /** reason is the compiler's, as it wrote it ("function too complex: cost 95 exceeds budget 80", "marked go:noinline"). */
  | { readonly kind: 'cannot-inline'; readonly reason: string };

/** InlineResult judges //heapsight:inline: every call in the package inlined ("inlining call to" at each call's "("). */
export interface InlineResult {
  readonly kind: 'inline';
  readonly pos: DirectivePos;
  readonly package: string;
  readonly function: string;
  readonly functionLine: number;
  readonly status: AssertionStatus;
  readonly why: NotJudgedWhy | null;
  readonly verdict: InlineVerdict | null;
  /** Every call found, in source order; failed calls are those with inlined false. */
  readonly calls: readonly InlineCallResult[];
  /** Calls the compiler inlined at positions the source scan did not name (through a function value, say). */
  readonly inlinedElsewhere: number;
}

/** AllocsRun is one benchmark result (a sub-benchmark has its own) measured against the budget. */
export interface AllocsRun {
  /** The result's name as the benchmark printed it ("BenchmarkEncode/small"). */
  readonly benchmark: string;
  /** allocs/op of each measured run, in run order. */
  readonly samples: readonly number[];
  readonly allocsPerOp: Interval;
  readonly bytesPerOp: Interval;
  /** The median allocs/op is at most the budget. */
  readonly withinBudget: boolean;
}

/** AllocsResult judges //heapsight:allocs N: the median allocs/op over the measured runs at most N. */
export interface AllocsResult {
  readonly kind: 'allocs';
  readonly pos: DirectivePos;
  readonly package: string;
  readonly benchmark: string;
  readonly max: number;
  readonly status: AssertionStatus;
  readonly why: NotJudgedWhy | null;
  readonly runs: readonly AllocsRun[];
}

/** AssertionResult is one directive's verdict. */
export type AssertionResult = NoescapeResult | InlineResult | AllocsResult;

/** PackageMalformed is a malformed directive with its package. */
export interface PackageMalformed extends MalformedDirective {
  readonly package: string;
}

/** AssertionReport is every directive of the packages: the judged and the malformed. */
export interface AssertionReport {
  readonly results: readonly AssertionResult[];
  readonly malformed: readonly PackageMalformed[];
}

/** AssertionFindingKind names the findings assertions add to the catalogue (finding-kinds.ts). */
export type AssertionFindingKind = 'assertion-failed' | 'malformed-directive';

/** AssertionInput is one revision's directives and evidence. */
export interface AssertionInput {
  readonly directives: readonly PackageDirectives[];
  readonly evidence: CompilerEvidence;
  /** The benchmark runs (check, change); without them allocs budgets are not measured. */
  readonly benchmarks?: readonly BenchmarkSamples[];
  /** The allocation-site findings of the same run: the measured cost of a failed noescape. */
  readonly findings?: readonly SiteFinding[];
  /** The files the diagnostic build compiled; default: every directive's file. */
  readonly compiledFiles?: ReadonlySet<string>;
  readonly stats?: StatOptions;
}

const plain = (s: string): string => s.replace(/^\(\*([^)]*)\)\./, '$1.');

/** sameFunction: the compiler's callee ("add", "asx.Add", "(*T).Get") names the local function ("(*T).Get"). */
function sameFunction(callee: string, local: string): boolean {
  const c = plain(callee.replace(/\[[^\]]*\]/g, ''));
  const l = plain(local);
  return c === l || (c.endsWith(`.${l}`) && !c.slice(0, -l.length - 1).includes('('));
}

function posKey(file: string, line: number, column: number): string {
  return `${file}\u0000${line}\u0000${column}`;
}

function noescape(d: { pos: DirectivePos; line: number; function: string | null }, pkg: string, compiled: boolean, notesAt: (file: string, line: number) => CompilerNote[], findings: readonly SiteFinding[]): NoescapeResult {
  const site = findings.find((f) => f.kind === 'allocation-site' && f.file === d.pos.file && f.line === d.line);
  const cost: LineCost | null =
    site && site.allocBytes > 0
      ? { allocBytes: site.allocBytes, allocObjects: site.allocObjects, share: site.share, runtimeCalls: site.runtimeCalls.map((c) => c.call) }
      : null;
  const base = { kind: 'noescape' as const, pos: d.pos, package: pkg, line: d.line, function: d.function, cost };
  if (!compiled) return { ...base, status: 'not-compiled', why: 'file-not-compiled', decisions: [] };
  const decisions = notesAt(d.pos.file, d.line).filter((n) => ESCAPE_KINDS[n.kind].allocates);
  return { ...base, status: decisions.length > 0 ? 'failed' : 'held', why: null, decisions };
}

function inline(d: ResolvedInlineDirective, pkg: string, compiled: boolean, inlining: readonly InlineDecision[]): InlineResult {
  const base = { kind: 'inline' as const, pos: d.pos, package: pkg, function: d.function, functionLine: d.functionLine };
  const verdicts = inlining.filter((x) => (x.kind === 'can-inline' || x.kind === 'cannot-inline') && x.pos.file === d.pos.file && x.pos.line === d.functionLine);
  const can = verdicts.find((x) => x.kind === 'can-inline');
  const cannot = verdicts.find((x) => x.kind === 'cannot-inline');
  const verdict: InlineVerdict | null = can
    ? { kind: 'can-inline', cost: can.cost ?? null }
    : cannot
      ? { kind: 'cannot-inline', reason: cannot.reason ?? '' }
      : null;
  const inlinedAt = new Set(
    inlining.filter((x) => x.kind === 'inlined-call' && sameFunction(x.function, d.function)).map((x) => posKey(x.pos.file, x.pos.line, x.pos.column)),
  );
  const found = [
    ...d.calls.map((c) => ({ ...c, inlined: inlinedAt.has(posKey(c.file, c.line, c.column)) })),
    // A call the source could not tie to this method counts once the compiler names it.
    ...d.ambiguous.filter((c) => inlinedAt.has(posKey(c.file, c.line, c.column))).map((c) => ({ ...c, inlined: true })),
  ].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  const named = new Set(found.map((c) => posKey(c.file, c.line, c.column)));
  // -m reports a call inside inlined code at the outermost call site: a note for this function at a
  // position where another function was inlined too is a copy from that function's body, not a new call.
  const carriers = new Set(
    inlining.filter((x) => x.kind === 'inlined-call' && !sameFunction(x.function, d.function)).map((x) => posKey(x.pos.file, x.pos.line, x.pos.column)),
  );
  const inlinedElsewhere = [...inlinedAt].filter((k) => !named.has(k) && !carriers.has(k)).length;
  if (!compiled) return { ...base, status: 'not-compiled', why: 'file-not-compiled', verdict: null, calls: found.map((c) => ({ ...c, inlined: false })), inlinedElsewhere: 0 };
  if (verdict === null) return { ...base, status: 'not-compiled', why: 'no-inlining-evidence', verdict, calls: found, inlinedElsewhere };
  const failed = verdict.kind === 'cannot-inline' || found.some((c) => !c.inlined);
  return { ...base, status: failed ? 'failed' : 'held', why: null, verdict, calls: found, inlinedElsewhere };
}

function allocs(d: { pos: DirectivePos; benchmark: string; max: number }, pkg: string, compiled: boolean, benchmarks: readonly BenchmarkSamples[] | undefined, stats: StatOptions | undefined): AllocsResult {
  const base = { kind: 'allocs' as const, pos: d.pos, package: pkg, benchmark: d.benchmark, max: d.max };
  if (!compiled) return { ...base, status: 'not-compiled', why: 'file-not-compiled', runs: [] };
  if (benchmarks === undefined) return { ...base, status: 'not-measured', why: 'static', runs: [] };
  const mine = benchmarks.filter((b) => b.package === pkg && benchmarkFunction(b.name) === d.benchmark);
  if (mine.length === 0) return { ...base, status: 'not-measured', why: 'not-run', runs: [] };
  const runs: AllocsRun[] = [];
  for (const b of mine) {
    const samples = b.samples['allocs/op'];
    if (!samples || samples.length === 0) continue;
    const allocsPerOp = intervalOf(samples, stats);
    runs.push({ benchmark: b.name, samples: [...samples], allocsPerOp, bytesPerOp: intervalOf(b.samples['B/op'], stats), withinBudget: allocsPerOp.median <= d.max });
  }
  if (runs.length === 0) return { ...base, status: 'not-measured', why: 'no-allocs-unit', runs };
  return { ...base, status: runs.every((r) => r.withinBudget) ? 'held' : 'failed', why: null, runs };
}

/**
 * checkAssertions judges every directive of the packages against one
 * revision's evidence. `check` passes its benchmarks and findings; `escape`
 * only the compiler's evidence (allocs budgets are then not measured);
 * `change` the new revision's.
 */
export function checkAssertions(input: AssertionInput): AssertionReport {
  const notesAt = compilerNotesAt(input.evidence.sites);
  const findings = input.findings ?? [];
  const compiled = (file: string): boolean => input.compiledFiles === undefined || input.compiledFiles.has(file);
  const results: AssertionResult[] = [];
  const malformed: PackageMalformed[] = [];
  for (const p of input.directives) {
    for (const d of p.directives) {
      switch (d.kind) {
        case 'malformed':
          malformed.push({ ...d, package: p.importPath });
          break;
        case 'noescape':
          results.push(noescape(d, p.importPath, compiled(d.pos.file), notesAt, findings));
          break;
        case 'inline':
          results.push(inline(d, p.importPath, compiled(d.pos.file), input.evidence.inlining));
          break;
        case 'allocs':
          results.push(allocs(d, p.importPath, compiled(d.pos.file), input.benchmarks, input.stats));
          break;
      }
    }
  }
  return { results, malformed };
}

/** assertionsFail says whether a report fails `--fail-on assertion`: an assertion failed, or a directive cannot be checked as written. */
export function assertionsFail(r: AssertionReport): boolean {
  return r.malformed.length > 0 || r.results.some((x) => x.status === 'failed');
}
