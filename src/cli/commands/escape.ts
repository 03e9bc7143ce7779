// escape.ts is `heapsight escape`: the compiler's escape decisions, their
// causes in plain words, inlining and runtime allocation calls. The pipeline
// is the library's runEscape / escapeFromLog (src/core/escape.ts); this front
// end parses flags, reads a pasted log, renders and writes.
import { readFile } from 'node:fs/promises';
import { InputError, UsageError } from '../../errors.js';
import { escapeFromLog, runEscape, type EscapeResult, type ExplainQuery } from '../../core/escape.js';
import { evidenceCacheDir } from '../../escape/index.js';
import { resolveUserFile } from '../../escape/evidence-query.js';
import { escapeJson, escapeJsonChunks } from '../../render/escape-json.js';
import { DEFAULT_EXPLAIN_FLOWS, renderAssertionText, renderEscapeText, renderExplain } from '../../render/escape-text.js';
import { assertionsFail } from '../../verify/assertions.js';
import { goBinary } from '../../toolchain/go-command.js';
import { intFlag, oneOf, parseFlags, type Command, type CommandContext } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { LANG_FLAG, LANG_USAGE, messagesOf } from '../lang-flag.js';

const usage =
  `heapsight escape [packages] [--explain FILE:LINE [--flows N]] [--all] [--tests] [--tags T,U] [--all-packages] [--no-cache] [--from-log FILE|-] [--fail-on assertion|never] [--format text|json] ${LANG_USAGE}`;

/** readStdin reads all of standard input (for --from-log -). */
async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function parseExplain(v: string): ExplainQuery {
  const m = /^(.+):(\d+)(?::\d+)?$/.exec(v);
  if (!m) throw new UsageError(`--explain wants FILE:LINE (got ${JSON.stringify(v)})`, `usage: ${usage}`);
  return { file: m[1]!, line: Number(m[2]) };
}

/** readLog reads the --from-log file (or stdin for "-"); unreadable is an InputError. */
async function readLog(path: string, ctx: CommandContext): Promise<Buffer> {
  try {
    return path === '-' ? await readStdin() : await readFile(resolveUserFile(ctx.cwd, path));
  } catch (e) {
    throw new InputError(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export const command: Command = {
  name: 'escape',
  summary: 'escape decisions with their causes in plain words, inlining, runtime allocation calls',
  usage,
  async run(args, ctx) {
    const { values, positionals } = parseFlags(
      args,
      {
        explain: { type: 'string' },
        all: { type: 'boolean' },
        tests: { type: 'boolean' },
        tags: { type: 'string' },
        'all-packages': { type: 'boolean' },
        'from-log': { type: 'string' },
        'no-cache': { type: 'boolean' },
        flows: { type: 'string' },
        'fail-on': { type: 'string' },
        format: { type: 'string' },
        ...LANG_FLAG,
      },
      usage,
    );
    const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
    const messages = messagesOf(values.lang, ctx.env);
    const failOn = oneOf('fail-on', values['fail-on'], ['assertion', 'never'] as const, 'never');
    const explain = values.explain !== undefined ? parseExplain(values.explain) : null;
    const all = values.all ?? false;
    if (values.flows !== undefined && explain === null) throw new UsageError('--flows goes with --explain FILE:LINE', `usage: ${usage}`);
    const flows = intFlag('flows', values.flows, DEFAULT_EXPLAIN_FLOWS, 0);
    let result: EscapeResult;
    const logPath = values['from-log'];
    if (logPath !== undefined) {
      if (positionals.length > 0) throw new UsageError('--from-log reads a log instead of building: do not name packages too', `usage: ${usage}`);
      if (values.tests === true) throw new UsageError('--tests goes with a build: --from-log reads a log that was already compiled', `usage: ${usage}`);
      if (failOn === 'assertion') throw new UsageError('--fail-on assertion needs the packages\' source: name packages instead of --from-log', `usage: ${usage}`);
      const bytes = await readLog(logPath, ctx);
      result = escapeFromLog({ bytes, origin: logPath === '-' ? 'stdin' : logPath, cwd: ctx.cwd, explain });
    } else {
      result = await runEscape(ctx.runner, {
        cwd: ctx.cwd,
        patterns: positionals,
        ...(values.tags !== undefined ? { tags: values.tags.split(/[,\s]+/).filter((t) => t !== '') } : {}),
        allPackages: values['all-packages'] ?? false,
        all,
        ...(values.tests === true ? { tests: true } : {}),
        explain,
        cacheDir: values['no-cache'] === true ? null : evidenceCacheDir(ctx.env),
        signal: ctx.signal,
        onProgress: (line) => {
          if (ctx.io.stderrIsTTY) ctx.io.stderr(`heapsight escape: ${line}\n`);
        },
        goBin: goBinary(ctx.env),
      });
    }
    const ev = result.evidence;
    const assertions = result.assertions;
    for (const w of ev.warnings) ctx.io.stderr(`heapsight escape: warning: ${w}\n`);
    const opts = { base: ctx.cwd, all, width: ctx.io.columns, messages, testFilesLeftOut: result.testFilesLeftOut };
    if (result.explained) {
      const { query, found } = result.explained;
      if (format === 'json') {
        const doc = escapeJson({ ...ev, sites: found.sites, runtimeCalls: found.runtimeCalls, inlining: found.inlining }, true, result.testFilesLeftOut);
        ctx.io.stdout(JSON.stringify(doc, null, 2) + '\n');
      } else {
        ctx.io.stdout(renderExplain(found, `${query.file}:${query.line}`, { ...opts, flows }));
      }
      return ExitCode.Clean;
    }
    if (format === 'json') {
      // In pieces: a whole-std document is hundreds of MB as one string.
      let pending = '';
      for (const chunk of escapeJsonChunks(ev, all, assertions, result.testFilesLeftOut)) {
        pending += chunk;
        if (pending.length >= 1 << 20) {
          ctx.io.stdout(pending);
          pending = '';
        }
      }
      ctx.io.stdout(pending);
    } else {
      ctx.io.stdout(renderEscapeText(ev, opts) + (assertions ? renderAssertionText(assertions, opts) : ''));
    }
    if (failOn === 'assertion' && assertions && assertionsFail(assertions)) return ExitCode.GateFailed;
    return ExitCode.Clean;
  },
};
