// git.ts asks the user's git what `change` needs: the repository, the two
// revisions, and a detached worktree per commit that is measured. Worktrees
// are removed with the file system, not with git: after Ctrl-C no new process
// may start (process.ts), and the worktree must still go. The stale entry
// git keeps for a worktree whose directory vanished is pruned at the next
// start (pruneWorktrees), as `git worktree prune` would.
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { InputError, ToolchainError } from '../errors.js';
import { SpawnError, type Runner, type RunRecord } from './process.js';

/** gitBinary is the git heapsight runs: $HEAPSIGHT_GIT, else "git" from PATH. */
export function gitBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env['HEAPSIGHT_GIT'] ?? 'git';
}

async function git(runner: Runner, cwd: string, args: readonly string[]): Promise<RunRecord> {
  try {
    // No pager, no prompts, no user locale in the messages heapsight reads.
    return await runner.run({ argv: [gitBinary(), ...args], cwd, env: { GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' } });
  } catch (e) {
    if (e instanceof SpawnError) {
      throw new ToolchainError(`cannot run ${gitBinary()} (${e.code})`, null, 'install git, or point HEAPSIGHT_GIT at it');
    }
    throw e;
  }
}

async function gitOk(runner: Runner, cwd: string, args: readonly string[], what: string): Promise<string> {
  const r = await git(runner, cwd, args);
  if (r.exitCode !== 0) throw new ToolchainError(`git could not ${what}`, r);
  return r.stdout.trim();
}

/** Repository is where the module sits in its git repository. */
export interface Repository {
  /** The work tree's top directory (git rev-parse --show-toplevel). */
  readonly root: string;
  /** The module directory relative to root ("" when the module is at the top). */
  readonly subdir: string;
}

/** openRepository finds the git repository holding dir; not one is an InputError. */
export async function openRepository(runner: Runner, dir: string): Promise<Repository> {
  const r = await git(runner, dir, ['rev-parse', '--show-toplevel']);
  if (r.exitCode !== 0) {
    throw new InputError(`${dir} is not inside a git repository`, 'change compares two revisions of a git repository: run it in the repository\'s work tree');
  }
  const root = r.stdout.trim();
  return { root, subdir: relative(root, resolve(dir)) };
}

/** Revision is a commit resolved to its id, with the name the user gave. */
export interface Revision {
  readonly name: string;
  readonly commit: string;
  /** The first line of the commit message. */
  readonly subject: string;
}

/** resolveRevision resolves a name (HEAD~1, a branch, a tag, an id) to a commit; an unknown name is an InputError. */
export async function resolveRevision(runner: Runner, repo: Repository, name: string): Promise<Revision> {
  if (name.startsWith('-')) throw new InputError(`${JSON.stringify(name)} is not a revision`);
  const r = await git(runner, repo.root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${name}^{commit}`]);
  if (r.exitCode !== 0) throw new InputError(`${name} is not a commit in ${repo.root}`, 'name a commit, branch or tag: git log --oneline shows them');
  const commit = r.stdout.trim();
  const subject = await gitOk(runner, repo.root, ['log', '-1', '--format=%s', commit], `read the subject of ${commit}`);
  return { name, commit, subject };
}

/**
 * defaultBranch is the branch pull requests merge into: origin's HEAD when
 * the clone knows it, else a local main or master; null when none exists.
 */
export async function defaultBranch(runner: Runner, repo: Repository): Promise<string | null> {
  const remote = await git(runner, repo.root, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (remote.exitCode === 0 && remote.stdout.trim() !== '') return remote.stdout.trim();
  for (const b of ['main', 'master']) {
    const r = await git(runner, repo.root, ['rev-parse', '--verify', '--quiet', `refs/heads/${b}`]);
    if (r.exitCode === 0) return b;
  }
  return null;
}

/** mergeBase is the best common ancestor of a and b, or null when they share none. */
export async function mergeBase(runner: Runner, repo: Repository, a: string, b: string): Promise<string | null> {
  const r = await git(runner, repo.root, ['merge-base', a, b]);
  return r.exitCode === 0 && r.stdout.trim() !== '' ? r.stdout.trim() : null;
}

/** isDirty says whether the work tree differs from HEAD (untracked files count: a new .go file changes the build). */
export async function isDirty(runner: Runner, repo: Repository): Promise<boolean> {
  const out = await gitOk(runner, repo.root, ['status', '--porcelain'], 'read the work tree\'s status');
  return out !== '';
}

/** Worktree is a detached checkout of one commit in a directory heapsight owns. */
export interface Worktree {
  readonly dir: string;
  readonly commit: string;
  /** git's record of it under .git/worktrees/; removed with the directory. */
  readonly adminDir: string | null;
}

/** addWorktree checks commit out, detached, into dir (which must not exist). */
export async function addWorktree(runner: Runner, repo: Repository, commit: string, dir: string): Promise<Worktree> {
  await gitOk(runner, repo.root, ['worktree', 'add', '--detach', '--quiet', dir, commit], `check out ${commit} into a temporary worktree`);
  return { dir, commit, adminDir: adminDirOf(dir) };
}

/** adminDirOf reads the worktree's .git file ("gitdir: /repo/.git/worktrees/NAME"). */
function adminDirOf(dir: string): string | null {
  try {
    const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(join(dir, '.git'), 'utf8'));
    if (!m) return null;
    return isAbsolute(m[1]!) ? m[1]! : resolve(dir, m[1]!);
  } catch {
    return null;
  }
}

/** removeWorktree deletes the checkout and git's record of it, with the file system only (safe after Ctrl-C). */
export async function removeWorktree(w: Worktree): Promise<void> {
  await rm(w.dir, { recursive: true, force: true });
  // Only a directory under a worktrees/ folder is git's record; never anything else a corrupt .git file names.
  if (w.adminDir !== null && /[\\/]worktrees[\\/][^\\/]+$/.test(w.adminDir) && existsSync(join(w.adminDir, 'gitdir'))) {
    await rm(w.adminDir, { recursive: true, force: true });
  }
}

/** pruneWorktrees drops git's records of worktrees whose directories are gone (an earlier run killed hard). */
export async function pruneWorktrees(runner: Runner, repo: Repository): Promise<void> {
  await git(runner, repo.root, ['worktree', 'prune']);
}

/** listWorktrees returns the directories git knows as worktrees of the repository (the main one first). */
export async function listWorktrees(runner: Runner, repo: Repository): Promise<string[]> {
  const out = await gitOk(runner, repo.root, ['worktree', 'list', '--porcelain'], 'list the worktrees');
  return out.split('\n').filter((l) => l.startsWith('worktree ')).map((l) => l.slice('worktree '.length));
}
