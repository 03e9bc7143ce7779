// change-words.ts puts a ChangeReport's records into words (the catalogue's language): values per
// unit, deltas, verdicts, and the one review sentence per compiler decision
// ("this change moves p to the heap in Sum (…, line 10): +1 allocs/op …").
// Shared by the text, markdown and SARIF renderers.
import { ESCAPE_KINDS } from '../escape/model.js';
import { formatBytes, formatCount, formatDurationNs, formatSignificant } from '../human-units.js';
import type { BenchmarkChange, ChangeReport, DecisionChange, DecisionState, RevisionInfo, SiteChange, UnitChange } from '../verify/change-report.js';
import type { Messages } from '../i18n/messages.js';

/** unitTitle names a unit as go test and benchstat print it. */
export function unitTitle(unit: string): string {
  return unit === 'sec/op' ? 'time/op' : unit;
}

/** unitValue formats one value of a unit. */
export function unitValue(unit: string, v: number): string {
  switch (unit) {
    case 'sec/op':
      return formatDurationNs(v * 1e9);
    case 'B/op':
      return formatBytes(v);
    case 'allocs/op':
      return Number.isInteger(v) ? formatCount(v) : formatSignificant(v);
    case 'stw-ns/op':
      return formatDurationNs(v);
    default:
      return formatSignificant(v);
  }
}

/** absoluteDelta is after − before of the medians in the unit's terms ("+1", "+16 B", "−2.1µs"). */
export function absoluteDelta(u: UnitChange): string {
  const d = u.after.median - u.before.median;
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  return `${sign}${unitValue(u.unit, Math.abs(d))}`;
}

/** perOpDelta is a change per op in the unit's words: "+1 allocs/op", "+16B/op". */
export function perOpDelta(u: UnitChange): string {
  const d = absoluteDelta(u);
  return u.unit === 'B/op' ? `${d}/op` : `${d} ${u.unit}`;
}

/** pText is benchstat's p in words: "p=0.002 n=6+6". */
export function pText(u: UnitChange): string {
  return `p=${u.p < 0.001 ? u.p.toExponential(1) : formatSignificant(u.p, 2)} n=${u.before.n}+${u.after.n}`;
}

/** deltaText is the relative change as benchstat prints it, or "~" when not significant; a rise from 0 has no percentage. */
export function deltaText(m: Messages, u: UnitChange): string {
  if (!u.significant) return '~';
  if (u.deltaPct === null) return u.before.median === 0 && u.after.median > 0 ? m.change.fromZero(absoluteDelta(u)) : '?';
  return `${u.deltaPct > 0 ? '+' : ''}${u.deltaPct.toFixed(2)}%`;
}

/** unitLine is one unit's before → after with its statistics. */
export function unitLine(m: Messages, u: UnitChange): string {
  return `${unitValue(u.unit, u.before.median)} → ${unitValue(u.unit, u.after.median)}  ${deltaText(m, u)}  (${pText(u)})`;
}


/** revisionText names a side: "HEAD~1 (1a2b3c4d5e6f: subject)" or "working tree (uncommitted changes on 1a2b3c4d)". */
export function revisionText(m: Messages, r: RevisionInfo): string {
  const id = r.commit?.slice(0, 12) ?? '?';
  if (r.workingTree) return m.change.workingTree(r.dirty, id);
  return m.change.revision(r.name, id, r.subject ? r.subject : null);
}

/** tally counts the verdicts, in the order a reader wants them. */
export function tally(m: Messages, r: ChangeReport): string {
  const count = (v: BenchmarkChange['verdict']): number => r.benchmarks.filter((b) => b.verdict === v).length;
  return m.change.tally({
    regression: count('regression'),
    improvement: count('improvement'),
    'no-change': count('no-change'),
    added: count('added'),
    removed: count('removed'),
    failed: count('failed'),
  });
}

