// rule-report.ts is the part of check's model that holds the anti-pattern
// rules' verdicts: one RuleFinding per hit, with the evidence that decided it
// as typed reasons (renderers word them) and the fix record an experiment
// needs. Immutable once built.
import type { RuleFix, RuleKind, ConversionContext } from '../source/rules.js';
import type { CompilerNote, RuntimeCallNote } from './check-report.js';
import type { BenchmarkChange } from './change-report.js';

/** TestOutcome is one test whose result differs between the original and the fixed code. */
export interface TestOutcome {
  readonly name: string;
  readonly before: 'pass' | 'fail' | 'skip' | 'absent';
  readonly after: 'pass' | 'fail' | 'skip' | 'absent';
}

/**
 * RuleExperiment is a fix measured before anyone applies it (check
 * --experiment): measured (the benchmarks that ran the hit, interleaved on the
 * original and the fixed build), does-not-build, changes-test-results (a
 * passing test fails with the fix: not measured), no-benchmark, not-mechanical
 * (the fix touches more than its spans: not applied unattended), interrupted.
 */
export interface RuleExperiment {
  readonly status: 'measured' | 'does-not-build' | 'changes-test-results' | 'no-benchmark' | 'not-mechanical' | 'interrupted';
  /** The fix as a unified diff relative to the repository root ("" when not mechanical). */
  readonly patch: string;
  readonly buildErrors: string | null;
  readonly tests: readonly TestOutcome[];
  /** Each benchmark before → after, with benchstat's statistics. */
  readonly benchmarks: readonly BenchmarkChange[];
}

/**
 * RuleVerdict is how a hit came out once measured: confirmed (its line, or
 * the callees it calls, allocated under the benchmarks), refuted (the
 * benchmarks ran it and it allocated nothing there, or the compiler shows it
 * cannot allocate), not-exercised (a coverage run of the benchmarks never ran
 * it), not-measurable (no coverage for the line and no bytes: absence of
 * samples alone decides nothing).
 */
export type RuleVerdict = 'confirmed' | 'refuted' | 'not-exercised' | 'not-measurable';

export const RULE_VERDICTS: readonly RuleVerdict[] = ['confirmed', 'refuted', 'not-exercised', 'not-measurable'];

/** RuleMeasurement is what the benchmarks measured at a hit. */
export interface RuleMeasurement {
  /** Bytes and objects charged to the hit (its line, or its line and callees: see `through`) in the merged heap profile. */
  readonly allocBytes: number;
  readonly allocObjects: number;
  /** allocBytes as 0..1 of the profile's total alloc_space. */
  readonly share: number;
  /** 'line': allocations at the line itself; 'callees': the line and what it calls (the user-frame attribution). */
  readonly through: 'line' | 'callees';
  /** Iterations (b.N summed over the profiling rounds) of the benchmarks that ran the hit; 0 when unknown. */
  readonly ops: number;
  /** allocBytes / ops and allocObjects / ops; null when ops is unknown. */
  readonly bytesPerOp: number | null;
  readonly allocsPerOp: number | null;
  /** True or false from the coverage run; null when no coverage block holds the hit (or no coverage run). */
  readonly exercised: boolean | null;
  /** The top-level benchmarks whose coverage run executed the hit. */
  readonly exercisedBy: readonly string[];
  /** How often the hit's block ran in the coverage runs (one iteration each, -benchtime 1x, setup included). */
  readonly executions: number | null;
}

