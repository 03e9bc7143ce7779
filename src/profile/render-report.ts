// render-report.ts turns top/list/peek/map-purpose results into text (pprof's
// layout, so readers of `go tool pprof` feel at home) or JSON documents.
// Renderers return strings; only cli/ writes them.
import { formatBytes, formatCount, formatDurationNs } from '../render/units.js';
import { renderTable } from '../render/table.js';
import type { ListReport } from './source-listing.js';
import { mapPurposeInfo, type MapPurpose, type MapPurposeReport } from './map-purpose.js';
import type { PeekReport } from './peek.js';
import { sampleIndexReasonInfo, type SampleIndex } from './sample-index.js';
import { trimRows, type TopReport } from './top.js';

/** TOP_SCHEMA names the JSON document `heapsight top --format json` prints. */
export const TOP_SCHEMA = 'heapsight.top/v1';

/** formatValue prints a sample value in its unit: bytes pprof-style, nanoseconds scaled, counts with separators. */
export function formatValue(v: number, unit: string): string {
  if (v === 0) return '0';
  switch (unit) {
    case 'bytes':
      return formatBytes(v);
    case 'nanoseconds':
      return formatDurationNs(v);
    default:
      return formatCount(v);
  }
}

/** percent is pprof's measurement.Percentage: 2 decimals, fewer for big shares, "0%" for zero. */
export function percent(v: number, total: number): string {
  if (total === 0) return '0%';
  const p = (v / total) * 100;
  if (p === 0) return '0%';
  const a = Math.abs(p);
  if (a >= 99.95 && a <= 100.05) return `${p < 0 ? '-' : ''}100%`;
  if (a >= 1) return `${p.toFixed(2)}%`;
  return `${p.toPrecision(2)}%`;
}

function indexLine(si: SampleIndex): string {
  return `Type: ${si.type.type}${si.reason === 'requested' ? '' : ` (${sampleIndexReasonInfo[si.reason]})`}`;
}

/** TopRenderOptions: pprof's trimming knobs and the terminal width. */
export interface TopRenderOptions {
  readonly file: string;
  readonly nodeCount?: number;
  readonly nodeFraction?: number;
}

