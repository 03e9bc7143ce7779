// gc-summary.ts turns the gctrace cycles of benchmark processes into the GC
// figures heapsight reports per benchmark.
//
// Which cycles belong to the measured run: testing.(*B).runN calls
// runtime.GC() before every run (src/testing/benchmark.go), so each ramp-up
// step (N=1, then larger N) starts with a "(forced)" cycle, and the run whose
// result line is printed is the last one. Its cycles are therefore the ones
// after the last forced cycle. With -test.memprofile, testing's writeProfiles
// calls runtime.GC() once more after all benchmarks (src/testing/testing.go),
// so a trailing forced cycle is set aside as profile writing. A benchmark that
// calls runtime.GC() itself moves the window; the summary says so in a warning.
import { stwPauseNs, type GcCycle } from './gc-cycle.js';
import { median } from '../quantile.js';

/** GcRunWindow splits one benchmark process's cycles into ramp-up, measured run and profile writing. */
export interface GcRunWindow {
  /** Forced cycles (testing's runtime.GC before each run, plus any the benchmark asked for). */
  readonly forced: readonly GcCycle[];
  /** Automatic cycles during ramp-up runs, before the measured run. */
  readonly rampUp: readonly GcCycle[];
  /** Cycles during the run whose result line was reported. */
  readonly measured: readonly GcCycle[];
}

/** splitRunWindow finds the measured run's cycles in one process's trace. */
export function splitRunWindow(cycles: readonly GcCycle[], memprofileWritten: boolean): GcRunWindow {
  let all = cycles;
  const last = all[all.length - 1];
  if (memprofileWritten && last?.forced) all = all.slice(0, -1);
  let lastForced = -1;
  all.forEach((c, i) => {
    if (c.forced) lastForced = i;
  });
  return {
    forced: cycles.filter((c) => c.forced),
    rampUp: all.slice(0, lastForced + 1).filter((c) => !c.forced),
    measured: all.slice(lastForced + 1),
  };
}

/** GcRunInput is one benchmark process: its cycles and the iteration count its result line reported. */
export interface GcRunInput {
  readonly cycles: readonly GcCycle[];
  readonly ops: number;
  readonly memprofileWritten: boolean;
}

/** GcSummary is the GC telemetry of one benchmark over all its runs (one process per run). */
export interface GcSummary {
  /** Processes (runs) that contributed. */
  readonly runs: number;
  /** Automatic GC cycles during the measured runs, summed over runs. */
  readonly cycles: number;
  /** Measured-run cycles per run, in run order (for statistics). */
  readonly cyclesPerRun: readonly number[];
  /** Forced cycles over all processes (testing forces one before each ramp-up step). */
  readonly forcedCycles: number;
  /** Automatic cycles during ramp-up runs, not part of the reported result. */
  readonly rampUpCycles: number;
  /** Stop-the-world time (clock phases 1 + 3) of measured cycles, summed over runs. */
  readonly pauseTotalNs: number;
  /** Longest single stop-the-world phase pair among measured cycles. */
  readonly pauseMaxNs: number;
  /** STW total per run, in run order. */
  readonly pausePerRunNs: readonly number[];
  /** Median over runs of the runtime's cumulative GC CPU share at the last measured cycle, percent; null without measured cycles. */
  readonly gcCpuPercent: number | null;
  /** Largest heap goal seen in measured cycles, MiB (rounded down by the runtime). */
  readonly heapGoalMaxMB: number | null;
  /** Largest heap at mark termination (h1) in measured cycles, MiB. */
  readonly heapPeakMB: number | null;
  /** Iterations of the measured runs, summed. */
  readonly ops: number;
  /** Measured cycles per million iterations; null when no iterations were reported. */
  readonly cyclesPerMillionOps: number | null;
  readonly warnings: readonly string[];
}

/** summarizeGc folds the runs of one benchmark into a GcSummary. Pure. */
export function summarizeGc(runs: readonly GcRunInput[]): GcSummary {
  const warnings: string[] = [];
  const windows = runs.map((r) => splitRunWindow(r.cycles, r.memprofileWritten));
  const measured = windows.flatMap((w) => w.measured);
  const ops = runs.reduce((s, r) => s + r.ops, 0);
  const cpuShares: number[] = [];
  windows.forEach((w) => {
    // Only a measured cycle's share says anything about this benchmark; the
    // forced cycles' share mostly reflects process start-up.
    const lastCycle = w.measured[w.measured.length - 1];
    if (lastCycle) cpuShares.push(lastCycle.cpuPercent);
  });
  // A run whose forced cycles outnumber any plausible ramp-up is likely a benchmark calling runtime.GC() itself.
  if (windows.some((w) => w.forced.length > 12)) {
    warnings.push('many forced GC cycles: the benchmark may call runtime.GC() itself, which narrows the measured-run window');
  }
  if (runs.length > 0 && runs.every((r) => r.cycles.length === 0)) {
    warnings.push('no gctrace lines: was GODEBUG=gctrace=1 overridden?');
  }
  const pauses = measured.map(stwPauseNs);
  const pausePerRunNs = windows.map((w) => w.measured.reduce((s, c) => s + stwPauseNs(c), 0));
  return {
    runs: runs.length,
    cycles: measured.length,
    cyclesPerRun: windows.map((w) => w.measured.length),
    forcedCycles: windows.reduce((s, w) => s + w.forced.length, 0),
    rampUpCycles: windows.reduce((s, w) => s + w.rampUp.length, 0),
    pauseTotalNs: pauses.reduce((s, p) => s + p, 0),
    pauseMaxNs: pauses.length === 0 ? 0 : Math.max(...pauses),
    pausePerRunNs,
    gcCpuPercent: median(cpuShares),
    heapGoalMaxMB: measured.length === 0 ? null : Math.max(...measured.map((c) => c.heapGoalMB)),
    heapPeakMB: measured.length === 0 ? null : Math.max(...measured.map((c) => c.heapEndMB)),
    ops,
    cyclesPerMillionOps: ops > 0 ? (measured.length / ops) * 1e6 : null,
    warnings,
  };
}
