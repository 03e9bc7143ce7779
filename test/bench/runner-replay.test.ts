// runner-replay.test.ts replays recorded benchmark processes (real go1.26.8
// runs of testdata/bench-fixtures, recorded with their stdout/stderr lines in
// the order heapsight received them) through runBenchmarks, and compares the
// model, the text rendering and the JSON rendering with golden files.
// RECORD=1 re-records the processes from live runs; UPDATE=1 rewrites goldens.
// go list, go test -c and -test.list still run live (they are deterministic).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBenchmarks, type BenchRun } from '../../src/bench/runner.js';
import { buildVariantTable } from '../../src/verify/variant-table.js';
import { collectCompilerEvidence } from '../../src/escape/index.js';
import { loadPackageSource } from '../../src/source/package-source.js';
import { listPackages } from '../../src/toolchain/go-build.js';
import { renderBenchJson } from '../../src/render/bench-json.js';
import { renderBenchText } from '../../src/render/bench-text.js';
import { findGo, type GoToolchain } from '../../src/toolchain/go-command.js';
import { liveRunner, type RunRecord, type RunRequest, type Runner } from '../../src/toolchain/process.js';

const fixtures = resolve(import.meta.dirname, '../../testdata/bench-fixtures');
const goldenDir = resolve(import.meta.dirname, '../../testdata/gctrace/runs');

interface RecordedProcess {
  bench: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
  lines: { stream: 'stdout' | 'stderr'; text: string }[];
}

const benchArg = (argv: readonly string[]): string | undefined => argv.find((a) => a.startsWith('-test.bench='));

/** recordingRunner runs live and keeps every benchmark process with its line order. */
function recordingRunner(into: RecordedProcess[]): Runner {
  return {
    async run(req: RunRequest): Promise<RunRecord> {
      const bench = benchArg(req.argv);
      if (bench === undefined) return liveRunner.run(req);
      const lines: RecordedProcess['lines'] = [];
      const rec = await liveRunner.run({
        ...req,
        onStdoutLine: (text) => {
          lines.push({ stream: 'stdout', text });
          req.onStdoutLine?.(text);
        },
        onStderrLine: (text) => {
          lines.push({ stream: 'stderr', text });
          req.onStderrLine?.(text);
        },
      });
      into.push({ bench, exitCode: rec.exitCode, signal: rec.signal, timedOut: rec.timedOut, durationMs: rec.durationMs, stdout: rec.stdout, stderr: rec.stderr, lines });
      return rec;
    },
  };
}

/** replayRunner answers benchmark processes from the recording, in order; everything else runs live. */
function replayRunner(recorded: readonly RecordedProcess[]): Runner {
  let next = 0;
  return {
    async run(req: RunRequest): Promise<RunRecord> {
      const bench = benchArg(req.argv);
      if (bench === undefined) return liveRunner.run(req);
      const r = recorded[next++];
      if (!r || r.bench !== bench) throw new Error(`replay out of step: wanted ${bench}, recording has ${r?.bench ?? 'nothing'}`);
      for (const l of r.lines) (l.stream === 'stdout' ? req.onStdoutLine : req.onStderrLine)?.(l.text);
      return { argv: [...req.argv], cwd: req.cwd, env: { ...(req.env ?? {}) }, exitCode: r.exitCode, signal: r.signal, timedOut: r.timedOut, stdout: r.stdout, stderr: r.stderr, durationMs: r.durationMs };
    },
  };
}

let go: GoToolchain;
beforeAll(async () => {
  go = await findGo(liveRunner, fixtures);
});

/** stable drops what differs between machines and runs of the live steps (paths, compile time). */
function stable(run: BenchRun): unknown {
  return { ...run, dir: run.dir.replace(fixtures, '<fixtures>'), timing: { processes: run.timing.processes, processMs: Math.round(run.timing.processMs) } };
}

async function replayCase(name: string, pkg: string, bench: string): Promise<BenchRun> {
  const file = join(goldenDir, `${name}.processes.json`);
  const opts = { cwd: fixtures, pkg, bench, count: 3, benchtime: '3000x', timeoutMs: 60_000 };
  if (process.env['RECORD'] === '1') {
    const recorded: RecordedProcess[] = [];
    await runBenchmarks(recordingRunner(recorded), go, opts);
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(file, JSON.stringify({ go: go.version, command: `heapsight runner, ${JSON.stringify(opts)}`, recorded }, null, 1) + '\n');
  }
  const { recorded } = JSON.parse(readFileSync(file, 'utf8')) as { recorded: RecordedProcess[] };
  return runBenchmarks(replayRunner(recorded), go, opts);
}

function golden(file: string, actual: string): void {
  const path = join(goldenDir, file);
  if (process.env['UPDATE'] === '1' || process.env['RECORD'] === '1') writeFileSync(path, actual);
  expect(existsSync(path), `${path} missing: run with UPDATE=1`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('runBenchmarks on recorded go1.26.8 processes', () => {
  it('healthy: model, text and JSON match their goldens', async () => {
    const run = await replayCase('healthy', './healthy', '.');
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
    // Compiler evidence and source are deterministic, so they are built live, as go test -c is.
    const healthy = join(fixtures, 'healthy');
    const [pkg] = await listPackages(liveRunner, go, { cwd: healthy, patterns: ['.'] });
    const [compiler, source] = await Promise.all([collectCompilerEvidence(liveRunner, go, { cwd: healthy, packages: ['.'] }), loadPackageSource(pkg!)]);
    const table = buildVariantTable(run, 'NoAlloc', { compiler, source });
    expect(table.rows.map((r) => [r.name, r.escapes])).toEqual([
      ['BenchmarkAlloc', 1],
      ['BenchmarkNoAlloc', 0],
      ['BenchmarkSizes/n=64', 3],
      ['BenchmarkSizes/n=8192', 3],
    ]);
    golden('healthy.text', renderBenchText([run], table));
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
    const run = await replayCase('mapwrites', './mapwrites', '.');
    expect(run.failures.map((f) => [f.name, f.kind, f.message])).toEqual([['BenchmarkConcurrentWrites', 'fatal', 'fatal error: concurrent map writes']]);
    expect(run.benchmarks.map((b) => b.name).sort()).toEqual(['BenchmarkFill', 'BenchmarkLookup']);
    // The unfinished "BenchmarkConcurrentWrites-2 \t" line is not passed on to benchstat.
    expect(run.raw).not.toMatch(/^BenchmarkConcurrentWrites/m);
    golden('mapwrites.model.json', JSON.stringify(stable(run), null, 1) + '\n');
    golden('mapwrites.text', renderBenchText([run], null));
  }, 60_000);
});
