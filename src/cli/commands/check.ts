// check.ts is `heapsight check`: the double verification in one command.
// The pipeline is the library's runCheck (src/core/check.ts); this front end
// parses flags, shows progress, renders the report, writes it and picks the
// exit code.
import { existsSync } from 'node:fs';
import { dirname, join as joinPath, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { evidenceCacheDir } from '../../escape/index.js';
import { DEFAULT_DEPS_MIN, DEFAULT_MEMPROFILERATE, DEFAULT_PROFILE_COUNT, runCheck, type CheckEvent } from '../../core/check.js';
import { encodeProfile } from '../../profile/index.js';
import { checkFormats, checkRenderers, DEFAULT_DOCS_BASE } from '../../render/check-format.js';
import { UsageError } from '../../errors.js';
import { assertionsFail } from '../../verify/assertions.js';
import { intFlag, oneOf, parseFlags, type Command } from '../command.js';
import { benchRunFlagSpec, readBenchRunFlags } from '../bench-flags.js';
import { ExitCode } from '../exit-codes.js';
import { ProgressBar } from '../progress.js';
import { checkOutputFile, writeOutputFile } from '../output-path.js';
import { fileSourceReader } from '../source-reader.js';
import { recordReport } from '../record-run.js';
import { HEAPSIGHT_VERSION } from './version.js';
import { LANG_FLAG, messagesOf } from '../lang-flag.js';
import { experimentPatch, runRuleExperiments } from '../../core/check-experiments.js';

const usage =
  'heapsight check [packages] [--bench RE] [--count N] [--benchtime D|Nx] [--cpu LIST] [--race] [--memprofilerate N] [--tags T,U] ' +
  '[--timeout D] [--memprofile FILE] [--profile-count N] [--deps-min FRACTION|N%|off] [--tests] [--nodecount N] [--fail-on confirmed|assertion|never[,…]] [--record] [--experiment [--write-patch FILE]] [--no-cache] [--no-coverage] [--quiet] [--format text|json|markdown|sarif|html] [-o FILE]';

/** repositoryRoot is the nearest directory above dir holding .git (SARIF URIs are relative to it), else fallback. */
function repositoryRoot(dir: string, fallback: string): string {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(joinPath(d, '.git'))) return d;
    if (dirname(d) === d) return fallback;
  }
}

