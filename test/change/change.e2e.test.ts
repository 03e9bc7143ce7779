// change.e2e.test.ts runs `heapsight change` on a git repository the test
// makes: commit 1 (testdata/change/v1), then commit 2 (v2) that moves a
// variable to the heap in Sum and gives Fill's map a size hint, with every
// line pushed down. Real go, real git, real benchmarks: the new heap decision
// with its cause, +1 allocs/op on BenchmarkSum with p < 0.05, fewer allocs on
// BenchmarkFill, nothing else; the runs alternate between the two binaries;
// --fail-on regression exits 1; the worktrees are gone afterwards, also after
// Ctrl-C.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { causeText } from '../support/cause-words.js';
import { runChange, type ChangeResult } from '../../src/core/change.js';
import { liveRunner, type Runner } from '../../src/toolchain/process.js';
import { expectBenchstatAgrees } from './benchstat-check.js';

const bin = resolve('bin/heapsight');
const gitEnv = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...gitEnv } });
}

/** makeRepo commits v1 then v2 of the fixture into a new repository. */
function makeRepo(root: string): string {
  const repo = join(root, 'repo');
  cpSync(resolve('testdata/change/v1'), repo, { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'commit 1');
  cpSync(resolve('testdata/change/v2'), repo, { recursive: true });
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'commit 2: p to the heap in Sum, a size hint in Fill');
  return repo;
}

