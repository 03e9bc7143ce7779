// bench-progress.ts draws the one-line progress bar the CLI repaints on
// stderr while benchmarks run. Returns a string; the CLI writes it.
import type { BenchProgress } from '../bench/runner.js';
import { truncateMiddle } from './table.js';

function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** renderProgressLine renders "[#####-----] 12/60 BenchmarkX (3/6)  ETA 1m05s", at most width columns. */
export function renderProgressLine(p: BenchProgress, width: number): string {
  if (p.phase === 'compile') return truncateMiddle(`compiling tests of ${p.current}…`, width);
  const barWidth = 20;
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const filled = Math.round(frac * barWidth);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
  const eta = p.etaMs === null ? '' : `  ETA ${clock(p.etaMs)}`;
  const head = `${bar} ${p.done}/${p.total} `;
  const tail = `${eta}  ${clock(p.elapsedMs)} elapsed`;
  const room = Math.max(8, width - head.length - tail.length);
  return head + truncateMiddle(p.current, room).padEnd(Math.min(room, p.current.length)) + tail;
}
