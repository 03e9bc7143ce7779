// compare.ts is `heapsight compare OLD NEW`: benchstat's old-vs-new
// comparison of two benchmark files, with the same statistics, as text or
// JSON. Parse warnings (file:line) go to stderr; unreadable files exit 2.
// The pipeline is the library's compare (src/core/compare.ts).
import { compare } from '../../core/compare.js';
import { DEFAULT_ALPHA, DEFAULT_CONFIDENCE } from '../../bench/statistics.js';
import { UsageError } from '../../errors.js';
import { renderCompareJson } from '../../render/compare-json.js';
import { renderCompareText } from '../../render/compare-text.js';
import type { Command } from '../command.js';
import { oneOf, parseFlags } from '../command.js';
import { LANG_FLAG, LANG_USAGE, messagesOf } from '../lang-flag.js';
import { ExitCode } from '../exit-codes.js';

function probability(flag: string, value: string | undefined, fallback: number, allowOne: boolean): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(value.trim() !== '' && n > 0 && (allowOne ? n <= 1 : n < 1))) {
    throw new UsageError(`--${flag} must be a number in (0, ${allowOne ? '1]' : '1)'} (got ${JSON.stringify(value)})`);
  }
  return n;
}

export const command: Command = {
  name: 'compare',
  summary: 'compare two benchmark files with benchstat statistics',
  usage: `heapsight compare OLD NEW [--format text|json] [--alpha 0.05] [--confidence 0.95] ${LANG_USAGE}`,
  async run(args, ctx) {
    const { values, positionals } = parseFlags(
      args,
      { format: { type: 'string' }, alpha: { type: 'string' }, confidence: { type: 'string' }, ...LANG_FLAG },
      this.usage,
    );
    const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
    const alpha = probability('alpha', values.alpha, DEFAULT_ALPHA, false);
    const confidence = probability('confidence', values.confidence, DEFAULT_CONFIDENCE, true);
    if (positionals.length !== 2) throw new UsageError(`need exactly two benchmark files (got ${positionals.length})`, `usage: ${this.usage}`);
    const [oldPath, newPath] = positionals as [string, string];
    const { report, old: oldFile, new: newFile } = await compare(oldPath, newPath, { cwd: ctx.cwd, alpha, confidence });
    const inputWarnings = [...oldFile.warnings, ...newFile.warnings];
    for (const w of inputWarnings) ctx.io.stderr(`${w}\n`);
    for (const w of report.warnings) ctx.io.stderr(`warning: ${w}\n`);
    if (format === 'json') {
      ctx.io.stdout(renderCompareJson(report, inputWarnings));
    } else {
      ctx.io.stdout(renderCompareText(report, messagesOf(values.lang, ctx.env)));
    }
    if (oldFile.results === 0 || newFile.results === 0) {
      ctx.io.stderr(`heapsight compare: ${oldFile.results === 0 ? oldPath : newPath} holds no benchmark results\n`);
      return ExitCode.Failure;
    }
    return ExitCode.Clean;
  },
};
