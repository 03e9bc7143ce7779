// runner-replay.test.ts replays recorded benchmark processes (real go1.26.8
// runs of testdata/bench-fixtures, recorded with their stdout/stderr lines in
// the order heapsight received them) through runBenchmarks, and compares the
// model, the text rendering and the JSON rendering with golden files.
// RECORD=1 re-records the processes from live runs; UPDATE=1 rewrites goldens.
// go list, go test -c and -test.list still run live (they are deterministic).
// runner-replay.test.ts replays recorded processes (real go1.26.8 runs of
// testdata/bench-fixtures) through runBenchmarks and the variant table, and
// compares the model, the text rendering and the JSON rendering with golden
// files. Every process is replayed — go version and go env, go list, go test
// -c, -test.list, the benchmark runs with their stdout/stderr lines in the
// order heapsight received them, and the diagnostic build with the -json
// files it wrote — so the test needs no Go (testdata/gctrace/runs/README.md).
// RECORD=1 re-records them from live runs; UPDATE=1 rewrites the goldens.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { runBenchmarks, type BenchOptions, type BenchRun } from '../../src/bench/runner.js';
import { buildVariantTable, type VariantTable } from '../../src/verify/variant-table.js';
import { collectCompilerEvidence } from '../../src/escape/index.js';
import { loadPackageSource } from '../../src/source/package-source.js';
import { listPackages } from '../../src/toolchain/go-build.js';
import { renderBenchJson } from '../../src/render/bench-json.js';
import { renderBenchText } from '../../src/render/bench-text.js';
import { findGo, type GoToolchain } from '../../src/toolchain/go-command.js';
import { liveRunner, type Runner } from '../../src/toolchain/process.js';
import { matchGolden } from '../support/golden.js';
import { recordingRunner, replayRunner, type RecordedProcess } from '../support/replay.js';

const fixtures = resolve(import.meta.dirname, '../../testdata/bench-fixtures');
const goldenDir = resolve(import.meta.dirname, '../../testdata/gctrace/runs');

/** stable drops what differs between machines and runs of the live steps (paths, compile time). */
function stable(run: BenchRun): unknown {
  return { ...run, dir: run.dir.replace(fixtures, '<fixtures>'), timing: { processes: run.timing.processes, processMs: Math.round(run.timing.processMs) } };
}

/** Replayed is one case's outcome: the go it found, the run, and the variant table when one was asked for. */
interface Replayed {
  readonly go: GoToolchain;
  readonly run: BenchRun;
  readonly table: VariantTable | null;
}

/** steps is the pipeline a case replays, on whatever runner it is given. */
async function steps(runner: Runner, opts: BenchOptions, baseline: string | null): Promise<Replayed> {
  const go = await findGo(runner, fixtures);
  const run = await runBenchmarks(runner, go, opts);
  if (baseline === null) return { go, run, table: null };
  // The variant table's compiler evidence and source, as bench --baseline gathers them (no evidence cache: it would skip the build).
  const dir = join(fixtures, opts.pkg);
  const [pkg] = await listPackages(runner, go, { cwd: dir, patterns: ['.'] });
  const [compiler, source] = await Promise.all([collectCompilerEvidence(runner, go, { cwd: dir, packages: ['.'], cacheDir: null }), loadPackageSource(pkg!)]);
  return { go, run, table: buildVariantTable(run, baseline, { compiler, source }) };
}

async function replayCase(name: string, pkg: string, bench: string, baseline: string | null = null): Promise<Replayed> {
  const file = join(goldenDir, `${name}.processes.json.gz`);
  const opts = { cwd: fixtures, pkg, bench, count: 3, benchtime: '3000x', timeoutMs: 60_000 };
  if (process.env['RECORD'] === '1') {
    const processes: RecordedProcess[] = [];
    const { go } = await steps(recordingRunner(liveRunner, processes), opts, baseline);
    const command = `heapsight runner, ${JSON.stringify({ ...opts, cwd: '<repo>/testdata/bench-fixtures' })}${baseline !== null ? `, variant table vs ${baseline}` : ''}`;
    writeFileSync(file, gzipSync(JSON.stringify({ go: go.version, command, processes }, null, 1) + '\n', { level: 9 }));
  }
  const { processes } = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { processes: RecordedProcess[] };
  const replay = replayRunner(processes);
  const out = await steps(replay, opts, baseline);
  // Every recorded process was asked for: the replay followed the recorded run all the way.
  expect(replay.unused().map((p) => p.argv.join(' '))).toEqual([]);
  return out;
}

