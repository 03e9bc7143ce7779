// check-text.ts renders a CheckReport for a terminal, readable in 100 columns.
import { relative } from 'node:path';
import type { CheckReport, Interval, MapAmount, MapPointerFinding, MapSiteRow, MapsSection, SiteFinding } from '../verify/check-report.js';
import type { MapPurpose } from '../profile/map-purpose.js';
import { objectSizesText } from './map-purpose-text.js';
import { noteText, runtimeReason } from './cause-words.js';
import { HAS_CJK, wrapCjk } from './wrap-text.js';
import { displayWidth, renderTable, truncateMiddle } from './table.js';
import { displayName, type PackageNames } from '../go-symbol.js';
import { assertionBlock } from './assertion-words.js';
import { benchLabel, byPackage, experimentText, metricUnits, missingReason, noteLine, reasonText, ruleFixText, ruleMark, ruleReasonText, rulesShown, ruleTally, ruleVerdictLabel, summaryText, userFrameLine } from './check-words.js';
import type { RuleFinding } from '../verify/rule-report.js';

export { noteLine, siteReason } from './check-words.js';
import { formatBytes, formatCount, formatDurationNs, formatPercent, formatSignificant, formatMetric } from '../human-units.js';
import type { Messages } from '../i18n/messages.js';

/** CheckTextOptions control what the terminal rendering shows. */
export interface CheckTextOptions {
  /** Paths are shown relative to this directory. */
  readonly cwd: string;
  /** How many allocation sites to list (the model keeps all). */
  readonly nodeCount: number;
  readonly width: number;
  /** The catalogue the words come from. */
  readonly messages: Messages;
}

/** rel shows a path relative to cwd when it lies below it, else as it is. */
export function rel(cwd: string, file: string): string {
  const r = relative(cwd, file);
  return r.startsWith('..') || r === '' ? file : r;
}

/**
 * runsEach says how many timing runs each row holds: --count, unless Ctrl-C
 * or a failure cut some short, when the rows' own n are told.
 */
export function runsEach(m: Messages, r: CheckReport): string {
  const ns = [...new Set(r.benchmarks.map((b) => b.nsPerOp.n))].sort((a, b) => a - b);
  return m.check.runsEach(r.settings.count, ns);
}

/** ci shows a median with its 95% interval as ±percent, as benchstat does. */
export function ci(i: Interval, fmt: (v: number) => string): string {
  if (i.n === 0) return '-';
  const m = fmt(i.median);
  if (i.median === 0) return m;
  // benchstat prints "± ∞" when there are too few samples for the interval.
  if (!Number.isFinite(i.low) || !Number.isFinite(i.high)) return `${m} ±∞`;
  const pct = Math.max(i.high - i.median, i.median - i.low) / Math.abs(i.median);
  return pct === 0 ? `${m} ±0%` : `${m} ±${pct < 0.01 ? formatSignificant(pct * 100, 1) : Math.round(pct * 100)}%`;
}

function benchTable(m: Messages, r: CheckReport, rows: readonly CheckReport['benchmarks'][number][]): string {
  const hasGc = r.benchmarks.some((b) => b.gc !== null);
  const units = metricUnits(r);
  const columns = [
    { header: m.check.column.benchmark, maxWidth: 34 },
    { header: 'time/op', align: 'right' as const },
    { header: 'B/op', align: 'right' as const },
    { header: 'allocs/op', align: 'right' as const },
    ...(hasGc ? [{ header: m.check.column.gcs, align: 'right' as const }, { header: m.check.column.stwMax, align: 'right' as const }] : []),
    ...units.map((u) => ({ header: u, align: 'right' as const })),
  ];
  const cells = rows.map((b) => [
    benchLabel(b),
    ci(b.nsPerOp, formatDurationNs),
    ci(b.bytesPerOp, (v) => formatBytes(v, 1)),
    ci(b.allocsPerOp, (v) => formatCount(v)),
    ...(hasGc ? [b.gc ? formatCount(b.gc.cycles) : '-', b.gc ? formatDurationNs(b.gc.pauseMaxNs) : '-'] : []),
    ...units.map((u) => (b.metrics[u] ? ci(b.metrics[u], (v) => formatMetric(v, u)) : '-')),
  ]);
  return renderTable(columns, cells);
}

