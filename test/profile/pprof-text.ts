// pprof-text.ts parses `go tool pprof -top` text so tests can hold heapsight
// against the anchor tool's own output.

export interface PprofTop {
  total: number;
  shown: number;
  dropped: number;
  rows: { name: string; inline: string; flat: number; cum: number }[];
}

/** parseValue reads one pprof value cell: "13782779B", "150000000ns", "17", "0". */
export function parseValue(cell: string): number {
  const m = /^(-?\d+)(B|ns)?$/.exec(cell);
  if (!m) throw new Error(`unexpected pprof value ${JSON.stringify(cell)}`);
  return Number(m[1]);
}

/** parsePprofTop parses the text of `go tool pprof -top` (report.printText). */
export function parsePprofTop(text: string): PprofTop {
  const lines = text.split('\n');
  const showing = lines.map((l) => /^Showing nodes accounting for (\S+), \S+ of (\S+) total$/.exec(l)).find((m) => m);
  if (!showing) throw new Error(`no "Showing nodes" line in:\n${text}`);
  const droppedM = lines.map((l) => /^Dropped (\d+) nodes? \(cum <= /.exec(l)).find((m) => m);
  const header = lines.findIndex((l) => /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%$/.test(l));
  const rows = [];
  for (const l of lines.slice(header + 1)) {
    if (l.trim() === '') continue;
    const m = /^\s*(\S+)\s+\S+%\s+\S+%\s+(\S+)\s+\S+%\s{2}(.*?)(?: \((inline|partial-inline)\))?$/.exec(l);
    if (!m) throw new Error(`unparsed pprof row ${JSON.stringify(l)}`);
    rows.push({ name: m[3]!, inline: m[4] ?? '', flat: parseValue(m[1]!), cum: parseValue(m[2]!) });
  }
  return { total: parseValue(showing[2]!), shown: parseValue(showing[1]!), dropped: droppedM ? Number(droppedM[1]) : 0, rows };
}


/** pprofTop runs `go tool pprof -top ARGS FILE` and parses it. */
export async function pprofTop(args: readonly string[], file: string): Promise<PprofTop> {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const { stdout } = await promisify(execFile)('go', ['tool', 'pprof', '-top', ...args, file]);
  return parsePprofTop(stdout);
}
