// real-module.e2e.test.ts runs `heapsight change` on a real release nobody
// here wrote: github.com/google/uuid v1.5.0 → v1.6.0 from the Go module proxy,
// committed as two revisions of one repository. uuid is small, widely used
// and has benchmarks at its root; between the two releases only hash.go (a
// new Max variable) and version7.go (NewV7 gains a monotonic clock,
// getV7Time with a mutex and defer) changed, and the benchmarks' code paths
// did not. So:
//   - the anchor `go build -gcflags=-m` prints the same decisions for both
//     releases once positions are set aside (version7.go's lines moved, its
//     new clock neither escapes nor changes an inlining verdict), so change
//     must report no decision change — moved lines are no change — and any
//     it reports would have to be in a file that changed;
//   - no benchmark's allocs/op or B/op moves (they are deterministic on paths
//     the release did not touch), so nothing fails --fail-on regression;
//   - the statistics equal benchstat's on the same runs (old = v1.5.0).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChange, type ChangeResult } from '../../src/core/change.js';
import { liveRunner } from '../../src/toolchain/process.js';
import { parseBenchstatCsv, runBenchstatCsv } from '../bench/benchstat-oracle.js';

const MODULE = 'github.com/google/uuid';
const gitEnv = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

function writable(d: string): void {
  chmodSync(d, 0o755);
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) writable(p);
    else chmodSync(p, 0o644);
  }
}

/** release copies one version from the module cache (downloading it) over dir, leaving .git alone. */
function release(version: string, dir: string): void {
  const info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', `${MODULE}@${version}`], { encoding: 'utf8', cwd: tmpdir() })) as { Dir: string };
  for (const e of readdirSync(dir)) if (e !== '.git') rmSync(join(dir, e), { recursive: true, force: true });
  cpSync(info.Dir, dir, { recursive: true });
  writable(dir);
}

describe('heapsight change on google/uuid v1.5.0 → v1.6.0', () => {
  let root: string;
  let repo: string;
  let result: ChangeResult;
  /** go build -gcflags=-m of each release: "file message" lines, positions dropped, sorted. */
  const anchor: Record<string, string[]> = {};
  const compilerSays = (): string[] => {
    const r = spawnSync('go', ['build', '-gcflags=-m', '.'], { cwd: repo, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return r.stderr
      .split('\n')
      .filter((l) => /^\.\/[^:]+\.go:\d+:\d+: /.test(l))
      .map((l) => l.replace(/^\.\/([^:]+):\d+:\d+: /, '$1 '))
      .sort();
  };
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, ...gitEnv } });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'hs-change-real-'));
    repo = join(root, 'uuid');
    execFileSync('mkdir', ['-p', repo]);
    git('init', '-q', '-b', 'main');
    release('v1.5.0', repo);
    anchor['v1.5.0'] = compilerSays();
    git('add', '-A');
    git('commit', '-qm', 'v1.5.0');
    release('v1.6.0', repo);
    anchor['v1.6.0'] = compilerSays();
    git('add', '-A');
    git('commit', '-qm', 'v1.6.0');
    result = await runChange(liveRunner, {
      cwd: repo,
      patterns: [],
      base: 'HEAD~1',
      head: 'HEAD',
      bench: '^Benchmark(Parse|UUID_String|UUID_URN|UUID_MarshalJSON|ParseBytes)$',
      count: 6,
      benchtime: '10ms',
      tags: [],
      readSource: (f) => {
        try {
          return readFileSync(f, 'utf8').split('\n');
        } catch {
          return null;
        }
      },
      signal: new AbortController().signal,
      gate: { failOn: ['regression'], alpha: 0.05, minChange: 0.05, gate: 'allocs' },
    });
  }, 300_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('compares every selected benchmark on both sides, and none fails the allocation gate', () => {
    const r = result.report;
    expect(r.benchmarks.map((b) => b.name).sort()).toEqual(['BenchmarkParse', 'BenchmarkParseBytes', 'BenchmarkUUID_MarshalJSON', 'BenchmarkUUID_String', 'BenchmarkUUID_URN']);
    for (const b of r.benchmarks) {
      for (const unit of ['allocs/op', 'B/op']) {
        const u = b.units.find((x) => x.unit === unit)!;
        expect(u.direction, `${b.name} ${unit}`).toBe('same');
        expect(u.before.median, `${b.name} ${unit}`).toBe(u.after.median);
      }
    }
    expect(r.gate.failed).toBe(false);
    expect(r.failures).toEqual([]);
  });

  it('reports the decision changes go build -gcflags=-m shows: none, though version7.go\'s lines moved', () => {
    // Escape decisions (positions dropped) are the same multiset in both releases…
    const escapes = (v: string): string[] => anchor[v]!.filter((l) => /moved to heap|escapes to heap|leaking param|leaks to result|does not escape/.test(l));
    expect(escapes('v1.5.0').length).toBeGreaterThan(50);
    expect(escapes('v1.6.0')).toEqual(escapes('v1.5.0'));
    // …and every function that could be inlined still can (v1.6.0 only adds getV7Time's defer wrapper, a new function).
    const inlinable = (v: string): Set<string> => new Set(anchor[v]!.filter((l) => / can inline /.test(l)).map((l) => l.replace(/ with cost \d+.*$/, '')));
    const lost = [...inlinable('v1.5.0')].filter((f) => !inlinable('v1.6.0').has(f));
    expect(lost).toEqual([]);
    expect([...inlinable('v1.6.0')].filter((f) => !inlinable('v1.5.0').has(f))).toEqual(['version7.go can inline getV7Time.deferwrap1']);
    expect(result.report.decisions).toEqual([]);
  });

  it('would place any decision change only in the files the release changed', () => {
    const changed = git('diff', '--name-only', 'HEAD~1', 'HEAD').split('\n').filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
    expect(changed.sort()).toEqual(['hash.go', 'version7.go']);
    for (const d of result.report.decisions) expect(changed, `${d.function} ${d.subject}`).toContain((d.after ?? d.before)!.file);
  });

  it('its statistics are benchstat\'s on the same runs', async () => {
    writeFileSync(join(root, 'old.txt'), result.raw.base);
    writeFileSync(join(root, 'new.txt'), result.raw.head);
    const { rows } = parseBenchstatCsv(await runBenchstatCsv(join(root, 'old.txt'), join(root, 'new.txt'), root));
    const checked = rows.filter((r) => ['sec/op', 'B/op', 'allocs/op'].includes(r.unit));
    expect(checked.length).toBe(15);
    for (const row of checked) {
      const b = result.report.benchmarks.find((x) => `Benchmark${row.name.replace(/-\d+$/, '')}` === x.name)!;
      const u = b.units.find((x) => x.unit === row.unit)!;
      expect(u.before.median, `${row.name} ${row.unit}`).toBe(row.oldCenter);
      expect(u.after.median, `${row.name} ${row.unit}`).toBe(row.newCenter);
      if (row.p !== null) expect(Math.abs(u.p - row.p), `${row.name} ${row.unit}`).toBeLessThanOrEqual(0.0005);
      expect(u.significant, `${row.name} ${row.unit}`).toBe(row.delta !== '~');
    }
  });
});