function wrap(text: string, indent: string, width: number): string[] {
  if (HAS_CJK.test(text)) return wrapCjk(text, indent, indent + '  ', width);
  const words = text.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let cur = indent;
  for (const w of words) {
    if (cur.trim() !== '' && cur.length + 1 + w.length > width) {
      lines.push(cur);
      cur = indent + '  ' + w;
    } else cur = cur.trim() === '' ? indent + w : `${cur} ${w}`;
  }
  if (cur.trim() !== '') lines.push(cur);
  return lines;
}

function verdictBlock(v: MapPointerFinding, o: CheckTextOptions): string[] {
  const mark = v.verdict === 'confirmed' ? '✗' : v.verdict === 'refuted' ? '✓' : '?';
  const m = o.messages;
  const out = [`${mark} ${m.finding.verdict[v.verdict].toUpperCase()}  ${v.function}(${v.param} ${v.paramType})  ${rel(o.cwd, v.file)}:${v.line}`];
  out.push(...wrap(summaryText(m, v.summary), '    ', o.width));
  for (const r of v.reasons) out.push(...wrap(`- ${reasonText(m, r)}`, '    ', o.width));
  return out;
}

/** rulesBlock lists the anti-pattern rules' hits, confirmed first, each with the evidence that settled it and its fix. */
function rulesBlock(r: CheckReport, o: CheckTextOptions): string[] {
  const m = o.messages;
  const out = wrap(m.check.rules.headingWith(ruleTally(m, r.rules), m.check.rules.coverage(r.coverage?.benchmarks ?? null)), '', o.width);
  const { shown, rest } = rulesShown(r.rules, o.nodeCount);
  for (const f of shown) out.push(...ruleBlock(r, f, o));
  if (rest.length > 0) out.push(...wrap(m.check.rules.more(rest.length, ruleTally(m, rest), false), '   ', o.width));
  return out;
}

function ruleBlock(r: CheckReport, f: RuleFinding, o: CheckTextOptions): string[] {
  const m = o.messages;
  const head = `${ruleMark(f.verdict)} ${ruleVerdictLabel(m, f.verdict).toUpperCase()}  ${f.kind}  ${shortFunction(f.function, r.packageNames)}  ${rel(o.cwd, f.file)}:${f.line}`;
  const out = [head.length <= o.width ? head : truncateMiddle(head, o.width)];
  out.push(...wrap(m.check.rules.titled(m.finding.kinds[f.kind].title, f.subject), '    ', o.width));
  for (const x of f.reasons) out.push(...wrap(`- ${ruleReasonText(m, x)}`, '    ', o.width));
  if (f.fix !== null && f.verdict === 'confirmed') out.push(...wrap(m.check.rules.fix(ruleFixText(m, f.fix)), '    ', o.width));
  if (f.experiment) out.push(...wrap(experimentText(m, f.experiment), '    ', o.width));
  return out;
}

/** shortFunction is a function name as readers say it (package name, type arguments collapsed); JSON keeps the full name. */
export function shortFunction(name: string, names: PackageNames = {}): string {
  return displayName(name, names);
}

/** NOTES_SHOWN bounds the compiler decisions listed per site in text. */
const NOTES_SHOWN = 3;

