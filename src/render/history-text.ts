// history-text.ts renders a run history for the terminal: the runs, then per
// benchmark and unit a sparkline over the runs, the last median and the
// change points in words.
import type { HistoryTrend, TrendSeries } from '../history/trend.js';
import { formatPercent } from '../human-units.js';
import { benchmarkLabel, changeLine, commitLabel, formatValue, heapDecisions, sparkline, timeLabel } from './history-words.js';
import { renderTable } from './table.js';
import { visible } from './visible-text.js';
import type { Messages } from '../i18n/messages.js';

/** HistoryTextOptions: the database as the reader should see its path. */
export interface HistoryTextOptions {
  readonly database: string;
  readonly messages: Messages;
}

/** renderHistoryText renders the trend as text. */
export function renderHistoryText(t: HistoryTrend, o: HistoryTextOptions): string {
  const m = o.messages;
  const w = m.history;
  const c = w.column;
  const out: string[] = [];
  out.push(`${w.header(t.runs.length, visible(o.database))}\n`);
  if (t.runs.length === 0) return out.join('') + `${w.noRuns}\n`;
  out.push(`${w.changePointRule(t.settings.alpha, formatPercent(t.settings.minChange, 0))}\n\n`);
  out.push(
    renderTable(
      [{ header: c.run }, { header: c.commit }, { header: c.recorded }, { header: c.command }, { header: c.go }, { header: c.cpu, maxWidth: 40 }, { header: c.heapDecisions, align: 'right' }],
      t.runs.map((r, i) => [`#${i + 1}`, commitLabel(m, r), timeLabel(r.time), r.command, r.go, visible(r.cpu ?? ''), String(heapDecisions(r))]),
    ),
  );
  if (t.series.length === 0) {
    out.push(`\n${w.noBenchmark(t.settings.bench, t.settings.unit)}\n`);
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
    out.push(`${head}  ${changeLine(m, t, s, s.changes[0]!)}\n`);
    const indent = ' '.repeat(head.length + 2);
    for (const x of s.changes.slice(1)) out.push(`${indent}${changeLine(m, t, s, x)}\n`);
  }
  const changes = t.series.flatMap((s) => s.changes);
  const regressions = changes.filter((c) => c.direction === 'regression').length;
  out.push(`\n${w.tally(changes.length, regressions, changes.length - regressions)}\n`);
  // benchstat's caveats, once each, with how many series they concern.
  const caveats = new Map<string, number>();
  for (const s of t.series) for (const x of s.warnings) caveats.set(x, (caveats.get(x) ?? 0) + 1);
  for (const [x, n] of caveats) out.push(`${w.caveat(x, n)}\n`);
  return out.join('');
}
