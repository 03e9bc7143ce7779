// experiment.e2e.test.ts runs `check --experiment --write-patch` on
// testdata/rules (real go): each confirmed hit with a mechanical fix (size
// hint, capacity, Grow, strconv for a simple verb, the hoisted regexp) is
// measured on an -overlay build against the code as it is, with a
// significant drop in allocs/op on the benchmark that runs it; the fixes that
// change more than their own lines are reported as not run; the patch applies
// with `git apply` and the fixed package still builds and passes its tests;
// the fixture's files are untouched and heapsight's temp dirs are gone.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/verify/check-report.js';

const fixture = resolve('testdata/rules');
const bin = resolve('bin/heapsight');

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    try {
      out[f] = readFileSync(join(dir, f), 'utf8');
    } catch {
      // a directory
    }
  }
  return out;
}

describe('check --experiment on testdata/rules', () => {
  const root = mkdtempSync(join(tmpdir(), 'hs-experiment-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('measures each mechanical fix, writes a patch that applies, and touches nothing', () => {
    const before = snapshot(fixture);
    const tmp = join(root, 'tmp');
    mkdirSync(tmp);
    const out = join(root, 'report.json');
    const patch = join(root, 'fix.patch');
    const r = spawnSync(
      process.execPath,
      [bin, 'check', '.', '--memprofilerate', '1', '--benchtime', '2000x', '--count', '6', '--experiment', '--write-patch', patch, '--format', 'json', '-o', out, '--quiet'],
      { cwd: fixture, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp }, timeout: 400_000 },
    );
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect([0, 1]).toContain(r.status);
    const report = JSON.parse(readFileSync(out, 'utf8')) as CheckReport;
    const byKind = (kind: string) => report.rules.filter((f) => f.kind === kind && f.experiment !== undefined);
    for (const kind of ['map-without-size-hint', 'append-without-capacity', 'regexp-in-function', 'builder-without-grow', 'fmt-simple-verbs']) {
      const hits = byKind(kind);
      expect(hits.length, kind).toBeGreaterThan(0);
      for (const h of hits) {
        const e = h.experiment!;
        expect(e.status, `${kind} ${h.line}`).toBe('measured');
        const ran = e.benchmarks.filter((b) => h.measured.exercisedBy.includes(b.name.split('/')[0]!));
        expect(ran.length, `${kind} ${h.line}`).toBeGreaterThan(0);
        for (const b of ran) {
          const allocs = b.units.find((u) => u.unit === 'allocs/op')!;
          expect(b.verdict, `${kind} ${b.name}`).toBe('improvement');
          expect(allocs.after.median, `${kind} ${b.name}`).toBeLessThan(allocs.before.median);
          expect(allocs.p, `${kind} ${b.name}`).toBeLessThan(0.05);
        }
      }
    }
    for (const f of report.rules.filter((x) => x.experiment && (x.kind === 'string-concat-in-loop' || x.kind === 'pool-non-pointer'))) expect(f.experiment!.status).toBe('not-mechanical');

    // The fixture is as it was; heapsight's temp dirs are gone.
    expect(snapshot(fixture)).toEqual(before);
    expect(readdirSync(tmp)).toEqual([]);

    // The patch's paths start at the repository root (where a user runs git apply): applied to a copy of
    // the fixture at the same place, the fixed package builds and passes its tests.
    const repo = join(root, 'repo');
    const copy = join(repo, 'testdata', 'rules');
    cpSync(fixture, copy, { recursive: true });
    execFileSync('git', ['init', '-q'], { cwd: repo });
    execFileSync('git', ['apply', '--check', patch], { cwd: repo });
    execFileSync('git', ['apply', patch], { cwd: repo });
    const test = spawnSync('go', ['test', '-count=1', './...'], { cwd: copy, encoding: 'utf8' });
    expect(test.status, test.stdout + test.stderr).toBe(0);
    expect(readFileSync(join(copy, 'rules.go'), 'utf8')).not.toBe(before['rules.go']);
  }, 420_000);
});