function golden(file: string, actual: string): void {
  // A crash's stack names the fixture's files under this checkout: a clone elsewhere replays them under its own path.
  matchGolden(join(goldenDir, file), actual.split(resolve(fixtures, '../..')).join('<repo>'));
}

describe('runBenchmarks on recorded go1.26.8 processes', () => {
  it('healthy: model, text and JSON match their goldens', async () => {
    const { go, run, table } = await replayCase('healthy', './healthy', '.', 'NoAlloc');
    expect(run.benchmarks.map((b) => b.name).sort()).toEqual(['BenchmarkAlloc', 'BenchmarkNoAlloc', 'BenchmarkSizes/n=64', 'BenchmarkSizes/n=8192']);
    const alloc = run.benchmarks.find((b) => b.name === 'BenchmarkAlloc')!;
    // 3000 × 4 KiB = 12 MiB per run against a 4 MiB goal: automatic cycles in every run.
    expect(alloc.gc.cyclesPerRun.every((c) => c >= 1)).toBe(true);
    expect(alloc.gc.cyclesPerRun).toHaveLength(3);
    // Each sub-benchmark gets its own share of the shared process's cycles.
    const s64 = run.benchmarks.find((b) => b.name === 'BenchmarkSizes/n=64')!;
    const s8k = run.benchmarks.find((b) => b.name === 'BenchmarkSizes/n=8192')!;
    expect(s64.gc.runs).toBe(3);
    expect(s8k.gc.cycles).toBeGreaterThan(s64.gc.cycles);
    golden('healthy.model.json', JSON.stringify(stable(run), null, 1) + '\n');
    expect(go.version).toBe('go1.26.8');
    expect(table!.rows.map((r) => [r.name, r.escapes])).toEqual([
      ['BenchmarkAlloc', 1],
      ['BenchmarkNoAlloc', 0],
      ['BenchmarkSizes/n=64', 3],
      ['BenchmarkSizes/n=8192', 3],
    ]);
    golden('healthy.text', renderBenchText([run], table, en));
    const settings = { bench: '.', count: 3, benchtime: '3000x', cpu: null, timeoutMs: 60_000, race: false, tags: [] };
    const json = JSON.parse(renderBenchJson([run], settings, table, go.version)) as { schema: string; packages: { dir: string; timing: unknown }[] };
    expect(json.schema).toBe('heapsight.bench/v1');
    for (const p of json.packages) {
      p.dir = '<fixtures>';
      p.timing = null;
    }
    golden('healthy.bench.json', JSON.stringify(json, null, 2) + '\n');
  }, 60_000);

  it('mapwrites: the fatal run is a failure and the others keep their medians', async () => {
    const { run } = await replayCase('mapwrites', './mapwrites', '.');
    expect(run.failures.map((f) => [f.name, f.kind, f.message])).toEqual([['BenchmarkConcurrentWrites', 'fatal', 'fatal error: concurrent map writes']]);
    expect(run.benchmarks.map((b) => b.name).sort()).toEqual(['BenchmarkFill', 'BenchmarkLookup']);
    // The unfinished "BenchmarkConcurrentWrites-2 \t" line is not passed on to benchstat.
    expect(run.raw).not.toMatch(/^BenchmarkConcurrentWrites/m);
    golden('mapwrites.model.json', JSON.stringify(stable(run), null, 1) + '\n');
    golden('mapwrites.text', renderBenchText([run], null, en));
  }, 60_000);
});
