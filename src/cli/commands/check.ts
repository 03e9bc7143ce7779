// check.ts is `heapsight check`: the double verification in one command.
// It gathers compiler evidence, runs the benchmarks (timing runs, then one
// profiling run per benchmark so the profiler cannot skew ns/op), merges the
// heap profiles, joins everything and renders findings and verdicts.
import { existsSync } from 'node:fs';
import { dirname, join as joinPath, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { checkHostTarget, runBenchmarks, type BenchRun } from '../../bench/runner.js';
import { summarize } from '../../bench/statistics.js';
import { collectCompilerEvidence } from '../../escape/index.js';
import { encodeProfile, lineRows, mapAllocationsByPurpose, readProfilesKept, type Profile } from '../../profile/index.js';
import { checkFormats, checkRenderers, DEFAULT_DOCS_BASE } from '../../render/check-format.js';
import { loadPackageSource } from '../../source/package-source.js';
import { findGo } from '../../toolchain/go-command.js';
import { listPackages } from '../../toolchain/go-build.js';
import { resolvePatterns } from '../../toolchain/package-patterns.js';
import { withTempDir } from '../../toolchain/process.js';
import { CHECK_SCHEMA, type BenchmarkRow, type CheckReport, type Interval } from '../../verify/check-report.js';
import { join, type AllocationRow, type BenchmarkSamples } from '../../verify/join.js';
import { mapSection } from '../../verify/map-section.js';
import { UsageError } from '../../errors.js';
import { intFlag, oneOf, parseFlags, type Command } from '../command.js';
import { benchRunFlagSpec, readBenchRunFlags } from '../bench-flags.js';
import { ExitCode } from '../exit-codes.js';
import { ProgressBar } from '../progress.js';
import { checkOutputFile, writeOutputFile } from '../output-path.js';
import { fileSourceReader } from '../source-reader.js';
import { HEAPSIGHT_VERSION } from './version.js';

const usage =
  'heapsight check [packages] [--bench RE] [--count N] [--benchtime D|Nx] [--cpu LIST] [--race] [--memprofilerate N] [--tags T,U] ' +
  '[--timeout D] [--memprofile FILE] [--nodecount N] [--fail-on confirmed|never] [--quiet] [--format text|json|markdown|sarif|html] [-o FILE]';

/** DEFAULT_MEMPROFILERATE samples one allocation per 16 KiB: fine enough for 100 ms benchmarks, cheap enough not to dominate them. */
const DEFAULT_MEMPROFILERATE = 16 * 1024;

function interval(values: readonly number[] | undefined): Interval {
  if (!values || values.length === 0) return { median: 0, low: 0, high: 0, n: 0 };
  const s = summarize(values);
  return { median: s.center, low: s.low, high: s.high, n: s.n };
}

/** repositoryRoot is the nearest directory above dir holding .git (SARIF URIs are relative to it), else fallback. */
function repositoryRoot(dir: string, fallback: string): string {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(joinPath(d, '.git'))) return d;
    if (dirname(d) === d) return fallback;
  }
}

/** allocationRows turns the merged heap profile into per-line bytes and objects, as pprof -top -lines ranks them. */
export function allocationRows(p: Profile): { rows: AllocationRow[]; bytes: number; objects: number } {
  const space = lineRows(p, 'alloc_space');
  const objects = lineRows(p, 'alloc_objects');
  const key = (r: { function: string; file: string; line: number }): string => `${r.function}\u0000${r.file}\u0000${r.line}`;
  const objectsByLine = new Map(objects.rows.map((r) => [key(r), r.flat]));
  const rows = space.rows
    .filter((r) => r.flat !== 0)
    .map((r) => ({ function: r.function, file: r.file, line: r.line, bytes: r.flat, objects: objectsByLine.get(key(r)) ?? 0 }));
  return { rows, bytes: space.total, objects: objects.total };
}

function benchmarkRows(run: BenchRun): BenchmarkRow[] {
  return run.benchmarks.map((b) => ({
    name: b.name,
    nsPerOp: interval(b.samples['sec/op']?.map((v) => v * 1e9) ?? b.samples['ns/op']),
    bytesPerOp: interval(b.samples['B/op']),
    allocsPerOp: interval(b.samples['allocs/op']),
    gc: b.gc
      ? {
          cycles: b.gc.cycles,
          forcedCycles: b.gc.forcedCycles,
          cyclesPerMillionOps: b.gc.cyclesPerMillionOps,
          pauseTotalNs: b.gc.pauseTotalNs,
          pauseMaxNs: b.gc.pauseMaxNs,
        }
      : null,
    warnings: [],
  }));
}

