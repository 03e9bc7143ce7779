// compare-json.ts renders a CompareReport as the stable machine schema
// "heapsight.compare/v1". Numbers are raw (sec/op in seconds); absent or
// undefined values are null, never omitted, so consumers can rely on keys.
import type { CompareReport } from '../bench/compare.js';

/** COMPARE_SCHEMA names the JSON layout; bump it on any incompatible change. */
export const COMPARE_SCHEMA = 'heapsight.compare/v1';

/** CompareJsonRow is one row of the JSON output. */
export interface CompareJsonRow {
  pkg: string;
  name: string;
  unit: string;
  better: 'lower' | 'higher';
  oldMedian: number | null;
  newMedian: number | null;
  oldCI: [number | null, number | null] | null;
  newCI: [number | null, number | null] | null;
  /** deltaPct is null when not significant (benchstat "~"), undefined ("?") or a side is missing. */
  deltaPct: number | null;
  delta: string | null;
  p: number | null;
  significant: boolean;
  n: { old: number; new: number };
  warnings: string[];
}

/** CompareJson is the whole document. */
export interface CompareJson {
  schema: typeof COMPARE_SCHEMA;
  old: string;
  new: string;
  alpha: number;
  confidence: number;
  rows: CompareJsonRow[];
  geomeans: { pkg: string; unit: string; old: number | null; new: number | null; deltaPct: number | null; warnings: string[] }[];
  warnings: string[];
}

// JSON has no ±Infinity: an unbounded CI end is null.
function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** compareToJson builds the JSON document (exported so tests and the library API need not re-parse). */
export function compareToJson(report: CompareReport, inputWarnings: readonly string[] = []): CompareJson {
  const rows: CompareJsonRow[] = [];
  const geomeans: CompareJson['geomeans'] = [];
  for (const t of report.tables) {
    for (const r of t.rows) {
      rows.push({
        pkg: r.pkg,
        name: r.name,
        unit: r.unit,
        better: r.better,
        oldMedian: r.old ? finite(r.old.center) : null,
        newMedian: r.new ? finite(r.new.center) : null,
        oldCI: r.old ? [finite(r.old.low), finite(r.old.high)] : null,
        newCI: r.new ? [finite(r.new.low), finite(r.new.high)] : null,
        deltaPct: r.comparison?.deltaPct ?? null,
        delta: r.comparison?.delta ?? null,
        p: r.comparison?.p ?? null,
        significant: r.comparison?.significant ?? false,
        n: { old: r.oldValues.length, new: r.newValues.length },
        warnings: [...(r.old?.warnings ?? []), ...(r.new?.warnings ?? []), ...r.warnings, ...(r.comparison?.warnings ?? [])],
      });
    }
    if (t.geomean) geomeans.push({ pkg: t.pkg, unit: t.unit, old: t.geomean.old, new: t.geomean.new, deltaPct: t.geomean.deltaPct, warnings: [...t.geomean.warnings] });
  }
  return {
    schema: COMPARE_SCHEMA,
    old: report.oldOrigin,
    new: report.newOrigin,
    alpha: report.alpha,
    confidence: report.confidence,
    rows,
    geomeans,
    warnings: [...inputWarnings, ...report.warnings],
  };
}

/** renderCompareJson returns the document as indented JSON with a trailing newline. */
export function renderCompareJson(report: CompareReport, inputWarnings: readonly string[] = []): string {
  return JSON.stringify(compareToJson(report, inputWarnings), null, 2) + '\n';
}
