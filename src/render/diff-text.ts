// diff-text.ts renders a DiffReport as text: the totals, the normalisation,
// then what grew and what shrank or vanished, each a table of Δcum and Δflat.
import type { DiffReport, DiffRow } from '../profile/diff.js';
import { renderTable } from './table.js';
import { formatBytes, formatCount, formatDurationNs, formatPercent } from '../human-units.js';
import { visible } from './visible-text.js';

/** DiffTextOptions names the inputs and bounds the tables. */
export interface DiffTextOptions {
  readonly baseLabel: string;
  readonly newLabel: string;
  /** Rows per table (JSON always carries all rows). */
  readonly nodecount: number;
}

/** formatValue prints a value in the sample type's unit, signed; unlike top's, zero keeps its unit ("0B"). */
function formatValue(v: number, unit: string): string {
  if (unit === 'bytes') return formatBytes(v);
  if (unit === 'nanoseconds') return formatDurationNs(v);
  return formatCount(v);
}

function signed(v: number, unit: string): string {
  return v > 0 ? `+${formatValue(v, unit)}` : formatValue(v, unit);
}

function rowName(r: DiffRow): string {
  return r.inline === '' ? visible(r.name) : `${visible(r.name)} (${r.inline})`;
}

function table(rows: readonly DiffRow[], report: DiffReport, limit: number): string {
  const unit = report.sampleIndex.unit;
  const denom = report.totals.pprof || 1;
  const shown = rows.slice(0, limit);
  const body = shown.map((r) => [
    signed(r.delta.cum, unit),
    formatPercent(r.delta.cum / denom),
    formatValue(r.base.cum, unit),
    formatValue(r.new.cum, unit),
    signed(r.delta.flat, unit),
    r.status === 'both' ? '' : r.status,
    rowName(r),
  ]);
  const out = renderTable(
    [
      { header: 'Δcum', align: 'right' },
      { header: 'Δ%', align: 'right' },
      { header: 'base cum', align: 'right' },
      { header: 'new cum', align: 'right' },
      { header: 'Δflat', align: 'right' },
      { header: '' },
      { header: 'name', maxWidth: 100 },
    ],
    body,
  );
  return rows.length > limit ? `${out}(${rows.length - limit} more; raise --nodecount or use --format json)\n` : out;
}

/** renderDiffText prints the totals, the normalisation, then what grew and what shrank or vanished. */
export function renderDiffText(report: DiffReport, o: DiffTextOptions): string {
  const u = report.sampleIndex.unit;
  const lines: string[] = [];
  lines.push(`diff of ${report.sampleIndex.type} (${u}): new − base, per ${report.granularity.replace(/s$/, '')}`);
  lines.push(`  sample index: ${report.sampleIndex.type} — ${report.sampleIndex.why}`);
  lines.push(`  base: ${o.baseLabel}  total ${formatValue(report.totals.base, u)}`);
  lines.push(`  new:  ${o.newLabel}  total ${formatValue(report.totals.new, u)}`);
  lines.push(
    `  change: ${signed(report.totals.delta, u)}` +
      (report.totals.base !== 0 ? ` (${report.totals.delta > 0 ? '+' : ''}${formatPercent(report.totals.delta / report.totals.base)} of base)` : ''),
  );
  lines.push(
    report.normalized
      ? `  normalised: yes — base scaled by ×${report.baseScale.toPrecision(6)} so its total equals new's (pprof -normalize scales new to base's total instead: same shape, other scale)`
      : '  normalised: no — raw values (use --normalize when the runs differ in length or load)',
  );
  lines.push(`  Δ% is relative to the base's total of |values| (${formatValue(report.totals.pprof, u)}), as pprof -diff_base prints it`);
  for (const w of report.warnings) lines.push(`  warning: ${w}`);
  lines.push('');
  lines.push(`grew (${report.grew.length}):`);
  lines.push(report.grew.length ? table(report.grew, report, o.nodecount).trimEnd() : '  nothing grew');
  lines.push('');
  lines.push(`shrank or vanished (${report.shrank.length}):`);
  lines.push(report.shrank.length ? table(report.shrank, report, o.nodecount).trimEnd() : '  nothing shrank');
  return lines.join('\n') + '\n';
}
