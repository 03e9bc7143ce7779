// bench.ts is `heapsight bench [packages]`: runs benchmarks through the
// crash-proof runner, prints medians with confidence intervals, GC cycles and
// stop-the-world pauses, keeps the raw output for benchstat (-o FILE), and
// with --baseline NAME the variant table. Any failed benchmark → exit 2.
import { resolve } from 'node:path';
import { checkHostTarget, runBenchmarks, type BenchRun } from '../../bench/runner.js';
import { buildVariantTable, type VariantTable } from '../../verify/variant-table.js';
import { InputError, UsageError } from '../../errors.js';
import { renderBenchJson, type BenchSettings } from '../../render/bench-json.js';
import { renderBenchText } from '../../render/bench-text.js';
import { listPackages } from '../../toolchain/go-build.js';
import { findGo } from '../../toolchain/go-command.js';
import { resolvePatterns } from '../../toolchain/package-patterns.js';
import type { Command } from '../command.js';
import { oneOf, parseFlags } from '../command.js';
import { benchRunFlagSpec, readBenchRunFlags } from '../bench-flags.js';
import { ProgressBar } from '../progress.js';
import { ExitCode } from '../exit-codes.js';
import { checkOutputDir, checkOutputFile, writeOutputFile } from '../output-path.js';

const usage =
  'heapsight bench [packages] [--bench RE] [--count N] [--benchtime D|Nx] [--cpu LIST] [--timeout D] [--tags T,…] [--race] ' +
  '[--baseline NAME] [--memprofile DIR] [--cpuprofile DIR] [--memprofilerate N] [-o FILE] [--format text|json] [--quiet]';

