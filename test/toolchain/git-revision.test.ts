// git-revision.test.ts asks the real git about directories the test makes:
// outside any repository, a repository without a commit, a clean and a dirty
// work tree — and a history recorded inside it, which must not make it dirty.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { historyPath, recordOrKeep } from '../../src/history/index.js';
import { revisionOf } from '../../src/toolchain/git-revision.js';
import { liveRunner } from '../../src/toolchain/process.js';
import { threeRuns } from '../history/series.js';

const tmp = mkdtempSync(join(tmpdir(), 'hs-git-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// GIT_CEILING_DIRECTORIES: a temp dir inside some checkout must not find that checkout's repository.
process.env['GIT_CEILING_DIRECTORIES'] = tmp;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=heapsight', '-c', 'user.email=heapsight@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
}

describe('revisionOf', () => {
  it('outside a git repository: no commit, and says so', async () => {
    const dir = join(tmp, 'plain');
    mkdirSync(dir);
    expect(await revisionOf(liveRunner, dir)).toEqual({ commit: null, dirty: null, unknown: 'not in a git repository' });
  });

  it('in a repository without a commit: no commit, and says so', async () => {
    const dir = join(tmp, 'empty');
    mkdirSync(dir);
    git(dir, 'init', '-q');
    writeFileSync(join(dir, 'go.mod'), 'module example.com/m\n');
    expect(await revisionOf(liveRunner, dir)).toEqual({ commit: null, dirty: true, unknown: 'the git repository has no commit yet' });
  });

  it('at a commit: the hash, clean; then dirty for a modified and for an untracked file', async () => {
    const dir = join(tmp, 'repo');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    git(dir, 'init', '-q');
    writeFileSync(join(dir, 'go.mod'), 'module example.com/m\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'one');
    const head = git(dir, 'rev-parse', 'HEAD').trim();
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    expect(await revisionOf(liveRunner, join(dir, 'sub'))).toEqual({ commit: head, dirty: false, unknown: null });

    // A history recorded in the module ignores itself: the next run is still clean.
    expect(recordOrKeep(historyPath(dir), threeRuns()[0]!).kind).toBe('recorded');
    expect(await revisionOf(liveRunner, dir)).toEqual({ commit: head, dirty: false, unknown: null });

    writeFileSync(join(dir, 'new.go'), 'package m\n');
    expect(await revisionOf(liveRunner, dir)).toMatchObject({ commit: head, dirty: true });
    rmSync(join(dir, 'new.go'));
    writeFileSync(join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.24\n');
    expect(await revisionOf(liveRunner, dir)).toMatchObject({ commit: head, dirty: true });
  });
});
