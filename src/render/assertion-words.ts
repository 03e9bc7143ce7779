// assertion-words.ts turns assertion results into the lines every renderer
// prints (check's text, Markdown and SARIF; escape's text): the directive,
// its status, one sentence of what the evidence says, and the evidence
// itself — the compiler's decision with its cause and flow, the calls not
// inlined, the samples against the budget, the bytes the line allocated.
import type { AssertionReport, AssertionResult, PackageMalformed } from '../verify/assertions.js';
import type { CompilerNote } from '../verify/check-report.js';
import type { Messages } from '../i18n/messages.js';
import { noteLine } from './check-words.js';
import type { PackageNames } from '../go-symbol.js';

/** directiveText is the directive as written in source. */
export function directiveText(r: AssertionResult): string {
  return r.kind === 'allocs' ? `//heapsight:allocs ${r.max}` : `//heapsight:${r.kind}`;
}

/** statusLabel is a status as a label ("held", "FAILED"). */
export function statusLabel(m: Messages, r: AssertionResult): string {
  return m.assertion.status[r.status];
}

/** statusMark is a one-character mark for terminals: ✓ held, ✗ failed, · not judged. */
export function statusMark(r: AssertionResult): string {
  return r.status === 'held' ? '✓' : r.status === 'failed' ? '✗' : '·';
}

/** headline is the one sentence of what the evidence says about the assertion. */
export function headline(m: Messages, r: AssertionResult): string {
  return (m.assertion.headline[r.kind] as (x: AssertionResult) => string)(r);
}

function flowLines(n: CompilerNote, rel: (file: string) => string): string[] {
  return n.flow.map((f) => (f.reason !== null && f.file !== null && f.line !== null && !/ at \S+:\d+:\d+$/.test(f.text) ? `${f.text} at ${rel(f.file)}:${f.line}:${f.column ?? 0}` : f.text));
}

/** AssertionEvidence is one line of evidence, with the compiler's flow steps under it when it is a decision. */
export interface AssertionEvidence {
  readonly text: string;
  readonly steps: readonly string[];
}

/** evidenceLines lists the evidence behind a result, most decisive first. */
export function evidenceLines(m: Messages, r: AssertionResult, rel: (file: string) => string, names: PackageNames = {}): AssertionEvidence[] {
  const words = m.assertion;
  const out: AssertionEvidence[] = [];
  switch (r.kind) {
    case 'noescape':
      for (const d of r.decisions) out.push({ text: `${m.check.compiler}: ${d.message} — ${noteLine(m, d, names)}`, steps: flowLines(d, rel) });
      if (r.cost !== null) out.push({ text: words.lineCost(r.cost), steps: [] });
      break;
    case 'inline':
      if (r.verdict?.kind !== 'cannot-inline') for (const c of r.calls) if (!c.inlined) out.push({ text: words.notInlinedCall(c, `${rel(c.file)}:${c.line}:${c.column}`), steps: [] });
      if (r.inlinedElsewhere > 0) out.push({ text: words.inlinedElsewhere(r.inlinedElsewhere), steps: [] });
      break;
    case 'allocs':
      for (const run of r.runs) out.push({ text: words.allocsRun(run, r.max), steps: [] });
      break;
  }
  return out;
}

/** malformedText says what is wrong with a malformed directive. */
export function malformedText(messages: Messages, m: PackageMalformed): string {
  return messages.assertion.malformed[m.why](m);
}

/** assertionCounts tallies a report by status, malformed apart. */
export function assertionCounts(a: AssertionReport): { held: number; failed: number; unjudged: number; malformed: number } {
  const n = (s: AssertionResult['status']) => a.results.filter((r) => r.status === s).length;
  return { held: n('held'), failed: n('failed'), unjudged: n('not-measured') + n('not-compiled'), malformed: a.malformed.length };
}

/**
 * assertionBlock renders the assertions for a terminal (check and escape):
 * failed and malformed first, then the rest, each with its evidence.
 */
export function assertionBlock(
  msg: Messages,
  a: AssertionReport,
  rel: (file: string) => string,
  wrap: (text: string, indent: string) => string[],
  names: PackageNames = {},
): string[] {
  if (a.results.length === 0 && a.malformed.length === 0) return [];
  const out = [msg.assertion.heading(assertionCounts(a))];
  const order = (r: AssertionResult): number => (r.status === 'failed' ? 0 : r.status === 'held' ? 2 : 1);
  const ranked = a.results.map((r, i) => ({ r, i })).sort((x, y) => order(x.r) - order(y.r) || x.i - y.i).map((x) => x.r);
  for (const m of a.malformed) {
    out.push(`✗ ${msg.check.malformed.toUpperCase()}  ${m.text}  ${rel(m.pos.file)}:${m.pos.line}`);
    out.push(...wrap(malformedText(msg, m), '    '));
  }
  for (const r of ranked) {
    out.push(`${statusMark(r)} ${statusLabel(msg, r)}  ${directiveText(r)}  ${rel(r.pos.file)}:${r.pos.line}`);
    out.push(...wrap(headline(msg, r), '    '));
    for (const e of evidenceLines(msg, r, rel, names)) {
      out.push(...wrap(`- ${e.text}`, '    '));
      for (const s of e.steps) out.push(...wrap(s, '        '));
    }
  }
  return out;
}
