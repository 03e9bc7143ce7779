// history-html.ts renders a run history as one self-contained HTML file
// (inline CSS and SVG, no script, no external request): the runs, then per
// benchmark one chart per unit — each run's median with its 95% interval,
// change points marked — with a native tooltip (SVG <title>) on every point.
// Every text from the database is escaped.
import type { HistoryTrend, TrendSeries } from '../history/trend.js';
import { formatPercent } from '../human-units.js';
import { escapeHtml as h } from './flame-html.js';
import type { Messages } from '../i18n/messages.js';
import { benchmarkLabel, changeLine, commitLabel, formatValue, heapDecisions, runLabel, timeLabel } from './history-words.js';

/** HistoryHtmlOptions: the database as the reader should see its path. */
export interface HistoryHtmlOptions {
  readonly database: string;
  readonly messages: Messages;
}

const css = `
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:1100px;padding:0 1em;color:#1b1b1b}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ddd}h3{font-size:1em;margin:1.2em 0 .3em}
table{border-collapse:collapse;margin:.5em 0}th,td{padding:.2em .6em;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px}
.charts{display:flex;flex-wrap:wrap;gap:1em}.chart{flex:0 0 auto;width:340px}.chart .unit{font-weight:600}
svg text{font:11px system-ui,sans-serif;fill:#555}svg .line{fill:none;stroke:#3367d6;stroke-width:1.5}
svg .ci{stroke:#9db5ec;stroke-width:3}svg .pt{fill:#3367d6}svg .regression{fill:#c5221f}svg .improvement{fill:#188038}
svg .axis{stroke:#bbb;stroke-width:1}.regression{color:#c5221f}.improvement{color:#188038}.muted{color:#666}
ul.changes{margin:.2em 0 .2em 1.2em;padding:0}
`;

const W = 340;
const H = 120;
const PAD = { left: 64, right: 10, top: 10, bottom: 18 };

