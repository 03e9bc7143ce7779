// history-words.ts holds what the text and HTML renderings of a history
// share: how a run is named, a value in its unit, a change point in words,
// and the sparkline.
import { formatBytes, formatDurationNs, formatMetric, formatSignificant } from '../human-units.js';
import type { ChangePoint, HistoryTrend, TrendRun, TrendSeries } from '../history/trend.js';
import { visible } from './visible-text.js';
import type { Messages } from '../i18n/messages.js';

/** runLabel is "#3" — the run's position in the trend (1-based), as the tables number them. */
export function runLabel(t: HistoryTrend, runId: number): string {
  const i = t.runs.findIndex((r) => r.id === runId);
  return `#${i + 1}`;
}

/** commitLabel is the short commit with "+dirty" when the work tree differed; "no git" without one. */
export function commitLabel(m: Messages, r: Pick<TrendRun, 'commit' | 'dirty'>): string {
  const c = r.commit === null ? m.history.noCommit : r.commit.slice(0, 12);
  return r.dirty === true ? `${c}${m.history.dirty}` : c;
}

/** timeLabel is the recording time in UTC to the minute: "2026-12-02 14:05". */
export function timeLabel(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

/** formatValue prints a value in its benchstat unit: sec/op as a duration, B/op in bytes, counts plainly. */
export function formatValue(v: number, unit: string): string {
  if (!Number.isFinite(v)) return String(v);
  if (unit === 'sec/op') return formatDurationNs(v * 1e9);
  if (unit === 'B/op') return formatBytes(v);
  if (unit === 'allocs/op') return Number.isInteger(v) ? String(v) : formatSignificant(v, 3);
  return formatMetric(v, unit);
}

/** deltaLabel is "+48.8%", or "from 0" when the previous median was 0. */
export function deltaLabel(m: Messages, c: ChangePoint): string {
  if (c.deltaPct === null) return m.history.fromZero;
  const d = c.deltaPct;
  return `${d > 0 ? '+' : ''}${Math.abs(d) >= 100 ? d.toFixed(0) : d.toFixed(1)}%`;
}

/** pLabel prints a p-value as benchstat does (p=0.002). */
export function pLabel(p: number): string {
  return `p=${p.toFixed(3)}`;
}

/** changeLine is a change point in one line: "regression at #3 (ab12cd3): 43B → 64B, +48.8% (p=0.002)". */
export function changeLine(m: Messages, t: HistoryTrend, s: TrendSeries, c: ChangePoint): string {
  const run = t.runs.find((r) => r.id === c.runId)!;
  return m.history.change(
    c.direction,
    runLabel(t, c.runId),
    commitLabel(m, run),
    formatValue(c.fromMedian, s.unit),
    formatValue(c.toMedian, s.unit),
    deltaLabel(m, c),
    pLabel(c.p),
    c.machine.map((x) => m.history.machine[x]),
  );
}

/** benchmarkLabel is the benchmark's name with its -N suffix when go test printed one. */
export function benchmarkLabel(s: Pick<TrendSeries, 'name' | 'procs'>): string {
  return visible(s.procs === null ? s.name : `${s.name}-${s.procs}`);
}

const BARS = '▁▂▃▄▅▆▇█';

/**
 * sparkline draws one character per run of the trend: the series' median
 * scaled between its lowest and highest, a space where the run did not
 * measure it. A flat series is all ▁.
 */
export function sparkline(t: HistoryTrend, s: TrendSeries): string {
  const byRun = new Map(s.points.map((p) => [p.runId, p.median]));
  const values = s.points.map((p) => p.median).filter((v) => Number.isFinite(v));
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return t.runs
    .map((r) => {
      const v = byRun.get(r.id);
      if (v === undefined || !Number.isFinite(v)) return ' ';
      if (hi === lo) return BARS[0];
      return BARS[Math.min(BARS.length - 1, Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1)))];
    })
    .join('');
}

/** heapDecisions is a run's heap decision count (moved to heap + escapes to heap). */
export function heapDecisions(r: TrendRun): number {
  return r.escapes['moved-to-heap'] + r.escapes['escapes-to-heap'];
}
