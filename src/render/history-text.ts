// history-text.ts renders a run history for the terminal: the runs, then per
// benchmark and unit a sparkline over the runs, the last median and the
// change points in words.
import type { HistoryTrend, TrendSeries } from '../history/trend.js';
import { formatPercent } from '../human-units.js';
import { benchmarkLabel, changeLine, commitLabel, formatValue, heapDecisions, sparkline, timeLabel } from './history-words.js';
import { renderTable } from './table.js';
import { visible } from './visible-text.js';

/** HistoryTextOptions: the database as the reader should see its path. */
export interface HistoryTextOptions {
  readonly database: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** renderHistoryText renders the trend as text. */
export function renderHistoryText(t: HistoryTrend, o: HistoryTextOptions): string {
  const out: string[] = [];
  out.push(`heapsight history: ${plural(t.runs.length, 'run')} in ${visible(o.database)}\n`);
  if (t.runs.length === 0) return out.join('') + 'no runs recorded yet: `heapsight check --record` records one\n';
  out.push(
    `change point: p ≤ ${t.settings.alpha} (Mann-Whitney U against the run before) and a change of at least ${formatPercent(t.settings.minChange, 0)} in the median\n\n`,
  );
  out.push(
    renderTable(
      [{ header: 'run' }, { header: 'commit' }, { header: 'recorded (UTC)' }, { header: 'command' }, { header: 'go' }, { header: 'cpu', maxWidth: 40 }, { header: 'heap decisions', align: 'right' }],
      t.runs.map((r, i) => [`#${i + 1}`, commitLabel(r), timeLabel(r.time), r.command, r.go, visible(r.cpu ?? ''), String(heapDecisions(r))]),
    ),
  );
  if (t.series.length === 0) {
    out.push(`\nno benchmark${t.settings.bench !== null ? ` matching ${JSON.stringify(t.settings.bench)}` : ''}${t.settings.unit !== null ? ` with unit ${t.settings.unit}` : ''} in these runs\n`);
    return out.join('');
  }
  const unitWidth = Math.max(...t.series.map((s) => s.unit.length));
  const lastOf = (s: TrendSeries): string => formatValue(s.points[s.points.length - 1]!.median, s.unit);
  const lastWidth = Math.max(...t.series.map((s) => lastOf(s).length));
  let pkg: string | null = null;
  let bench: string | null = null;
  for (const s of t.series) {
    if (s.package !== pkg) {
      pkg = s.package;
      bench = null;
      out.push(`\n${visible(s.package)}\n`);
    }
    const label = benchmarkLabel(s);
    if (label !== bench) {
      bench = label;
      out.push(`  ${label}\n`);
    }
    const head = `    ${s.unit.padEnd(unitWidth)}  ${sparkline(t, s)}  ${lastOf(s).padEnd(lastWidth)}`;
    if (s.changes.length === 0) {
      out.push(`${head.trimEnd()}\n`);
      continue;
    }
    out.push(`${head}  ${changeLine(t, s, s.changes[0]!)}\n`);
    const indent = ' '.repeat(head.length + 2);
    for (const c of s.changes.slice(1)) out.push(`${indent}${changeLine(t, s, c)}\n`);
  }
  const changes = t.series.flatMap((s) => s.changes);
  const regressions = changes.filter((c) => c.direction === 'regression').length;
  out.push(`\n${plural(changes.length, 'change point')} (${plural(regressions, 'regression')}, ${plural(changes.length - regressions, 'improvement')})\n`);
  // benchstat's caveats, once each, with how many series they concern.
  const caveats = new Map<string, number>();
  for (const s of t.series) for (const w of s.warnings) caveats.set(w, (caveats.get(w) ?? 0) + 1);
  for (const [w, n] of caveats) out.push(`note: ${w} (${n} series)\n`);
  return out.join('');
}
