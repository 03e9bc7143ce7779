// change.ts is `heapsight change [BASE] [HEAD] [packages]`: two revisions
// compared with both kinds of evidence. The pipeline is the library's
// runChange (src/core/change.ts); this front end parses flags, shows
// progress, renders the report, writes it and picks the exit code: 0 clean,
// 1 when --fail-on regression and a gated unit rose, 2 for usage, tool
// failures, failed benchmarks or Ctrl-C.
import { evidenceCacheDir } from '../../escape/index.js';
import { DEFAULT_MEMPROFILERATE, DEFAULT_PROFILE_COUNT } from '../../core/check.js';
import { DEFAULT_MIN_CHANGE, runChange, type ChangeEvent } from '../../core/change.js';
import { DEFAULT_ALPHA } from '../../bench/statistics.js';
import { changeFormats, changeRenderers } from '../../render/change-format.js';
import { DEFAULT_DOCS_BASE } from '../../render/check-format.js';
import { revisionText } from '../../render/change-words.js';
import { UsageError } from '../../errors.js';
import { isPathPattern } from '../../toolchain/package-patterns.js';
import { intFlag, oneOf, parseFlags, type Command } from '../command.js';
import { benchRunFlagSpec, readBenchRunFlags } from '../bench-flags.js';
import { ExitCode } from '../exit-codes.js';
import { ProgressBar } from '../progress.js';
import { checkOutputFile, writeOutputFile } from '../output-path.js';
import { LANG_FLAG, LANG_USAGE, messagesOf } from '../lang-flag.js';
import { en } from '../../i18n/en.js';
import { fileSourceReader } from '../source-reader.js';
import { parseDepsMin } from './check.js';
import { HEAPSIGHT_VERSION } from './version.js';
import { recordReport } from '../record-run.js';

const usage =
  'heapsight change [BASE [HEAD]] [packages] [--bench RE] [--count N] [--benchtime D|Nx] [--cpu LIST] [--tags T,U] [--timeout D] ' +
  '[--memprofilerate N] [--profile-count N] [--deps-min F|off] [--tests] [--fail-on regression|assertion|never[,…]] [--alpha A] [--min-change PCT] ' +
  `[--gate allocs|time] [--nodecount N] [--record] [--no-cache] [--quiet] [--format text|json|markdown|sarif] ${LANG_USAGE} [-o FILE]`;

/**
 * splitPositionals tells revisions from packages: a package pattern is a
 * path ("./...", ".", "/abs") or has "..."; the first one or two others are
 * BASE and HEAD, and with both given, what follows them is packages (import
 * paths such as example.com/m/pkg).
 */
export function splitPositionals(args: readonly string[]): { base?: string; head?: string; patterns: string[] } {
  const revs: string[] = [];
  const patterns: string[] = [];
  for (const a of args) {
    if (revs.length < 2 && patterns.length === 0 && !isPathPattern(a) && !a.includes('...')) revs.push(a);
    else patterns.push(a);
  }
  return { ...(revs[0] !== undefined ? { base: revs[0] } : {}), ...(revs[1] !== undefined ? { head: revs[1] } : {}), patterns };
}

/** parseMinChange reads --min-change: a percentage ("5%", "5") or a fraction below 1 ("0.05"). */
export function parseMinChange(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MIN_CHANGE;
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
  if (!m) throw new UsageError(`--min-change takes a percentage such as 5% (got ${JSON.stringify(text)})`);
  const v = Number(m[1]);
  const frac = m[2] === '%' || v >= 1 ? v / 100 : v;
  if (frac < 0 || frac >= 10) throw new UsageError(`--min-change takes a percentage between 0% and 1000% (got ${JSON.stringify(text)})`);
  return frac;
}

function parseAlpha(text: string | undefined): number {
  if (text === undefined) return DEFAULT_ALPHA;
  const v = Number(text);
  if (!/^\d*\.?\d+$/.test(text) || !(v > 0 && v < 1)) throw new UsageError(`--alpha takes a significance level between 0 and 1, as benchstat's -alpha (got ${JSON.stringify(text)})`);
  return v;
}

