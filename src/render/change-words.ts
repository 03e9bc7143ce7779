// change-words.ts puts a ChangeReport's records into English: values per
// unit, deltas, verdicts, and the one review sentence per compiler decision
// ("this change moves p to the heap in Sum (…, line 10): +1 allocs/op …").
// Shared by the text, markdown and SARIF renderers.
import { ESCAPE_KINDS } from '../escape/model.js';
import { formatBytes, formatCount, formatDurationNs, formatSignificant } from '../human-units.js';
import type { BenchmarkChange, ChangeReport, DecisionChange, DecisionState, RevisionInfo, SiteChange, UnitChange } from '../verify/change-report.js';

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
export function deltaText(u: UnitChange): string {
  if (!u.significant) return '~';
  if (u.deltaPct === null) return u.before.median === 0 && u.after.median > 0 ? `${absoluteDelta(u)} (from 0)` : '?';
  return `${u.deltaPct > 0 ? '+' : ''}${u.deltaPct.toFixed(2)}%`;
}

/** unitLine is one unit's before → after with its statistics. */
export function unitLine(u: UnitChange): string {
  return `${unitValue(u.unit, u.before.median)} → ${unitValue(u.unit, u.after.median)}  ${deltaText(u)}  (${pText(u)})`;
}

export const VERDICT_WORDS: Readonly<Record<BenchmarkChange['verdict'], string>> = {
  regression: 'regression',
  improvement: 'improvement',
  'no-change': 'no significant change',
  added: 'added (head only)',
  removed: 'removed (base only)',
  failed: 'failed on a side (see failures)',
};

/** revisionText names a side: "HEAD~1 (1a2b3c4d5e6f: subject)" or "working tree (uncommitted changes on 1a2b3c4d)". */
export function revisionText(r: RevisionInfo): string {
  const id = r.commit?.slice(0, 12) ?? '?';
  if (r.workingTree) return `working tree (${r.dirty ? 'uncommitted changes on' : 'clean, at'} ${id})`;
  return `${r.name} (${id}${r.subject ? `: ${r.subject}` : ''})`;
}

/** tally counts the verdicts, in the order a reader wants them. */
export function tally(r: ChangeReport): string {
  const count = (v: BenchmarkChange['verdict']): number => r.benchmarks.filter((b) => b.verdict === v).length;
  const parts: string[] = [];
  const add = (n: number, one: string, many: string): void => {
    if (n > 0) parts.push(`${n} ${n === 1 ? one : many}`);
  };
  add(count('regression'), 'regression', 'regressions');
  add(count('improvement'), 'improvement', 'improvements');
  add(count('no-change'), 'unchanged', 'unchanged');
  add(count('added'), 'added', 'added');
  add(count('removed'), 'removed', 'removed');
  add(count('failed'), 'failed', 'failed');
  return parts.length > 0 ? parts.join(', ') : 'no benchmarks compared';
}

/** gateText says what the gate reads: "gate: allocs/op and B/op (α=0.05, min change 5%); time/op advisory". */
export function gateText(r: ChangeReport): string {
  const g = r.gate;
  const units = g.gate === 'time' ? 'allocs/op, B/op and time/op' : 'allocs/op and B/op';
  return `gate: ${units} (α=${g.alpha}, min change ${Number((g.minChange * 100).toFixed(2))}%)${g.gate === 'time' ? '' : '; time/op advisory (--gate time to gate on it)'}; --fail-on ${g.failOn.length > 0 ? g.failOn.join(',') : 'never'}`;
}

function stateKind(s: DecisionState): string {
  return s.kind === 'can-inline' ? 'can inline' : s.kind === 'cannot-inline' ? 'cannot inline' : ESCAPE_KINDS[s.kind].title;
}

/** shortName drops the import path: "example.com/m/pkg.(*T).M" → "pkg.(*T).M" (the package's last element). */
export function shortName(fn: string): string {
  const slash = fn.lastIndexOf('/', fn.indexOf('(') >= 0 ? fn.indexOf('(') : fn.length);
  return slash >= 0 ? fn.slice(slash + 1) : fn;
}

/** costText is a decision's measured cost: the benchmarks that allocate at its line, with their allocs/op and B/op changes. */
export function costText(d: DecisionChange): string | null {
  if (d.cost === null || d.cost.benchmarks.length === 0) return null;
  const parts = d.cost.benchmarks.slice(0, 3).map((b) => {
    const units = [b.allocsPerOp, b.bytesPerOp].filter((u): u is UnitChange => u !== null);
    const moved = units.filter((u) => u.significant);
    if (moved.length === 0) return `no significant change in ${b.name} (${units.map(pText).join('; ') || 'not compared'})`;
    const p = Math.max(...moved.map((u) => u.p));
    return `${moved.map(perOpDelta).join(', ')} in ${b.name} (p=${formatSignificant(p, 2)})`;
  });
  return parts.join('; ');
}

/** decisionSentence is the review comment for one decision change. */
export function decisionSentence(d: DecisionChange): string {
  const fn = shortName(d.function);
  const where = (s: DecisionState): string => `line ${s.line}`;
  const cost = costText(d);
  const tail = cost ? `: ${cost}` : d.cost === null && d.category !== 'inline' ? ' (no benchmark allocated at this line)' : '';
  const a = d.after;
  const b = d.before;
  if (d.category === 'inline') {
    return d.direction === 'worse'
      ? `this change stops ${fn} from being inlined (${a?.reason ?? 'no reason given'}; ${a ? where(a) : ''})`
      : `this change lets ${fn} be inlined again (cost ${a?.cost ?? '?'}; ${a ? where(a) : ''})`;
  }
  if (a && ESCAPE_KINDS[a.kind as keyof typeof ESCAPE_KINDS]?.allocates) {
    const verb = a.kind === 'moved-to-heap' ? 'moves' : 'sends';
    const cause = a.cause ? a.cause.title : 'cause not shown by the flow';
    return `this change ${verb} \`${d.subject}\` to the heap in ${fn} (${cause}, ${where(a)})${tail}`;
  }
  if (b && ESCAPE_KINDS[b.kind as keyof typeof ESCAPE_KINDS]?.allocates) {
    const now = a ? `now ${stateKind(a)}, ${where(a)}` : 'gone';
    return `this change keeps \`${d.subject}\` off the heap in ${fn} (${now}; was ${stateKind(b)} at ${where(b)})${tail}`;
  }
  if (a && b) return `\`${d.subject}\` in ${fn}: ${stateKind(b)} → ${stateKind(a)} (${where(a)})`;
  if (a) return `new in ${fn}: ${a.message} (${where(a)})`;
  return `gone from ${fn}: ${b!.message} (was ${where(b!)})`;
}

/** siteSentence is one allocation site change. */
export function siteSentence(s: SiteChange): string {
  const at = s.after ?? s.before!;
  const amount = (x: SiteChange['before']): string => formatBytes(x?.allocBytes ?? 0);
  const benches = s.benchmarks.length > 0 ? ` in ${s.benchmarks.slice(0, 3).join(', ')}${s.benchmarks.length > 3 ? ` and ${s.benchmarks.length - 3} more` : ''}` : '';
  return `${s.change} ${shortName(s.function)} ${at.file.split('/').slice(-1)[0]}:${at.line}: ${amount(s.before)} → ${amount(s.after)}${benches}`;
}