/** chart draws one series as inline SVG over the trend's runs (x: run position, y: median). */
function chart(m: Messages, t: HistoryTrend, s: TrendSeries): string {
  const n = t.runs.length;
  const xOf = (runId: number): number => {
    const i = t.runs.findIndex((r) => r.id === runId);
    const x0 = PAD.left + 8;
    const x1 = W - PAD.right - 8;
    return n === 1 ? (x0 + x1) / 2 : x0 + (i * (x1 - x0)) / (n - 1);
  };
  const ys = s.points.flatMap((p) => [p.median, p.low ?? p.median, p.high ?? p.median]).filter((v) => Number.isFinite(v));
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  if (hi === lo) {
    // A flat series sits mid-chart; counts and sizes never go below 0.
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo = lo >= 0 ? Math.max(0, lo - pad) : lo - pad;
    hi += pad;
  }
  const yOf = (v: number): number => PAD.top + (1 - (v - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  const f = (v: number): string => v.toFixed(1);
  const changed = new Map(s.changes.map((c) => [c.runId, c]));
  const parts: string[] = [];
  parts.push(`<line class="axis" x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}"/>`);
  parts.push(`<text x="${PAD.left + 8}" y="${H - 4}" text-anchor="middle">${h(runLabel(t, t.runs[0]!.id))}</text>`);
  if (n > 1) parts.push(`<text x="${W - PAD.right - 8}" y="${H - 4}" text-anchor="middle">${h(runLabel(t, t.runs[n - 1]!.id))}</text>`);
  parts.push(`<line class="axis" x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}"/>`);
  parts.push(`<text x="${PAD.left - 4}" y="${PAD.top + 4}" text-anchor="end">${h(formatValue(hi, s.unit))}</text>`);
  parts.push(`<text x="${PAD.left - 4}" y="${H - PAD.bottom}" text-anchor="end">${h(formatValue(lo, s.unit))}</text>`);
  for (const p of s.points) {
    if (p.low !== null && p.high !== null) parts.push(`<line class="ci" x1="${f(xOf(p.runId))}" y1="${f(yOf(p.low))}" x2="${f(xOf(p.runId))}" y2="${f(yOf(p.high))}"/>`);
  }
  parts.push(`<polyline class="line" points="${s.points.map((p) => `${f(xOf(p.runId))},${f(yOf(p.median))}`).join(' ')}"/>`);
  for (const p of s.points) {
    const run = t.runs.find((r) => r.id === p.runId)!;
    const c = changed.get(p.runId);
    const cls = c ? c.direction : 'pt';
    const interval = p.low !== null && p.high !== null ? ` [${formatValue(p.low, s.unit)}, ${formatValue(p.high, s.unit)}]` : '';
    const tip = `${runLabel(t, p.runId)} ${commitLabel(m, run)} ${timeLabel(run.time)}: ${formatValue(p.median, s.unit)}${interval}, n=${p.n}${c ? `\n${changeLine(m, t, s, c)}` : ''}`;
    parts.push(`<circle class="${cls}" cx="${f(xOf(p.runId))}" cy="${f(yOf(p.median))}" r="${c ? 5 : 3}"><title>${h(tip)}</title></circle>`);
  }
  return `<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${h(`${benchmarkLabel(s)} ${s.unit}`)}">${parts.join('')}</svg>`;
}

/** renderHistoryHtml renders the trend as one HTML document. */
export function renderHistoryHtml(t: HistoryTrend, o: HistoryHtmlOptions): string {
  const m = o.messages;
  const w = m.history;
  const c = w.column;
  const body: string[] = [];
  body.push(`<h1>heapsight history</h1>`);
  body.push(`<p class="muted">${w.htmlIntro(t.runs.length, h(o.database), t.settings.alpha, formatPercent(t.settings.minChange, 0))}</p>`);
  body.push(
    `<h2>${h(w.runsHeading)}</h2><table><tr>${[c.run, c.commit, c.recorded, c.command, c.go, c.platform, c.cpu].map((x) => `<th>${h(x)}</th>`).join('')}<th class="n">${h(c.heapDecisions)}</th></tr>`,
  );
  t.runs.forEach((r, i) => {
    body.push(
      `<tr><td>#${i + 1}</td><td><code>${h(commitLabel(m, r))}</code></td><td>${h(timeLabel(r.time))}</td><td>${h(r.command)}</td><td>${h(r.go)}</td>` +
        `<td>${h(`${r.goos}/${r.goarch}`)}</td><td>${h(r.cpu ?? '')}</td><td class="n">${heapDecisions(r)}</td></tr>`,
    );
  });
  body.push('</table>');
  if (t.series.length === 0) body.push(`<p>${h(w.htmlNoBenchmark)}</p>`);
  const groups: { key: string; series: TrendSeries[] }[] = [];
  for (const s of t.series) {
    const key = `${s.package}\u0000${benchmarkLabel(s)}`;
    const g = groups.find((x) => x.key === key);
    if (g) g.series.push(s);
    else groups.push({ key, series: [s] });
  }
  let pkg: string | null = null;
  for (const g of groups) {
    const first = g.series[0]!;
    if (first.package !== pkg) {
      pkg = first.package;
      body.push(`<h2><code>${h(pkg)}</code></h2>`);
    }
    body.push(`<h3><code>${h(benchmarkLabel(first))}</code></h3><div class="charts">`);
    for (const s of g.series) {
      const changes = s.changes.map((x) => `<li class="${x.direction}">${h(changeLine(m, t, s, x))}</li>`).join('');
      body.push(`<div class="chart"><div class="unit">${h(s.unit)}</div>${chart(m, t, s)}${changes !== '' ? `<ul class="changes">${changes}</ul>` : ''}</div>`);
    }
    body.push('</div>');
  }
  return `<!DOCTYPE html>
<html lang="${h(m.check.html.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>heapsight history</title>
<style>${css}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
