// check-experiments.ts is `check --experiment`: every confirmed rule hit
// with a mechanical fix gets that fix measured (runExperiment: an -overlay
// build of the fixed file, both test suites, the benchmarks that ran the hit
// interleaved on both builds). The report comes back with each hit's
// experiment; nothing in the user's tree is written.
import { readFileSync } from 'node:fs';
import { InterruptedError } from '../errors.js';
import type { Runner } from '../toolchain/process.js';
import type { CheckReport } from '../verify/check-report.js';
import type { RuleExperiment, RuleFinding } from '../verify/rule-report.js';
import { runExperiment } from './experiment.js';
import { fixEdits } from './fix-edits.js';

/** ExperimentOptions for a whole report: how long to run, and where the patches' paths start. */
export interface CheckExperimentOptions {
  readonly cwd: string;
  /** The repository root the patches are relative to. */
  readonly root: string;
  readonly count: number;
  readonly benchtime: string;
  readonly tags?: readonly string[];
  readonly timeoutMs?: number;
  readonly signal: AbortSignal;
  /** Called before each experiment: the hit and its place in the list. */
  readonly onExperiment?: (hit: RuleFinding, index: number, total: number) => void;
}

/** experimentCandidates are the hits check --experiment measures: confirmed, with a fix, run by some benchmark. */
export function experimentCandidates(report: CheckReport): RuleFinding[] {
  return report.rules.filter((f) => f.verdict === 'confirmed' && f.fix !== null);
}

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** experimentOf measures one hit's fix. */
async function experimentOf(runner: Runner, f: RuleFinding, opts: CheckExperimentOptions): Promise<RuleExperiment> {
  const content = readFileSync(f.file, 'utf8');
  const edits = fixEdits(f.file, content, f.fix!);
  const none = { patch: '', buildErrors: null, tests: [], benchmarks: [] };
  if (edits === null) return { ...none, status: 'not-mechanical' };
  const benches = f.measured.exercisedBy;
  if (benches.length === 0) return { ...none, status: 'no-benchmark' };
  return runExperiment(runner, {
    cwd: opts.cwd,
    pkg: f.package,
    edits,
    bench: `^(${benches.map(escapeRegExp).join('|')})$`,
    count: opts.count,
    benchtime: opts.benchtime,
    root: opts.root,
    ...(opts.tags ? { tags: opts.tags } : {}),
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    signal: opts.signal,
  });
}

/** runRuleExperiments returns the report with an experiment on every candidate hit; after Ctrl-C the rest stay without one. */
export async function runRuleExperiments(runner: Runner, report: CheckReport, opts: CheckExperimentOptions): Promise<CheckReport> {
  const candidates = experimentCandidates(report);
  const done = new Map<RuleFinding, RuleExperiment>();
  for (const [i, f] of candidates.entries()) {
    if (opts.signal.aborted) break;
    opts.onExperiment?.(f, i, candidates.length);
    try {
      done.set(f, await experimentOf(runner, f, opts));
    } catch (e) {
      if (e instanceof InterruptedError) break;
      throw e;
    }
  }
  return { ...report, rules: report.rules.map((f) => (done.has(f) ? { ...f, experiment: done.get(f)! } : f)) };
}

/** experimentPatch is every measured experiment's patch that improved a gated unit, in report order: what --write-patch writes. */
export function experimentPatch(report: CheckReport): string {
  return report.rules
    .filter((f) => f.experiment?.status === 'measured' && f.experiment.benchmarks.some((b) => b.verdict === 'improvement'))
    .map((f) => f.experiment!.patch)
    .join('');
}
