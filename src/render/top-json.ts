// top-json.ts renders a TopReport as the versioned JSON document of
// `heapsight top --format json`.
import type { TopReport } from '../profile/top.js';

/** TOP_SCHEMA names the JSON document `heapsight top --format json` prints. */
export const TOP_SCHEMA = 'heapsight.top/v1';

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