function worktrees(repo: string): string[] {
  return git(repo, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree ')).map((l) => l.slice(9));
}

const readSource = (file: string): string[] | null => {
  try {
    return readFileSync(file, 'utf8').split('\n');
  } catch {
    return null;
  }
};

describe('heapsight change on a repository with two commits', () => {
  let root: string;
  let repo: string;
  let result: ChangeResult;
  const testBinaries: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'hs-change-'));
    repo = makeRepo(root);
    // Record which test binary each benchmark process ran, to see the interleaving.
    const recording: Runner = {
      run: (req) => {
        if (req.argv.some((a) => a.startsWith('-test.bench='))) testBinaries.push(req.argv.find((a) => a.endsWith('.test')) ?? req.argv.join(' '));
        return liveRunner.run(req);
      },
    };
    result = await runChange(recording, {
      cwd: repo,
      patterns: [],
      base: 'HEAD~1',
      head: 'HEAD',
      bench: '.',
      count: 6,
      benchtime: '20ms',
      tags: [],
      readSource,
      signal: new AbortController().signal,
    });
  }, 240_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports the new heap decision in Sum with its cause and its measured cost', () => {
    const r = result.report;
    const worse = r.decisions.filter((d) => d.direction === 'worse');
    expect(worse.map((d) => `${d.function} ${d.subject} ${d.after?.kind}`)).toEqual(['example.com/changefix.Sum p moved-to-heap']);
    const d = worse[0]!;
    expect(d.change).toBe('appeared');
    expect(d.after!.file).toBe('shapes.go');
    // Line 15 in commit 2; the declaration was on line 11 in commit 1 (every line moved down).
    expect(d.after!.line).toBe(15);
    expect(d.after!.cause!.kind).toBe('global-or-heap-assign');
    expect(causeText(d.after!.cause!)).toMatch(/last = &p/);
    const cost = d.cost!.benchmarks.find((b) => b.name === 'BenchmarkSum')!;
    expect(cost.allocsPerOp!.before.median).toBe(0);
    expect(cost.allocsPerOp!.after.median).toBe(1);
    expect(cost.allocsPerOp!.p).toBeLessThan(0.05);
    expect(cost.bytesPerOp!.after.median).toBe(16);
  });

  it('an edited expression with the same decision, and moved lines, are no change', () => {
    // make(map[int]int) → make(map[int]int, n) still escapes (returned); Stable and add only moved.
    const others = result.report.decisions.filter((d) => d.direction !== 'worse');
    expect(others).toEqual([]);
  });

  it('BenchmarkSum regresses by one allocation, BenchmarkFill improves, BenchmarkStable does not change', () => {
    const by = new Map(result.report.benchmarks.map((b) => [b.name, b]));
    const unit = (name: string, u: string) => by.get(name)!.units.find((x) => x.unit === u)!;
    expect(by.get('BenchmarkSum')!.verdict).toBe('regression');
    expect(unit('BenchmarkSum', 'allocs/op').after.median - unit('BenchmarkSum', 'allocs/op').before.median).toBe(1);
    expect(unit('BenchmarkSum', 'allocs/op').p).toBeLessThan(0.05);
    expect(by.get('BenchmarkFill')!.verdict).toBe('improvement');
    expect(unit('BenchmarkFill', 'allocs/op').after.median).toBeLessThan(unit('BenchmarkFill', 'allocs/op').before.median);
    expect(by.get('BenchmarkStable')!.verdict).toBe('no-change');
    expect(unit('BenchmarkStable', 'allocs/op').significant).toBe(false);
    expect(result.report.gate.reasons.map((g) => `${g.benchmark} ${g.unit}`).sort()).toEqual(['BenchmarkSum B/op', 'BenchmarkSum allocs/op']);
  });

  it('the allocation sites that changed are matched by function and source text', () => {
    const sites = result.report.sites.map((s) => `${s.change} ${s.function.split('.').pop()} ${s.text}`);
    expect(sites).toContain('appeared Sum p := point{n, n + 1} //heapsight:noescape');
    // The growth at m[i] = i goes; the hinted make allocates the table up front.
    expect(sites).toContain('vanished Fill m[i] = i');
    expect(sites.some((s) => s.includes('Stable'))).toBe(false);
  });

  it('runs the benchmarks interleaved across the two test binaries (A B A B …)', () => {
    const timing = testBinaries.slice(0, 6 * 3 * 2);
    const dirs = timing.map((p) => (p.includes('/base-work/') ? 'A' : p.includes('/head-work/') ? 'B' : '?'));
    // Round-major: every round runs the three benchmarks on base, then on head.
    expect(dirs.join('')).toBe('AAABBB'.repeat(6));
  });

  it('its statistics are benchstat\'s on the same runs (old = base, new = head)', async () => {
    expect(await expectBenchstatAgrees(result.raw, result.report.benchmarks, root)).toBe(9);
  });

  it('judges head\'s source assertions: the noescape on Sum\'s p fails with the decision and its cost', () => {
    const a = result.report.assertions;
    expect(a.results.map((x) => `${x.kind} ${x.status} ${x.pos.file}:${x.pos.line}`)).toEqual(['noescape failed shapes.go:15']);
    expect(result.report.gate.failed).toBe(false);
  });

  it('removes the worktrees', () => {
    expect(worktrees(repo)).toEqual([repo]);
    expect(existsSync(join(repo, '.git', 'worktrees')) ? readdirSync(join(repo, '.git', 'worktrees')) : []).toEqual([]);
  });

  it('--fail-on regression exits 1 and still writes the report; markdown is a pull-request comment', () => {
    const out = join(root, 'change.md');
    const r = spawnSync(process.execPath, [bin, 'change', 'HEAD~1', 'HEAD', '--count', '6', '--benchtime', '20ms', '--fail-on', 'regression,assertion', '--format', 'markdown', '-o', out, '--record'], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.status).toBe(1);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^### heapsight change: 1 regression, 1 improvement, 1 unchanged — ❌ gate failed/);
    expect(text).toMatch(/moves `p` to the heap in changefix\.Sum \(assigned to a global or heap object, line 15\): \+1 allocs\/op, \+16B\/op in BenchmarkSum/);
    expect(worktrees(repo)).toEqual([repo]);
    // --record kept head's run in the module's history, under head's commit.
    expect(r.stderr).toMatch(/recorded the run in \.heapsight\/history\.db \(run 1, commit [0-9a-f]{12}\)/);
    expect(r.stderr).toContain(git(repo, 'rev-parse', 'HEAD').trim().slice(0, 12));
    const h = spawnSync(process.execPath, [bin, 'history', '--format', 'json'], { cwd: repo, encoding: 'utf8' });
    expect(h.status, h.stderr).toBe(0);
    expect(h.stdout).toContain('BenchmarkSum');
  }, 240_000);
});

describe('Ctrl-C during heapsight change', () => {
  it('removes the worktrees and exits 2', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hs-change-int-'));
    try {
      const repo = makeRepo(root);
      const tmp = join(root, 'tmp');
      mkdirSync(tmp);
      const child = spawn(process.execPath, [bin, 'change', 'HEAD~1', 'HEAD', '--count', '20', '--benchtime', '200ms'], {
        cwd: repo,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TMPDIR: tmp },
      });
      let err = '';
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline && !/running benchmarks/.test(err)) await new Promise((r) => setTimeout(r, 100));
      expect(err).toMatch(/running benchmarks/);
      // Both worktrees exist while it runs.
      expect(worktrees(repo)).toHaveLength(3);
      await new Promise((r) => setTimeout(r, 500));
      child.kill('SIGINT');
      expect(await exited).toBe(2);
      expect(err).toMatch(/interrupted \(SIGINT\)/);
      expect(err).not.toMatch(/\n\s+at /);
      expect(worktrees(repo)).toEqual([repo]);
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 180_000);
});
