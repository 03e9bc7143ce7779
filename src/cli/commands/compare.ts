// compare.ts is `heapsight compare OLD NEW`: benchstat's old-vs-new
// comparison of two benchmark files, with the same statistics, as text or
// JSON. Parse warnings (file:line) go to stderr; unreadable files exit 2.
// Files are streamed line by line into the comparison, which keeps only the
// measurements: memory does not grow with the size of the files' text.
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { BenchfmtReader, type BenchfmtSummary } from '../../bench/benchfmt.js';
import { CompareBuilder } from '../../bench/compare.js';
import { LineSplitter } from '../../line-splitter.js';
import { DEFAULT_ALPHA, DEFAULT_CONFIDENCE } from '../../bench/statistics.js';
import { InputError, UsageError } from '../../errors.js';
import { renderCompareJson } from '../../render/compare-json.js';
import { renderCompareText } from '../../render/compare-text.js';
import type { Command } from '../command.js';
import { oneOf, parseFlags } from '../command.js';
import { ExitCode } from '../exit-codes.js';

function probability(flag: string, value: string | undefined, fallback: number, allowOne: boolean): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(value.trim() !== '' && n > 0 && (allowOne ? n <= 1 : n < 1))) {
    throw new UsageError(`--${flag} must be a number in (0, ${allowOne ? '1]' : '1)'} (got ${JSON.stringify(value)})`);
  }
  return n;
}

/** readBench streams one benchmark file into the builder. */
async function readBench(path: string, cwd: string, builder: CompareBuilder, side: 'old' | 'new'): Promise<BenchfmtSummary> {
  const reader = new BenchfmtReader(path, (r) => builder.add(side, r));
  const lines = new LineSplitter((line, elided) => reader.line(line, elided));
  try {
    const stream = createReadStream(resolve(cwd, path), { encoding: 'utf8', highWaterMark: 1 << 20 });
    for await (const chunk of stream as AsyncIterable<string>) lines.push(chunk);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read benchmark file ${path}: ${code ?? (e instanceof Error ? e.message : String(e))}`, 'pass files written by `go test -bench` or `heapsight bench`');
  }
  lines.end();
  const summary = reader.finish();
  builder.units(summary.units);
  return summary;
}

export const command: Command = {
  name: 'compare',
  summary: 'compare two benchmark files with benchstat statistics',
  usage: 'heapsight compare OLD NEW [--format text|json] [--alpha 0.05] [--confidence 0.95]',
  async run(args, ctx) {
    const { values, positionals } = parseFlags(
      args,
      { format: { type: 'string' }, alpha: { type: 'string' }, confidence: { type: 'string' } },
      this.usage,
    );
    const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
    const alpha = probability('alpha', values.alpha, DEFAULT_ALPHA, false);
    const confidence = probability('confidence', values.confidence, DEFAULT_CONFIDENCE, true);
    if (positionals.length !== 2) throw new UsageError(`need exactly two benchmark files (got ${positionals.length})`, `usage: ${this.usage}`);
    const [oldPath, newPath] = positionals as [string, string];
    const builder = new CompareBuilder();
    const oldFile = await readBench(oldPath, ctx.cwd, builder, 'old');
    const newFile = await readBench(newPath, ctx.cwd, builder, 'new');
    const inputWarnings = [...oldFile.warnings, ...newFile.warnings];
    for (const w of inputWarnings) ctx.io.stderr(`${w}\n`);
    const report = builder.build(oldFile.origin, newFile.origin, { alpha, confidence });
    for (const w of report.warnings) ctx.io.stderr(`warning: ${w}\n`);
    if (format === 'json') {
      ctx.io.stdout(renderCompareJson(report, inputWarnings));
    } else {
      ctx.io.stdout(renderCompareText(report));
    }
    if (oldFile.results === 0 || newFile.results === 0) {
      ctx.io.stderr(`heapsight compare: ${oldFile.results === 0 ? oldPath : newPath} holds no benchmark results\n`);
      return ExitCode.Failure;
    }
    return ExitCode.Clean;
  },
};
