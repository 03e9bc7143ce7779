// escape-text.ts renders CompilerEvidence for `heapsight escape` in a
// terminal: sites grouped by function with the cause story, and --explain's
// whole story for one line. Renderers return strings; only cli/ writes.
import { dirname, relative } from 'node:path';
import { ESCAPE_KINDS, type CompilerEvidence, type EscapeSite, type InlineDecision, type RuntimeCall, type SourcePos } from '../escape/model.js';
import { groupDecisions, selectSites, type DecisionGroup } from '../escape/evidence-query.js';
import type { AssertionReport } from '../verify/assertions.js';
import { assertionBlock } from './assertion-words.js';
import type { Messages } from '../i18n/messages.js';
import { noteText, runtimeReason, storyText } from './cause-words.js';
import { HAS_CJK, wrapCjk } from './wrap-text.js';

/** ReportOptions: base shortens paths; all keeps non-allocating decisions; width wraps stories. */
export interface ReportOptions {
  readonly base: string;
  readonly all: boolean;
  readonly width: number;
  /** The packages' _test.go files the build left out (escape without --tests); 0 or absent: none. */
  readonly testFilesLeftOut?: number;
  /** The catalogue the words come from. */
  readonly messages: Messages;
}

/** shortPaths memoizes shortPath per base: a whole-std report prints ~10^5 positions in a few thousand files. */
const shortPaths = new Map<string, Map<string, string>>();

function shortPath(base: string, file: string): string {
  if (!file.startsWith('/')) return file;
  let memo = shortPaths.get(base);
  if (!memo) {
    if (shortPaths.size > 8) shortPaths.clear();
    shortPaths.set(base, (memo = new Map()));
  }
  let short = memo.get(file);
  if (short === undefined) {
    const r = relative(base, file);
    memo.set(file, (short = r.startsWith('../../') ? file : r));
  }
  return short;
}

/**
 * wrap breaks text greedily at single spaces into lines of at most width
 * (words longer than a line stand alone). Lines are slices of text, found by
 * index: splitting into words and concatenating them again made ~10^6 short
 * strings on a whole-std report, most of the report's memory.
 */
function wrap(text: string, indent: string, width: number): string[] {
  if (HAS_CJK.test(text)) return wrapCjk(text, indent, indent, Math.max(40 + indent.length, width));
  const max = Math.max(40, width - indent.length);
  const out: string[] = [];
  // The current line is text[ls, le); ls < 0 while it is empty.
  let ls = -1;
  let le = -1;
  let ws = 0;
  for (;;) {
    let we = text.indexOf(' ', ws);
    if (we < 0) we = text.length;
    const wordLength = we - ws;
    if (ls >= 0 && le - ls + 1 + wordLength > max) {
      out.push(indent + text.slice(ls, le));
      // An empty word (two spaces) after a break leaves the next line empty.
      ls = wordLength > 0 ? ws : -1;
      le = we;
    } else if (ls < 0) {
      if (wordLength > 0) {
        ls = ws;
        le = we;
      }
    } else {
      le = we;
    }
    if (we >= text.length) break;
    ws = we + 1;
  }
  if (ls >= 0) out.push(indent + text.slice(ls, le));
  return out;
}

function posText(base: string, p: SourcePos): string {
  return `${shortPath(base, p.file)}:${p.line}${p.column > 0 ? `:${p.column}` : ''}`;
}