function siteBlock(r: CheckReport, f: SiteFinding, rank: number, o: CheckTextOptions): string[] {
  const m = o.messages;
  const names = r.packageNames;
  const loc = `${rel(o.cwd, f.file)}:${f.line}`;
  const fn = shortFunction(f.function, names);
  const lead =
    f.kind === 'allocation-site'
      ? `${String(rank).padStart(3)}. ${formatPercent(f.share, 1).padStart(6)}  ${formatBytes(f.allocBytes).padStart(9)}  ${formatCount(f.allocObjects).padStart(9)} ${m.check.objectsAbbrev}  ${fn}`
      : `   -  ${fn}`;
  const tail = f.kind === 'allocation-site' ? loc : `${loc}  (${m.finding.kinds[f.kind].title.toLowerCase()})`;
  // The location goes on its own line when both do not fit the terminal.
  const out = displayWidth(lead) + 2 + displayWidth(tail) <= o.width ? [`${lead}  ${tail}`] : [lead, `        ${tail}`];
  const via = userFrameLine(m, f, names, (file) => rel(o.cwd, file));
  if (via !== null) out.push(...wrap(via, '        ', o.width));
  // Each profiling round on its own: how much the ranking moves.
  if (f.kind === 'allocation-site' && f.shareByRun.length > 1) out.push(`        ${m.check.rounds}: ${f.shareByRun.map((x) => formatPercent(x, 1)).join('  ')}`);
  const seen = new Set<string>();
  let shown = 0;
  for (const n of f.compiler) {
    const line = noteLine(m, n, names);
    if (seen.has(line)) continue;
    seen.add(line);
    // A callee inlined into many callers has a decision per inline chain: the first few tell the story.
    if (++shown > NOTES_SHOWN) {
      out.push(`        ${m.check.moreDecisions(f.compiler.length - NOTES_SHOWN)}`);
      break;
    }
    out.push(...wrap(`${m.check.compiler}: ${line}`, '        ', o.width));
    for (const note of n.notes.map((x) => noteText(m, x))) {
      if (seen.has(note)) continue;
      seen.add(note);
      out.push(...wrap(`${m.check.note}: ${note}`, '        ', o.width));
    }
  }
  if (f.runtimeCalls.length > 0) {
    out.push(...wrap(`${m.check.runtime}: ${f.runtimeCalls.map((c) => `${c.call} (${runtimeReason(m, c)})`).join('; ')}`, '        ', o.width));
  }
  const missing = f.compiler.length === 0 && f.runtimeCalls.length === 0 ? missingReason(m, f, r.settings.depsMin) : null;
  if (missing !== null) out.push(...wrap(`(${missing})`, '        ', o.width));
  return out;
}

/** userLinesBlock ranks the user's own lines by what they and their callees allocate (pprof -cum, restricted to the targets). */
function userLinesBlock(r: CheckReport, o: CheckTextOptions): string[] {
  // Benchmark bodies sit on every stack; the user's library lines are the answer, test files only when there is nothing else.
  const own = r.userLines.filter((l) => !l.inTestFile && l.cumBytes > l.flatBytes);
  const lines = (own.length > 0 ? own : r.userLines.filter((l) => l.cumBytes > l.flatBytes)).slice(0, Math.min(o.nodeCount, 10));
  if (lines.length === 0) return [];
  const m = o.messages;
  const out = [m.check.userLinesHeading];
  for (const l of lines) {
    const lead = `  ${formatPercent(l.cumShare, 1).padStart(6)}  ${formatBytes(l.cumBytes).padStart(9)} ${m.check.cum}  ${formatBytes(l.flatBytes).padStart(9)} ${m.check.flat}  ${shortFunction(l.function, r.packageNames)}`;
    const loc = `${rel(o.cwd, l.file)}:${l.line}`;
    out.push(...(displayWidth(lead) + 2 + displayWidth(loc) <= o.width ? [`${lead}  ${loc}`] : [lead, `        ${loc}`]));
  }
  if (own.length > 0 && r.userLines.some((l) => l.inTestFile && l.cumBytes > l.flatBytes)) out.push(`  ${m.check.testLinesLeftOut}`);
  return out;
}

/** mapSites are the sites of one purpose, in the target packages first. */
export function mapSites(m: MapsSection, purpose: MapSiteRow['purpose']): MapsSection['sites'] {
  const of = m.sites.filter((s) => s.purpose === purpose);
  return [...of.filter((s) => s.inTargetPackages), ...of.filter((s) => !s.inTargetPackages)];
}

