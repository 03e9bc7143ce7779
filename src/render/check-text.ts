// check-text.ts renders a CheckReport for a terminal, readable in 100 columns.
import { relative } from 'node:path';
import type { CheckReport, CompilerNote, Interval, MapPointerFinding, MapsSection, SiteFinding } from '../verify/check-report.js';
import { findingKinds, verdictInfo } from '../verify/finding-kinds.js';
import { renderTable, truncateMiddle } from './table.js';
import { formatBytes, formatCount, formatDurationNs, formatPercent, formatSignificant } from '../human-units.js';

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

function benchTable(r: CheckReport): string {
  const hasGc = r.benchmarks.some((b) => b.gc !== null);
  const columns = [
    { header: 'benchmark', maxWidth: 34 },
    { header: 'time/op', align: 'right' as const },
    { header: 'B/op', align: 'right' as const },
    { header: 'allocs/op', align: 'right' as const },
    ...(hasGc ? [{ header: 'GCs', align: 'right' as const }, { header: 'STW max', align: 'right' as const }] : []),
  ];
  const rows = r.benchmarks.map((b) => [
    b.name.replace(/^Benchmark/, ''),
    ci(b.nsPerOp, formatDurationNs),
    ci(b.bytesPerOp, (v) => formatBytes(v, 1)),
    ci(b.allocsPerOp, (v) => formatCount(v)),
    ...(hasGc ? [b.gc ? formatCount(b.gc.cycles) : '-', b.gc ? formatDurationNs(b.gc.pauseMaxNs) : '-'] : []),
  ]);
  return renderTable(columns, rows);
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

/** noteLine is a compiler decision in plain words. */
export function noteLine(n: CompilerNote): string {
  const story = n.cause.text !== '' ? n.cause.text : n.message;
  return n.kind === 'does-not-escape' ? `${n.subject} does not escape` : story;
}

function verdictBlock(v: MapPointerFinding, o: CheckTextOptions): string[] {
  const mark = v.verdict === 'confirmed' ? '✗' : v.verdict === 'refuted' ? '✓' : '?';
  const out = [`${mark} ${verdictInfo[v.verdict].label.toUpperCase()}  ${v.function}(${v.param} ${v.paramType})  ${rel(o.cwd, v.file)}:${v.line}`];
  out.push(...wrap(v.summary, '    ', o.width));
  for (const r of v.reasons) out.push(...wrap(`- ${r}`, '    ', o.width));
  return out;
}

/**
 * shortFunction keeps the last import-path element, as readers say it
 * ("mapptr.fillAndRegister", "sync.newEntryNode[...]"); JSON keeps the full name.
 */
export function shortFunction(name: string): string {
  const open = name.indexOf('[');
  let base = open >= 0 ? name.slice(0, open) : name;
  let rest = '';
  if (open >= 0) {
    // Collapse type arguments ("[go.shape.interface {},…]") to "[...]", keeping any method suffix after them.
    let depth = 0;
    let i = open;
    for (; i < name.length; i++) {
      if (name[i] === '[') depth++;
      else if (name[i] === ']' && --depth === 0) break;
    }
    rest = '[...]' + name.slice(i + 1);
  }
  const slash = base.lastIndexOf('/');
  if (slash >= 0) base = base.slice(slash + 1);
  return base + rest;
}

function siteBlock(f: SiteFinding, rank: number, o: CheckTextOptions): string[] {
  const loc = `${rel(o.cwd, f.file)}:${f.line}`;
  const fn = shortFunction(f.function);
  const lead =
    f.kind === 'allocation-site'
      ? `${String(rank).padStart(3)}. ${formatPercent(f.share, 1).padStart(6)}  ${formatBytes(f.allocBytes).padStart(9)}  ${formatCount(f.allocObjects).padStart(9)} obj  ${fn}`
      : `   -  ${fn}`;
  const tail = f.kind === 'allocation-site' ? loc : `${loc}  (${findingKinds[f.kind].title.toLowerCase()})`;
  // The location goes on its own line when both do not fit the terminal.
  const out = lead.length + 2 + tail.length <= o.width ? [`${lead}  ${tail}`] : [lead, `        ${tail}`];
  const seen = new Set<string>();
  for (const n of f.compiler) {
    const line = noteLine(n);
    if (seen.has(line)) continue;
    seen.add(line);
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
  if (f.kind === 'allocation-site' && f.compiler.length === 0 && f.runtimeCalls.length === 0) {
    out.push(...wrap('(no compiler decision at this line: the allocation happens in a callee the profile hides, e.g. a runtime or library call)', '        ', o.width));
  }
  return out;
}

/** siteReason is the first reason a site allocates: a compiler decision, else an allocating runtime call. */
export function siteReason(f: SiteFinding): string {
  const n = f.compiler.find((c) => c.kind !== 'does-not-escape') ?? f.compiler[0];
  if (n) return noteLine(n);
  const c = f.runtimeCalls[0];
  if (c) return `${c.call}: ${c.reason}`;
  return 'no compiler decision at this line: the allocation happens in a callee the profile hides';
}

/** growthSites are the sites whose map work is growth, in the target packages first. */
export function growthSites(m: MapsSection): MapsSection['sites'] {
  const grow = m.sites.filter((s) => s.purpose === 'grow');
  return [...grow.filter((s) => s.inTargetPackages), ...grow.filter((s) => !s.inTargetPackages)];
}

/** mapsBlock answers: how much of the GC pressure is map growth that a size hint would remove? */
function mapsBlock(m: MapsSection, o: CheckTextOptions): string[] {
  const g = m.byPurpose.grow;
  const out: string[] = [];
  const basis = m.runtimeFramesHidden ? 'classified by allocation-site source line; heap profiles hide runtime frames' : 'classified by runtime frames';
  out.push(
    ...wrap(
      g.allocBytes > 0
        ? `Map growth: ${formatBytes(g.allocBytes)} (${formatPercent(g.share, 1)} of alloc_space, ${formatCount(g.allocObjects)} objects) — what a size hint, make(map[K]V, n), would remove (${basis})`
        : `Map growth: none measured — no map in these benchmarks outgrew its table (${basis})`,
      '',
      o.width,
    ),
  );
  const sites = growthSites(m);
  for (const s of sites.slice(0, o.nodeCount)) {
    const lead = `  ${formatBytes(s.allocBytes).padStart(9)} ${formatPercent(s.share, 1).padStart(6)}  ${shortFunction(s.function)}  ${rel(o.cwd, s.file)}:${s.line}`;
    const src = s.source ? s.source.trim() : '';
    out.push(src !== '' && lead.length + 2 + src.length <= o.width ? `${lead}  ${src}` : lead);
    if (src !== '' && lead.length + 2 + src.length > o.width) out.push(`      ${truncateMiddle(src, o.width - 6)}`);
  }
  if (sites.length > o.nodeCount) out.push(`  … ${sites.length - o.nodeCount} more (use --format json)`);
  const c = m.byPurpose.create;
  const rest = [`create ${formatBytes(c.allocBytes)} (${formatPercent(c.share, 1)})`];
  for (const k of ['assign', 'other'] as const) if (m.byPurpose[k].allocBytes !== 0) rest.push(`${k} ${formatBytes(m.byPurpose[k].allocBytes)} (${formatPercent(m.byPurpose[k].share, 1)})`);
  if (m.ambiguous.allocBytes !== 0) rest.push(`ambiguous ${formatBytes(m.ambiguous.allocBytes)} (${formatPercent(m.ambiguous.share, 1)})`);
  out.push(`  other map allocations: ${rest.join(', ')}`);
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
    parts.push(`Benchmarks (median ±95% CI over ${runsEach(r)})`, benchTable(r).trimEnd(), '');
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
    parts.push(`Verdicts: ${findingKinds['map-pointer-param'].title}`);
    for (const v of r.verdicts) parts.push(...verdictBlock(v, o));
    parts.push('');
  }
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
    allocs.slice(0, o.nodeCount).forEach((f, i) => parts.push(...siteBlock(f, i + 1, o)));
    if (allocs.length > o.nodeCount) parts.push(`   … ${allocs.length - o.nodeCount} more (use --nodecount or --format json)`);
    parts.push('');
  }
  if (r.maps) parts.push(...mapsBlock(r.maps, o), '');
  if (unmeasured.length > 0) {
    parts.push('Heap decisions at lines that allocated nothing in this run');
    for (const f of unmeasured.slice(0, o.nodeCount)) parts.push(...siteBlock(f, 0, o));
    if (unmeasured.length > o.nodeCount) parts.push(`   … ${unmeasured.length - o.nodeCount} more`);
    parts.push('');
  }
  return parts.join('\n');
}
