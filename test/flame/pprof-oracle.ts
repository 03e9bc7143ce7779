// pprof-oracle.ts runs `go tool pprof -top` and reads its rows, so flame,
// diff and export tests can compare heapsight's numbers with pprof's own.
import { liveRunner } from '../../src/toolchain/process.js';

/** PprofRow is one -top row with -unit=B (exact integers). */
export interface PprofRow {
  readonly flat: number;
  readonly cum: number;
  readonly name: string;
}

/** PprofTop is a parsed `go tool pprof -top` report. */
export interface PprofTop {
  readonly total: number;
  readonly rows: readonly PprofRow[];
  readonly stdout: string;
}

/** pprofTop runs go tool pprof -top with nothing dropped and parses it. */
export async function pprofTop(args: readonly string[], cwd: string): Promise<PprofTop> {
  const run = await liveRunner.run({
    argv: ['go', 'tool', 'pprof', '-top', '-unit=B', '-nodefraction=0', '-edgefraction=0', '-nodecount=100000', ...args],
    cwd,
    timeoutMs: 120_000,
  });
  if (run.exitCode !== 0) throw new Error(`pprof failed: ${run.stderr}`);
  const total = /of (-?\d+)B total/.exec(run.stdout);
  if (!total) throw new Error(`no total in pprof output:\n${run.stdout}`);
  const rows: PprofRow[] = [];
  for (const line of run.stdout.split('\n')) {
    const m = /^\s*(-?\d+)B?\s+\S+\s+\S+\s+(-?\d+)B?\s+\S+\s+(.+)$/.exec(line);
    if (m) rows.push({ flat: Number(m[1]), cum: Number(m[2]), name: m[3]!.trim() });
  }
  return { total: Number(total[1]), rows, stdout: run.stdout };
}
