// pprof.ts runs `go tool pprof -top` and parses its text, so tests can hold
// heapsight's numbers against the anchor tool's own output.
import { dirname } from 'node:path';
import { liveRunner } from '../../src/toolchain/process.js';

/** PprofTopRow is one printed -top row; name without pprof's inline marker, which is in inline. */
export interface PprofTopRow {
  readonly name: string;
  /** inline is '' or the marker pprof appends in parentheses: 'inline' or 'partial-inline'. */
  readonly inline: string;
  readonly flat: number;
  readonly cum: number;
}

/** PprofTop is a parsed `go tool pprof -top` report. */
export interface PprofTop {
  readonly total: number;
  /** shown is the "Showing nodes accounting for" figure: the sum of the printed rows' flat. */
  readonly shown: number;
  readonly dropped: number;
  readonly rows: readonly PprofTopRow[];
  /** stdout is pprof's text as printed (empty when parsePprofTop was given text directly). */
  readonly stdout: string;
}

/**
 * parsePprofValue reads one pprof value cell: "13782779B", "150000000ns", "17", "0".
 * Only unscaled cells parse: pass -unit=B or -unit=ns (or a unitless index), else
 * pprof prints "13.14MB" and the exact integer is gone.
 */
export function parsePprofValue(cell: string): number {
  const m = /^(-?\d+)(B|ns)?$/.exec(cell);
  if (!m) throw new Error(`unexpected pprof value ${JSON.stringify(cell)}`);
  return Number(m[1]);
}

/** parsePprofTop parses the text of `go tool pprof -top` (report.printText in internal/report). */
export function parsePprofTop(text: string): PprofTop {
  const lines = text.split('\n');
  const showing = lines.map((l) => /^Showing nodes accounting for (\S+), \S+ of (\S+) total$/.exec(l)).find((m) => m);
  if (!showing) throw new Error(`no "Showing nodes" line in:\n${text}`);
  const droppedM = lines.map((l) => /^Dropped (\d+) nodes? \(cum <= /.exec(l)).find((m) => m);
  const header = lines.findIndex((l) => /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%$/.test(l));
  if (header < 0) throw new Error(`no "flat flat% sum% cum cum%" header in:\n${text}`);
  const rows: PprofTopRow[] = [];
  for (const l of lines.slice(header + 1)) {
    if (l.trim() === '') continue;
    const m = /^\s*(\S+)\s+\S+%\s+\S+%\s+(\S+)\s+\S+%\s{2}(.*?)(?: \((inline|partial-inline)\))?$/.exec(l);
    if (!m) throw new Error(`unparsed pprof row ${JSON.stringify(l)}`);
    rows.push({ name: m[3]!, inline: m[4] ?? '', flat: parsePprofValue(m[1]!), cum: parsePprofValue(m[2]!) });
  }
  return { total: parsePprofValue(showing[2]!), shown: parsePprofValue(showing[1]!), dropped: droppedM ? Number(droppedM[1]) : 0, rows, stdout: '' };
}

/** pprofRowLabel is the row's name as pprof prints it, inline marker included ("main.f (inline)"). */
export function pprofRowLabel(row: PprofTopRow): string {
  return row.inline === '' ? row.name : `${row.name} (${row.inline})`;
}

/** pprofTop runs `go tool pprof -top ARGS FILE` (in FILE's directory) and parses it; pprof's own defaults apply. */
export async function pprofTop(args: readonly string[], file: string): Promise<PprofTop> {
  const run = await liveRunner.run({ argv: ['go', 'tool', 'pprof', '-top', ...args, file], cwd: dirname(file), timeoutMs: 120_000 });
  if (run.exitCode !== 0) throw new Error(`go tool pprof -top ${[...args, file].join(' ')} exited ${run.exitCode}:\n${run.stderr}`);
  return { ...parsePprofTop(run.stdout), stdout: run.stdout };
}

/** pprofTopAll is pprofTop with nothing dropped and exact bytes (-unit=B -nodefraction=0 -edgefraction=0 -nodecount=100000). */
export function pprofTopAll(args: readonly string[], file: string): Promise<PprofTop> {
  return pprofTop(['-unit=B', '-nodefraction=0', '-edgefraction=0', '-nodecount=100000', ...args], file);
}
