// index.ts is heapsight's library surface: each command's pipeline as a
// function that takes the runner (where it spawns) and options and returns
// the typed model. Front ends (cli/, a later workbench) parse input, call
// these, render and write; errors are KnownError subclasses (errors.ts and
// each layer's own) for the front end to map to its flags and exit codes.
export { runCheck, DEFAULT_DEPS_MIN, DEFAULT_MEMPROFILERATE, type CheckOptions, type CheckEvent, type CheckResult } from './core/check.js';
export type { CheckReport } from './verify/check-report.js';
export { ExplainedFileMissing, BaselineNeedsOnePackage } from './core/core-errors.js';
export { runEscape, escapeFromLog, explainLine, type EscapeOptions, type EscapeResult, type ExplainQuery, type ExplainedLine, type FromLogInput } from './core/escape.js';
export { runBench, type RunBenchOptions, type BenchEvent, type BenchResult } from './core/bench.js';
export { compare, type CompareOptions, type CompareResult } from './core/compare.js';
export type { CompareReport } from './bench/compare.js';
export { runBenchmarks, type BenchOptions, type BenchRun } from './bench/runner.js';
export type { VariantTable } from './verify/variant-table.js';
export { collectCompilerEvidence, type CollectOptions, type CompilerEvidence } from './escape/index.js';
// Profiles: read (and merge), then the analyses the profile commands show.
export {
  readProfile,
  readProfiles,
  top,
  peek,
  listFunctions,
  lineRows,
  mapAllocationsByPurpose,
  SampleIndexError,
  TagFilterError,
  type Profile,
  type ReadProfilesOptions,
  type TopOptions,
  type TopReport,
  type PeekOptions,
  type PeekReport,
  type ListReport,
  type MapPurposeReport,
} from './profile/index.js';
export { diffProfiles, type DiffOptions, type DiffReport } from './profile/diff.js';
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