export const command: Command = {
  name: 'check',
  summary: 'double verification: compiler evidence joined with measured allocations, and verdicts',
  usage,
  async run(args, ctx) {
    const { values, positionals } = parseFlags(
      args,
      {
        ...benchRunFlagSpec,
        memprofile: { type: 'string' },
        nodecount: { type: 'string' },
        'fail-on': { type: 'string' },
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
      },
      usage,
    );
    const format = oneOf('format', values.format, checkFormats, 'text');
    const failOn = oneOf('fail-on', values['fail-on'], ['confirmed', 'never'] as const, 'never');
    const flags = readBenchRunFlags(values, { benchtime: '100ms', memProfileRate: DEFAULT_MEMPROFILERATE });
    const { bench, count, benchtime, tags, quiet } = flags;
    const memProfileRate = flags.memProfileRate ?? DEFAULT_MEMPROFILERATE;
    const nodeCount = intFlag('nodecount', values.nodecount, 15);
    // A phase line per step on any stderr; the repainted bar only on a terminal.
    const progress = (line: string): void => {
      if (!quiet) ctx.io.stderr(`${line}\n`);
    };

    // Fail before the benchmarks run, not after, when the report has nowhere to go.
    checkOutputFile('-o', values.output, ctx.cwd);
    checkOutputFile('--memprofile', values.memprofile, ctx.cwd);
    const go = await findGo(ctx.runner, ctx.cwd);
    checkHostTarget(go);
    const where = resolvePatterns(ctx.cwd, positionals);
    const pkgs = await listPackages(ctx.runner, go, { cwd: where.cwd, patterns: where.patterns, tags, signal: ctx.signal });
    const evidence = await collectCompilerEvidence(ctx.runner, go, {
      cwd: where.cwd,
      packages: where.patterns,
      tags,
      signal: ctx.signal,
      onProgress: progress,
    });
    const sources = await Promise.all(pkgs.map(loadPackageSource));
    const warnings: string[] = [...evidence.warnings, ...sources.flatMap((s) => s.warnings)];

    return withTempDir('check', async (tmp) => {
      const runs: BenchRun[] = [];
      const profilePaths: string[] = [];
      for (const pkg of pkgs) {
        if (pkg.testGoFiles.length + pkg.xTestGoFiles.length === 0) {
          warnings.push(`${pkg.importPath}: no test files, so no benchmarks to run`);
          continue;
        }
        const bar = new ProgressBar(ctx.io, ctx.io.stderrIsTTY && !quiet);
        const common = {
          cwd: where.cwd,
          pkg: pkg.importPath,
          bench,
          benchtime,
          tags,
          timeoutMs: flags.timeoutMs,
          ...(flags.cpu !== null ? { cpu: flags.cpu } : {}),
          ...(flags.race ? { race: true } : {}),
          signal: ctx.signal,
        };
        progress(`running benchmarks of ${pkg.importPath} (-count ${count} -benchtime ${benchtime}), one process per run…`);
        // Timing runs carry no profiler, so ns/op is not skewed by stack sampling.
        const timing = await runBenchmarks(ctx.runner, go, { ...common, count, onProgress: (p) => bar.update(p, 'timing ') });
        bar.clear();
        runs.push(timing);
        // Ctrl-C: report the timing runs that finished, with compiler evidence; no profiling run.
        if (timing.interrupted) break;
        if (timing.benchmarks.length === 0) continue;
        // One profiling run per benchmark that survived the timing runs. A
        // top-level benchmark that failed there (a sub-benchmark panicked) is
        // not profiled: it would die again before writing its profile; its
        // healthy sub-benchmarks keep their timing results.
        const failedTops = new Set(timing.failures.map((f) => f.name.split('/')[0]!));
        const tops = [...new Set(timing.benchmarks.map((b) => b.name.split('/')[0]!))];
        for (const t of tops.filter((n) => failedTops.has(n))) warnings.push(`${t}: not heap-profiled, because it failed in its timing runs`);
        const healthy = tops.filter((n) => !failedTops.has(n)).map((n) => `^${n}$`);
        if (healthy.length === 0) continue;
        progress(`profiling heap allocations of ${healthy.length} benchmark${healthy.length === 1 ? '' : 's'} (MemProfileRate ${memProfileRate})…`);
        const profDir = joinPath(tmp, `prof-${runs.length}`);
        const prof = await runBenchmarks(ctx.runner, go, {
          ...common,
          bench: bench.includes('/') ? bench : healthy.join('|'),
          count: 1,
          profileDir: profDir,
          memProfileRate,
          onProgress: (p) => bar.update(p, 'heap profile '),
        });
        bar.clear();
        for (const b of prof.benchmarks) for (const p of b.profiles) if (p.kind === 'mem') profilePaths.push(p.path);
        if (prof.interrupted) break;
        warnings.push(...prof.warnings, ...prof.failures.map((f) => `${f.name} failed in its profiling run (${f.kind}): ${f.message}`));
      }

      const { merged, unreadable } = await readProfilesKept(profilePaths);
      warnings.push(...unreadable.map((m) => `heap profile skipped: ${m}`));
      if (merged && values.memprofile) await writeOutputFile('--memprofile', values.memprofile, ctx.cwd, gzipSync(encodeProfile(merged)));
      const alloc = merged ? allocationRows(merged) : { rows: [], bytes: 0, objects: 0 };
      const benchSamples: BenchmarkSamples[] = runs.flatMap((r) => r.benchmarks.map((b) => ({ name: b.name, samples: b.samples })));
      const ownFiles = new Set(sources.flatMap((src) => src.files.map((f) => f.file)));
      // Two passes of the same classification: bytes and objects are separate sample indexes.
      const maps = merged
        ? mapSection(
            mapAllocationsByPurpose(merged, { sampleIndex: 'alloc_space', readSource: fileSourceReader }),
            mapAllocationsByPurpose(merged, { sampleIndex: 'alloc_objects', readSource: fileSourceReader }),
            ownFiles,
          )
        : null;
      const joined = join({ evidence, sources, allocations: alloc.rows, totals: { bytes: alloc.bytes, objects: alloc.objects }, benchmarks: benchSamples });

      const interrupted = ctx.signal.aborted || runs.some((r) => r.interrupted);
      const report: CheckReport = {
        schema: CHECK_SCHEMA,
        go: go.version,
        goos: go.goos,
        goarch: go.goarch,
        packages: pkgs.map((p) => p.importPath),
        settings: { bench, count, benchtime, memProfileRate },
        benchmarks: runs.flatMap(benchmarkRows),
        failures: runs.flatMap((r) => r.failures.map((f) => ({ name: f.name, kind: f.kind, message: f.message, stack: f.stack }))),
        profileTotals: { allocBytes: alloc.bytes, allocObjects: alloc.objects, profiles: profilePaths.length },
        maps,
        sourceFiles: [...ownFiles].sort(),
        findings: joined.findings,
        verdicts: joined.verdicts,
        warnings: [
          ...(interrupted ? ['interrupted (Ctrl-C): the report holds the runs that finished before it; later runs and packages were not measured'] : []),
          ...warnings,
          ...runs.flatMap((r) => r.warnings),
          ...(maps?.warnings ?? []),
        ],
      };
      const rendered = checkRenderers[format](report, {
        cwd: ctx.cwd,
        root: repositoryRoot(pkgs[0]?.dir ?? ctx.cwd, ctx.cwd),
        nodeCount,
        width: Math.min(ctx.io.columns, 100),
        toolVersion: HEAPSIGHT_VERSION,
        docsBase: DEFAULT_DOCS_BASE,
        readSource: fileSourceReader,
      });
      if (values.output !== undefined) await writeOutputFile('-o', values.output, ctx.cwd, rendered);
      else ctx.io.stdout(rendered);
      for (const w of report.warnings) ctx.io.stderr(`warning: ${w}\n`);
      if (interrupted) return ExitCode.Failure;
      if (report.benchmarks.length === 0 && report.failures.length === 0) {
        // Without measurements nothing is verified: say so and fail, but keep the compiler evidence printed above.
        ctx.io.stderr(
          `heapsight check: no benchmarks matched ${JSON.stringify(bench)} in ${report.packages.join(' ')}; the report holds compiler evidence only\n` +
            'hint: add a func BenchmarkXxx(b *testing.B) in a _test.go file that exercises the code, or widen --bench\n',
        );
        return ExitCode.Failure;
      }
      if (report.failures.length > 0) {
        ctx.io.stderr(`heapsight check: ${report.failures.length} benchmark${report.failures.length === 1 ? '' : 's'} failed: ${report.failures.map((f) => `${f.name} (${f.kind})`).join(', ')}\n`);
        return ExitCode.Failure;
      }
      if (failOn === 'confirmed' && report.verdicts.some((v) => v.verdict === 'confirmed')) return ExitCode.GateFailed;
      return ExitCode.Clean;
    });
  },
};