export const command: Command = {
  name: 'bench',
  summary: 'run benchmarks crash-proof: medians with CI, GC cycles and STW pauses per benchmark',
  usage,
  async run(args, ctx) {
    const { values, positionals } = parseFlags(
      args,
      {
        ...benchRunFlagSpec,
        baseline: { type: 'string' },
        memprofile: { type: 'string' },
        cpuprofile: { type: 'string' },
        o: { type: 'string', short: 'o' },
        format: { type: 'string' },
      },
      usage,
    );
    const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
    const flags = readBenchRunFlags(values, { benchtime: '1s', memProfileRate: null });
    const { count, benchtime, timeoutMs, tags, bench } = flags;
    if (values.memprofile !== undefined && values.cpuprofile !== undefined && resolve(ctx.cwd, values.memprofile) !== resolve(ctx.cwd, values.cpuprofile)) {
      throw new UsageError('--memprofile and --cpuprofile must name the same directory (files are named BENCH.runN.mem.pprof / .cpu.pprof)');
    }
    const memProfileRate = flags.memProfileRate ?? undefined;
    const profileDir = values.memprofile ?? values.cpuprofile;
    // Where results go is checked before anything runs, not after the benchmarks.
    checkOutputFile('-o', values.o, ctx.cwd);
    checkOutputDir(values.memprofile !== undefined ? '--memprofile' : '--cpuprofile', profileDir, ctx.cwd);
    const settings: BenchSettings = { bench, count, benchtime, cpu: flags.cpu, timeoutMs, race: flags.race, tags: [...tags] };

    const go = await findGo(ctx.runner, ctx.cwd);
    checkHostTarget(go);
    const where = resolvePatterns(ctx.cwd, positionals);
    const pkgs = await listPackages(ctx.runner, go, { cwd: where.cwd, patterns: where.patterns, tags, signal: ctx.signal });
    const withTests = pkgs.filter((p) => p.testGoFiles.length + p.xTestGoFiles.length > 0);
    if (withTests.length === 0) {
      throw new InputError(`${positionals.join(' ') || '.'} has no test files, so no benchmarks`, 'benchmarks live in *_test.go files as func BenchmarkX(b *testing.B)');
    }
    const bar = new ProgressBar(ctx.io, ctx.io.stderrIsTTY && !flags.quiet);
    const runs: BenchRun[] = [];
    try {
      for (const [i, pkg] of withTests.entries()) {
        const prefix = withTests.length > 1 ? `(${i + 1}/${withTests.length}) ` : '';
        runs.push(
          await runBenchmarks(ctx.runner, go, {
            cwd: where.cwd,
            pkg: pkg.importPath,
            bench,
            count,
            benchtime,
            timeoutMs,
            tags,
            signal: ctx.signal,
            onProgress: (p) => bar.update(p, prefix),
            ...(flags.cpu !== null ? { cpu: flags.cpu } : {}),
            ...(flags.race ? { race: true } : {}),
            ...(profileDir !== undefined
              ? { profileDir: resolve(ctx.cwd, profileDir), memprofile: values.memprofile !== undefined, cpuprofile: values.cpuprofile !== undefined }
              : {}),
            ...(memProfileRate !== undefined ? { memProfileRate } : {}),
          }),
        );
        bar.clear();
        // Ctrl-C: keep the finished runs and report them.
        if (runs[runs.length - 1]!.interrupted) break;
      }
    } finally {
      bar.clear();
    }

    const interrupted = ctx.signal.aborted || runs.some((r) => r.interrupted);
    let variants: VariantTable | null = null;
    // After Ctrl-C no new build may start, so the variant table (which needs compiler evidence) is left out.
    if (values.baseline !== undefined && !interrupted) {
      const all = runs.filter((r) => r.benchmarks.length > 0);
      if (all.length > 1) throw new UsageError('--baseline compares benchmarks of one package; name a single package');
      const run = all[0];
      if (run) {
        // Compiler evidence costs one more build; only the variant table needs
        // it, and the source's call graph to follow each benchmark's callees.
        const { collectCompilerEvidence } = await import('../../escape/index.js');
        const { loadPackageSource } = await import('../../source/package-source.js');
        const pkg = withTests.find((p) => p.importPath === run.importPath)!;
        const [compiler, source] = await Promise.all([
          collectCompilerEvidence(ctx.runner, go, { cwd: where.cwd, packages: [run.importPath], tags, signal: ctx.signal }),
          loadPackageSource(pkg),
        ]);
        for (const w of source.warnings) ctx.io.stderr(`warning: ${w}\n`);
        variants = buildVariantTable(run, values.baseline, { compiler, source });
      }
    }

    if (values.o !== undefined) await writeOutputFile('-o', values.o, ctx.cwd, runs.map((r) => r.raw).join(''));
    ctx.io.stdout(format === 'json' ? renderBenchJson(runs, settings, variants, go.version) : renderBenchText(runs, variants));
    for (const r of runs) for (const w of r.warnings) ctx.io.stderr(`warning: ${w}\n`);
    for (const r of runs) for (const b of r.benchmarks) for (const w of b.gc.warnings) ctx.io.stderr(`warning: ${b.name}: ${w}\n`);
    if (variants) for (const w of variants.warnings) ctx.io.stderr(`warning: ${w}\n`);

    if (interrupted) {
      ctx.io.stderr('heapsight bench: interrupted (Ctrl-C): the report holds the runs that finished before it\n');
      return ExitCode.Failure;
    }
    const failures = runs.flatMap((r) => r.failures);
    if (failures.length > 0) {
      ctx.io.stderr(`heapsight bench: ${failures.length} benchmark${failures.length === 1 ? '' : 's'} failed: ${failures.map((f) => `${f.name} (${f.kind})`).join(', ')}\n`);
      return ExitCode.Failure;
    }
    // Nothing measured is a failure (README: exit 2 for "no benchmarks"), whether nothing matched or nothing printed a result.
    if (runs.every((r) => r.matched.length === 0)) {
      ctx.io.stderr(`heapsight bench: no benchmarks matched ${JSON.stringify(bench)}\n`);
      return ExitCode.Failure;
    }
    if (runs.every((r) => r.benchmarks.length === 0)) {
      ctx.io.stderr('heapsight bench: the benchmarks ran but printed no result line (see the warnings above)\n');
      return ExitCode.Failure;
    }
    if (variants && variants.rows.length === 0) return ExitCode.Failure;
    return ExitCode.Clean;
  },
};