/** mapSiteNote is what a site row adds after its location: the frame it went through, its object sizes, why it is ambiguous. */
export function mapSiteNote(m: Messages, s: MapSiteRow): string {
  const parts: string[] = [];
  if (s.via !== null) parts.push(m.maps.via(s.via));
  if (s.purpose !== 'create' && s.objectSizes.length > 0) parts.push(objectSizesText(m, s.objectSizes));
  if (s.ambiguity !== null) parts.push(m.maps.ambiguity[s.ambiguity]);
  return parts.join('; ');
}

/** hang wraps text after a fixed prefix (kept as it is), continuing under the text. */
function hang(prefix: string, text: string, width: number): string[] {
  const w = displayWidth(prefix);
  return wrap(text, '', Math.max(20, width - w)).map((l, i) => (i === 0 ? prefix : ' '.repeat(w)) + l.trimStart());
}

/** padEnd pads to a width in terminal columns: a CJK character takes two. */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** mapRowOrder puts the questions first: what a hint replaces, then what it does not remove. */
export const mapRowOrder: readonly MapPurpose[] = ['grow', 'first-group', 'create', 'assign', 'other'];

/**
 * mapsBlock answers: how much of the GC pressure is maps, and how much of
 * that is growth a size hint would replace? Its total is the JSON `maps.total`
 * and its rows are `maps.byPurpose`, so the two always agree.
 */
function mapsBlock(m: MapsSection, o: CheckTextOptions, names: PackageNames): string[] {
  const out: string[] = [];
  const w = o.messages.maps;
  const basis = m.runtimeFramesHidden ? w.basisHidden : w.basisFrames;
  const t = m.total;
  out.push(
    ...wrap(
      t.allocBytes !== 0 ? w.total(formatBytes(t.allocBytes), formatPercent(t.share, 1), formatCount(t.allocObjects), basis) : w.none(basis),
      '',
      o.width,
    ),
  );
  const amount = (a: MapAmount) => `${formatBytes(a.allocBytes).padStart(9)} ${formatPercent(a.share, 1).padStart(6)}`;
  for (const p of mapRowOrder) {
    const a = m.byPurpose[p];
    // Growth and first groups are the questions: always answered, also when 0.
    if (a.allocBytes === 0 && p !== 'grow' && p !== 'first-group') continue;
    const label = `  ${amount(a)}  ${padEnd(w.row[p], 12)}  `;
    const what =
      p === 'grow' && a.allocBytes === 0 ? w.growNone : p === 'first-group' && a.allocBytes === 0 ? w.firstGroupNone : w.fix[p];
    out.push(...hang(label, what, o.width));
  }
  if (m.ambiguous.allocBytes !== 0) {
    const label = `  ${amount(m.ambiguous)}  ${padEnd(w.ambiguous, 12)}  `;
    out.push(...hang(label, w.ambiguousWhat, o.width));
  }
  for (const purpose of ['grow', 'first-group', 'assign', 'ambiguous'] as const) {
    const sites = mapSites(m, purpose);
    if (sites.length === 0) continue;
    out.push(`  ${w.siteHeading[purpose]}:`);
    for (const s of sites.slice(0, o.nodeCount)) {
      const lead = `  ${formatBytes(s.allocBytes).padStart(9)} ${formatPercent(s.share, 1).padStart(6)}  ${shortFunction(s.function, names)}  ${rel(o.cwd, s.file)}:${s.line}`;
      const src = s.source ? s.source.trim() : '';
      out.push(src !== '' && displayWidth(lead) + 2 + displayWidth(src) <= o.width ? `${lead}  ${src}` : lead);
      if (src !== '' && displayWidth(lead) + 2 + displayWidth(src) > o.width) out.push(`      ${truncateMiddle(src, o.width - 6)}`);
      const note = mapSiteNote(o.messages, s);
      if (note !== '') out.push(...wrap(note, '      ', o.width));
    }
    if (sites.length > o.nodeCount) out.push(`    ${w.more(sites.length - o.nodeCount)}`);
  }
  return out;
}

