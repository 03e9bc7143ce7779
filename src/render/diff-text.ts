// diff-text.ts renders a DiffReport as text: the totals, the normalisation,
// then what grew and what shrank or vanished, each a table of Δcum and Δflat.
import type { DiffReport, DiffRow } from '../profile/diff.js';
import { renderTable } from './table.js';
import { formatBytes, formatCount, formatDurationNs, formatPercent } from '../human-units.js';
import { visible } from './visible-text.js';
import type { Messages } from '../i18n/messages.js';

/** DiffTextOptions names the inputs and bounds the tables. */
export interface DiffTextOptions {
  readonly baseLabel: string;
  readonly newLabel: string;
  /** Rows per table (JSON always carries all rows). */
  readonly nodecount: number;
  readonly messages: Messages;
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

function table(rows: readonly DiffRow[], report: DiffReport, limit: number, m: Messages): string {
  const unit = report.sampleIndex.unit;
  const denom = report.totals.pprof || 1;
  const shown = rows.slice(0, limit);
  const body = shown.map((r) => [
    signed(r.delta.cum, unit),
    formatPercent(r.delta.cum / denom),
    formatValue(r.base.cum, unit),
    formatValue(r.new.cum, unit),
    signed(r.delta.flat, unit),
    r.status === 'both' ? '' : m.diff.status[r.status],
    rowName(r),
  ]);
  const out = renderTable(
    [
      { header: 'Δcum', align: 'right' },
      { header: 'Δ%', align: 'right' },
      { header: m.diff.baseCum, align: 'right' },
      { header: m.diff.newCum, align: 'right' },
      { header: 'Δflat', align: 'right' },
      { header: '' },
      { header: 'name', maxWidth: 100 },
    ],
    body,
  );
  return rows.length > limit ? `${out}${m.diff.more(rows.length - limit)}\n` : out;
}

/** renderDiffText prints the totals, the normalisation, then what grew and what shrank or vanished. */
export function renderDiffText(report: DiffReport, o: DiffTextOptions): string {
  const u = report.sampleIndex.unit;
  const m = o.messages;
  const w = m.diff;
  const lines: string[] = [];
  lines.push(w.header(report.sampleIndex.type, u, report.granularity));
  lines.push(`  ${w.sampleIndex(report.sampleIndex.type, m.profile.reason[report.sampleIndex.reason])}`);
  lines.push(`  ${w.side('base', o.baseLabel, formatValue(report.totals.base, u))}`);
  lines.push(`  ${w.side('new', o.newLabel, formatValue(report.totals.new, u))}`);
  lines.push(`  ${w.change(signed(report.totals.delta, u), report.totals.base !== 0 ? `${report.totals.delta > 0 ? '+' : ''}${formatPercent(report.totals.delta / report.totals.base)}` : null)}`);
  lines.push(`  ${report.normalized ? w.normalized(report.baseScale.toPrecision(6)) : w.raw}`);
  lines.push(`  ${w.pctBasis(formatValue(report.totals.pprof, u))}`);
  for (const x of report.warnings) lines.push(`  ${w.warning}: ${x}`);
  lines.push('');
  lines.push(w.grew(report.grew.length));
  lines.push(report.grew.length ? table(report.grew, report, o.nodecount, m).trimEnd() : `  ${w.nothingGrew}`);
  lines.push('');
  lines.push(w.shrank(report.shrank.length));
  lines.push(report.shrank.length ? table(report.shrank, report, o.nodecount, m).trimEnd() : `  ${w.nothingShrank}`);
  return lines.join('\n') + '\n';
}