/** gateText says what the gate reads: "gate: allocs/op and B/op (α=0.05, min change 5%); time/op advisory". */
export function gateText(m: Messages, r: ChangeReport): string {
  const g = r.gate;
  return m.change.gate(g.gate === 'time' ? 'time' : 'memory', g.alpha, Number((g.minChange * 100).toFixed(2)), g.failOn.length > 0 ? g.failOn.join(',') : 'never');
}

/** stateKind is a decision's kind: the compiler's -m wording for escapes (kept in every language), words for inlining. */
function stateKind(m: Messages, s: DecisionState): string {
  return s.kind === 'can-inline' || s.kind === 'cannot-inline' ? m.change.stateWord(s.kind) : ESCAPE_KINDS[s.kind].title;
}

/** shortName drops the import path: "example.com/m/pkg.(*T).M" → "pkg.(*T).M" (the package's last element). */
export function shortName(fn: string): string {
  const slash = fn.lastIndexOf('/', fn.indexOf('(') >= 0 ? fn.indexOf('(') : fn.length);
  return slash >= 0 ? fn.slice(slash + 1) : fn;
}

/** costText is a decision's measured cost: the benchmarks that allocate at its line, with their allocs/op and B/op changes. */
export function costText(m: Messages, d: DecisionChange): string | null {
  if (d.cost === null || d.cost.benchmarks.length === 0) return null;
  const parts = d.cost.benchmarks.slice(0, 3).map((b) => {
    const units = [b.allocsPerOp, b.bytesPerOp].filter((u): u is UnitChange => u !== null);
    const moved = units.filter((u) => u.significant);
    if (moved.length === 0) return m.change.costNoChange(b.name, units.map(pText).join('; ') || m.change.notCompared);
    const p = Math.max(...moved.map((u) => u.p));
    return m.change.costChange(moved.map(perOpDelta).join(', '), b.name, formatSignificant(p, 2));
  });
  return parts.join('; ');
}

/** decisionSentence is the review comment for one decision change. */
export function decisionSentence(m: Messages, d: DecisionChange): string {
  const w = m.change;
  const fn = shortName(d.function);
  const where = (s: DecisionState): string => w.line(s.line);
  const cost = costText(m, d);
  const tail = cost ? `: ${cost}` : d.cost === null && d.category !== 'inline' ? w.noBenchmarkAtLine : '';
  const a = d.after;
  const b = d.before;
  if (d.category === 'inline') {
    return d.direction === 'worse' ? w.stopsInlining(fn, a?.reason ?? null, a ? where(a) : '') : w.inlinedAgain(fn, String(a?.cost ?? '?'), a ? where(a) : '');
  }
  if (a && ESCAPE_KINDS[a.kind as keyof typeof ESCAPE_KINDS]?.allocates) {
    const cause = a.cause ? m.cause.kinds[a.cause.kind].title : w.noCause;
    return w.movesToHeap(a.kind === 'moved-to-heap', d.subject, fn, cause, where(a), tail);
  }
  if (b && ESCAPE_KINDS[b.kind as keyof typeof ESCAPE_KINDS]?.allocates) {
    return w.keepsOffHeap(d.subject, fn, a ? w.nowState(stateKind(m, a), where(a)) : null, stateKind(m, b), where(b), tail);
  }
  if (a && b) return w.stateChange(d.subject, fn, stateKind(m, b), stateKind(m, a), where(a));
  if (a) return w.newIn(fn, a.message, where(a));
  return w.goneFrom(fn, b!.message, where(b!));
}

/** siteSentence is one allocation site change. */
export function siteSentence(m: Messages, s: SiteChange): string {
  const at = s.after ?? s.before!;
  const amount = (x: SiteChange['before']): string => formatBytes(x?.allocBytes ?? 0);
  const benches = s.benchmarks.length > 0 ? m.change.siteIn(s.benchmarks) : '';
  return `${m.change.siteChange[s.change]} ${shortName(s.function)} ${at.file.split('/').slice(-1)[0]}:${at.line}: ${amount(s.before)} → ${amount(s.after)}${benches}`;
}
