// compare-text.ts renders a CompareReport as a benchstat-like text table:
// one block per package and unit, medians scaled per row as benchstat does
// (benchunit.CommonScale), "± CI%", the delta and "(p=0.PPP n=N)", and
// warnings as numbered footnotes under each block.
import type { CompareReport, CompareRow, CompareTable } from '../bench/compare.js';
import { pctRangeString } from '../bench/statistics.js';
import { commonScale, formatScaled, goFormatFixed, scale, unitClass } from '../bench/units.js';
import { renderTable, type Column } from './table.js';
import type { Messages } from '../i18n/messages.js';

/** comparisonNote is benchmath's Comparison.String: "p=0.027 n=7" or "n=4+5"; p is omitted when exactly 0. */
export function comparisonNote(row: CompareRow): string {
  const c = row.comparison;
  if (!c) return '';
  const n1 = c.oldSummary.n;
  const n2 = c.newSummary.n;
  const p = c.p !== 0 ? `p=${goFormatFixed(c.p, 3)} ` : '';
  return `(${p}n=${n1 === n2 ? String(n1) : `${n1}+${n2}`})`;
}

function renderBlock(report: CompareReport, t: CompareTable, m: Messages): string {
  const cls = unitClass(t.unit);
  const notes: string[] = [];
  const footnote = (msgs: readonly string[]): string => {
    const marks: string[] = [];
    for (const m of new Set(msgs)) {
      let i = notes.indexOf(m);
      if (i < 0) {
        notes.push(m);
        i = notes.length - 1;
      }
      marks.push(superscript(i + 1));
    }
    return marks.join(' ');
  };
  const columns: Column[] = [
    { header: t.unit === '' ? '' : '' },
    { header: `${report.oldOrigin}`, align: 'right' },
    { header: '', align: 'left' },
    { header: `${report.newOrigin}`, align: 'right' },
    { header: m.compare.vsBase, align: 'right' },
    { header: '', align: 'left' },
  ];
  const rows: string[][] = [['', t.unit, '', t.unit, '', '']];
  for (const r of t.rows) {
    const s = commonScale([r.old?.center, r.new?.center].filter((v): v is number => v !== undefined), cls);
    const cell = (side: CompareRow['old']): string => (side ? `${formatScaled(side.center, s)} ± ${pctRangeString(side)}` : '');
    const sampleWarnings = [...(r.old?.warnings ?? []), ...(r.new?.warnings ?? []), ...r.warnings];
    const cmpWarnings = r.comparison?.warnings ?? [];
    rows.push([
      r.name,
      cell(r.old),
      footnote(sampleWarnings),
      cell(r.new),
      r.comparison ? r.comparison.delta : '',
      [comparisonNote(r), footnote(cmpWarnings)].filter((x) => x !== '').join(' '),
    ]);
  }
  if (t.geomean) {
    const g = t.geomean;
    rows.push(['geomean', g.old === null ? '' : scale(g.old, cls), '', g.new === null ? '' : scale(g.new, cls), g.delta, footnote(g.warnings)]);
  }
  const head = t.pkg === '' ? '' : `pkg: ${t.pkg}\n`;
  const foot = notes.map((m, i) => `${superscript(i + 1)} ${m}\n`).join('');
  return head + renderTable(columns, rows) + foot;
}

const superDigits = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
function superscript(i: number): string {
  return String(i)
    .split('')
    .map((d) => superDigits[Number(d)]!)
    .join('');
}

/** renderCompareText renders every table, separated by blank lines. Report-level warnings are the caller's (stderr). */
export function renderCompareText(report: CompareReport, m: Messages): string {
  const blocks = report.tables.map((t) => renderBlock(report, t, m));
  if (blocks.length === 0) return `${m.compare.nothing}\n`;
  return blocks.join('\n');
}