/** renderEscapeText groups sites and runtime calls by function. */
export function renderEscapeText(ev: CompilerEvidence, opts: ReportOptions): string {
  const m = opts.messages;
  const w = m.escape;
  const sites = selectSites(ev, opts.all);
  type Entry = { line: number; col: number; text: string[] };
  const groups = new Map<string, { fn: string; file: string; entries: Entry[] }>();
  // Keyed by function and directory: two main packages both have main.main.
  const group = (fn: string, file: string) => {
    const key = `${fn}\u0000${dirname(file)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { fn: fn === '' ? `${w.unknownFunction} ${shortPath(opts.base, file)}` : fn, file, entries: [] }));
    return g;
  };
  // A decision inlined into N callers is one entry (its copies grouped as --explain groups them);
  // --all lists each copy's call site.
  for (const g of groupDecisions(sites)) {
    const s = g.representative;
    const where = posText(opts.base, s.pos);
    const lines = [`  ${where}  ${s.message}  [${m.cause.kinds[s.cause.kind].title}]`];
    const inlined = g.copies.filter((c) => c.inlinedAt.length > 0);
    if (g.copies.length === 1 && s.inlinedAt.length > 0) lines.push(`      ${w.inlinedAt(s.inlinedAt.map((p) => posText(opts.base, p)).join(' → '))}`);
    else if (inlined.length > 0) {
      lines.push(`      ${w.sameInCallers(g.ownBody, inlined.length, opts.all)}`);
      if (opts.all) for (const c of inlined) lines.push(`        ${w.inlinedAt(c.inlinedAt.map((p) => posText(opts.base, p)).join(' → '))}`);
    }
    lines.push(...wrap(storyText(m, s.cause.story), '      ', opts.width));
    for (const n of s.notes) lines.push(...wrap(`${w.note}: ${noteText(m, n)}`, '      ', opts.width));
    group(s.function, s.pos.file).entries.push({ line: s.pos.line, col: s.pos.column, text: lines });
  }
  const callsByLine = new Map<string, RuntimeCall[]>();
  for (const c of ev.runtimeCalls) {
    const k = `${c.function}\u0000${c.file}\u0000${c.line}`;
    callsByLine.set(k, [...(callsByLine.get(k) ?? []), c]);
  }
  for (const calls of callsByLine.values()) {
    const c = calls[0]!;
    const names = [...new Set(calls.map((x) => x.call))];
    const reasons = [...new Set(calls.map((x) => runtimeReason(m, x)))];
    const inlinedInto = [...new Set(calls.map((x) => x.compiledIn).filter((x): x is string => x !== undefined && x !== c.function))];
    const lines = [`  ${shortPath(opts.base, c.file)}:${c.line}  ${w.calls(names.join(', '), reasons.join('; '))}`];
    if (inlinedInto.length > 0) lines.push(...wrap(w.inlinedInto(inlinedInto.join(', ')), '      ', opts.width));
    group(c.function, c.file).entries.push({ line: c.line, col: 0, text: lines });
  }
  const out: string[] = [];
  out.push(w.header(ev.packages.map((p) => p.importPath).join(' '), ev.goVersion));
  const fnCount = new Map<string, number>();
  for (const g of groups.values()) fnCount.set(g.fn, (fnCount.get(g.fn) ?? 0) + 1);
  const first = new Map([...groups.values()].map((g) => [g, firstLine(g)] as const));
  for (const g of [...groups.values()].sort((a, b) => (a.file === b.file ? first.get(a)! - first.get(b)! : a.file < b.file ? -1 : 1))) {
    out.push('', (fnCount.get(g.fn) ?? 0) > 1 ? `${g.fn}  (${shortPath(opts.base, dirname(g.file))})` : g.fn);
    for (const e of g.entries.sort((a, b) => a.line - b.line || a.col - b.col)) out.push(...e.text);
  }
  const heapSites = ev.sites.filter((s) => ESCAPE_KINDS[s.kind].allocates);
  const heap = groupDecisions(heapSites).length;
  const copies = heapSites.length > heap ? heapSites.length : null;
  const hidden = ev.sites.length - sites.length;
  out.push('', w.tally(heap, copies, ev.runtimeCalls.length, hidden));
  const leftOut = opts.testFilesLeftOut ?? 0;
  if (leftOut > 0) out.push(w.testsLeftOut(leftOut));
  return out.join('\n') + '\n';
}

function firstLine(g: { entries: { line: number }[] }): number {
  let min = Infinity;
  for (const e of g.entries) if (e.line < min) min = e.line;
  return min;
}

/** ExplainOptions are ReportOptions plus how many of the compiler's flows --explain shows per decision. */
export interface ExplainOptions extends ReportOptions {
  readonly flows: number;
}

/** DEFAULT_EXPLAIN_FLOWS is --flows' default: the own body's flow and one inlined copy's tell most stories. */
export const DEFAULT_EXPLAIN_FLOWS = 2;

/** inliningContext says in one sentence where the decision's copies were compiled. */
function inliningContext(m: Messages, g: DecisionGroup, base: string): string {
  const fn = g.representative.function !== '' ? g.representative.function : m.escape.unknownFunction;
  const calls = [...new Set(g.copies.filter((c) => c.inlinedAt.length > 0).map((c) => posText(base, c.inlinedAt[0]!)))];
  return m.escape.context(fn, calls, g.ownBody);
}

/**
 * renderExplain tells the story of one line: each decision with its cause
 * first, where its copies were compiled in one line, then at most
 * opts.flows of the compiler's flows (own body first) and a count of the
 * rest; runtime allocation calls and inlining decisions grouped the same
 * way; why and what to do once per cause.
 */
export function renderExplain(
  at: { sites: readonly EscapeSite[]; runtimeCalls: readonly RuntimeCall[]; inlining: CompilerEvidence['inlining'] },
  where: string,
  opts: ExplainOptions,
): string {
  const m = opts.messages;
  const w = m.escape;
  if (at.sites.length === 0 && at.runtimeCalls.length === 0 && at.inlining.length === 0) return `${w.nothingAt(where)}\n`;
  const base = opts.base;
  const groups = groupDecisions(at.sites);
  const calls = runtimeCallGroups(at.runtimeCalls);
  const inlines = inliningGroups(at.inlining);
  const out: string[] = [];
  const summary = [
    ...(groups.length > 0 ? [w.decisions(groups.length, at.sites.length > groups.length ? at.sites.length : null)] : []),
    ...(calls.length > 0 ? [w.runtimeCalls(calls.length)] : []),
    ...(inlines.length > 0 ? [w.inliningDecisions(inlines.length)] : []),
  ];
  out.push(...wrap(`${where}: ${summary.join(', ')}`, '', opts.width), '');

  for (const g of groups) {
    const s = g.representative;
    out.push(`${posText(base, s.pos)}  ${s.message}  [${m.cause.kinds[s.cause.kind].title}]`);
    out.push(...wrap(storyText(m, s.cause.story), '  ', opts.width));
    out.push(...wrap(inliningContext(m, g, base), '  ', opts.width));
    for (const n of s.notes) out.push(...wrap(`${w.note}: ${noteText(m, n)}`, '  ', opts.width));
    const shown = g.flows.slice(0, opts.flows);
    for (const f of shown) {
      const inl = f.site.inlinedAt;
      out.push(`  ${w.flowHeading(inl.length > 0 ? inl.map((p) => posText(base, p)).join(' → ') : null, g.copies.length > 1, f.copies)}`);
      for (const step of f.site.flow) out.push(`    ${step.reason === null ? '' : '  '}${step.text}${step.pos ? `  ${w.at} ${posText(base, step.pos)}` : ''}`);
    }
    const rest = g.flows.length - shown.length;
    if (rest > 0) out.push(`  ${w.moreFlows(rest, shown.length, g.flows.length)}`);
    out.push('');
  }

  for (const c of calls) {
    if (c.functions.length === 1) {
      out.push(`${shortPath(base, c.file)}:${c.line}  ${w.callsOne(c.functions[0]!, c.call, runtimeReason(m, c))}`);
      if (c.inlinedInto.length > 0) out.push(...wrap(w.callsInlinedInto(c.ownBody, c.inlinedInto), '  ', opts.width));
    } else {
      // The line's function is not known by name (no source): each compiled function is named instead.
      const where = [...new Set([...c.functions, ...c.inlinedInto])];
      out.push(`${shortPath(base, c.file)}:${c.line}  ${w.callsMany(c.call, runtimeReason(m, c))}`);
      out.push(...wrap(w.inFunctions(where), '  ', opts.width));
    }
  }
  for (const d of inlines) {
    const what =
      d.kind === 'inlined-call' ? w.inlinedCall(d.function, d.callers) : d.kind === 'can-inline' ? w.canInline(d.function, d.cost) : w.cannotInline(d.function, d.reason ?? '');
    out.push(...wrap(`${posText(base, d.pos)}  ${what}`, '', opts.width));
  }

  // Why and what to do, once per cause ("does not escape" needs neither).
  const kinds = [...new Set(groups.map((g) => g.representative.cause.kind))].filter((k) => k !== 'stays-on-stack');
  if (kinds.length > 0) {
    if (calls.length + inlines.length > 0) out.push('');
    for (const k of kinds) {
      const info = m.cause.kinds[k];
      out.push(`${info.title}:`, ...wrap(`${w.why}: ${info.explanation}`, '  ', opts.width), ...wrap(`${w.whatToDo}: ${info.fix}`, '  ', opts.width));
    }
  }
  return out.join('\n').replace(/\n*$/, '\n');
}

/** RuntimeCallGroup is one runtime call at a line, across the functions it was compiled in (its own and those it was inlined into). */
interface RuntimeCallGroup {
  readonly file: string;
  readonly line: number;
  readonly call: string;
  readonly reason: string;
  /** The functions the line belongs to (one, when their names are known from the source). */
  readonly functions: readonly string[];
  /** Whether a copy was compiled in the function's own body. */
  readonly ownBody: boolean;
  /** The other functions it was inlined into. */
  readonly inlinedInto: readonly string[];
}

function runtimeCallGroups(calls: readonly RuntimeCall[]): RuntimeCallGroup[] {
  const byKey = new Map<string, { file: string; line: number; call: string; reason: string; functions: string[]; ownBody: boolean; inlinedInto: string[] }>();
  for (const c of calls) {
    const k = `${c.file}\u0000${c.line}\u0000${c.call}`;
    let g = byKey.get(k);
    if (!g) byKey.set(k, (g = { file: c.file, line: c.line, call: c.call, reason: c.reason, functions: [], ownBody: false, inlinedInto: [] }));
    if (!g.functions.includes(c.function)) g.functions.push(c.function);
    if (c.compiledIn === undefined || c.compiledIn === c.function) g.ownBody = true;
    else if (!g.inlinedInto.includes(c.compiledIn)) g.inlinedInto.push(c.compiledIn);
  }
  return [...byKey.values()];
}

/** InliningGroup is one inlining decision at a line; an inlined call lists every function it was inlined into. */
interface InliningGroup {
  readonly pos: SourcePos;
  readonly kind: InlineDecision['kind'];
  readonly function: string;
  readonly cost?: number;
  readonly reason?: string;
  readonly callers: readonly string[];
}

function inliningGroups(decisions: readonly InlineDecision[]): InliningGroup[] {
  const byKey = new Map<string, { pos: SourcePos; kind: InlineDecision['kind']; function: string; cost?: number; reason?: string; callers: string[] }>();
  for (const d of decisions) {
    const k = `${d.pos.file}\u0000${d.pos.line}\u0000${d.pos.column}\u0000${d.kind}\u0000${d.function}\u0000${d.cost ?? ''}\u0000${d.reason ?? ''}`;
    let g = byKey.get(k);
    if (!g) byKey.set(k, (g = { pos: d.pos, kind: d.kind, function: d.function, ...(d.cost !== undefined ? { cost: d.cost } : {}), ...(d.reason !== undefined ? { reason: d.reason } : {}), callers: [] }));
    if (d.caller !== undefined && d.caller !== '' && !g.callers.includes(d.caller)) g.callers.push(d.caller);
  }
  return [...byKey.values()];
}

/** renderAssertionText is escape's section for the source assertions (allocs budgets say check measures them); '' when there are none. */
export function renderAssertionText(a: AssertionReport, opts: ReportOptions): string {
  const rel = (file: string): string => {
    const r = relative(opts.base, file);
    return r === '' || r.startsWith('..') ? file : r;
  };
  const lines = assertionBlock(opts.messages, a, rel, (t, indent) => wrap(t, indent, opts.width));
  return lines.length > 0 ? `\n${lines.join('\n')}\n` : '';
}
