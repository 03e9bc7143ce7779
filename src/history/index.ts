// index.ts is the history's surface: record a run, read the runs back, and
// runHistory, the pipeline of `heapsight history` (open, read, trend).
import { openHistory, readHistory } from './database.js';
import { trendOf, type HistoryTrend, type TrendOptions } from './trend.js';

export * from './database.js';
export * from './history-run.js';
export * from './schema.js';
export * from './trend.js';

/** HistoryOptions select what `heapsight history` shows. */
export interface HistoryOptions extends TrendOptions {
  /** Benchmarks whose name this matches (as go test -bench matches BenchmarkX/sub); all when absent. */
  readonly benchRe?: RegExp;
  readonly busyTimeoutMs?: number;
}

/** runHistory reads the history at dbPath (which must exist) and returns its trend. */
export function runHistory(dbPath: string, opts: HistoryOptions = {}): HistoryTrend {
  const db = openHistory(dbPath, { create: false, ...(opts.busyTimeoutMs !== undefined ? { busyTimeoutMs: opts.busyTimeoutMs } : {}) });
  try {
    return trendOf(readHistory(db, opts.benchRe ? { bench: opts.benchRe } : {}), opts);
  } finally {
    db.close();
  }
}
