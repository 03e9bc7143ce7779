// go-bench.ts runs the anchor for benchmark figures: `go test -bench` in the
// package's own directory, as a user would, parsed with the benchfmt reader.
import { parseBenchfmt } from '../../src/bench/benchfmt.js';
import { median } from '../../src/bench/statistics.js';
import { liveRunner } from '../../src/toolchain/process.js';

/** GoBenchFigures are one benchmark's medians per unit over the runs, keyed by "BenchmarkName" (no -N suffix). */
export type GoBenchFigures = ReadonlyMap<string, Readonly<Record<string, number>>>;

/** GoBenchRuns are every run's value per unit, keyed like GoBenchFigures. */
export type GoBenchRuns = ReadonlyMap<string, Readonly<Record<string, readonly number[]>>>;

/** goTestBench runs `go test -run ^$ -bench RE -benchmem -count N -benchtime T .` in dir and returns medians per benchmark and unit. */
export async function goTestBench(dir: string, opts: { bench: string; count: number; benchtime: string; env?: Record<string, string> }): Promise<GoBenchFigures> {
  const runs = await goTestBenchRuns(dir, opts);
  const out = new Map<string, Record<string, number>>();
  for (const [name, units] of runs) {
    const m: Record<string, number> = {};
    for (const [u, vs] of Object.entries(units)) m[u] = median(vs)!;
    out.set(name, m);
  }
  return out;
}

/** goTestBenchRuns is goTestBench with every run's value kept. */
export async function goTestBenchRuns(dir: string, opts: { bench: string; count: number; benchtime: string; env?: Record<string, string> }): Promise<GoBenchRuns> {
  const argv = ['go', 'test', '-run', '^$', '-bench', opts.bench, '-benchmem', '-count', String(opts.count), '-benchtime', opts.benchtime, '.'];
  const run = await liveRunner.run({ argv, cwd: dir, timeoutMs: 600_000, ...(opts.env ? { env: opts.env } : {}) });
  if (run.exitCode !== 0) throw new Error(`${argv.join(' ')} in ${dir} exited ${run.exitCode}:\n${run.stdout}\n${run.stderr}`);
  const values = new Map<string, Map<string, number[]>>();
  for (const r of parseBenchfmt(run.stdout, 'go test').records) {
    const name = `Benchmark${r.name}`;
    const units = values.get(name) ?? new Map<string, number[]>();
    for (const v of r.values) units.set(v.unit, [...(units.get(v.unit) ?? []), v.value]);
    values.set(name, units);
  }
  return new Map([...values].map(([name, units]) => [name, Object.fromEntries(units)]));
}