/** renderCheckText renders the report as terminal text. */
export function renderCheckText(r: CheckReport, o: CheckTextOptions): string {
  const parts: string[] = [];
  const s = r.settings;
  const m = o.messages;
  parts.push(
    ...wrap(m.check.runHeader(r.packages.join(' '), r.go, `${r.goos}/${r.goarch}`, `-bench ${JSON.stringify(s.bench)} -count ${s.count} -benchtime ${s.benchtime}`), '', o.width),
    '',
  );
  if (r.benchmarks.length > 0) {
    parts.push(m.check.benchmarksHeading(runsEach(m, r)));
    // Several packages: one table each under its import path, as benchstat prints "pkg:" sections.
    const groups = byPackage(r.benchmarks);
    for (const g of groups) {
      if (groups.length > 1) parts.push(`pkg: ${g.pkg}`);
      parts.push(benchTable(m, r, g.rows).trimEnd());
    }
    parts.push('');
  } else {
    parts.push(m.check.noBenchmarks, '');
  }
  if (r.failures.length > 0) {
    parts.push(m.check.failedHeading);
    for (const f of r.failures) {
      // Panic and fatal messages already start with their kind ("panic: …"): say it once.
      parts.push(`  ${f.name}: ${f.message.startsWith(`${f.kind}:`) || f.message.startsWith(`${f.kind} `) ? '' : `${f.kind}: `}${f.message}`);
      const stack = f.stack.split('\n').slice(0, 8);
      for (const l of stack) if (l.trim() !== '') parts.push(`      ${l}`);
    }
    parts.push('');
  }
  if (r.verdicts.length > 0) {
    parts.push(m.check.verdictsHeading([...new Set(r.verdicts.map((v) => m.finding.kinds[v.kind].title))].join('; ')));
    for (const v of r.verdicts) parts.push(...verdictBlock(v, o));
    parts.push('');
  }
  if (r.rules.length > 0) parts.push(...rulesBlock(r, o), '');
  const asserted = assertionBlock(m, r.assertions, (f) => rel(o.cwd, f), (t, indent) => wrap(t, indent, o.width), r.packageNames);
  if (asserted.length > 0) parts.push(...asserted, '');
  const allocs = r.findings.filter((f) => f.kind === 'allocation-site');
  const unmeasured = r.findings.filter((f) => f.kind === 'heap-decision-unmeasured');
  if (r.profileTotals.profiles > 0) {
    parts.push(
      ...wrap(
        m.check.sitesHeading(r.profileTotals.profiles, formatBytes(r.profileTotals.allocBytes), formatCount(r.profileTotals.allocObjects), s.memProfileRate),
        '',
        o.width,
      ),
    );
    if (allocs.length === 0) parts.push(`   ${m.check.noneSampled}`);
    allocs.slice(0, o.nodeCount).forEach((f, i) => parts.push(...siteBlock(r, f, i + 1, o)));
    if (allocs.length > o.nodeCount) parts.push(`   ${m.check.moreSites(allocs.length - o.nodeCount)}`);
    parts.push('');
  }
  const yours = userLinesBlock(r, o);
  if (yours.length > 0) parts.push(...yours, '');
  if (r.maps) parts.push(...mapsBlock(r.maps, o, r.packageNames), '');
  if (unmeasured.length > 0) {
    parts.push(m.check.unmeasuredHeading);
    for (const f of unmeasured.slice(0, o.nodeCount)) parts.push(...siteBlock(r, f, 0, o));
    if (unmeasured.length > o.nodeCount) parts.push(`   ${m.check.moreUnmeasured(unmeasured.length - o.nodeCount)}`);
    parts.push('');
  }
  return parts.join('\n');
}