/** renderTopText prints a top report like `go tool pprof -top`, trimmed only here. */
export function renderTopText(r: TopReport, o: TopRenderOptions): string {
  const t = trimRows(r, o.nodeFraction ?? 0.005, o.nodeCount ?? 0);
  const unit = r.valueType.unit;
  const shown = t.rows.reduce((s, x) => s + x.flat, 0);
  const head = [
    `File: ${o.file}`,
    indexLine(r.sampleIndex),
    `Showing nodes accounting for ${formatValue(shown, unit)}, ${percent(shown, r.total)} of ${formatValue(r.total, unit)} total`,
  ];
  if (t.dropped > 0) head.push(`Dropped ${t.dropped} node${t.dropped === 1 ? '' : 's'} (cum <= ${formatValue(t.cutoff, unit)})`);
  if (t.omitted > 0) head.push(`Showing top ${t.rows.length} nodes out of ${t.rows.length + t.omitted}`);
  let sum = 0;
  const cells = t.rows.map((x) => {
    sum += x.flat;
    const name = x.inline === '' ? x.node.name : `${x.node.name} (${x.inline})`;
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

/** renderTopJson prints the versioned JSON document (schema heapsight.top/v1). Rows are untrimmed unless nodeCount is set. */
export function renderTopJson(r: TopReport, o: { file: string; nodeCount?: number }): string {
  const rows = o.nodeCount && o.nodeCount > 0 ? r.rows.slice(0, o.nodeCount) : r.rows;
  const doc = {
    schema: TOP_SCHEMA,
    file: o.file,
    sampleIndex: r.valueType.type,
    sampleIndexReason: r.sampleIndex.reason,
    unit: r.valueType.unit,
    granularity: r.granularity,
    total: r.total,
    shownTotal: r.shownTotal,
    rowCount: r.rows.length,
    rows: rows.map((x) => ({
      name: x.node.name,
      flat: x.flat,
      cum: x.cum,
      file: x.node.file === '' ? null : x.node.file,
      line: r.granularity === 'lines' && x.node.line !== 0 ? x.node.line : null,
      function: x.node.functionName === '' ? null : x.node.functionName,
      inline: x.inline === '' ? null : x.inline,
    })),
    warnings: r.warnings,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** renderListText prints `list` like `go tool pprof -list`. */
export function renderListText(r: ListReport, file: string): string {
  const unit = r.valueType.unit;
  const out: string[] = [`File: ${file}`, indexLine(r.sampleIndex), `Total: ${formatValue(r.total, unit)}`];
  for (const f of r.functions) {
    out.push(`ROUTINE ======================== ${f.name} in ${f.file}`);
    out.push(`${formatValue(f.flat, unit).padStart(10)} ${formatValue(f.cum, unit).padStart(10)} (flat, cum) ${percent(f.cum, r.total)} of Total`);
    if (!f.sourceFound) out.push(`         .          .           (source not found: ${f.file})`);
    for (const l of f.lines) {
      const v = (x: number): string => (x === 0 ? '.' : formatValue(x, unit));
      out.push(`${v(l.flat).padStart(10)} ${v(l.cum).padStart(10)} ${String(l.line).padStart(5)}:${l.source === null ? '' : l.source}`.trimEnd());
    }
  }
  return out.join('\n') + '\n';
}

/** renderPeekText prints `peek` like `go tool pprof -peek`: callers above, callees below each node. */
export function renderPeekText(r: PeekReport, file: string): string {
  const unit = r.valueType.unit;
  const out: string[] = [`File: ${file}`, indexLine(r.sampleIndex), `Total: ${formatValue(r.total, unit)}`];
  const rule = '-'.repeat(58) + '+' + '-'.repeat(13);
  out.push(rule, `${'flat'.padStart(10)} ${'flat%'.padStart(6)} ${'cum'.padStart(10)} ${'cum%'.padStart(6)} ${'calls'.padStart(10)} ${'calls%'.padStart(6)}   | context`, rule);
  for (const e of r.entries) {
    for (const c of e.callers) {
      out.push(`${' '.repeat(36)}${formatValue(c.value, unit).padStart(10)} ${percent(c.value, e.cum).padStart(7)} |   ${c.node.name}${c.inline ? ' (inline)' : ''}`);
    }
    out.push(
      `${formatValue(e.flat, unit).padStart(10)} ${percent(e.flat, r.total).padStart(6)} ${formatValue(e.cum, unit).padStart(10)} ${percent(e.cum, r.total).padStart(6)}${' '.repeat(18)} | ${e.node.name}${e.inline === '' ? '' : ` (${e.inline})`}`,
    );
    for (const c of e.callees) {
      out.push(`${' '.repeat(36)}${formatValue(c.value, unit).padStart(10)} ${percent(c.value, e.cum).padStart(7)} |   ${c.node.name}${c.inline ? ' (inline)' : ''}`);
    }
    out.push(rule);
  }
  return out.join('\n') + '\n';
}

/** renderMapPurposeText prints the map breakdown under a top report. */
export function renderMapPurposeText(r: MapPurposeReport): string {
  const unit = r.valueType.unit;
  if (r.mapTotal === 0 && r.ambiguous === 0) return '';
  const purposes: MapPurpose[] = ['create', 'grow', 'assign', 'other'];
  const rows = purposes
    .filter((p) => r.byPurpose[p] !== 0)
    .map((p) => [mapPurposeInfo[p].title, formatValue(r.byPurpose[p], unit), percent(r.byPurpose[p], r.total), mapPurposeInfo[p].fix]);
  if (r.ambiguous !== 0) rows.push(['map line, ambiguous', formatValue(r.ambiguous, unit), percent(r.ambiguous, r.total), 'the line allocates more than the map: heapsight list']);
  const evidence = r.runtimeFramesHidden ? 'allocation-site source lines (Go hides runtime frames in heap profiles)' : 'runtime frames';
  return `\nMaps by purpose (${r.valueType.type}; from ${evidence}):\n` + renderTable(
    [{ header: 'purpose' }, { header: 'value', align: 'right' }, { header: 'share', align: 'right' }, { header: 'what would reduce it' }],
    rows,
  );
}
