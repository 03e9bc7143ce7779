// experiment.e2e.test.ts measures fixes on testdata/change/v1 without
// touching it: the size hint for Fill's map (a significant drop in allocs/op,
// a patch `git apply` takes), a fix that does not build, and one that breaks
// TestFill. Real go; the package's files are compared byte for byte before
// and after, and heapsight's temporary files are gone.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/core/experiment.js';
import { liveRunner } from '../../src/toolchain/process.js';
import type { FileEdit } from '../../src/source/patch.js';

describe('fix experiments', () => {
  let root: string;
  let pkg: string;
  let file: string;
  let original: string;
  const savedTmp = process.env['TMPDIR'];
  let tmp: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'hs-exp-'));
    pkg = join(root, 'repo');
    cpSync(resolve('testdata/change/v1'), pkg, { recursive: true });
    file = join(pkg, 'shapes.go');
    original = readFileSync(file, 'utf8');
    // heapsight's own temp dirs go here, so the test sees they are removed.
    tmp = join(root, 'tmp');
    mkdirSync(tmp);
    process.env['TMPDIR'] = tmp;
  });
  afterAll(() => {
    if (savedTmp === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = savedTmp;
    rmSync(root, { recursive: true, force: true });
  });

  /** replace is an edit of the first occurrence of from (after a marker) into to, by byte offsets. */
  const replace = (from: string, to: string, after = ''): FileEdit => {
    const bytes = Buffer.from(original, 'utf8');
    const start = bytes.indexOf(Buffer.from(from), after === '' ? 0 : bytes.indexOf(Buffer.from(after)));
    return { file, startByte: start, endByte: start + Buffer.byteLength(from), text: to };
  };
  const run = (edits: FileEdit[]) =>
    runExperiment(liveRunner, { cwd: pkg, pkg: '.', root: pkg, edits, bench: '^BenchmarkFill$', count: 6, benchtime: '20ms', signal: new AbortController().signal });

  it('the size hint removes allocations, significantly; the patch applies; the tree is untouched', async () => {
    const r = await run([replace('make(map[int]int)', 'make(map[int]int, n)')]);
    expect(r.status).toBe('measured');
    const fill = r.benchmarks.find((b) => b.name === 'BenchmarkFill')!;
    expect(fill.verdict).toBe('improvement');
    const allocs = fill.units.find((u) => u.unit === 'allocs/op')!;
    expect(allocs.after.median).toBeLessThan(allocs.before.median);
    expect(allocs.p).toBeLessThan(0.05);
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(readdirSync(tmp)).toEqual([]);
    // The patch is what git apply takes, and applying it gives the fixed source.
    const repo = join(root, 'apply');
    cpSync(pkg, repo, { recursive: true });
    execFileSync('git', ['init', '-q'], { cwd: repo });
    writeFileSync(join(repo, 'fix.patch'), r.patch);
    execFileSync('git', ['apply', '--check', 'fix.patch'], { cwd: repo });
    execFileSync('git', ['apply', 'fix.patch'], { cwd: repo });
    expect(readFileSync(join(repo, 'shapes.go'), 'utf8')).toBe(original.replace('make(map[int]int)', 'make(map[int]int, n)'));
    expect(r.patch).toMatch(/^diff --git a\/shapes\.go b\/shapes\.go\n--- a\/shapes\.go\n\+\+\+ b\/shapes\.go\n@@ -\d+,7 \+\d+,7 @@\n/);
  }, 180_000);

  it('a fix that does not build is reported with the compiler\'s errors', async () => {
    const r = await run([replace('make(map[int]int)', 'make(map[int]int, nope)')]);
    expect(r.status).toBe('does-not-build');
    expect(r.buildErrors).toMatch(/undefined: nope/);
    expect(r.benchmarks).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(original);
  }, 120_000);

  it('a fix that breaks a test is reported as changing test results, and not measured', async () => {
    const r = await run([replace('i < n', 'i < n-1', 'func Fill')]);
    expect(r.status).toBe('changes-test-results');
    expect(r.tests).toEqual([{ name: 'TestFill', before: 'pass', after: 'fail' }]);
    expect(r.benchmarks).toEqual([]);
  }, 120_000);
});
