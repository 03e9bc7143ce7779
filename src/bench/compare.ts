// compare.ts builds benchstat's old-vs-new table model from two parsed
// benchmark files: one table per package and unit, one row per benchmark
// (benchstat's default -row .fullname), the median and CI of each side, the
// U test's p, benchstat's delta ("~" when p > alpha, "?" when the old median
// is 0) and a geomean row when a table has more than one row.
import type { BenchFile, BenchResult } from './benchfmt.js';
import { ENVIRONMENT_KEYS } from './benchfmt.js';
import {
  compareSamples,
  DEFAULT_ALPHA,
  DEFAULT_CONFIDENCE,
  geomean,
  goSignedFixed2,
  summarize,
  type Comparison,
  type StatOptions,
  type Summary,
} from './statistics.js';
import { betterDirection, type Better } from './units.js';

/** CompareRow is one benchmark × unit. A side is null when that file lacks the benchmark. */
export interface CompareRow {
  readonly pkg: string;
  /** name is benchstat's row label: the name after "Benchmark", with its -N suffix. */
  readonly name: string;
  readonly unit: string;
  readonly better: Better;
  readonly oldValues: readonly number[];
  readonly newValues: readonly number[];
  readonly old: Summary | null;
  readonly new: Summary | null;
  /** comparison is null unless both sides are present (benchstat prints no delta then). */
  readonly comparison: Comparison | null;
  /** change says whether a significant delta is an improvement (+1), a regression (-1) or neither (0). */
  readonly change: -1 | 0 | 1;
  readonly warnings: readonly string[];
}

/** GeomeanRow is benchstat's geomean line: geomean of medians per side and of new/old ratios. */
export interface GeomeanRow {
  /** old and new are null when a median is ≤ 0 ("summaries must be >0 to compute geomean"). */
  readonly old: number | null;
  readonly new: number | null;
  /** deltaPct is (geomean of ratios - 1)·100; null when a ratio is undefined (old 0, new not). */
  readonly deltaPct: number | null;
  /** delta is benchstat's rendering: "+1.23%" or "?". */
  readonly delta: string;
  readonly warnings: readonly string[];
}

/** CompareTable groups the rows of one package and unit. */
export interface CompareTable {
  readonly pkg: string;
  readonly unit: string;
  readonly rows: readonly CompareRow[];
  /** geomean is present only when the table has more than one row, as benchstat prints it. */
  readonly geomean: GeomeanRow | null;
}

/** CompareReport is the whole comparison. */
export interface CompareReport {
  readonly oldOrigin: string;
  readonly newOrigin: string;
  readonly alpha: number;
  readonly confidence: number;
  readonly tables: readonly CompareTable[];
  /** warnings concern the inputs as a whole (environments differ, nothing in common). */
  readonly warnings: readonly string[];
}

interface Cell {
  values: number[];
  records: BenchResult[];
}

interface TableBuild {
  pkg: string;
  unit: string;
  rowOrder: string[];
  old: Map<string, Cell>;
  new: Map<string, Cell>;
}

/** compareFiles compares OLD and NEW the way `benchstat old new` does. */
export function compareFiles(oldFile: BenchFile, newFile: BenchFile, opts?: StatOptions): CompareReport {
  const confidence = opts?.confidence ?? DEFAULT_CONFIDENCE;
  const alpha = opts?.alpha ?? DEFAULT_ALPHA;
  const tables = new Map<string, TableBuild>();
  const tableOrder: string[] = [];
  const add = (side: 'old' | 'new', f: BenchFile): void => {
    for (const r of f.records) {
      const pkg = r.config['pkg'] ?? '';
      for (const v of r.values) {
        const tkey = `${pkg}\u0000${v.unit}`;
        let t = tables.get(tkey);
        if (!t) {
          t = { pkg, unit: v.unit, rowOrder: [], old: new Map(), new: new Map() };
          tables.set(tkey, t);
          tableOrder.push(tkey);
        }
        if (!t.old.has(r.fullName) && !t.new.has(r.fullName)) t.rowOrder.push(r.fullName);
        const cells = t[side];
        let c = cells.get(r.fullName);
        if (!c) {
          c = { values: [], records: [] };
          cells.set(r.fullName, c);
        }
        c.values.push(v.value);
        c.records.push(r);
      }
    }
  };
  add('old', oldFile);
  add('new', newFile);

  const betterOverride = new Map<string, string>();
  for (const u of [...oldFile.units, ...newFile.units]) if (u.key === 'better') betterOverride.set(u.unit, u.value);

  const out: CompareTable[] = [];
  for (const tkey of tableOrder) {
    const t = tables.get(tkey)!;
    const better = betterDirection(t.unit, betterOverride.get(t.unit));
    const rows: CompareRow[] = t.rowOrder.map((name) => buildRow(t, name, better, { confidence, alpha }));
    out.push({ pkg: t.pkg, unit: t.unit, rows, geomean: rows.length > 1 ? buildGeomean(rows) : null });
  }

  const warnings: string[] = [];
  for (const key of ENVIRONMENT_KEYS) {
    const a = distinct(oldFile.records.map((r) => r.config[key]));
    const b = distinct(newFile.records.map((r) => r.config[key]));
    if (a.length === 1 && b.length === 1 && a[0] !== b[0]) {
      warnings.push(`${key} differs: ${oldFile.origin} has ${JSON.stringify(a[0])}, ${newFile.origin} has ${JSON.stringify(b[0])} (benchstat would put them in separate tables)`);
    }
  }
  if (out.length > 0 && out.every((t) => t.rows.every((r) => r.comparison === null))) {
    warnings.push(`${oldFile.origin} and ${newFile.origin} have no benchmark in common`);
  }
  return { oldOrigin: oldFile.origin, newOrigin: newFile.origin, alpha, confidence, tables: out, warnings };
}

