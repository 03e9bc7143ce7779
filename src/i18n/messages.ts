// messages.ts is the shape of a message catalogue: every sentence a check
// renderer prints from typed reason records. A catalogue is a value of type
// Messages, so a reason kind without its sentence, in any language, does not
// compile. English is en.ts; the workbench adds zh-CN on the same type.
import type { KnownFunctionRole, NotCollectedWhy, VerdictReason, VerdictSummary } from '../verify/check-report.js';
import type { Verdict } from '../verify/finding-kinds.js';
import type { MalformedWhy } from '../source/directives.js';
import type { RuleFix } from '../source/rules.js';
import type { RuleReason, RuleVerdict } from '../verify/rule-report.js';
import type { AllocsRun, AssertionResult, AssertionStatus, InlineCallResult, LineCost, NotJudgedWhy, PackageMalformed } from '../verify/assertions.js';

/** MessageFor maps each member of a tagged union to the function that words it. */
export type MessageFor<U extends { readonly kind: string }> = { readonly [K in U['kind']]: (r: Extract<U, { kind: K }>) => string };

/** Messages is one language's catalogue. */
export interface Messages {
  /** Why a *map verdict came out as it did: one sentence a reader can repeat. */
  readonly verdictSummary: Readonly<Record<Verdict, (s: VerdictSummary) => string>>;
  /** Each piece of evidence behind a verdict. */
  readonly verdictReason: MessageFor<VerdictReason>;
  /** Why a leaf known by its function allocates. */
  readonly knownFunction: Readonly<Record<KnownFunctionRole, string>>;
  /** A line no stack through the targets reached. */
  readonly harness: string;
  /** A line compiled with diagnostics where the compiler named nothing. */
  readonly noDecision: string;
  /** Why a line's package has no compiler evidence, and how to get it (depsMin: --deps-min, 0..1). */
  readonly notCollected: Readonly<Record<NotCollectedWhy, (pkg: string, depsMin: number | null) => string>>;
  /** Source assertions (//heapsight:noescape, inline, allocs N). */
  readonly assertion: AssertionMessages;
  /** A rule verdict as a label ("confirmed", "not exercised"). */
  readonly ruleVerdict: Readonly<Record<RuleVerdict, string>>;
  /** Each piece of evidence behind a rule verdict. */
  readonly ruleReason: MessageFor<RuleReason>;
  /** A rule's mechanical fix in one line. */
  readonly ruleFix: MessageFor<RuleFix>;
}

/** AssertionMessages words assertion results; `where` arguments are positions the renderer has already made relative. */
export interface AssertionMessages {
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