export const command: Command = {
  name: 'change',
  summary: 'before and after: two revisions compared with benchmarks, compiler decisions and allocation sites, and a gate',
  usage,
  async run(args, ctx) {
    const { values, positionals } = parseFlags(
      args,
      {
        ...benchRunFlagSpec,
        'deps-min': { type: 'string' },
        tests: { type: 'boolean' },
        'profile-count': { type: 'string' },
        nodecount: { type: 'string' },
        'fail-on': { type: 'string' },
        alpha: { type: 'string' },
        'min-change': { type: 'string' },
        gate: { type: 'string' },
        'no-cache': { type: 'boolean' },
        record: { type: 'boolean' },
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        ...LANG_FLAG,
      },
      usage,
    );
    const format = oneOf('format', values.format, changeFormats, 'text');
    const messages = messagesOf(values.lang, ctx.env);
    // A comma list gates on each: --fail-on regression,assertion.
    const failOn = [...new Set((values['fail-on'] ?? 'never').split(',').map((v) => oneOf('fail-on', v.trim(), ['regression', 'assertion', 'never'] as const, 'never')))].filter(
      (v): v is 'regression' | 'assertion' => v !== 'never',
    );
    const gateUnits = oneOf('gate', values.gate, ['allocs', 'time'] as const, 'allocs');
    const alpha = parseAlpha(values.alpha);
    const minChange = parseMinChange(values['min-change']);
    const flags = readBenchRunFlags(values, { benchtime: '100ms', memProfileRate: DEFAULT_MEMPROFILERATE });
    const limit = intFlag('nodecount', values.nodecount, 15);
    const depsMin = parseDepsMin(values['deps-min']);
    const { base, head, patterns } = splitPositionals(positionals);
    checkOutputFile('-o', values.output, ctx.cwd);
    const quiet = flags.quiet;
    const progress = (line: string): void => {
      if (!quiet) ctx.io.stderr(`${line}\n`);
    };
    const bar = new ProgressBar(ctx.io, ctx.io.stderrIsTTY && !quiet);
    const onEvent = (e: ChangeEvent): void => {
      switch (e.kind) {
        case 'revisions':
          return progress(`comparing ${revisionText(en, e.base)} → ${revisionText(en, e.head)}`);
        case 'side':
          return progress(`${e.side}: listing and compiling the targets with diagnostics…`);
        case 'note':
          return progress(e.text);
        case 'timing-runs':
          return progress(`running benchmarks of ${e.pkg} on both revisions, interleaved (-count ${e.count} -benchtime ${e.benchtime})…`);
        case 'profiling-runs':
          return progress(`profiling heap allocations of ${e.benchmarks} benchmark${e.benchmarks === 1 ? '' : 's'} on both revisions, same iterations each, ${e.rounds} round${e.rounds === 1 ? '' : 's'}…`);
        case 'bench-progress':
          return bar.update(e.progress, e.phase === 'timing' ? 'timing ' : 'heap profile ');
        case 'bench-phase-end':
          return bar.clear();
        case 'dependency-evidence':
          return progress(`compiling ${e.packages.length} package${e.packages.length === 1 ? '' : 's'} outside the targets that hold measured allocations for their compiler evidence…`);
      }
    };
    let result;
    try {
      result = await runChange(ctx.runner, {
        cwd: ctx.cwd,
        patterns,
        ...(base !== undefined ? { base } : {}),
        ...(head !== undefined ? { head } : {}),
        bench: flags.bench,
        count: flags.count,
        benchtime: flags.benchtime,
        tags: flags.tags,
        timeoutMs: flags.timeoutMs,
        ...(flags.cpu !== null ? { cpu: flags.cpu } : {}),
        ...(flags.race ? { race: true } : {}),
        memProfileRate: flags.memProfileRate ?? DEFAULT_MEMPROFILERATE,
        depsMin,
        tests: values.tests ?? false,
        profileCount: intFlag('profile-count', values['profile-count'], DEFAULT_PROFILE_COUNT),
        readSource: fileSourceReader,
        signal: ctx.signal,
        onEvent,
        noCache: values['no-cache'] ?? false,
        cacheDir: evidenceCacheDir(ctx.env),
        gate: { failOn, alpha, minChange, gate: gateUnits },
      });
    } finally {
      bar.clear();
    }
    const { report, interrupted } = result;
    const rendered = changeRenderers[format](report, { limit, root: result.root, toolVersion: HEAPSIGHT_VERSION, docsBase: DEFAULT_DOCS_BASE, messages });
    if (values.output !== undefined) await writeOutputFile('-o', values.output, ctx.cwd, rendered);
    else ctx.io.stdout(rendered);
    for (const w of report.warnings) ctx.io.stderr(`warning: ${w}\n`);
    // --record: the head revision's run, after the report is written (a history that cannot take it loses no report).
    if (values.record) {
      const revision = { commit: report.head.commit, dirty: report.head.dirty, unknown: null };
      const unrecorded = await recordReport(ctx, 'change', result.head.report, result.head.targets, { command: 'change', interrupted, quiet, revision });
      if (unrecorded !== null) return unrecorded;
    }
    if (interrupted) return ExitCode.Failure;
    if (report.failures.length > 0) {
      ctx.io.stderr(`heapsight change: ${report.failures.length} benchmark run${report.failures.length === 1 ? '' : 's'} failed: ${report.failures.map((f) => `${f.side} ${f.name} (${f.kind})`).join(', ')}\n`);
      return ExitCode.Failure;
    }
    if (report.benchmarks.length === 0) {
      ctx.io.stderr(`heapsight change: no benchmarks matched ${JSON.stringify(flags.bench)} on either revision; the report holds compiler decisions only\n`);
      return ExitCode.Failure;
    }
    if (report.gate.failed) return ExitCode.GateFailed;
    return ExitCode.Clean;
  },
};