function distinct(xs: readonly (string | undefined)[]): (string | undefined)[] {
  return [...new Set(xs)];
}

/** varyingKeys names environment keys whose value differs among a cell's results (benchstat: "benchmarks vary in …"). */
function varyingKeys(records: readonly BenchResult[]): string[] {
  const keys = new Set<string>();
  for (const r of records) for (const k of Object.keys(r.config)) keys.add(k);
  const out: string[] = [];
  for (const k of keys) {
    if (k === 'pkg') continue;
    if (new Set(records.map((r) => r.config[k])).size > 1) out.push(k);
  }
  return out.sort();
}

function buildRow(t: TableBuild, name: string, better: Better, opts: Required<StatOptions>): CompareRow {
  const o = t.old.get(name);
  const n = t.new.get(name);
  const warnings: string[] = [];
  for (const [side, c] of [['old', o], ['new', n]] as const) {
    if (!c) continue;
    const vary = varyingKeys(c.records);
    if (vary.length > 0) warnings.push(`${side}: benchmarks vary in ${vary.join(', ')}`);
  }
  if (o && n) {
    const comparison = compareSamples(o.values, n.values, opts);
    let change: -1 | 0 | 1 = 0;
    if (comparison.deltaPct !== null && comparison.deltaPct !== 0) {
      const lower = comparison.deltaPct < 0;
      change = lower === (better === 'lower') ? 1 : -1;
    }
    return {
      pkg: t.pkg,
      name,
      unit: t.unit,
      better,
      oldValues: o.values,
      newValues: n.values,
      old: comparison.oldSummary,
      new: comparison.newSummary,
      comparison,
      change,
      warnings,
    };
  }
  if (!o) warnings.push(`missing in old`);
  if (!n) warnings.push(`missing in new`);
  return {
    pkg: t.pkg,
    name,
    unit: t.unit,
    better,
    oldValues: o?.values ?? [],
    newValues: n?.values ?? [],
    old: o ? summarize(o.values, opts) : null,
    new: n ? summarize(n.values, opts) : null,
    comparison: null,
    change: 0,
    warnings,
  };
}

/**
 * buildGeomean follows benchstat's summarizeCol: each side's geomean of
 * medians (none if any median ≤ 0), and the delta as the geomean of the
 * per-row ratios new/old — 0/0 counts as 1, x/0 makes the delta "?".
 */
function buildGeomean(rows: readonly CompareRow[]): GeomeanRow {
  const warnings: string[] = [];
  const oldCenters = rows.flatMap((r) => (r.old ? [r.old.center] : []));
  const newCenters = rows.flatMap((r) => (r.new ? [r.new.center] : []));
  const gOld = geomean(oldCenters);
  const gNew = geomean(newCenters);
  if (Number.isNaN(gOld) || Number.isNaN(gNew)) warnings.push('summaries must be >0 to compute geomean');
  const ratios: number[] = [];
  let badRatio = false;
  for (const r of rows) {
    if (!r.new || !r.old) continue;
    const a = r.new.center;
    const b = r.old.center;
    if (a === b) ratios.push(1);
    else if (b === 0) badRatio = true;
    else ratios.push(a / b);
  }
  const pairs = rows.filter((r) => r.old && r.new).length;
  if (pairs !== oldCenters.length || pairs !== newCenters.length) {
    warnings.push('benchmark set differs from baseline; geomeans may not be comparable');
  }
  let deltaPct: number | null = null;
  let delta = '?';
  if (!badRatio) {
    const g = geomean(ratios);
    if (Number.isNaN(g)) warnings.push('ratios must be >0 to compute geomean');
    else {
      deltaPct = (g - 1) * 100;
      delta = `${goSignedFixed2(deltaPct)}%`;
    }
  }
  return { old: Number.isNaN(gOld) ? null : gOld, new: Number.isNaN(gNew) ? null : gNew, deltaPct, delta, warnings };
}
