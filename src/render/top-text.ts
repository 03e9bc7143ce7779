// top-text.ts renders a TopReport like `go tool pprof -top`, so readers of
// pprof feel at home. Trimming (nodefraction/nodecount) happens only here.
import { trimRows, type TopReport } from '../profile/top.js';
import { formatValue, percent, sampleIndexLine } from './sample-value.js';
import { renderTable } from './table.js';
import { visible } from './visible-text.js';
import type { Messages } from '../i18n/messages.js';

/** TopRenderOptions: the profile's name and pprof's trimming knobs. */
export interface TopRenderOptions {
  readonly file: string;
  readonly nodeCount?: number;
  readonly nodeFraction?: number;
  readonly messages: Messages;
}

/** renderTopText prints a top report like `go tool pprof -top`, trimmed only here. */
export function renderTopText(r: TopReport, o: TopRenderOptions): string {
  const t = trimRows(r, o.nodeFraction ?? 0.005, o.nodeCount ?? 0);
  const unit = r.valueType.unit;
  const shown = t.rows.reduce((s, x) => s + x.flat, 0);
  const w = o.messages.profile;
  const head = [w.file(visible(o.file)), sampleIndexLine(o.messages, r.sampleIndex), w.showing(formatValue(shown, unit), percent(shown, r.total), formatValue(r.total, unit))];
  if (t.dropped > 0) head.push(w.dropped(t.dropped, formatValue(t.cutoff, unit)));
  if (t.omitted > 0) head.push(w.showingTop(t.rows.length, t.rows.length + t.omitted));
  let sum = 0;
  const cells = t.rows.map((x) => {
    sum += x.flat;
    const name = x.inline === '' ? visible(x.node.name) : `${visible(x.node.name)} (${x.inline})`;
    return [formatValue(x.flat, unit), percent(x.flat, r.total), percent(sum, r.total), formatValue(x.cum, unit), percent(x.cum, r.total), name];
  });
  const table = renderTable(
    [
      { header: 'flat', align: 'right' },
      { header: 'flat%', align: 'right' },
      { header: 'sum%', align: 'right' },
      { header: 'cum', align: 'right' },
      { header: 'cum%', align: 'right' },
      // Names are never cut: they are the data (pprof does not cut them either).
      { header: 'name' },
    ],
    cells,
  );
  return head.join('\n') + '\n' + table;
}
