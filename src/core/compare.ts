// compare.ts is the `heapsight compare OLD NEW` pipeline as a library
// function: benchstat's old-vs-new comparison of two benchmark files.
// Files are streamed line by line into the comparison, which keeps only the
// measurements: memory does not grow with the size of the files' text.
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { BenchfmtReader, type BenchfmtSummary } from '../bench/benchfmt.js';
import { CompareBuilder, type CompareReport } from '../bench/compare.js';
import { DEFAULT_ALPHA, DEFAULT_CONFIDENCE } from '../bench/statistics.js';
import { InputError } from '../errors.js';
import { LineSplitter } from '../line-splitter.js';

/** CompareOptions: where relative paths start, and benchstat's thresholds (defaults 0.05 and 0.95). */
export interface CompareOptions {
  readonly cwd: string;
  readonly alpha?: number;
  readonly confidence?: number;
}

/** CompareResult is the comparison and what each file held (its parse warnings, its result count). */
export interface CompareResult {
  readonly report: CompareReport;
  readonly old: BenchfmtSummary;
  readonly new: BenchfmtSummary;
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

/**
 * compare reads two benchmark files and compares them with benchstat's
 * statistics. An unreadable file is an InputError; a file without results
 * is not (its summary says results: 0, and the front end decides).
 */
export async function compare(oldPath: string, newPath: string, opts: CompareOptions): Promise<CompareResult> {
  const builder = new CompareBuilder();
  const oldFile = await readBench(oldPath, opts.cwd, builder, 'old');
  const newFile = await readBench(newPath, opts.cwd, builder, 'new');
  const report = builder.build(oldFile.origin, newFile.origin, { alpha: opts.alpha ?? DEFAULT_ALPHA, confidence: opts.confidence ?? DEFAULT_CONFIDENCE });
  return { report, old: oldFile, new: newFile };
}
