// history.e2e.test.ts records two real runs of `heapsight check --record` on
// a copy of examples/mapptr in a git repository the test makes, then reads
// them back with `heapsight history`, all in-process with the real go.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HistoryTrend } from '../../src/history/index.js';
import { runCli } from '../support/cli-io.js';

const tmp = mkdtempSync(join(tmpdir(), 'hs-history-e2e-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const repo = join(tmp, 'repo');
const module = join(repo, 'examples', 'mapptr');
const reports = join(tmp, 'reports');

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=heapsight', '-c', 'user.email=heapsight@example.com', '-c', 'init.defaultBranch=main', ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, GIT_CEILING_DIRECTORIES: tmp },
  });
}

describe('check --record twice, then history', () => {
  let head = '';
  it('records each run in the module\'s .heapsight/history.db, with the commit', async () => {
    cpSync(resolve('examples/mapptr'), module, { recursive: true });
    mkdirSync(reports);
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'mapptr');
    head = git('rev-parse', 'HEAD').trim();
    for (const n of [1, 2]) {
      // The report goes outside the repository: a file written into it would make the next run dirty.
      const out = join(reports, `run${n}.txt`);
      const r = await runCli(['check', './examples/mapptr', '--count', '2', '--benchtime', '20ms', '--record', '-o', out], { cwd: repo });
      expect(r.code, r.err).toBe(0);
      expect(readFileSync(out, 'utf8')).toContain('REFUTED');
      expect(r.err).toContain(`recorded the run in examples/mapptr/.heapsight/history.db (run ${n}, commit ${head.slice(0, 12)})\n`);
    }
    expect(existsSync(join(module, '.heapsight', 'history.db'))).toBe(true);
    // The history ignores itself: the work tree is as committed.
    expect(git('status', '--porcelain')).toBe('');
  }, 240_000);

  it('history prints both runs: their commit, a two-run sparkline per benchmark and unit, and why nothing is flagged', async () => {
    const r = await runCli(['history'], { cwd: module });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('');
    const text = r.out;
    expect(text).toMatch(/^heapsight history: 2 runs in \.heapsight\/history\.db\n/);
    const runLines = text.split('\n').filter((l) => /^#\d/.test(l));
    expect(runLines).toHaveLength(2);
    for (const l of runLines) expect(l).toMatch(new RegExp(`^#[12] +${head.slice(0, 12)} +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d +check +go1\\.\\d+`));
    for (const b of ['ByPointer', 'ByValue', 'SyncMap', 'MakePerCall', 'MakeSized', 'PointerEscapes']) expect(text).toMatch(new RegExp(`\\n  Benchmark${b}(-\\d+)?\\n    sec/op +[▁-█]{2} `));
    // Two samples a run cannot show a difference at α = 0.05, and the report says so rather than flag noise.
    expect(text).toContain('0 change points');
    expect(text).toContain('note: need >= 4 samples to detect a difference at alpha level 0.05');

    const json = await runCli(['history', 'Sized$', '--format', 'json', '--unit', 'ns/op'], { cwd: module });
    expect(json.code, json.err).toBe(0);
    const trend = JSON.parse(json.out) as HistoryTrend;
    expect(trend.runs.map((x) => [x.commit, x.dirty])).toEqual([
      [head, false],
      [head, false],
    ]);
    expect(trend.series.map((s) => [s.name, s.unit, s.points.map((p) => p.n)])).toEqual([['BenchmarkMakeSized', 'sec/op', [2, 2]]]);
    expect(trend.runs[0]!.escapes['moved-to-heap']).toBe(1);
  });

  it('a locked database: the report is written, the run kept as JSON beside it, one line on stderr, exit 2', async () => {
    const holder = new Database(join(module, '.heapsight', 'history.db'));
    holder.exec('BEGIN EXCLUSIVE');
    const out = join(reports, 'run3.txt');
    let r;
    try {
      r = await runCli(['check', './examples/mapptr', '--count', '2', '--benchtime', '20ms', '--record', '--quiet', '-o', out], { cwd: repo });
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(r.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toContain('REFUTED');
    const kept = readdirSync(join(module, '.heapsight')).filter((f) => f.startsWith('unrecorded-'));
    expect(kept).toHaveLength(1);
    const lines = r.err.split('\n').filter((l) => l.startsWith('heapsight check:'));
    expect(lines).toEqual([
      `heapsight check: cannot record the run: examples/mapptr/.heapsight/history.db: the database is locked by another process (waited 3 s); the run is kept in examples/mapptr/.heapsight/${kept[0]}`,
    ]);
    expect(r.err).not.toMatch(/\n\s+at /);
    const doc = JSON.parse(readFileSync(join(module, '.heapsight', kept[0]!), 'utf8')) as { run: { commit: string; benchmarks: unknown[] } };
    expect(doc.run.commit).toBe(head);
    expect(doc.run.benchmarks).toHaveLength(6);
    // The history still holds its two runs.
    const h = await runCli(['history', '--format', 'json'], { cwd: module });
    expect((JSON.parse(h.out) as HistoryTrend).runs).toHaveLength(2);
  }, 120_000);
});
