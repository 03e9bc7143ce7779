// bench-text.ts renders `heapsight bench` results for the terminal: per
// benchmark the median ± CI half-width (benchstat's "± 3%") of time/op, B/op
// and allocs/op, GC cycles and stop-the-world pauses; then failures with
// their stacks; then the variant table when --baseline was given.
import { FAILURE_KINDS, type BenchFailure } from '../bench/crash.js';
import type { BenchmarkResult, BenchRun } from '../bench/runner.js';
import { median, pctRangeString, type Comparison, type Summary } from '../bench/statistics.js';
import type { HeapDecision, VariantRuleHit, VariantTable } from '../verify/variant-table.js';
import { renderTable, type Column } from './table.js';
import { STANDARD_UNITS } from '../bench/units.js';
import { formatBytes, formatCount, formatDurationNs, formatMetric, formatSignificant } from '../human-units.js';
import type { Messages } from '../i18n/messages.js';

function withCi(s: Summary | undefined, format: (v: number) => string): string {
  if (!s) return '–';
  return `${format(s.center)} ± ${pctRangeString(s)}`;
}

const fmtTime = (sec: number): string => formatDurationNs(sec * 1e9);
const fmtAllocs = (v: number): string => (Number.isInteger(v) ? formatCount(v) : formatSignificant(v, 3));

function displayName(b: Pick<BenchmarkResult, 'name' | 'procs'>): string {
  return b.procs === null ? b.name : `${b.name}-${b.procs}`;
}

const resultColumns = (m: Messages): Column[] => [
  { header: m.bench.benchmark, maxWidth: 48 },
  { header: 'time/op', align: 'right' },
  { header: 'B/op', align: 'right' },
  { header: 'allocs/op', align: 'right' },
  { header: 'n', align: 'right' },
  { header: 'GC/run', align: 'right' },
  { header: 'GC/Mop', align: 'right' },
  { header: 'STW/run', align: 'right' },
  { header: 'max STW', align: 'right' },
  { header: 'GC CPU', align: 'right' },
];

function resultRow(b: BenchmarkResult): string[] {
  const cyc = median(b.gc.cyclesPerRun);
  const pause = median(b.gc.pausePerRunNs);
  return [
    displayName(b),
    withCi(b.summaries['sec/op'], fmtTime),
    withCi(b.summaries['B/op'], (v) => formatBytes(v)),
    withCi(b.summaries['allocs/op'], fmtAllocs),
    String(b.iterations.length),
    cyc === null ? '–' : formatSignificant(cyc, 3),
    b.gc.cyclesPerMillionOps === null ? '–' : formatSignificant(b.gc.cyclesPerMillionOps, 3),
    pause === null ? '–' : formatDurationNs(pause),
    formatDurationNs(b.gc.pauseMaxNs),
    b.gc.gcCpuPercent === null ? '–' : `${b.gc.gcCpuPercent}%`,
  ];
}

/** renderFailure prints one failure: kind, name, message, and the stack indented. */
export function renderFailure(f: BenchFailure): string {
  // fatal and panic messages already start with their kind ("fatal error: …"); others get it in brackets.
  const kind = f.message.startsWith(FAILURE_KINDS[f.kind].title) ? '' : ` (${FAILURE_KINDS[f.kind].title})`;
  const head = `FAIL ${f.name}${kind}: ${f.message.split('\n').join('\n    ')}\n`;
  const stack = f.stack === '' ? '' : f.stack.split('\n').map((l) => `    ${l}`).join('\n') + '\n';
  return head + stack;
}

function deltaCell(c: Comparison | undefined): string {
  if (!c) return '';
  return `${c.delta} (p=${c.p.toFixed(3)})`;
}

/** decisionBrief is one heap decision in a cell: subject (moved or escapes), file:line, and the callee it is in. */
function decisionBrief(m: Messages, d: HeapDecision): string {
  const subject = d.subject.length > 32 ? `${d.subject.slice(0, 31)}…` : d.subject;
  const moved = d.kind === 'moved-to-heap' ? m.bench.moved : '';
  const file = d.file.slice(d.file.lastIndexOf('/') + 1);
  const where = d.via.length === 0 ? '' : m.bench.inFunction(d.function);
  const star = d.inlinedCopiesNotEscaping.length > 0 ? '*' : '';
  return `${subject}${moved} ${file}:${d.line}${where}${star}`;
}

/** decisionsCell shows the first two decisions an escapes count is made of; JSON has them all. */
function decisionsCell(m: Messages, ds: readonly HeapDecision[] | null): string {
  if (ds === null || ds.length === 0) return '';
  const shown = ds.slice(0, 2).map((d) => decisionBrief(m, d)).join('; ');
  return ds.length > 2 ? `${shown}; ${m.bench.more(ds.length - 2)}` : shown;
}

