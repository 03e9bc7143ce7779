// git-revision.ts asks git which commit a directory is at and whether the
// work tree differs from it, for the run history (src/history/). Through the
// Runner, as every process heapsight starts.
import { SpawnError, type Runner } from './process.js';

/**
 * Revision is where a run's code came from. commit is null outside a git
 * repository, in one without a commit yet, or without git; `unknown` then
 * says which, in words for the report.
 */
export interface Revision {
  readonly commit: string | null;
  /**
   * True when `git status --porcelain` lists anything: a modified, staged or
   * untracked file. That is how the go command stamps vcs.modified into
   * binaries (cmd/go/internal/vcs, gitStatus), so heapsight and `go version -m`
   * agree on what a dirty tree is. null when git could not tell.
   */
  readonly dirty: boolean | null;
  readonly unknown: string | null;
}

/** revisionOf runs `git rev-parse HEAD` and `git status --porcelain` in cwd. */
export async function revisionOf(runner: Runner, cwd: string): Promise<Revision> {
  // GIT_OPTIONAL_LOCKS=0: status must not take index.lock (it would refresh the index), as go does.
  const git = (args: readonly string[]) => runner.run({ argv: ['git', ...args], cwd, env: { GIT_OPTIONAL_LOCKS: '0' }, timeoutMs: 30_000 });
  let head;
  try {
    head = await git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  } catch (e) {
    if (e instanceof SpawnError) return { commit: null, dirty: null, unknown: `git could not be started (${e.code})` };
    throw e;
  }
  if (head.exitCode !== 0) {
    const inside = await git(['rev-parse', '--is-inside-work-tree']);
    if (inside.exitCode !== 0 || inside.stdout.trim() !== 'true') return { commit: null, dirty: null, unknown: 'not in a git repository' };
    const status = await git(['status', '--porcelain']);
    return { commit: null, dirty: status.exitCode === 0 ? status.stdout.trim() !== '' : null, unknown: 'the git repository has no commit yet' };
  }
  const commit = head.stdout.trim();
  const status = await git(['status', '--porcelain']);
  if (status.exitCode !== 0) return { commit, dirty: null, unknown: `git status failed: ${status.stderr.trim().split('\n')[0] ?? ''}` };
  return { commit, dirty: status.stdout.trim() !== '', unknown: null };
}
