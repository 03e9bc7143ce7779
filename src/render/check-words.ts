// check-words.ts turns check's typed reasons into the sentences every check
// renderer (text, Markdown, HTML, SARIF) prints, so the words are written
// once, in the catalogue the renderer is handed (en, zh-CN).
import { displayName, type PackageNames } from '../go-symbol.js';
import { formatCount, formatPercent } from '../human-units.js';
import type { BenchmarkRow, CheckReport, CompilerNote, SiteFinding, UserFrame, VerdictReason, VerdictSummary } from '../verify/check-report.js';
import type { Messages } from '../i18n/messages.js';
import { runtimeReason, storyText } from './cause-words.js';
import type { RuleExperiment, RuleFinding, RuleReason, RuleVerdict } from '../verify/rule-report.js';
import type { RuleFix } from '../source/rules.js';

/** summaryText words a verdict's one-sentence summary. */
export function summaryText(messages: Messages, s: VerdictSummary): string {
  return messages.verdictSummary[s.kind](s);
}

/** reasonText words one piece of evidence behind a verdict. */
export function reasonText(messages: Messages, r: VerdictReason): string {
  return (messages.verdictReason[r.kind] as (x: VerdictReason, m: Messages) => string)(r, messages);
}

/** short is a function as readers say it, with the report's package names. */
export function short(r: Pick<CheckReport, 'packageNames'>, fn: string): string {
  return displayName(fn, r.packageNames);
}

/** noteLine is a compiler decision in plain words; a decision recorded in an inlined callee says so. */
export function noteLine(m: Messages, n: CompilerNote, names: PackageNames = {}): string {
  const story = n.kind === 'does-not-escape' ? m.cause.doesNotEscape(n.subject) : storyText(m, n.cause.story);
  // One decision stands for its copies in every caller the code was inlined into.
  const callers = n.inlinedInto.length;
  const copies = n.copies > 1 ? m.check.copies(callers, callers === n.copies) : '';
  if (n.match !== 'inlined-here') return story + copies;
  const callee = n.function !== '' ? displayName(n.function, names) : null;
  return m.check.inlinedHere(story, callee, `${base(n.file)}:${n.line}`) + copies;
}

