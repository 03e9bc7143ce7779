// test-text.e2e.test.ts: check's split diagnostic build on the real go1.26.8
// toolchain (testdata/escape/testtext). Without --tests, check compiles the
// test binary with -json only and the package alone with -m=2 -S beside it
// (CollectOptions.testText false): what it says about the package's own
// files must be what the full build says, and about the test files only
// what -json gives, named as such (textLeftOut, reason text-not-read).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCompilerEvidence, type CompilerEvidence, type EscapeSite } from '../../src/escape/index.js';
import { decodeEntry, encodeEntryLines } from '../../src/escape/evidence-cache.js';
import { gzipSync } from 'node:zlib';
import { findGo, type GoToolchain } from '../../src/toolchain/go-command.js';
import { liveRunner, type Runner } from '../../src/toolchain/process.js';
import type { AllocationSiteFinding, CheckReport } from '../../src/verify/check-report.js';
import { runCli } from '../support/cli-io.js';
import { testdata } from './golden.js';

const dir = join(testdata, 'testtext');
const testFile = join(dir, 'lib_test.go');
const scratch = mkdtempSync(join(tmpdir(), 'heapsight-testtext-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function countingRunner(): { runner: Runner; argvs: string[][] } {
  const argvs: string[][] = [];
  return { argvs, runner: { run: (req) => (argvs.push([...req.argv]), liveRunner.run(req)) } };
}
const builds = (argvs: readonly string[][]): string[][] => argvs.filter((a) => a.some((x) => x.startsWith('-gcflags=')));
const isTest = (s: EscapeSite): boolean => s.pos.file === testFile || s.inlinedAt.some((p) => p.file === testFile);
const key = (s: EscapeSite): string => `${s.pos.file}:${s.pos.line}:${s.pos.column} ${s.kind} ${s.subject} ${s.function} [${s.inlinedAt.map((p) => `${p.line}:${p.column}`).join(' ')}]`;

let go: GoToolchain;
let full: CompilerEvidence;
let split: CompilerEvidence;
let splitArgvs: string[][];
let fullArgvs: string[][];
beforeAll(async () => {
  go = await findGo(liveRunner, dir);
  const a = countingRunner();
  full = await collectCompilerEvidence(a.runner, go, { cwd: dir, packages: ['.'], keepForeign: true, cacheDir: null, testText: true });
  fullArgvs = a.argvs;
  const b = countingRunner();
  split = await collectCompilerEvidence(b.runner, go, { cwd: dir, packages: ['.'], keepForeign: true, cacheDir: null, testText: false });
  splitArgvs = b.argvs;
}, 120_000);

describe('testText false: the test build with -json only, the package alone with -m=2 -S', () => {
  it('runs the two builds: go test -c -gcflags=-json=… and go build -gcflags=-m=2 -S of the package', () => {
    expect(builds(fullArgvs)).toHaveLength(1);
    expect(builds(fullArgvs)[0]!.find((x) => x.startsWith('-gcflags='))).toMatch(/^-gcflags=-json=0,\S+ -m=2 -S$/);
    const split2 = builds(splitArgvs);
    expect(split2).toHaveLength(2);
    const test = split2.find((a) => a[1] === 'test')!;
    expect(test.find((x) => x.startsWith('-gcflags='))).toMatch(/^-gcflags=-json=0,\S+$/);
    const own = split2.find((a) => a[1] === 'build')!;
    expect(own.slice(1)).toEqual(['build', '-o=/dev/null', '-gcflags=-m=2 -S', 'example.com/testtext']);
  });

  it("says the package's own files as the full build does, generic code only the tests instantiate included", () => {
    const ownFull = full.sites.filter((s) => !isTest(s)).map(key).sort();
    const ownSplit = split.sites.filter((s) => !isTest(s)).map(key).sort();
    expect(ownSplit).toEqual(ownFull);
    // Clone's make is compiled in the test build only: its decision comes from that build's -json.
    expect(ownSplit.some((k) => /lib\.go:12:\d+ escapes-to-heap .*Clone/.test(k))).toBe(true);
    const callKey = (c: { file: string; line: number; call: string }): string => `${c.file}:${c.line} ${c.call}`;
    // The package's own lines; other packages' code inlined into the tests is the tests' code (text not read).
    const ownCalls = (ev: CompilerEvidence): string[] => [...new Set(ev.runtimeCalls.filter((c) => c.file.startsWith(`${dir}/`) && c.file !== testFile).map(callKey))].sort();
    // Clone's code is listed by the test build only (its -S not read): the join says text-not-read for generic lines.
    const clone = `${join(dir, 'lib.go')}:12 runtime.mallocgc`;
    expect(ownCalls(full)).toEqual([clone, `${join(dir, 'lib.go')}:6 runtime.concatstring2`]);
    expect(ownCalls(split)).toEqual(ownCalls(full).filter((k) => k !== clone));
  });

  it("keeps the test files' heap decisions, and names the files whose text was not read", () => {
    const heap = (ev: CompilerEvidence): string[] => ev.sites.filter((s) => isTest(s) && (s.kind === 'escapes-to-heap' || s.kind === 'moved-to-heap')).map(key).sort();
    expect(heap(split)).toEqual(heap(full));
    expect(heap(split).some((k) => k.includes('lib_test.go:13:') && k.includes('map[int]int{}'))).toBe(true);
    expect(split.textLeftOut).toEqual([testFile]);
    expect(full.textLeftOut).toBeUndefined();
    // What only the text says is absent at test lines, not invented: no "does not escape", no runtime calls.
    expect(full.sites.some((s) => s.pos.file === testFile && s.kind === 'does-not-escape')).toBe(true);
    expect(split.sites.some((s) => s.pos.file === testFile && s.kind === 'does-not-escape')).toBe(false);
    expect(full.runtimeCalls.some((c) => c.file === testFile && c.line === 15 && c.call === 'runtime.mapassign_fast64')).toBe(true);
    expect(split.runtimeCalls.some((c) => c.file === testFile)).toBe(false);
  });

  it('keeps textLeftOut through a cache entry', () => {
    const bytes = gzipSync(Buffer.from([...encodeEntryLines('k', split)].join('')));
    const back = decodeEntry(bytes, 'k');
    expect(back.ok && back.evidence.textLeftOut).toEqual([testFile]);
    const damaged = gzipSync(Buffer.from([...encodeEntryLines('k', { ...split, textLeftOut: [testFile] })].join('').replace(`"textLeftOut":["${testFile}"]`, '"textLeftOut":[7]')));
    expect(decodeEntry(damaged, 'k')).toMatchObject({ ok: false, reason: 'corrupt: bad header' });
  });

  it('is its own cache entry: the full evidence is never served for the split, nor the other way round', async () => {
    const cacheDir = join(scratch, 'cache');
    const first = countingRunner();
    await collectCompilerEvidence(first.runner, go, { cwd: dir, packages: ['.'], cacheDir, testText: false });
    const other = countingRunner();
    const ev = await collectCompilerEvidence(other.runner, go, { cwd: dir, packages: ['.'], cacheDir, testText: true });
    expect(builds(other.argvs)).toHaveLength(1);
    expect(ev.textLeftOut).toBeUndefined();
    const again = countingRunner();
    const hit = await collectCompilerEvidence(again.runner, go, { cwd: dir, packages: ['.'], cacheDir, testText: false });
    expect(builds(again.argvs)).toEqual([]);
    expect(hit.textLeftOut).toEqual([testFile]);
  }, 120_000);
});

/** withCommand copies testtext to name with a command beside it (cmd/tool: load returns a *cfg), and its test file when given. */
function withCommand(name: string, testFile?: string): { mod: string; main: string; mainTest: string } {
  const mod = join(scratch, name);
  cpSync(dir, mod, { recursive: true });
  const main = join(mod, 'cmd', 'tool', 'main.go');
  const mainTest = join(mod, 'cmd', 'tool', 'main_test.go');
  mkdirSync(dirname(main), { recursive: true });
  writeFileSync(main, 'package main\n\nimport "fmt"\n\ntype cfg struct{ n int }\n\nfunc load(n int) *cfg {\n\treturn &cfg{n}\n}\n\nfunc main() {\n\tc := load(3)\n\tfmt.Println(c.n)\n}\n');
  if (testFile !== undefined) writeFileSync(mainTest, testFile);
  return { mod, main, mainTest };
}

describe('testText false with a main package without tests among the targets', () => {
  it('splits the build all the same, and says of the main package what the full build says', async () => {
    // A command beside the library (zerolog's cmd/prettylog beside its packages): "main" in both builds.
    const { mod, main } = withCommand('with-cmd');
    const patterns = ['.', './cmd/tool'];
    const a = countingRunner();
    const whole = await collectCompilerEvidence(a.runner, go, { cwd: mod, packages: patterns, keepForeign: true, cacheDir: null, testText: true });
    const b = countingRunner();
    const apart = await collectCompilerEvidence(b.runner, go, { cwd: mod, packages: patterns, keepForeign: true, cacheDir: null, testText: false });
    expect(builds(b.argvs).map((x) => x[1])).toEqual(expect.arrayContaining(['test', 'build']));
    expect(builds(b.argvs).find((x) => x[1] === 'build')).toContain('example.com/testtext/cmd/tool');
    const inMain = (ev: CompilerEvidence): string[] => ev.sites.filter((s) => s.pos.file === main).map(key).sort();
    expect(inMain(whole).length).toBeGreaterThan(2);
    expect(inMain(whole).some((k) => / escapes-to-heap .*cfg/.test(k))).toBe(true);
    expect(inMain(apart)).toEqual(inMain(whole));
    const calls = (ev: CompilerEvidence): string[] => [...new Set(ev.runtimeCalls.filter((c) => c.file === main).map((c) => `${c.line} ${c.call} ${c.function}`))].sort();
    expect(calls(whole).length).toBeGreaterThan(0);
    expect(calls(apart)).toEqual(calls(whole));
  }, 120_000);
});

describe('testText false with a main package with tests among the targets', () => {
  it('builds that command whole on its own, and splits the rest', async () => {
    const { mod, main, mainTest } = withCommand('with-tested-cmd', 'package main\n\nimport "testing"\n\nvar sink *cfg\n\nfunc BenchmarkLoad(b *testing.B) {\n\tfor i := 0; i < b.N; i++ {\n\t\tsink = load(i)\n\t}\n}\n');
    const patterns = ['.', './cmd/tool'];
    const a = countingRunner();
    const whole = await collectCompilerEvidence(a.runner, go, { cwd: mod, packages: patterns, keepForeign: true, cacheDir: null, testText: true });
    const b = countingRunner();
    const apart = await collectCompilerEvidence(b.runner, go, { cwd: mod, packages: patterns, keepForeign: true, cacheDir: null, testText: false });
    const gcflags = (x: readonly string[]): string => x.find((f) => f.startsWith('-gcflags='))!;
    const tool = 'example.com/testtext/cmd/tool';
    // The library: its test build -json only, its own files -m=2 -S beside; the command: one -m=2 -S test build.
    expect(builds(b.argvs).map((x) => `${x[1]} ${/-m=2/.test(gcflags(x)) ? 'text' : 'json'} ${x.includes(tool) ? 'tool' : 'lib'}`).sort()).toEqual(['build text lib', 'test json lib', 'test text tool']);
    // In the test binary the command is named by its import path, in both builds.
    const inMain = (ev: CompilerEvidence): string[] => ev.sites.filter((s) => s.pos.file === main || s.pos.file === mainTest).map(key).sort();
    expect(inMain(whole).some((k) => k.includes(`${tool}.load`))).toBe(true);
    expect(inMain(apart)).toEqual(inMain(whole));
    expect(apart.textLeftOut).toEqual([testFile.replace(dir, mod)]);
    const calls = (ev: CompilerEvidence): string[] => [...new Set(ev.runtimeCalls.filter((c) => c.file === main || c.file === mainTest).map((c) => `${c.line} ${c.call} ${c.function}`))].sort();
    expect(calls(whole).length).toBeGreaterThan(0);
    expect(calls(apart)).toEqual(calls(whole));
  }, 120_000);
});

describe('check on testdata/escape/testtext: test lines say what was read', () => {
  const check = async (extra: string[]): Promise<CheckReport> => {
    const r = await runCli(['check', '--quiet', dir, '--bench', '.', '--count', '1', '--benchtime', '100x', '--memprofilerate', '1', '--no-cache', '--no-coverage', '--format', 'json', ...extra], { cwd: dir });
    expect(r.code, r.err).toBe(0);
    return JSON.parse(r.out) as CheckReport;
  };
  const at = (r: CheckReport, file: string, line: number): AllocationSiteFinding | undefined =>
    r.findings.find((f): f is AllocationSiteFinding => f.kind === 'allocation-site' && f.file === join(dir, file) && f.line === line);

  it("a benchmark's map insert: text-not-read without --tests, its runtime call with it", async () => {
    const plain = await check([]);
    const insert = at(plain, 'lib_test.go', 15);
    expect(insert?.reason).toEqual({ kind: 'text-not-read' });
    expect(insert?.runtimeCalls).toEqual([]);
    // The map literal's own decision comes from -json; Clone's (instantiated by the tests only) too.
    expect(at(plain, 'lib_test.go', 13)?.reason).toEqual({ kind: 'compiler-decision' });
    expect(at(plain, 'lib.go', 12)?.reason).toEqual({ kind: 'compiler-decision' });
    const tests = await check(['--tests']);
    expect(at(tests, 'lib_test.go', 15)?.reason).toEqual({ kind: 'runtime-call', call: 'runtime.mapassign_fast64' });
  }, 120_000);

  it('reads the test files\' text when one holds a directive (noescape and inline are judged on it)', async () => {
    const copy = join(scratch, 'with-directive');
    cpSync(dir, copy, { recursive: true });
    const test = join(copy, 'lib_test.go');
    writeFileSync(test, readFileSync(test, 'utf8').replace('\tq := &point{1, 2}', '\tq := &point{1, 2} //heapsight:noescape'));
    const r = await runCli(['check', '--quiet', copy, '--bench', 'Fill', '--count', '1', '--benchtime', '100x', '--memprofilerate', '1', '--no-cache', '--no-coverage', '--format', 'json'], { cwd: copy });
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as CheckReport;
    const insert = report.findings.find((f): f is AllocationSiteFinding => f.kind === 'allocation-site' && f.file === test && f.line === 15);
    expect(insert?.reason).toEqual({ kind: 'runtime-call', call: 'runtime.mapassign_fast64' });
    expect(report.assertions.results.map((a) => [a.kind, a.status])).toEqual([['noescape', 'held']]);
  }, 120_000);

  it('words the reason in the text report', async () => {
    const r = await runCli(['check', '--quiet', dir, '--bench', 'Fill', '--count', '1', '--benchtime', '100x', '--memprofilerate', '1', '--no-cache', '--no-coverage'], { cwd: dir });
    expect(r.code, r.err).toBe(0);
    expect(r.out.replace(/\s+/g, ' ')).toContain("compiled with -json only, and it reports no escape at this line; the -m=2/-S text that names this line's runtime calls was not read");
  }, 120_000);
});
