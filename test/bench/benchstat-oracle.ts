// benchstat-oracle.ts runs the real benchstat (golang.org/x/perf/cmd/benchstat)
// through heapsight's own process runner and parses its CSV, so tests can
// hold heapsight's statistics against the reference row by row.
import { inject } from 'vitest';
import { liveRunner } from '../../src/toolchain/process.js';

/** BenchstatRow is one data row of `benchstat -format csv old new`. */
export interface BenchstatRow {
  unit: string;
  name: string;
  /** oldCenter/newCenter are benchstat's fmt.Sprint of the median (full precision). */
  oldCenter: number | null;
  oldCI: string | null;
  newCenter: number | null;
  newCI: string | null;
  /** delta is "~", "?", "0.00%" or "+1.23%"; null when the row has no comparison. */
  delta: string | null;
  /** p is the printed p (3 decimals); null when benchstat omits it (exact 0 or no comparison). */
  p: number | null;
  n: string | null;
}

/** benchstatPath is the benchstat the global setup built at its pinned version (test/support/benchstat-build.ts). */
export function benchstatPath(): string {
  return inject('benchstat');
}

/** runBenchstatCsv runs benchstat -format csv on two files and returns stdout. */
export async function runBenchstatCsv(oldPath: string, newPath: string, cwd: string, extra: readonly string[] = []): Promise<string> {
  const rec = await liveRunner.run({ argv: [benchstatPath(), '-format', 'csv', ...extra, oldPath, newPath], cwd });
  if (rec.exitCode !== 0) throw new Error(`benchstat failed (${rec.exitCode}): ${rec.stderr}`);
  return rec.stdout;
}

function csvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/**
 * parseBenchstatCsv reads benchstat's CSV: per table, config lines, a header
 * row (",old,,new,,,"), a unit row (",sec/op,CI,sec/op,CI,vs base,P"), data
 * rows and a geomean row. Returns data rows and geomean rows separately.
 */
export function parseBenchstatCsv(csv: string): { rows: BenchstatRow[]; geomeans: { unit: string; delta: string }[] } {
  const rows: BenchstatRow[] = [];
  const geomeans: { unit: string; delta: string }[] = [];
  let unit = '';
  for (const raw of csv.split('\n')) {
    if (raw.trim() === '') continue;
    const f = csvLine(raw);
    if (f.length < 3) continue; // "goos: linux" config lines
    if (f[0] === '' && f[2] === 'CI') {
      unit = f[1]!;
      continue;
    }
    if (f[0] === '') continue; // column header row
    if (f[0] === 'geomean') {
      geomeans.push({ unit, delta: f[5] ?? '' });
      continue;
    }
    // fmt.Sprint writes infinities as +Inf/-Inf, which Number() does not read.
    const num = (s: string | undefined): number | null =>
      s === undefined || s === '' ? null : s === '+Inf' ? Infinity : s === '-Inf' ? -Infinity : Number(s);
    const note = f[6] ?? '';
    const pm = /p=([0-9.]+)/.exec(note);
    const nm = /n=(\S+)/.exec(note);
    rows.push({
      unit,
      name: f[0]!,
      oldCenter: num(f[1]),
      oldCI: f[2] === '' ? null : (f[2] ?? null),
      newCenter: num(f[3]),
      newCI: f[4] === '' || f[4] === undefined ? null : f[4],
      delta: f[5] === '' || f[5] === undefined ? null : f[5],
      p: pm ? Number(pm[1]) : null,
      n: nm ? nm[1]! : null,
    });
  }
  return { rows, geomeans };
}