function base(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

/**
 * missingReason is what is honestly known about a line with no decision and
 * no runtime call: compiled and silent, or never compiled with diagnostics
 * (and how to change that). Null when the finding has a reason.
 */
export function missingReason(messages: Messages, f: SiteFinding, depsMin: number | null): string | null {
  if (f.kind !== 'allocation-site') return null;
  const r = f.reason;
  switch (r.kind) {
    case 'compiler-decision':
    case 'runtime-call':
      return null;
    case 'known-function':
      return messages.knownFunction[r.role];
    case 'harness':
      return messages.harness;
    case 'no-decision':
      return messages.noDecision;
    case 'text-not-read':
      return messages.textNotRead;
    case 'not-collected': {
      // The reason is not-collected only when the evidence status is (a runtime line is a known function).
      const why = f.evidence.status === 'not-collected' ? f.evidence.why : 'unknown-package';
      return messages.notCollected[why](f.package ?? messages.check.itsPackage, depsMin);
    }
  }
}

/** siteReason is the first reason a site allocates: a compiler decision, else an allocating runtime call, else what is known. */
export function siteReason(m: Messages, f: SiteFinding, names: PackageNames = {}, depsMin: number | null = null): string {
  const n = f.compiler.find((c) => c.kind !== 'does-not-escape') ?? f.compiler[0];
  if (n) return noteLine(m, n, names);
  const c = f.runtimeCalls[0];
  if (c) return `${c.call}: ${runtimeReason(m, c)}`;
  return missingReason(m, f, depsMin) ?? m.check.noEvidence;
}

/** userFrameLine tells which of the user's lines led to a finding outside the targets. */
export function userFrameLine(m: Messages, f: SiteFinding, names: PackageNames, rel: (file: string) => string): string | null {
  if (f.kind !== 'allocation-site' || f.inTargets) return null;
  const u = f.userFrame;
  if (u === null) {
    // A harness-only line says so in its reason; a mixed one is not possible without a user frame.
    return null;
  }
  const part = f.allocBytes > 0 && u.allocBytes < f.allocBytes ? formatPercent(u.allocBytes / f.allocBytes, 0) : null;
  return m.check.userFrame(displayName(u.function, names), `${rel(u.file)}:${u.line}`, part, f.userFrames.length - 1);
}

/** userFrameBrief is a user frame in a table cell. */
export function userFrameBrief(u: UserFrame | null, names: PackageNames, rel: (file: string) => string): string {
  return u === null ? '' : `${displayName(u.function, names)} ${rel(u.file)}:${u.line}`;
}

/** benchLabel names a benchmark in a table, as benchstat does (without "Benchmark"). */
export function benchLabel(b: BenchmarkRow): string {
  return b.name.replace(/^Benchmark/, '');
}

/** byPackage groups benchmark rows by package, in the order the packages ran. */
export function byPackage(rows: readonly BenchmarkRow[]): { pkg: string; rows: BenchmarkRow[] }[] {
  const groups: { pkg: string; rows: BenchmarkRow[] }[] = [];
  for (const b of rows) {
    const g = groups.find((x) => x.pkg === b.package);
    if (g) g.rows.push(b);
    else groups.push({ pkg: b.package, rows: [b] });
  }
  return groups;
}

/** multiPackage is true when the benchmarks come from more than one package. */
export function multiPackage(r: Pick<CheckReport, 'benchmarks'>): boolean {
  return new Set(r.benchmarks.map((b) => b.package)).size > 1;
}

/** metricUnits lists the custom units any benchmark reported, in a stable order. */
export function metricUnits(r: Pick<CheckReport, 'benchmarks'>): string[] {
  return [...new Set(r.benchmarks.flatMap((b) => Object.keys(b.metrics)))].sort();
}

/** ruleVerdictLabel words a rule verdict ("not exercised"). */
export function ruleVerdictLabel(m: Messages, v: RuleVerdict): string {
  return m.ruleVerdict[v];
}

/** ruleReasonText words one piece of evidence behind a rule verdict. */
export function ruleReasonText(m: Messages, r: RuleReason): string {
  return (m.ruleReason[r.kind] as (x: RuleReason) => string)(r);
}

/** ruleFixText words a rule's mechanical fix. */
export function ruleFixText(m: Messages, f: RuleFix): string {
  return (m.ruleFix[f.kind] as (x: RuleFix) => string)(f);
}

/**
 * experimentText is a fix experiment's outcome in one sentence: "the fix
 * removes 9 of 13 allocs/op in BenchmarkFill (−69.23%, p=0.0022); B/op −48.11%".
 * The figures are formatted here, the words come from the catalogue.
 */
export function experimentText(m: Messages, e: RuleExperiment): string {
  const w = m.experiment;
  switch (e.status) {
    case 'not-mechanical':
      return w.notMechanical;
    case 'no-benchmark':
      return w.noBenchmark;
    case 'interrupted':
      return w.interrupted;
    case 'does-not-build':
      return w.doesNotBuild((e.buildErrors ?? '').split('\n').find((l) => /\.go:\d+/.test(l))?.trim() ?? null);
    case 'changes-test-results':
      return w.changesTestResults(e.tests.map((t) => `${t.name} ${t.before} → ${t.after}`));
    case 'measured': {
      const parts = e.benchmarks.map((b) => {
        const u = (unit: string) => b.units.find((x) => x.unit === unit);
        const allocs = u('allocs/op');
        const bytes = u('B/op');
        // As benchstat prints them: "~" not significant, "?" a significant change from 0, which has no percentage.
        const pct = (x: typeof allocs): string =>
          x === undefined ? '' : !x.significant ? '~' : x.deltaPct !== null ? `${x.deltaPct > 0 ? '+' : ''}${x.deltaPct.toFixed(2)}%` : '?';
        const p = (x: typeof allocs): string => (x === undefined ? '' : `p=${x.p < 0.001 ? x.p.toExponential(1) : x.p.toPrecision(2)}`);
        const change =
          allocs && allocs.significant && allocs.after.median < allocs.before.median
            ? w.removes(formatCount(allocs.before.median - allocs.after.median), formatCount(allocs.before.median))
            : allocs && allocs.significant
              ? w.adds(formatCount(allocs.after.median - allocs.before.median))
              : w.noChange;
        return w.inBenchmark(change, b.name, `${pct(allocs)}, ${p(allocs)}`, `${pct(bytes)}, ${p(bytes)}`);
      });
      return w.measured(parts);
    }
  }
}

/** ruleMark is the one-character verdict mark text and Markdown share. */
export function ruleMark(v: RuleVerdict): string {
  return v === 'confirmed' ? '✗' : v === 'refuted' ? '✓' : v === 'not-exercised' ? '○' : '?';
}

/** RULE_VERDICT_ORDER lists confirmed first, as a reader acts on them. */
const RULE_VERDICT_ORDER: Readonly<Record<RuleVerdict, number>> = { confirmed: 0, refuted: 1, 'not-exercised': 2, 'not-measurable': 3 };

/** rulesInOrder sorts rule findings confirmed first, then by bytes, then by place. */
export function rulesInOrder(rules: readonly RuleFinding[]): RuleFinding[] {
  return [...rules].sort(
    (a, b) => RULE_VERDICT_ORDER[a.verdict] - RULE_VERDICT_ORDER[b.verdict] || b.measured.allocBytes - a.measured.allocBytes || a.file.localeCompare(b.file) || a.line - b.line,
  );
}

/**
 * rulesShown is the hits a text or Markdown report lists: every confirmed
 * one (each is something to fix), then at most nodeCount of the others in
 * rulesInOrder's order; rest is what is left out (JSON has all).
 */
export function rulesShown(rules: readonly RuleFinding[], nodeCount: number): { readonly shown: RuleFinding[]; readonly rest: RuleFinding[] } {
  const ordered = rulesInOrder(rules);
  const confirmed = ordered.filter((f) => f.verdict === 'confirmed');
  const others = ordered.filter((f) => f.verdict !== 'confirmed');
  return { shown: [...confirmed, ...others.slice(0, nodeCount)], rest: others.slice(nodeCount) };
}

/** ruleTally counts the verdicts ("9 confirmed, 4 refuted, 1 not exercised"). */
export function ruleTally(m: Messages, rules: readonly RuleFinding[]): string {
  const order: RuleVerdict[] = ['confirmed', 'refuted', 'not-exercised', 'not-measurable'];
  return order
    .map((v) => [v, rules.filter((r) => r.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => m.ruleTally(n, v))
    .join(m.ruleTallySeparator);
}