/** parseDepsMin reads --deps-min: a fraction (0.005), a percentage (0.5%) or off. */
export function parseDepsMin(text: string | undefined): number | null {
  if (text === undefined) return DEFAULT_DEPS_MIN;
  if (text === 'off' || text === 'none') return null;
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(text);
  const v = pct ? Number(pct[1]) / 100 : /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(v) || v < 0 || v > 1) {
    throw new UsageError(`--deps-min takes a share of alloc_space: a fraction (0.005), a percentage (0.5%) or off (got ${JSON.stringify(text)})`);
  }
  return v;
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
        'deps-min': { type: 'string' },
        tests: { type: 'boolean' },
        'profile-count': { type: 'string' },
        nodecount: { type: 'string' },
        'fail-on': { type: 'string' },
        'no-cache': { type: 'boolean' },
        record: { type: 'boolean' },
        'no-coverage': { type: 'boolean' },
        experiment: { type: 'boolean' },
        'write-patch': { type: 'string' },
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        ...LANG_FLAG,
      },
      usage,
    );
    const format = oneOf('format', values.format, checkFormats, 'text');
    const messages = messagesOf(values.lang, ctx.env);
    // A comma list gates on each: --fail-on confirmed,assertion.
    const failOn = new Set((values['fail-on'] ?? 'never').split(',').map((v) => oneOf('fail-on', v.trim(), ['confirmed', 'assertion', 'never'] as const, 'never')));
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
    checkOutputFile('--write-patch', values['write-patch'], ctx.cwd);
    if (values['write-patch'] !== undefined && !values.experiment) throw new UsageError('--write-patch goes with --experiment', `usage: ${usage}`);
    const depsMin = parseDepsMin(values['deps-min']);
    const bar = new ProgressBar(ctx.io, ctx.io.stderrIsTTY && !quiet);
    const onEvent = (e: CheckEvent): void => {
      switch (e.kind) {
        case 'note':
          return progress(e.text);
        case 'timing-runs':
          return progress(`running benchmarks of ${e.pkg} (-count ${e.count} -benchtime ${e.benchtime}), one process per ${e.perRound ? 'round' : 'run'}…`);
        case 'profiling-runs':
          return progress(
            `profiling heap allocations of ${e.benchmarks} benchmark${e.benchmarks === 1 ? '' : 's'} (MemProfileRate ${e.memProfileRate}), ${e.rounds} round${e.rounds === 1 ? '' : 's'} of one process each…`,
          );
        case 'bench-progress':
          return bar.update(e.progress, e.phase === 'timing' ? 'timing ' : 'heap profile ');
        case 'bench-phase-end':
          return bar.clear();
        case 'coverage-runs':
          return progress(`running ${e.benchmarks} benchmark${e.benchmarks === 1 ? '' : 's'} of ${e.pkg} once each with coverage counters, to know which lines they run…`);
        case 'dependency-evidence': {
          const n = e.packages.length;
          const names = n <= 4 ? e.packages.join(', ') : `${e.packages.slice(0, 4).join(', ')} and ${n - 4} more`;
          return progress(`compiling ${n} package${n === 1 ? '' : 's'} outside the targets that hold measured allocations (${names}) for their compiler evidence…`);
        }
      }
    };
    let result;
    try {
      result = await runCheck(ctx.runner, {
        cwd: ctx.cwd,
        patterns: positionals,
        bench,
        count,
        benchtime,
        tags,
        timeoutMs: flags.timeoutMs,
        ...(flags.cpu !== null ? { cpu: flags.cpu } : {}),
        ...(flags.race ? { race: true } : {}),
        memProfileRate,
        depsMin,
        tests: values.tests ?? false,
        profileCount: intFlag('profile-count', values['profile-count'], DEFAULT_PROFILE_COUNT),
        readSource: fileSourceReader,
        signal: ctx.signal,
        onEvent,
        noCache: values['no-cache'] ?? false,
        cacheDir: evidenceCacheDir(ctx.env),
        coverage: !(values['no-coverage'] ?? false),
      });
    } finally {
      bar.clear();
    }
    const { interrupted } = result;
    let report = result.report;
    const root = repositoryRoot(result.targets[0]?.dir ?? ctx.cwd, ctx.cwd);
    // --experiment: each confirmed rule hit's mechanical fix, measured on an -overlay build (the tree is not written).
    if (values.experiment && !interrupted) {
      report = await runRuleExperiments(ctx.runner, report, {
        cwd: ctx.cwd,
        root,
        count,
        benchtime,
        tags,
        timeoutMs: flags.timeoutMs,
        signal: ctx.signal,
        onExperiment: (f, i, n) => progress(`experiment ${i + 1}/${n}: ${f.kind} fix at ${f.file.split('/').pop()}:${f.line}, measured against the code as it is…`),
      });
    }
    if (values['write-patch'] !== undefined) {
      const patch = experimentPatch(report, root);
      await writeOutputFile('--write-patch', values['write-patch'], ctx.cwd, patch);
      if (patch === '') ctx.io.stderr(`heapsight check: no experiment improved its benchmarks; ${values['write-patch']} is empty\n`);
    }
    if (result.profile && values.memprofile) await writeOutputFile('--memprofile', values.memprofile, ctx.cwd, gzipSync(encodeProfile(result.profile)));
    const rendered = checkRenderers[format](report, {
      cwd: ctx.cwd,
      root,
      nodeCount,
      width: Math.min(ctx.io.columns, 100),
      toolVersion: HEAPSIGHT_VERSION,
      docsBase: DEFAULT_DOCS_BASE,
      readSource: fileSourceReader,
      messages,
      profile: result.profile,
      runs: result.benchmarkRuns,
    });
    if (values.output !== undefined) await writeOutputFile('-o', values.output, ctx.cwd, rendered);
    else ctx.io.stdout(rendered);
    for (const w of report.warnings) ctx.io.stderr(`warning: ${w}\n`);
    // --record: after the report is written, so a history that cannot take the run loses no report.
    const unrecorded = values.record ? await recordReport(ctx, 'check', report, result.targets, { command: 'check', interrupted, quiet }) : null;
    if (unrecorded !== null) return unrecorded;
    if (interrupted) return ExitCode.Failure;
    if (report.benchmarks.length === 0 && report.failures.length === 0) {
      // Without measurements nothing is verified: say so and fail, but keep the compiler evidence printed above.
      const where = report.packages.length <= 5 ? report.packages.join(' ') : `${report.packages.length} packages`;
      ctx.io.stderr(
        (result.testedPackages === 0
          ? `heapsight check: ${where}: no test files, so no benchmarks; the report holds compiler evidence only\n`
          : `heapsight check: no benchmarks matched ${JSON.stringify(bench)} in ${where}; the report holds compiler evidence only\n`) +
          'hint: add a func BenchmarkXxx(b *testing.B) in a _test.go file that exercises the code, or widen --bench\n',
      );
      return ExitCode.Failure;
    }
    if (report.failures.length > 0) {
      ctx.io.stderr(`heapsight check: ${report.failures.length} benchmark${report.failures.length === 1 ? '' : 's'} failed: ${report.failures.map((f) => `${f.name} (${f.kind})`).join(', ')}\n`);
      return ExitCode.Failure;
    }
    if (failOn.has('confirmed') && (report.verdicts.some((v) => v.verdict === 'confirmed') || report.rules.some((v) => v.verdict === 'confirmed'))) return ExitCode.GateFailed;
    if (failOn.has('assertion') && assertionsFail(report.assertions)) return ExitCode.GateFailed;
    return ExitCode.Clean;
  },
};

