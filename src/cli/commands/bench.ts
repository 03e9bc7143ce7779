// bench.ts is `heapsight bench [packages]`: runs benchmarks through the
// crash-proof runner, prints medians with confidence intervals, GC cycles and
// stop-the-world pauses, keeps the raw output for benchstat (-o FILE), and
// with --baseline NAME the variant table. Any failed benchmark → exit 2.
// The pipeline is the library's runBench (src/core/bench.ts).
import { resolve } from 'node:path';
import { runBench, type BenchResult } from '../../core/bench.js';
import { UsageError } from '../../errors.js';
import { renderBenchJson, type BenchSettings } from '../../render/bench-json.js';
import { renderBenchText } from '../../render/bench-text.js';
import type { Command } from '../command.js';
import { oneOf, parseFlags } from '../command.js';
import { benchRunFlagSpec, readBenchRunFlags } from '../bench-flags.js';
import { LANG_FLAG, LANG_USAGE, messagesOf } from '../lang-flag.js';
import { ProgressBar } from '../progress.js';
import { ExitCode } from '../exit-codes.js';
import { checkOutputDir, checkOutputFile, writeOutputFile } from '../output-path.js';

const usage =
  'heapsight bench [packages] [--bench RE] [--count N] [--benchtime D|Nx] [--cpu LIST] [--timeout D] [--tags T,…] [--race] ' +
  `[--baseline NAME] [--memprofile DIR] [--cpuprofile DIR] [--memprofilerate N] [-o FILE] [--format text|json] ${LANG_USAGE} [--quiet]`;

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
        ...LANG_FLAG,
      },
      usage,
    );
    const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
    const messages = messagesOf(values.lang, ctx.env);
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

    const bar = new ProgressBar(ctx.io, ctx.io.stderrIsTTY && !flags.quiet);
    let result: BenchResult;
    try {
      result = await runBench(ctx.runner, {
        cwd: ctx.cwd,
        patterns: positionals,
        bench,
        count,
        benchtime,
        timeoutMs,
        tags,
        signal: ctx.signal,
        onEvent: (e) => {
          if (e.kind === 'progress') bar.update(e.progress, e.of > 1 ? `(${e.index + 1}/${e.of}) ` : '');
          else bar.clear();
        },
        ...(flags.cpu !== null ? { cpu: flags.cpu } : {}),
        ...(flags.race ? { race: true } : {}),
        ...(profileDir !== undefined
          ? { profileDir: resolve(ctx.cwd, profileDir), memprofile: values.memprofile !== undefined, cpuprofile: values.cpuprofile !== undefined }
          : {}),
        ...(memProfileRate !== undefined ? { memProfileRate } : {}),
        ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
      });
    } finally {
      bar.clear();
    }
    const { go, runs, variants, interrupted } = result;
    for (const w of result.warnings) ctx.io.stderr(`warning: ${w}\n`);

    if (values.o !== undefined) await writeOutputFile('-o', values.o, ctx.cwd, runs.map((r) => r.raw).join(''));
    ctx.io.stdout(format === 'json' ? renderBenchJson(runs, settings, variants, go.version) : renderBenchText(runs, variants, messages));
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
