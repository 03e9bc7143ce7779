// index.ts is heapsight's library surface: each command's pipeline as a
// function that takes the runner and options and returns the typed model.
// Front ends (cli/, a later workbench) parse input, call these, render and write.
export { runCheck, DEFAULT_DEPS_MIN, DEFAULT_MEMPROFILERATE, type CheckOptions, type CheckEvent, type CheckResult } from './core/check.js';
export type { CheckReport } from './verify/check-report.js';
export { runBenchmarks, type BenchOptions, type BenchRun } from './bench/runner.js';
export { collectCompilerEvidence, type CollectOptions, type CompilerEvidence } from './escape/index.js';
export { liveRunner, type Runner, type RunRecord } from './toolchain/process.js';
export {
  runHistory,
  historyRunFromCheck,
  openHistory,
  recordRun,
  readHistory,
  recordOrKeep,
  trendOf,
  HistoryError,
  type HistoryOptions,
  type HistoryRun,
  type HistoryTrend,
  type RecordedRun,
  type RecordOutcome,
} from './history/index.js';
export { revisionOf, type Revision } from './toolchain/git-revision.js';
