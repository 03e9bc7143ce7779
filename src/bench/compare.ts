// compare.ts builds benchstat's old-vs-new table model from two parsed
// benchmark files: one table per package and unit, one row per benchmark
// (benchstat's default -row .fullname), the median and CI of each side, the
// U test's p, benchstat's delta ("~" when p > alpha, "?" when the old median
// is 0) and a geomean row when a table has more than one row.
import type { BenchFile, BenchResult, UnitMetadata } from './benchfmt.js';
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
  /**
   * Measurements in a typed array: appends scatter over every row of every
   * table, and a Float64Array neither boxes nor is copied by the scavenger
   * (half the time of number[] on a 200 MB file). `n` is the filled length.
   */
  values: Float64Array;
  n: number;
  /** The first result's config, and the last one seen (results share config objects, so most checks are one comparison). */
  first: Readonly<Record<string, string>>;
  last: Readonly<Record<string, string>>;
  /** Keys whose value differs from the first result's in some result (benchstat: "benchmarks vary in …"). */
  varying: Set<string>;
}

interface TableBuild {
  pkg: string;
  unit: string;
  rowOrder: string[];
  old: Map<string, Cell>;
  new: Map<string, Cell>;
}

/** SideEnvironment tracks, per environment key, the distinct values one file's results carry. */
class SideEnvironment {
  readonly values = new Map<string, Set<string | undefined>>(ENVIRONMENT_KEYS.map((k) => [k, new Set()]));
  private lastConfig: Readonly<Record<string, string>> | null = null;
  results = 0;
  see(config: Readonly<Record<string, string>>): void {
    this.results++;
    if (config === this.lastConfig) return;
    this.lastConfig = config;
    for (const [k, set] of this.values) set.add(config[k]);
  }
}

/**
 * CompareBuilder takes results one at a time (a file can be streamed through
 * it) and keeps only their values, grouped into tables and rows, so memory
 * follows the number of measurements, not the size of the files.
 */
export class CompareBuilder {
  /** Tables by package, then unit: strings the reader interned, so each lookup hashes nothing new. */
  private readonly tables = new Map<string, Map<string, TableBuild>>();
  private readonly tableOrder: TableBuild[] = [];
  private readonly env = { old: new SideEnvironment(), new: new SideEnvironment() };
  private readonly betterOverride = new Map<string, string>();

  add(side: 'old' | 'new', r: BenchResult): void {
    this.env[side].see(r.config);
    const pkg = r.config['pkg'] ?? '';
    let byUnit = this.tables.get(pkg);
    if (!byUnit) {
      byUnit = new Map();
      this.tables.set(pkg, byUnit);
    }
    for (const v of r.values) {
      let t = byUnit.get(v.unit);
      if (!t) {
        t = { pkg, unit: v.unit, rowOrder: [], old: new Map(), new: new Map() };
        byUnit.set(v.unit, t);
        this.tableOrder.push(t);
      }
      const cells = t[side];
      let c = cells.get(r.fullName);
      if (!c) {
        if (!t.old.has(r.fullName) && !t.new.has(r.fullName)) t.rowOrder.push(r.fullName);
        c = { values: new Float64Array(8), n: 0, first: r.config, last: r.config, varying: new Set() };
        cells.set(r.fullName, c);
      } else if (r.config !== c.last) {
        c.last = r.config;
        for (const k of new Set([...Object.keys(c.first), ...Object.keys(r.config)])) {
          if (k !== 'pkg' && c.first[k] !== r.config[k]) c.varying.add(k);
        }
      }
      if (c.n === c.values.length) {
        const grown = new Float64Array(c.n * 2);
        grown.set(c.values);
        c.values = grown;
      }
      c.values[c.n++] = v.value;
    }
  }

  /** units records `Unit … better=…` metadata (either file's). */
  units(metas: readonly UnitMetadata[]): void {
    for (const u of metas) if (u.key === 'better') this.betterOverride.set(u.unit, u.value);
  }

  build(oldOrigin: string, newOrigin: string, opts?: StatOptions): CompareReport {
    const confidence = opts?.confidence ?? DEFAULT_CONFIDENCE;
    const alpha = opts?.alpha ?? DEFAULT_ALPHA;
    const out: CompareTable[] = [];
    for (const t of this.tableOrder) {
      const better = betterDirection(t.unit, this.betterOverride.get(t.unit));
      const rows: CompareRow[] = t.rowOrder.map((name) => buildRow(t, name, better, { confidence, alpha }));
      out.push({ pkg: t.pkg, unit: t.unit, rows, geomean: rows.length > 1 ? buildGeomean(rows) : null });
    }
    const warnings: string[] = [];
    const shown = (v: string | undefined): string => (v === undefined ? 'none' : JSON.stringify(v));
    for (const key of ENVIRONMENT_KEYS) {
      const a = [...this.env.old.values.get(key)!];
      const b = [...this.env.new.values.get(key)!];
      if (a.length === 1 && b.length === 1 && a[0] !== b[0]) {
        warnings.push(`${key} differs: ${oldOrigin} has ${shown(a[0])}, ${newOrigin} has ${shown(b[0])} (benchstat would put them in separate tables)`);
      }
    }
    if (out.length > 0 && out.every((t) => t.rows.every((r) => r.comparison === null))) {
      warnings.push(`${oldOrigin} and ${newOrigin} have no benchmark in common`);
    }
    return { oldOrigin, newOrigin, alpha, confidence, tables: out, warnings };
  }
}

/** compareFiles compares OLD and NEW the way `benchstat old new` does. */
export function compareFiles(oldFile: BenchFile, newFile: BenchFile, opts?: StatOptions): CompareReport {
  const b = new CompareBuilder();
  for (const r of oldFile.records) b.add('old', r);
  for (const r of newFile.records) b.add('new', r);
  b.units([...oldFile.units, ...newFile.units]);
  return b.build(oldFile.origin, newFile.origin, opts);
}

/** cellValues is a cell's measurements as the plain array the report carries. */
function cellValues(c: Cell | undefined): number[] | undefined {
  return c === undefined ? undefined : Array.from(c.values.subarray(0, c.n));
}

function buildRow(t: TableBuild, name: string, better: Better, opts: Required<StatOptions>): CompareRow {
  const oc = t.old.get(name);
  const nc = t.new.get(name);
  const o = oc && { values: cellValues(oc)!, varying: oc.varying };
  const n = nc && { values: cellValues(nc)!, varying: nc.varying };
  const warnings: string[] = [];
  for (const [side, c] of [['old', o], ['new', n]] as const) {
    if (!c) continue;
    const vary = [...c.varying].sort();
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
