// history.ts is `heapsight history [BENCH-REGEX]`: each benchmark's trend
// across the runs `--record` kept in the module's .heapsight/history.db, with
// the change points flagged, as text (sparklines), JSON or one HTML file.
import { relative, resolve } from 'node:path';
import { DEFAULT_ALPHA } from '../../bench/statistics.js';
import { tidyUnit } from '../../bench/units.js';
import { UsageError } from '../../errors.js';
import { DEFAULT_MIN_CHANGE, findModuleRoot, HistoryError, historyPath, runHistory } from '../../history/index.js';
import { historyFormats, historyRenderers } from '../../render/history-format.js';
import { LANG_FLAG, LANG_USAGE, messagesOf } from '../lang-flag.js';
import { oneOf, parseFlags, type Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { checkOutputFile, writeOutputFile } from '../output-path.js';

const usage = `heapsight history [BENCH-REGEX] [--unit U] [--alpha 0.05] [--min-change 5%] [--db FILE] [--format text|json|html] ${LANG_USAGE} [-o FILE]`;

/** parseMinChange reads --min-change: a fraction (0.05) or a percentage (5%). */
export function parseMinChange(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MIN_CHANGE;
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(text);
  const v = pct ? Number(pct[1]) / 100 : /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(v) || v < 0) throw new UsageError(`--min-change takes a relative change: a fraction (0.05) or a percentage (5%) (got ${JSON.stringify(text)})`);
  return v;
}

function parseAlpha(text: string | undefined): number {
  if (text === undefined) return DEFAULT_ALPHA;
  const v = Number(text);
  if (!(text.trim() !== '' && v > 0 && v < 1)) throw new UsageError(`--alpha must be a number in (0, 1) (got ${JSON.stringify(text)})`);
  return v;
}

export const command: Command = {
  name: 'history',
  summary: 'trends of the runs recorded with --record, with change points flagged',
  usage,
  async run(args, ctx) {
    const { values, positionals } = parseFlags(
      args,
      {
        unit: { type: 'string' },
        alpha: { type: 'string' },
        'min-change': { type: 'string' },
        db: { type: 'string' },
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        ...LANG_FLAG,
      },
      usage,
    );
    const format = oneOf('format', values.format, historyFormats, 'text');
    const messages = messagesOf(values.lang, ctx.env);
    if (positionals.length > 1) throw new UsageError(`takes at most one benchmark regexp (got ${positionals.length} arguments)`, `usage: ${usage}`);
    const bench = positionals[0];
    let benchRe: RegExp | undefined;
    try {
      benchRe = bench !== undefined ? new RegExp(bench) : undefined;
    } catch (e) {
      throw new UsageError(`invalid benchmark regexp ${JSON.stringify(bench)}: ${e instanceof Error ? e.message : String(e)}`);
    }
    // Samples are kept in benchstat's units: ns/op is sec/op, MB/s is B/s.
    const unit = values.unit !== undefined ? tidyUnit(values.unit).unit : undefined;
    checkOutputFile('-o', values.output, ctx.cwd);
    const dbPath = values.db !== undefined ? resolve(ctx.cwd, values.db) : historyPath(findModuleRoot(ctx.cwd) ?? ctx.cwd);
    const rel = relative(ctx.cwd, dbPath);
    const shown = rel === '' || rel.startsWith('..') ? dbPath : rel;
    const alpha = parseAlpha(values.alpha);
    const minChange = parseMinChange(values['min-change']);
    let trend;
    try {
      trend = runHistory(dbPath, {
        ...(benchRe ? { benchRe } : {}),
        ...(bench !== undefined ? { bench } : {}),
        ...(unit !== undefined ? { unit } : {}),
        alpha,
        minChange,
      });
    } catch (e) {
      throw e instanceof HistoryError ? e.shownAs(shown) : e;
    }
    const rendered = historyRenderers[format](trend, { database: shown, messages });
    if (values.output !== undefined) await writeOutputFile('-o', values.output, ctx.cwd, rendered);
    else ctx.io.stdout(rendered);
    return ExitCode.Clean;
  },
};
