// compare-oracle.test.ts holds heapsight's comparison against the real
// benchstat, row by row, on constructed inputs of every kind benchstat
// distinguishes (exact U with and without ties, normal approximation, small
// samples, zeros, all-equal, missing rows) and on real `go test -bench` runs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseBenchfmt } from '../../src/bench/benchfmt.js';
import { compareFiles, type CompareReport } from '../../src/bench/compare.js';
import { pctRangeString, type StatOptions } from '../../src/bench/statistics.js';
import { goFormatFixed } from '../../src/bench/units.js';
import { BENCHSTAT_PACKAGE, BENCHSTAT_VERSION } from '../support/benchstat-build.js';
import { benchstatPath, parseBenchstatCsv, runBenchstatCsv, type BenchstatRow } from './benchstat-oracle.js';

const dir = mkdtempSync(join(tmpdir(), 'heapsight-oracle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** mulberry32 is a small seeded PRNG so the constructed inputs are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  name: string;
  unit: string;
  old: number[];
  new: number[];
}

/** constructedCases builds one benchmark per situation benchstat treats differently. */
function constructedCases(): Case[] {
  const rnd = mulberry32(14313);
  const cont = (n: number, base: number, spread: number): number[] => Array.from({ length: n }, () => +(base + rnd() * spread).toFixed(3));
  const ints = (n: number, base: number, k: number): number[] => Array.from({ length: n }, () => base + Math.floor(rnd() * k));
  return [
    { name: 'SmallN3', unit: 'ns/op', old: cont(3, 100, 10), new: cont(3, 150, 10) },
    { name: 'SmallN5Shift', unit: 'ns/op', old: cont(5, 100, 10), new: cont(5, 120, 10) },
    { name: 'SmallN5Same', unit: 'ns/op', old: cont(5, 100, 10), new: cont(5, 100, 10) },
    { name: 'TiesN8', unit: 'B/op', old: ints(8, 100, 3), new: ints(8, 101, 3) },
    { name: 'TiesN9Same', unit: 'allocs/op', old: ints(9, 4, 2), new: ints(9, 4, 2) },
    { name: 'ExactN10', unit: 'ns/op', old: cont(10, 1000, 50), new: cont(10, 1020, 50) },
    { name: 'ExactN20', unit: 'ns/op', old: cont(20, 1000, 50), new: cont(20, 1010, 50) },
    { name: 'ExactN37', unit: 'ns/op', old: cont(37, 1000, 50), new: cont(37, 1015, 50) },
    { name: 'ExactN50', unit: 'ns/op', old: cont(50, 1000, 50), new: cont(50, 1005, 50) },
    { name: 'TiesN15', unit: 'B/op', old: ints(15, 200, 4), new: ints(15, 201, 4) },
    { name: 'TiesN25', unit: 'B/op', old: ints(25, 200, 5), new: ints(25, 200, 5) },
    { name: 'TiesN40Normal', unit: 'B/op', old: ints(40, 300, 6), new: ints(40, 301, 6) },
    { name: 'NormalN60', unit: 'ns/op', old: cont(60, 500, 40), new: cont(60, 505, 40) },
    { name: 'NormalN80Ties', unit: 'allocs/op', old: ints(80, 10, 3), new: ints(80, 10, 3) },
    { name: 'Unequal7v12', unit: 'ns/op', old: cont(7, 300, 30), new: cont(12, 330, 30) },
    { name: 'ZeroOld', unit: 'allocs/op', old: Array(10).fill(0), new: ints(10, 1, 3) },
    { name: 'ZeroBoth', unit: 'allocs/op', old: Array(10).fill(0), new: Array(10).fill(0) },
    { name: 'AllEqual', unit: 'B/op', old: Array(10).fill(64), new: Array(10).fill(64) },
    { name: 'AllEqualDifferent', unit: 'B/op', old: Array(10).fill(64), new: Array(10).fill(128) },
    { name: 'OnlyOld', unit: 'ns/op', old: cont(10, 100, 5), new: [] },
    { name: 'OnlyNew', unit: 'ns/op', old: [], new: cont(10, 100, 5) },
    { name: 'Custom', unit: 'elems/op', old: ints(10, 250, 10), new: ints(10, 260, 10) },
  ];
}

/** writeBenchFile writes cases in go test's format, interleaving runs as -count does. */
function writeBenchFile(path: string, cases: readonly Case[], side: 'old' | 'new'): void {
  const lines = ['goos: linux', 'goarch: amd64', 'pkg: example.com/constructed'];
  const max = Math.max(...cases.map((c) => c[side].length));
  for (let i = 0; i < max; i++) {
    for (const c of cases) {
      const v = c[side][i];
      if (v !== undefined) lines.push(`Benchmark${c.name}-2\t1000\t${v} ${c.unit}`);
    }
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

/** expectMatchesBenchstat checks every benchstat row against heapsight's and returns the largest gaps seen. */
function expectMatchesBenchstat(report: CompareReport, bs: BenchstatRow[]): { maxP: number; maxDelta: number; rows: number } {
  let maxP = 0;
  let maxDelta = 0;
  const hsRows = report.tables.flatMap((t) => t.rows);
  expect(hsRows.length).toBe(bs.length);
  for (const b of bs) {
    const h = hsRows.find((r) => r.unit === b.unit && r.name === b.name);
    const where = `${b.name} ${b.unit}`;
    expect(h, `heapsight lacks row ${where}`).toBeDefined();
    if (!h) continue;
    // Medians: benchstat prints them with fmt.Sprint (shortest round-trip), so they must be equal.
    if (b.oldCenter === null) expect(h.old, where).toBeNull();
    else expect(h.old?.center, where).toBe(b.oldCenter);
    if (b.newCenter === null) expect(h.new, where).toBeNull();
    else expect(h.new?.center, where).toBe(b.newCenter);
    if (b.oldCI !== null) expect(pctRangeString(h.old!), `${where} old CI`).toBe(b.oldCI);
    if (b.newCI !== null) expect(pctRangeString(h.new!), `${where} new CI`).toBe(b.newCI);
    if (b.delta === null) {
      expect(h.comparison, where).toBeNull();
      continue;
    }
    const c = h.comparison!;
    expect(c, where).not.toBeNull();
    // Same verdict symbol; numeric deltas within 0.2 points (in practice identical strings).
    if (b.delta === '~' || b.delta === '?') expect(c.delta, where).toBe(b.delta);
    else {
      const bd = Number(b.delta.replace('%', ''));
      expect(c.deltaPct, where).not.toBeNull();
      maxDelta = Math.max(maxDelta, Math.abs(c.deltaPct! - bd));
      expect(Math.abs(c.deltaPct! - bd), where).toBeLessThanOrEqual(0.2);
      expect(c.delta, where).toBe(b.delta);
    }
    // p: benchstat prints 3 decimals and omits p when it is exactly 0.
    if (b.p === null) expect(c.p, where).toBe(0);
    else {
      maxP = Math.max(maxP, Math.abs(c.p - b.p));
      expect(Math.abs(c.p - b.p), where).toBeLessThanOrEqual(0.005);
      expect(goFormatFixed(c.p, 3), where).toBe(b.p.toFixed(3));
    }
    expect(`${c.oldSummary.n === c.newSummary.n ? c.oldSummary.n : `${c.oldSummary.n}+${c.newSummary.n}`}`, where).toBe(b.n);
  }
  return { maxP, maxDelta, rows: bs.length };
}

async function oracle(oldPath: string, newPath: string, opts: StatOptions, extra: string[] = []): Promise<{ report: CompareReport; bs: ReturnType<typeof parseBenchstatCsv> }> {
  const csv = await runBenchstatCsv(oldPath, newPath, dir, extra);
  const bs = parseBenchstatCsv(csv);
  const report = compareFiles(parseBenchfmt(readFileSync(oldPath, 'utf8'), oldPath), parseBenchfmt(readFileSync(newPath, 'utf8'), newPath), opts);
  return { report, bs };
}

describe('heapsight compare equals benchstat', () => {
  test('the oracle is benchstat at the version the goldens were made with', () => {
    // The global setup builds it (or fails the run); check the build really is that version.
    const info = execFileSync('go', ['version', '-m', benchstatPath()], { encoding: 'utf8' });
    expect(info).toMatch(new RegExp(`\\bpath\\s+${BENCHSTAT_PACKAGE}\\n`));
    expect(info).toMatch(new RegExp(`\\bmod\\s+golang\\.org/x/perf\\s+${BENCHSTAT_VERSION}\\s`));
  });

  test('constructed inputs: exact/ties/normal paths, small n, zeros, all-equal, missing rows', async () => {
    const cases = constructedCases();
    const o = join(dir, 'constructed-old.txt');
    const n = join(dir, 'constructed-new.txt');
    writeBenchFile(o, cases, 'old');
    writeBenchFile(n, cases, 'new');
    const { report, bs } = await oracle(o, n, {});
    const gaps = expectMatchesBenchstat(report, bs.rows);
    expect(gaps.rows).toBe(cases.length);
    // The cases must really exercise every path (a test that cannot fail is a defect).
    const methods = new Set(report.tables.flatMap((t) => t.rows.map((r) => r.comparison?.method ?? 'missing')));
    expect([...methods].sort()).toEqual(['exact', 'exact-ties', 'missing', 'none', 'normal']);
    const deltas = new Set(bs.rows.map((r) => (r.delta === null ? 'none' : /%$/.test(r.delta) ? '%' : r.delta)));
    expect([...deltas].sort()).toEqual(['%', '?', 'none', '~']);
    // Geomean deltas too (benchstat prints one per unit table).
    for (const g of bs.geomeans) {
      const t = report.tables.find((x) => x.unit === g.unit)!;
      if (t.geomean) expect(t.geomean.delta, `geomean ${g.unit}`).toBe(g.delta);
    }
  });

  test('constructed inputs with --alpha 0.01 --confidence 0.9', async () => {
    const cases = constructedCases();
    const o = join(dir, 'alpha-old.txt');
    const n = join(dir, 'alpha-new.txt');
    writeBenchFile(o, cases, 'old');
    writeBenchFile(n, cases, 'new');
    const { report, bs } = await oracle(o, n, { alpha: 0.01, confidence: 0.9 }, ['-alpha', '0.01', '-confidence', '0.9']);
    expectMatchesBenchstat(report, bs.rows);
  });

  test('randomised inputs (seeded): 40 benchmarks of mixed sizes and tie densities', async () => {
    const rnd = mulberry32(7);
    const cases: Case[] = [];
    for (let i = 0; i < 40; i++) {
      const n1 = 2 + Math.floor(rnd() * 70);
      const n2 = 2 + Math.floor(rnd() * 70);
      const levels = rnd() < 0.5 ? 3 + Math.floor(rnd() * 8) : 0;
      const shift = rnd() < 0.5 ? 0 : rnd() * 0.1;
      const gen = (n: number, s: number): number[] =>
        Array.from({ length: n }, () => (levels ? 1000 + Math.floor(rnd() * levels) * 7 + Math.round(s * 1000) : +(1000 * (1 + s) + rnd() * 60).toFixed(2)));
      cases.push({ name: `Random${i}`, unit: 'ns/op', old: gen(n1, 0), new: gen(n2, shift) });
    }
    const o = join(dir, 'random-old.txt');
    const n = join(dir, 'random-new.txt');
    writeBenchFile(o, cases, 'old');
    writeBenchFile(n, cases, 'new');
    const { report, bs } = await oracle(o, n, {});
    expectMatchesBenchstat(report, bs.rows);
  });

  test('infinities and zeros: the same tables, medians and p as benchstat (0 and +Inf ns/op keep their unit)', async () => {
    const o = join(dir, 'inf-old.txt');
    const n = join(dir, 'inf-new.txt');
    const file = (rows: [string, string, string[]][]): string =>
      ['goos: linux', 'pkg: example.com/inf', ...rows.flatMap(([name, unit, vs]) => vs.map((v) => `Benchmark${name}-2\t100\t${v} ${unit}`))].join('\n') + '\n';
    writeFileSync(o, file([['InfBytes', 'B/op', ['5', '+Inf', '7', '8']], ['ZeroTime', 'ns/op', ['0', '0', '0']], ['InfTime', 'ns/op', ['+Inf', '5', '6']], ['NegInf', 'x/op', ['-Inf', '1', '2', '3']]]));
    writeFileSync(n, file([['InfBytes', 'B/op', ['3', '4', '5', '6']], ['ZeroTime', 'ns/op', ['0', '3']], ['InfTime', 'ns/op', ['6', '7']], ['NegInf', 'x/op', ['1', '2', '3', '4']]]));
    const { report, bs } = await oracle(o, n, {});
    expectMatchesBenchstat(report, bs.rows);
    // benchstat's reader tidies only values that tidying changes: these rows sit in an ns/op table.
    expect(report.tables.map((t) => t.unit).sort()).toEqual(['B/op', 'ns/op', 'sec/op', 'x/op']);
    expect(report.tables.find((t) => t.unit === 'B/op')!.rows[0]!.old!.center).toBe(7.5);
  });

  test('real go test -bench runs (testdata/benchfmt/real-*.txt)', async () => {
    const o = join(import.meta.dirname, '../../testdata/benchfmt/real-old.txt');
    const n = join(import.meta.dirname, '../../testdata/benchfmt/real-new.txt');
    const { report, bs } = await oracle(o, n, {});
    expectMatchesBenchstat(report, bs.rows);
    // The fixture's presized map must show up as a significant allocation drop.
    const allocs = report.tables.find((t) => t.unit === 'allocs/op')!.rows.find((r) => r.name === 'MapFill/n=1000-2');
    expect(allocs?.comparison?.significant).toBe(true);
    expect(allocs?.change).toBe(1);
  });
});