/** ruleHitsCell shows the first two rule hits a variant's code has; JSON has them all. */
function ruleHitsCell(m: Messages, hs: readonly VariantRuleHit[] | null): string {
  if (hs === null || hs.length === 0) return '';
  const brief = (h: VariantRuleHit): string => `${h.rule} ${h.file.slice(h.file.lastIndexOf('/') + 1)}:${h.line}`;
  const shown = hs.slice(0, 2).map(brief).join('; ');
  return hs.length > 2 ? `${shown}; ${m.bench.more(hs.length - 2)}` : shown;
}

/** renderVariantTable prints the --baseline table. */
export function renderVariantTable(t: VariantTable, m: Messages): string {
  if (t.rows.length === 0) return '';
  const w = m.bench;
  const cols: Column[] = [
    { header: w.variant(t.baseline), maxWidth: 48 },
    { header: w.escapes, align: 'right' },
    { header: 'time/op', align: 'right' },
    { header: 'Δ', align: 'right' },
    { header: 'B/op', align: 'right' },
    { header: 'Δ', align: 'right' },
    { header: 'allocs/op', align: 'right' },
    { header: 'Δ', align: 'right' },
    { header: 'GC/run', align: 'right' },
    { header: 'STW/run', align: 'right' },
    { header: w.decisions, maxWidth: 120 },
  ];
  // The rule hits column only when some variant's code has a hit (they are in the package's own files).
  const withHits = t.rows.some((r) => (r.ruleHits?.length ?? 0) > 0);
  if (withHits) cols.push({ header: w.ruleHits, maxWidth: 90 });
  const rows = t.rows.map((r) => [
    `${displayName(r)}${r.isBaseline ? w.baseline : ''}`,
    r.escapes === null ? 'n/a' : String(r.escapes),
    r.summaries['sec/op'] ? fmtTime(r.summaries['sec/op'].center) : '–',
    deltaCell(r.vsBaseline['sec/op']),
    r.summaries['B/op'] ? formatBytes(r.summaries['B/op'].center) : '–',
    deltaCell(r.vsBaseline['B/op']),
    r.summaries['allocs/op'] ? fmtAllocs(r.summaries['allocs/op'].center) : '–',
    deltaCell(r.vsBaseline['allocs/op']),
    r.gcCyclesPerRun === null ? '–' : formatSignificant(r.gcCyclesPerRun, 3),
    r.pausePerRunNs === null ? '–' : formatDurationNs(r.pausePerRunNs),
    decisionsCell(m, r.heapDecisions),
    ...(withHits ? [ruleHitsCell(m, r.ruleHits)] : []),
  ]);
  const notes = [w.deltaNote, t.rows.some((r) => r.escapes === null) ? w.escapesNotCollected : w.escapesNote];
  if (withHits) notes.push(w.ruleHitsNote);
  if (t.rows.some((r) => r.heapDecisions?.some((d) => d.inlinedCopiesNotEscaping.length > 0))) notes.push(w.starNote);
  return renderTable(cols, rows) + notes.join('\n') + '\n';
}

/** renderBenchText prints every package's results, failures and (optionally) the variant table. */
export function renderBenchText(runs: readonly BenchRun[], variants: VariantTable | null, m: Messages): string {
  const parts: string[] = [];
  for (const r of runs) {
    const cfg = r.config;
    parts.push(`pkg: ${r.importPath}\n${[cfg['goos'] && `goos: ${cfg['goos']}`, cfg['goarch'] && `goarch: ${cfg['goarch']}`, cfg['cpu'] && `cpu: ${cfg['cpu']}`, r.goVersion].filter(Boolean).join('  ')}\n`);
    if (r.noTestFiles) {
      parts.push(`${m.bench.noTestFiles}\n`);
      continue;
    }
    if (r.matched.length === 0) {
      parts.push(`${m.bench.noneMatched}\n`);
      continue;
    }
    if (r.benchmarks.length > 0) {
      // Every unit a benchmark reports (b.ReportMetric, b.SetBytes' B/s) gets its column.
      const units = [...new Set(r.benchmarks.flatMap((b) => Object.keys(b.summaries)))].filter((u) => !STANDARD_UNITS.has(u)).sort();
      const cols = [...resultColumns(m), ...units.map((u): Column => ({ header: u, align: 'right' }))];
      parts.push(renderTable(cols, r.benchmarks.map((b) => [...resultRow(b), ...units.map((u) => withCi(b.summaries[u], (v) => formatMetric(v, u)))])));
    }
    for (const f of r.failures) parts.push(renderFailure(f));
  }
  if (runs.some((r) => r.benchmarks.length > 0)) {
    parts.push(`${m.bench.legend}\n`);
  }
  if (variants) {
    const t = renderVariantTable(variants, m);
    if (t !== '') parts.push(t);
  }
  return parts.join('\n');
}