/** RuleReason is one piece of evidence behind a rule verdict, with the values it cites. */
export type RuleReason =
  /** The heap profile charges bytes to the hit. */
  | {
      readonly kind: 'allocates';
      readonly allocBytes: number;
      readonly allocObjects: number;
      readonly share: number;
      readonly bytesPerOp: number | null;
      readonly allocsPerOp: number | null;
      readonly through: 'line' | 'callees';
    }
  /** The benchmarks ran the hit and the profile charges nothing to it, at this sampling rate. */
  | { readonly kind: 'allocates-nothing'; readonly executions: number | null; readonly benchmarks: readonly string[]; readonly memProfileRate: number }
  /** Fewer objects than minAllocsPerOp per op: allocations now and then (a pool refilled after a GC, first-call setup), not per op. */
  | { readonly kind: 'occasional'; readonly allocBytes: number; readonly allocObjects: number; readonly ops: number; readonly minAllocsPerOp: number }
  /** The hit is in an init function: it runs once per process, before any benchmark (and before -test.memprofilerate applies). */
  | { readonly kind: 'package-init' }
  /** The coverage run of every benchmark never executed the hit. */
  | { readonly kind: 'not-exercised'; readonly benchmarks: number }
  /** No coverage block holds the hit: in a _test.go file (not instrumented), coverage off or failed. */
  | { readonly kind: 'no-coverage'; readonly why: 'test-file' | 'off' | 'no-block' }
  /** No heap profile was taken, so no bytes are known. */
  | { readonly kind: 'no-profile' }
  /** Map growth at the insert: bytes the runtime allocated as the map outgrew its table (a size hint removes them). */
  | { readonly kind: 'map-growth'; readonly allocBytes: number; readonly allocObjects: number }
  /** Only the first group of a small map was allocated at the insert: a size hint does not remove it. */
  | { readonly kind: 'first-group-only'; readonly allocBytes: number; readonly allocObjects: number }
  /** The compiled code copies here: the allocating runtime call at the line. */
  | { readonly kind: 'runtime-call'; readonly call: string }
  /** The compiler emitted no copying call for the conversion at this line: it reuses the bytes (m[string(b)], comparisons) or the copy fits a stack buffer. */
  | { readonly kind: 'conversion-elided'; readonly direction: 'bytes-to-string' | 'string-to-bytes'; readonly context: ConversionContext }
  /** Put boxes nothing: no convT call and no escape to an interface at the line (the pool holds pointers). */
  | { readonly kind: 'pool-boxes-nothing' }
  /** Put boxes its argument (convT*, or the compiler's interface-conversion escape). */
  | { readonly kind: 'pool-boxes'; readonly call: string | null }
  /** Captured variables the compiler moved to the heap, or the closure itself escaping. */
  | { readonly kind: 'captured-to-heap'; readonly variables: readonly string[]; readonly closureEscapes: boolean }
  /** Every captured variable stays on the stack and the closure does not escape. */
  | { readonly kind: 'captured-on-stack'; readonly variables: readonly string[] };

/** RuleFinding is one hit of a rule, its verdict and the evidence. */
export interface RuleFinding {
  readonly kind: RuleKind;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly function: string;
  readonly package: string;
  /** The code as written, on one line. */
  readonly subject: string;
  /** The enclosing loop's known length (len(xs), n) for the loop rules; null otherwise. */
  readonly length: string | null;
  readonly verdict: RuleVerdict;
  /** Most decisive first. */
  readonly reasons: readonly RuleReason[];
  readonly measured: RuleMeasurement;
  /** The compiler's decisions at the hit's lines (a closure's captured variables at their declarations). */
  readonly compiler: readonly CompilerNote[];
  readonly runtimeCalls: readonly RuntimeCallNote[];
  /** The mechanical fix (check --experiment applies it in a temporary copy); null when there is none. */
  readonly fix: RuleFix | null;
  /** With check --experiment, for a confirmed hit with a fix: the fix measured. */
  readonly experiment?: RuleExperiment;
}

/** CoverageSummary says whether the coverage run that decides "not exercised" ran, and over what. */
export interface CoverageSummary {
  /** One process per top-level benchmark (-benchtime 1x) of a binary built with -cover. */
  readonly benchmarks: number;
  /** Packages whose coverage build or run failed (their hits fall back to not-measurable when nothing was sampled). */
  readonly failed: readonly string[];
}
