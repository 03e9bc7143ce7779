// record-run.ts is `--record` for check (and change): find the module's
// history database, ask git where the code came from, record the run or keep
// it as JSON beside the database, and say which in one line.
import { dirname, relative } from 'node:path';
import { findModuleRoot, HistoryError, historyPath, historyRunFromCheck, recordOrKeep, type HistoryCommand, type HistoryRun } from '../history/index.js';
import type { CheckReport } from '../verify/check-report.js';
import type { GoPackage } from '../toolchain/go-build.js';
import { revisionOf, type Revision } from '../toolchain/git-revision.js';
import type { CommandContext } from './command.js';
import { ExitCode } from './exit-codes.js';

/**
 * historyRootFor is the module whose history records the run: the one the
 * user works in (the nearest go.mod above cwd, where `heapsight history`
 * looks too); outside any module, the first target package's own module
 * (never the standard library's: GOROOT is no place to write); else cwd.
 */
export function historyRootFor(targets: readonly GoPackage[], cwd: string): string {
  const here = findModuleRoot(cwd);
  if (here !== null) return here;
  const goMod = targets.find((t) => t.module !== null && t.module.goMod !== '')?.module?.goMod;
  return goMod !== undefined ? dirname(goMod) : cwd;
}

/** revisionForRecord asks git about root and warns when the run will carry no commit. */
export async function revisionForRecord(ctx: CommandContext, root: string): Promise<Revision> {
  const revision = await revisionOf(ctx.runner, root);
  if (revision.unknown !== null) ctx.io.stderr(`warning: ${revision.unknown}: the run is recorded without a commit\n`);
  return revision;
}

/**
 * recordInHistory records run in root's history and reports it on stderr.
 * Returns null when recorded, else ExitCode.Failure after one line naming
 * the error and the JSON file that keeps the run.
 */
export function recordInHistory(ctx: CommandContext, commandName: string, root: string, run: HistoryRun, quiet: boolean): ExitCode | null {
  const dbPath = historyPath(root);
  const shown = (p: string): string => {
    const rel = relative(ctx.cwd, p);
    return rel === '' || rel.startsWith('..') ? p : rel;
  };
  let outcome;
  try {
    outcome = recordOrKeep(dbPath, run);
  } catch (e) {
    throw e instanceof HistoryError ? e.shownAs(shown(e.path)) : e;
  }
  if (outcome.kind === 'kept') {
    ctx.io.stderr(`heapsight ${commandName}: cannot record the run: ${outcome.error.shownAs(shown(dbPath)).message}; the run is kept in ${shown(outcome.keptAt)}\n`);
    return ExitCode.Failure;
  }
  if (!quiet) {
    const commit = run.commit === null ? 'no commit' : `commit ${run.commit.slice(0, 12)}${run.dirty ? ', dirty' : ''}`;
    const migrated = outcome.migratedFrom > 0 && outcome.migratedFrom < outcome.migratedTo ? `; schema migrated from version ${outcome.migratedFrom} to ${outcome.migratedTo}` : '';
    ctx.io.stderr(`recorded the run in ${shown(dbPath)} (run ${outcome.id}, ${commit}${migrated})\n`);
  }
  return null;
}

/**
 * recordReport is `--record` after a report was written: a run that measured
 * benchmarks and was not interrupted is recorded (an interrupted one holds
 * only part of the runs and would read as a change). Returns null, or the
 * exit code when the run could not be recorded.
 */
export async function recordReport(
  ctx: CommandContext,
  commandName: string,
  report: CheckReport,
  targets: readonly GoPackage[],
  opts: {
    readonly command: HistoryCommand;
    readonly interrupted: boolean;
    readonly quiet: boolean;
    /** The revision the report measured, when the caller knows it (change's head); else git is asked about the module. */
    readonly revision?: Revision;
  },
): Promise<ExitCode | null> {
  if (opts.interrupted || report.benchmarks.length === 0) {
    ctx.io.stderr(`heapsight ${commandName}: the run is not recorded: ${opts.interrupted ? 'it was interrupted' : 'no benchmark was measured'}\n`);
    return null;
  }
  const root = historyRootFor(targets, ctx.cwd);
  const run = historyRunFromCheck(report, opts.revision ?? (await revisionForRecord(ctx, root)), { command: opts.command, root });
  return recordInHistory(ctx, commandName, root, run, opts.quiet);
}
