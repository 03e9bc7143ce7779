// targets.e2e.test.ts holds check's targeting against `go test -bench` run
// in each package's own directory: a root and a sub-package with benchmarks
// of the same name, ./... over three packages, a module whose root has no Go
// files, a std package from a directory outside any module, and a vendored
// dependency whose line gets its reason and the user's frame.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AllocationSiteFinding, CheckReport } from '../../src/verify/check-report.js';
import { liveRunner, type Runner } from '../../src/toolchain/process.js';
import { runCli } from '../support/cli-io.js';
import { goTestBench } from '../support/go-bench.js';

const fixtures = resolve('testdata/check/targets');
const tmp = mkdtempSync(join(tmpdir(), 'hs-targets-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// Fixed iteration counts, large enough that testing's own few allocations vanish from B/op
// (divided by b.N) and the heap profiler (one sample per 16 KiB) sees every site.
const BENCH = ['--count', '2', '--benchtime', '20000x', '--format', 'json'];

async function check(cwd: string, args: string[]): Promise<{ code: number; report: CheckReport | null; err: string; out: string }> {
  const r = await runCli(['check', '--quiet', ...args], { cwd });
  let report: CheckReport | null = null;
  try {
    report = JSON.parse(r.out) as CheckReport;
  } catch {
    report = null;
  }
  return { code: r.code, report, err: r.err, out: r.out };
}

function figures(r: CheckReport, pkg: string, name: string): { b: number; allocs: number } {
  const row = r.benchmarks.find((b) => b.package === pkg && b.name === name);
  expect(row, `${pkg} ${name} in ${JSON.stringify(r.benchmarks.map((b) => [b.package, b.name]))}`).toBeDefined();
  return { b: row!.bytesPerOp.median, allocs: row!.allocsPerOp.median };
}

describe('check benchmarks the package it is given', () => {
  const mod = join(fixtures, 'samenames');

  it('a sub-package with the root\'s benchmark names: its own binary, its own figures (= go test -bench in its directory)', async () => {
    const [r, anchor] = await Promise.all([check(mod, ['./sub', ...BENCH]), goTestBench(join(mod, 'sub'), { bench: '.', count: 1, benchtime: '20000x' })]);
    expect(r.code, r.err).toBe(0);
    expect(r.report!.packages).toEqual(['example.com/samenames/sub']);
    expect(r.report!.benchmarks.map((b) => [b.package, b.name])).toEqual([['example.com/samenames/sub', 'BenchmarkEncode']]);
    const got = figures(r.report!, 'example.com/samenames/sub', 'BenchmarkEncode');
    expect(got).toEqual({ b: anchor.get('BenchmarkEncode')!['B/op'], allocs: anchor.get('BenchmarkEncode')!['allocs/op'] });
    expect(got.b).toBe(256);
    // The top site is the sub-package's own line, not the root's.
    const top = r.report!.findings[0] as AllocationSiteFinding;
    expect(top.file).toBe(join(mod, 'sub', 'enc.go'));
    expect(top.package).toBe('example.com/samenames/sub');
  });

  it('./... runs every package once, named by import path, each equal to go test -bench in its directory', async () => {
    const r = await check(mod, ['./...', ...BENCH]);
    expect(r.code, r.err).toBe(0);
    const rep = r.report!;
    expect(rep.benchmarks.map((b) => `${b.package} ${b.name}`).sort()).toEqual([
      'example.com/samenames BenchmarkEncode',
      'example.com/samenames/other BenchmarkFill',
      'example.com/samenames/sub BenchmarkEncode',
    ]);
    for (const [dir, pkg, name] of [
      ['.', 'example.com/samenames', 'BenchmarkEncode'],
      ['sub', 'example.com/samenames/sub', 'BenchmarkEncode'],
      ['other', 'example.com/samenames/other', 'BenchmarkFill'],
    ] as const) {
      const anchor = (await goTestBench(join(mod, dir), { bench: '.', count: 1, benchtime: '20000x' })).get(name)!;
      expect(figures(rep, pkg, name), `${pkg} ${name}`).toEqual({ b: anchor['B/op'], allocs: anchor['allocs/op'] });
    }
    // Custom units (b.ReportMetric, b.SetBytes) are reported with benchstat's statistics.
    const fill = rep.benchmarks.find((b) => b.name === 'BenchmarkFill')!;
    expect(Object.keys(fill.metrics).sort()).toEqual(['B/s', 'ints/op']);
    expect(fill.metrics['ints/op']).toMatchObject({ median: 8, n: 2 });
    // Text groups the tables by package and shows the custom columns.
    const text = await runCli(['check', '--quiet', './...', '--count', '2', '--benchtime', '20000x'], { cwd: mod });
    expect(text.out).toMatch(/^pkg: example\.com\/samenames\/sub$/m);
    expect(text.out).toMatch(/ints\/op/);
    // bench shows them too, in text and in JSON's units.
    const bench = await runCli(['bench', './other', '--count', '2', '--benchtime', '20000x'], { cwd: mod });
    expect(bench.code, bench.err).toBe(0);
    expect(bench.out).toMatch(/B\/s +ints\/op/);
    expect(bench.out).toMatch(/8\.00 ± ∞/);
    const benchJson = await runCli(['bench', './other', '--count', '2', '--benchtime', '20000x', '--format', 'json'], { cwd: mod });
    const units = (JSON.parse(benchJson.out) as { packages: { benchmarks: { units: Record<string, { median: number }> }[] }[] }).packages[0]!.benchmarks[0]!.units;
    expect(units['ints/op']?.median).toBe(8);
    expect(units['B/s']?.median).toBeGreaterThan(0);
  });

  it('a /v10 module: the timing and profiling runs use the diagnostic build\'s binary (majorv10.test), no second go test -c', async () => {
    const argvs: string[][] = [];
    const runner: Runner = { run: (req) => (argvs.push([...req.argv]), liveRunner.run(req)) };
    const dir = join(fixtures, 'majorv10');
    const r = await runCli(['check', '--quiet', '--no-coverage', '--no-cache', ...BENCH], { cwd: dir, runner });
    expect(r.code, r.err).toBe(0);
    const builds = argvs.filter((a) => a[1] === 'test' && a[2] === '-c');
    expect(builds.length, builds.map((a) => a.join(' ')).join('\n')).toBe(1);
    expect(builds[0]!.some((a) => a.startsWith('-gcflags='))).toBe(true);
    const runs = argvs.filter((a) => a.some((x) => x.startsWith('-test.bench=')));
    expect(runs.length).toBeGreaterThan(0);
    for (const a of runs) expect(a.find((x) => x.endsWith('.test'))).toMatch(/\/majorv10\.test$/);
    const report = JSON.parse(r.out) as CheckReport;
    expect(figures(report, 'example.com/majorv10/v10', 'BenchmarkEncode')).toEqual({ b: 32, allocs: 1 });
  }, 120_000);

  it('a module whose root has no Go files: ./a works, and . says there are no Go files', async () => {
    const root = join(fixtures, 'noroot');
    const ok = await check(root, ['./a', ...BENCH]);
    expect(ok.code, ok.err).toBe(0);
    expect(figures(ok.report!, 'example.com/noroot/a', 'BenchmarkNew')).toEqual({ b: 32, allocs: 1 });
    const bad = await runCli(['check', '--quiet', '.'], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/no Go files/);
    expect(bad.err).not.toMatch(/\n\s+at /);
  });

  it('a pattern that matches only packages without test files says so, exit 2', async () => {
    const dir = join(tmp, 'notests');
    cpSync(join(fixtures, 'noroot'), dir, { recursive: true });
    rmSync(join(dir, 'a', 'a_test.go'));
    const r = await runCli(['check', '--quiet', './...'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/example\.com\/noroot\/a: no test files, so no benchmarks/);
  });

  it('a pattern that matches nothing says so, exit 2', async () => {
    const dir = join(tmp, 'emptymod');
    cpSync(join(fixtures, 'noroot'), dir, { recursive: true });
    rmSync(join(dir, 'a'), { recursive: true });
    const none = await runCli(['check', '--quiet', './...'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/\.\/\.\.\. matched no Go packages/);
    const missing = await runCli(['check', '--quiet', 'example.com/noroot/zzz'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/example\.com\/noroot\/zzz is not a Go package/);
    expect(missing.err + none.err).not.toMatch(/\n\s+at /);
  });

  it('a std package from a directory outside any module', async () => {
    const outside = mkdtempSync(join(tmp, 'nomod-'));
    const r = await check(outside, ['unicode/utf8', '--bench', '^BenchmarkRuneCountTenASCIIChars$', ...BENCH]);
    expect(r.code, r.err).toBe(0);
    expect(r.report!.packages).toEqual(['unicode/utf8']);
    expect(r.report!.benchmarks.map((b) => b.name)).toEqual(['BenchmarkRuneCountTenASCIIChars']);
    expect(figures(r.report!, 'unicode/utf8', 'BenchmarkRuneCountTenASCIIChars')).toEqual({ b: 0, allocs: 0 });
  });

  it('a vendored dependency: its line is joined with its own compiler evidence and points back to the user\'s frame', async () => {
    const dir = join(fixtures, 'vendored');
    const r = await check(dir, ['.', ...BENCH]);
    expect(r.code, r.err).toBe(0);
    const rep = r.report!;
    expect(figures(rep, 'example.com/vendored', 'BenchmarkUse')).toEqual({ b: 64, allocs: 1 });
    const site = rep.findings.find((f): f is AllocationSiteFinding => f.kind === 'allocation-site' && f.file === join(dir, 'vendor/example.com/dep/dep.go'));
    expect(site, JSON.stringify(rep.findings.map((f) => `${f.file}:${f.line}`))).toBeDefined();
    expect(site!.package).toBe('example.com/dep');
    expect(site!.evidence).toEqual({ status: 'dependency' });
    expect(site!.reason).toEqual({ kind: 'compiler-decision' });
    expect(site!.compiler.map((c) => [c.kind, c.subject])).toContainEqual(['escapes-to-heap', '&Entry{...}']);
    expect(site!.userFrame).toMatchObject({ function: 'example.com/vendored.Use', file: join(dir, 'use.go'), line: 7, allocBytes: site!.allocBytes });
    expect(rep.dependencies.packages.find((p) => p.importPath === 'example.com/dep')?.collected).toBe(true);
    // The user's line ranks by what its callee allocated.
    expect(rep.userLines.find((l) => !l.inTestFile)).toMatchObject({ function: 'example.com/vendored.Use', line: 7, flatBytes: 0 });
  });

  it('dependency evidence is cached per package: a second run that also wants small compiles small alone, then nothing', async () => {
    const dir = join(fixtures, 'twodeps');
    const env = { ...process.env, HEAPSIGHT_CACHE: mkdtempSync(join(tmp, 'cache-')) };
    const builds = async (depsMin: string): Promise<string[]> => {
      const argvs: string[][] = [];
      const runner: Runner = { run: (req) => (argvs.push([...req.argv]), liveRunner.run(req)) };
      const r = await runCli(['check', '--quiet', '--no-coverage', '--deps-min', depsMin, ...BENCH], { cwd: dir, runner, env });
      expect(r.code, r.err).toBe(0);
      const report = JSON.parse(r.out) as CheckReport;
      expect(report.dependencies.packages.filter((p) => p.collected).map((p) => p.importPath).sort()).toEqual(depsMin === '50%' ? ['example.com/big'] : ['example.com/big', 'example.com/small']);
      // What each dependency build compiled: its package arguments (the last argv elements after the flags). The
      // targets' own -m=2 -S build beside their -json test build is a go build too, without -json.
      return argvs
        .filter((a) => a[1] === 'build' && a.some((x) => x.startsWith('-gcflags=-json=')))
        .map((a) => a.slice(a.findIndex((x) => x.startsWith('-gcflags=')) + 1).join(' '));
    };
    expect(await builds('50%')).toEqual(['example.com/big']);
    expect(await builds('0.1%')).toEqual(['example.com/small']);
    expect(await builds('0.1%')).toEqual([]);
  }, 120_000);

  it('--deps-min off: the dependency line says its evidence was not collected, and how to get it', async () => {
    const dir = join(fixtures, 'vendored');
    const r = await runCli(['check', '--quiet', '.', '--count', '1', '--benchtime', '20000x', '--deps-min', 'off'], { cwd: dir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/compiler evidence not collected for example\.com\/dep \(--deps-min off/);
    expect(r.out).toMatch(/via vendored\.Use use\.go:7/);
    expect(r.out).not.toMatch(/callee the profile hides/);
  });
});
