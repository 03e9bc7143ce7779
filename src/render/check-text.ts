// check-text.ts renders a CheckReport for a terminal, readable in 100 columns.
import { relative } from 'node:path';
import type { CheckReport, Interval, MapAmount, MapPointerFinding, MapSiteRow, MapsSection, SiteFinding } from '../verify/check-report.js';
import { mapPurposeInfo, type MapPurpose } from '../profile/map-purpose.js';
import { mapAmbiguityText, objectSizesText } from './map-purpose-text.js';
import { findingKinds, verdictInfo } from '../verify/finding-kinds.js';
import { renderTable, truncateMiddle } from './table.js';
import { displayName, type PackageNames } from '../go-symbol.js';
import { assertionBlock } from './assertion-words.js';
import { benchLabel, byPackage, experimentText, metricUnits, missingReason, noteLine, reasonText, ruleFixText, ruleMark, ruleReasonText, rulesInOrder, ruleTally, ruleVerdictLabel, summaryText, userFrameLine } from './check-words.js';
import type { RuleFinding } from '../verify/rule-report.js';

export { noteLine, siteReason } from './check-words.js';
import { formatBytes, formatCount, formatDurationNs, formatPercent, formatSignificant, formatMetric } from '../human-units.js';

/** CheckTextOptions control what the terminal rendering shows. */
export interface CheckTextOptions {
  /** Paths are shown relative to this directory. */
  readonly cwd: string;
  /** How many allocation sites to list (the model keeps all). */
  readonly nodeCount: number;
  readonly width: number;
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
export function runsEach(r: CheckReport): string {
  const ns = [...new Set(r.benchmarks.map((b) => b.nsPerOp.n))].sort((a, b) => a - b);
  const runs = (n: number): string => `${n} run${n === 1 ? '' : 's'}`;
  if (ns.length === 1 && ns[0] === r.settings.count) return `${runs(r.settings.count)} each`;
  if (ns.length === 1) return `${runs(ns[0]!)} each, of ${r.settings.count} planned`;
  return `${ns[0]}–${runs(ns[ns.length - 1]!)} per benchmark, of ${r.settings.count} planned`;
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

function benchTable(r: CheckReport, rows: readonly CheckReport['benchmarks'][number][]): string {
  const hasGc = r.benchmarks.some((b) => b.gc !== null);
  const units = metricUnits(r);
  const columns = [
    { header: 'benchmark', maxWidth: 34 },
    { header: 'time/op', align: 'right' as const },
    { header: 'B/op', align: 'right' as const },
    { header: 'allocs/op', align: 'right' as const },
    ...(hasGc ? [{ header: 'GCs', align: 'right' as const }, { header: 'STW max', align: 'right' as const }] : []),
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
  const out = [`${mark} ${verdictInfo[v.verdict].label.toUpperCase()}  ${v.function}(${v.param} ${v.paramType})  ${rel(o.cwd, v.file)}:${v.line}`];
  out.push(...wrap(summaryText(v.summary), '    ', o.width));
  for (const r of v.reasons) out.push(...wrap(`- ${reasonText(r)}`, '    ', o.width));
  return out;
}

/** rulesBlock lists the anti-pattern rules' hits, confirmed first, each with the evidence that settled it and its fix. */
function rulesBlock(r: CheckReport, o: CheckTextOptions): string[] {
  const cov = r.coverage === null ? 'no coverage run' : `coverage run of ${r.coverage.benchmarks} benchmark${r.coverage.benchmarks === 1 ? '' : 's'}`;
  const out = wrap(`Rules: anti-patterns settled by measurement (${ruleTally(r.rules)}; ${cov})`, '', o.width);
  for (const f of rulesInOrder(r.rules)) out.push(...ruleBlock(r, f, o));
  return out;
}

function ruleBlock(r: CheckReport, f: RuleFinding, o: CheckTextOptions): string[] {
  const head = `${ruleMark(f.verdict)} ${ruleVerdictLabel(f.verdict).toUpperCase()}  ${f.kind}  ${shortFunction(f.function, r.packageNames)}  ${rel(o.cwd, f.file)}:${f.line}`;
  const out = [head.length <= o.width ? head : truncateMiddle(head, o.width)];
  out.push(...wrap(`${findingKinds[f.kind].title}: ${f.subject}`, '    ', o.width));
  for (const x of f.reasons) out.push(...wrap(`- ${ruleReasonText(x)}`, '    ', o.width));
  if (f.fix !== null && f.verdict === 'confirmed') out.push(...wrap(`fix: ${ruleFixText(f.fix)}`, '    ', o.width));
  if (f.experiment) out.push(...wrap(experimentText(f.experiment), '    ', o.width));
  return out;
}

/** shortFunction is a function name as readers say it (package name, type arguments collapsed); JSON keeps the full name. */
export function shortFunction(name: string, names: PackageNames = {}): string {
  return displayName(name, names);
}

/** NOTES_SHOWN bounds the compiler decisions listed per site in text. */
const NOTES_SHOWN = 3;

function siteBlock(r: CheckReport, f: SiteFinding, rank: number, o: CheckTextOptions): string[] {
  const names = r.packageNames;
  const loc = `${rel(o.cwd, f.file)}:${f.line}`;
  const fn = shortFunction(f.function, names);
  const lead =
    f.kind === 'allocation-site'
      ? `${String(rank).padStart(3)}. ${formatPercent(f.share, 1).padStart(6)}  ${formatBytes(f.allocBytes).padStart(9)}  ${formatCount(f.allocObjects).padStart(9)} obj  ${fn}`
      : `   -  ${fn}`;
  const tail = f.kind === 'allocation-site' ? loc : `${loc}  (${findingKinds[f.kind].title.toLowerCase()})`;
  // The location goes on its own line when both do not fit the terminal.
  const out = lead.length + 2 + tail.length <= o.width ? [`${lead}  ${tail}`] : [lead, `        ${tail}`];
  const via = userFrameLine(f, names, (file) => rel(o.cwd, file));
  if (via !== null) out.push(...wrap(via, '        ', o.width));
  // Each profiling round on its own: how much the ranking moves.
  if (f.kind === 'allocation-site' && f.shareByRun.length > 1) out.push(`        rounds: ${f.shareByRun.map((x) => formatPercent(x, 1)).join('  ')}`);
  const seen = new Set<string>();
  let shown = 0;
  for (const n of f.compiler) {
    const line = noteLine(n, names);
    if (seen.has(line)) continue;
    seen.add(line);
    // A callee inlined into many callers has a decision per inline chain: the first few tell the story.
    if (++shown > NOTES_SHOWN) {
      out.push(`        … ${f.compiler.length - NOTES_SHOWN} more compiler decisions at this line (--format json has them)`);
      break;
    }
    out.push(...wrap(`compiler: ${line}`, '        ', o.width));
    for (const note of n.notes) {
      if (seen.has(note)) continue;
      seen.add(note);
      out.push(...wrap(`note: ${note}`, '        ', o.width));
    }
  }
  if (f.runtimeCalls.length > 0) {
    out.push(...wrap(`runtime: ${f.runtimeCalls.map((c) => `${c.call} (${c.reason})`).join('; ')}`, '        ', o.width));
  }
  const missing = f.compiler.length === 0 && f.runtimeCalls.length === 0 ? missingReason(f, r.settings.depsMin) : null;
  if (missing !== null) out.push(...wrap(`(${missing})`, '        ', o.width));
  return out;
}

/** userLinesBlock ranks the user's own lines by what they and their callees allocate (pprof -cum, restricted to the targets). */
function userLinesBlock(r: CheckReport, o: CheckTextOptions): string[] {
  // Benchmark bodies sit on every stack; the user's library lines are the answer, test files only when there is nothing else.
  const own = r.userLines.filter((l) => !l.inTestFile && l.cumBytes > l.flatBytes);
  const lines = (own.length > 0 ? own : r.userLines.filter((l) => l.cumBytes > l.flatBytes)).slice(0, Math.min(o.nodeCount, 10));
  if (lines.length === 0) return [];
  const out = ['Your lines by cumulative alloc_space (what each line and the calls it makes allocate)'];
  for (const l of lines) {
    const lead = `  ${formatPercent(l.cumShare, 1).padStart(6)}  ${formatBytes(l.cumBytes).padStart(9)} cum  ${formatBytes(l.flatBytes).padStart(9)} flat  ${shortFunction(l.function, r.packageNames)}`;
    const loc = `${rel(o.cwd, l.file)}:${l.line}`;
    out.push(...(lead.length + 2 + loc.length <= o.width ? [`${lead}  ${loc}`] : [lead, `        ${loc}`]));
  }
  if (own.length > 0 && r.userLines.some((l) => l.inTestFile && l.cumBytes > l.flatBytes)) out.push('  (lines in _test.go files left out: benchmark bodies sit on every stack; JSON has them)');
  return out;
}

/** mapSites are the sites of one purpose, in the target packages first. */
export function mapSites(m: MapsSection, purpose: MapSiteRow['purpose']): MapsSection['sites'] {
  const of = m.sites.filter((s) => s.purpose === purpose);
  return [...of.filter((s) => s.inTargetPackages), ...of.filter((s) => !s.inTargetPackages)];
}

/** mapSiteNote is what a site row adds after its location: the frame it went through, its object sizes, why it is ambiguous. */
export function mapSiteNote(s: MapSiteRow): string {
  const parts: string[] = [];
  if (s.via !== null) parts.push(`via ${s.via}`);
  if (s.purpose !== 'create' && s.objectSizes.length > 0) parts.push(objectSizesText(s.objectSizes));
  if (s.ambiguity !== null) parts.push(mapAmbiguityText[s.ambiguity]);
  return parts.join('; ');
}

/** hang wraps text after a fixed prefix (kept as it is), continuing under the text. */
function hang(prefix: string, text: string, width: number): string[] {
  return wrap(text, '', Math.max(20, width - prefix.length)).map((l, i) => (i === 0 ? prefix : ' '.repeat(prefix.length)) + l.trimStart());
}

/** mapRowOrder puts the questions first: what a hint replaces, then what it does not remove. */
export const mapRowOrder: readonly MapPurpose[] = ['grow', 'first-group', 'create', 'assign', 'other'];

/** mapRowTitle names a purpose in a breakdown row. */
export const mapRowTitle: Readonly<Record<MapPurpose, string>> = {
  grow: 'growth',
  'first-group': 'first groups',
  create: 'creation',
  assign: 'assignment',
  other: 'other',
};
/** mapSiteHeading heads a list of one purpose's sites. */
export const mapSiteHeading: Readonly<Record<MapSiteRow['purpose'], string>> = {
  grow: 'Growth sites',
  'first-group': 'First groups of small maps (a size hint does not remove them)',
  create: 'Creation sites',
  assign: 'Assignment sites (keys or elements over 128 bytes, stored apart)',
  other: 'Other map sites',
  ambiguous: 'Ambiguous sites (not in the total)',
};

/**
 * mapsBlock answers: how much of the GC pressure is maps, and how much of
 * that is growth a size hint would replace? Its total is the JSON `maps.total`
 * and its rows are `maps.byPurpose`, so the two always agree.
 */
function mapsBlock(m: MapsSection, o: CheckTextOptions, names: PackageNames): string[] {
  const out: string[] = [];
  const basis = m.runtimeFramesHidden
    ? 'classified by allocation-site source line and object size; heap profiles hide runtime frames'
    : 'classified by runtime frames';
  const t = m.total;
  out.push(
    ...wrap(
      t.allocBytes !== 0
        ? `Maps: ${formatBytes(t.allocBytes)} (${formatPercent(t.share, 1)} of alloc_space, ${formatCount(t.allocObjects)} objects) by purpose (${basis})`
        : `Maps: none measured (${basis})`,
      '',
      o.width,
    ),
  );
  const amount = (a: MapAmount) => `${formatBytes(a.allocBytes).padStart(9)} ${formatPercent(a.share, 1).padStart(6)}`;
  for (const p of mapRowOrder) {
    const a = m.byPurpose[p];
    // Growth and first groups are the questions: always answered, also when 0.
    if (a.allocBytes === 0 && p !== 'grow' && p !== 'first-group') continue;
    const label = `  ${amount(a)}  ${mapRowTitle[p].padEnd(12)}  `;
    const what =
      p === 'grow' && a.allocBytes === 0
        ? 'none measured: no map in these benchmarks outgrew its table'
        : p === 'first-group' && a.allocBytes === 0
          ? 'none measured'
          : mapPurposeInfo[p].fix;
    out.push(...hang(label, what, o.width));
  }
  if (m.ambiguous.allocBytes !== 0) {
    const label = `  ${amount(m.ambiguous)}  ${'ambiguous'.padEnd(12)}  `;
    out.push(...hang(label, 'not in the total: the sites below say why', o.width));
  }
  for (const purpose of ['grow', 'first-group', 'assign', 'ambiguous'] as const) {
    const sites = mapSites(m, purpose);
    if (sites.length === 0) continue;
    out.push(`  ${mapSiteHeading[purpose]}:`);
    for (const s of sites.slice(0, o.nodeCount)) {
      const lead = `  ${formatBytes(s.allocBytes).padStart(9)} ${formatPercent(s.share, 1).padStart(6)}  ${shortFunction(s.function, names)}  ${rel(o.cwd, s.file)}:${s.line}`;
      const src = s.source ? s.source.trim() : '';
      out.push(src !== '' && lead.length + 2 + src.length <= o.width ? `${lead}  ${src}` : lead);
      if (src !== '' && lead.length + 2 + src.length > o.width) out.push(`      ${truncateMiddle(src, o.width - 6)}`);
      const note = mapSiteNote(s);
      if (note !== '') out.push(...wrap(note, '      ', o.width));
    }
    if (sites.length > o.nodeCount) out.push(`    … ${sites.length - o.nodeCount} more (use --format json)`);
  }
  return out;
}

/** renderCheckText renders the report as terminal text. */
export function renderCheckText(r: CheckReport, o: CheckTextOptions): string {
  const parts: string[] = [];
  const s = r.settings;
  parts.push(
    ...wrap(`heapsight check ${r.packages.join(' ')} (${r.go} ${r.goos}/${r.goarch}; -bench ${JSON.stringify(s.bench)} -count ${s.count} -benchtime ${s.benchtime})`, '', o.width),
    '',
  );
  if (r.benchmarks.length > 0) {
    parts.push(`Benchmarks (median ±95% CI over ${runsEach(r)})`);
    // Several packages: one table each under its import path, as benchstat prints "pkg:" sections.
    const groups = byPackage(r.benchmarks);
    for (const g of groups) {
      if (groups.length > 1) parts.push(`pkg: ${g.pkg}`);
      parts.push(benchTable(r, g.rows).trimEnd());
    }
    parts.push('');
  } else {
    parts.push('Benchmarks: none ran (no benchmark matched); compiler evidence only.', '');
  }
  if (r.failures.length > 0) {
    parts.push('Failed benchmarks');
    for (const f of r.failures) {
      // Panic and fatal messages already start with their kind ("panic: …"): say it once.
      parts.push(`  ${f.name}: ${f.message.startsWith(`${f.kind}:`) || f.message.startsWith(`${f.kind} `) ? '' : `${f.kind}: `}${f.message}`);
      const stack = f.stack.split('\n').slice(0, 8);
      for (const l of stack) if (l.trim() !== '') parts.push(`      ${l}`);
    }
    parts.push('');
  }
  if (r.verdicts.length > 0) {
    parts.push(`Verdicts: ${[...new Set(r.verdicts.map((v) => findingKinds[v.kind].title))].join('; ')}`);
    for (const v of r.verdicts) parts.push(...verdictBlock(v, o));
    parts.push('');
  }
  if (r.rules.length > 0) parts.push(...rulesBlock(r, o), '');
  const asserted = assertionBlock(r.assertions, (f) => rel(o.cwd, f), (t, indent) => wrap(t, indent, o.width), r.packageNames);
  if (asserted.length > 0) parts.push(...asserted, '');
  const allocs = r.findings.filter((f) => f.kind === 'allocation-site');
  const unmeasured = r.findings.filter((f) => f.kind === 'heap-decision-unmeasured');
  if (r.profileTotals.profiles > 0) {
    parts.push(
      ...wrap(
        `Allocation sites by alloc_space (heap profile of ${r.profileTotals.profiles} run${r.profileTotals.profiles === 1 ? '' : 's'}, ` +
          `total ${formatBytes(r.profileTotals.allocBytes)} in ${formatCount(r.profileTotals.allocObjects)} objects; MemProfileRate ${s.memProfileRate})`,
        '',
        o.width,
      ),
    );
    if (allocs.length === 0) parts.push('   none: the benchmarks allocated nothing the profile sampled');
    allocs.slice(0, o.nodeCount).forEach((f, i) => parts.push(...siteBlock(r, f, i + 1, o)));
    if (allocs.length > o.nodeCount) parts.push(`   … ${allocs.length - o.nodeCount} more (use --nodecount or --format json)`);
    parts.push('');
  }
  const yours = userLinesBlock(r, o);
  if (yours.length > 0) parts.push(...yours, '');
  if (r.maps) parts.push(...mapsBlock(r.maps, o, r.packageNames), '');
  if (unmeasured.length > 0) {
    parts.push('Heap decisions at lines that allocated nothing in this run');
    for (const f of unmeasured.slice(0, o.nodeCount)) parts.push(...siteBlock(r, f, 0, o));
    if (unmeasured.length > o.nodeCount) parts.push(`   … ${unmeasured.length - o.nodeCount} more`);
    parts.push('');
  }
  return parts.join('\n');
}
