// series.ts builds the three-run history the tests record: a real check
// report of examples/mapptr (testdata/check/mapptr-report.json) given the
// samples of a real `go test -bench` run of the same package
// (testdata/history/mapptr-bench.txt), then varied the way runs vary.
//   run 1: the real samples.
//   run 2: the same code again: every sample moved by at most ±2%, the noise
//          of a quiet machine (below the 5% minimum change however sure the
//          U test is).
//   run 3: a commit that makes PointerEscapes allocate one more object:
//          +1 allocs/op (a 4 KiB buffer: +4096 B/op, about +11%) and 30% more
//          sec/op; the rest as run 2
//          with a different ±2% pattern.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseBenchfmt } from '../../src/bench/benchfmt.js';
import { historyRunFromCheck, type HistoryRun } from '../../src/history/index.js';
import type { Revision } from '../../src/toolchain/git-revision.js';
import type { BenchmarkRow, CheckReport } from '../../src/verify/check-report.js';

export const testdataHistory = resolve('testdata/history');
/** The machine that recorded the check report ran from here (testdata/check/README.md). */
export const RECORDED_MODULE_ROOT = '/work/main/examples/mapptr';

/** realSamples are the benchmark samples of mapptr-bench.txt per benchmark name, and its cpu line. */
export function realSamples(): { cpu: string; byName: Map<string, { procs: number | null; samples: Record<string, number[]> }> } {
  const file = parseBenchfmt(readFileSync(join(testdataHistory, 'mapptr-bench.txt'), 'utf8'), 'mapptr-bench.txt');
  const byName = new Map<string, { procs: number | null; samples: Record<string, number[]> }>();
  let cpu = '';
  for (const r of file.records) {
    cpu = r.config['cpu'] ?? cpu;
    const name = `Benchmark${r.name}`;
    let e = byName.get(name);
    if (!e) byName.set(name, (e = { procs: r.procs, samples: {} }));
    for (const v of r.values) (e.samples[v.unit] ??= []).push(v.value);
  }
  return { cpu, byName };
}

/** jitter moves each value by a fixed pattern of at most ±2%; allocs/op are counts and stay. */
function jitter(values: readonly number[], unit: string, phase: number): number[] {
  if (unit === 'allocs/op') return [...values];
  const pattern = [0.012, -0.018, 0.004, 0.02, -0.007, -0.015, 0.009];
  return values.map((v, i) => {
    const moved = v * (1 + pattern[(i + phase) % pattern.length]!);
    return unit === 'B/op' ? Math.round(moved) : moved;
  });
}

const REGRESSED = 'BenchmarkPointerEscapes';

function withSamples(base: CheckReport, cpu: string, samplesOf: (row: BenchmarkRow) => { procs: number | null; samples: Record<string, number[]> }): CheckReport {
  return { ...base, cpu, benchmarks: base.benchmarks.map((b) => ({ ...b, ...samplesOf(b) })) };
}

/** threeRuns returns the runs as check --record would build them, one hour apart. */
export function threeRuns(): HistoryRun[] {
  const base = JSON.parse(readFileSync(resolve('testdata/check/mapptr-report.json'), 'utf8')) as CheckReport;
  const { cpu, byName } = realSamples();
  const real = (b: BenchmarkRow) => {
    const e = byName.get(b.name);
    if (!e) throw new Error(`${b.name} is not in mapptr-bench.txt`);
    return e;
  };
  const varied = (phase: number, regress: boolean) => (b: BenchmarkRow) => {
    const e = real(b);
    const samples: Record<string, number[]> = {};
    for (const [unit, values] of Object.entries(e.samples)) {
      let v = jitter(values, unit, phase);
      if (regress && b.name === REGRESSED) {
        if (unit === 'allocs/op') v = v.map((x) => x + 1);
        if (unit === 'B/op') v = v.map((x) => x + 4096);
        if (unit === 'sec/op') v = v.map((x) => x * 1.3);
      }
      samples[unit] = v;
    }
    return { procs: e.procs, samples };
  };
  const revisions: Revision[] = [
    { commit: '1111111111111111111111111111111111111111', dirty: false, unknown: null },
    { commit: '2222222222222222222222222222222222222222', dirty: false, unknown: null },
    { commit: '3333333333333333333333333333333333333333', dirty: true, unknown: null },
  ];
  const reports = [withSamples(base, cpu, real), withSamples(base, cpu, varied(1, false)), withSamples(base, cpu, varied(3, true))];
  return reports.map((r, i) =>
    historyRunFromCheck(r, revisions[i]!, { time: new Date(Date.UTC(2026, 11, 1, 9 + i, 0, 0)), root: RECORDED_MODULE_ROOT }),
  );
}
