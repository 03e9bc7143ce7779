// lean-tests.e2e.test.ts holds check's test binaries built from test files
// without their Test, Example and Fuzz bodies (leanTestOverlay) against the
// files as they are, on code nobody here wrote: the standard library's
// encoding/json (24 test files, most of them Test and Example functions,
// beside its benchmarks). Every function the lean binary holds compiles to
// the same instructions as in the full one (the timing and profiling runs
// measure the benchmarks the user's go test -c builds); the coverage build
// covers the same blocks; a lean file that does not build is mended, or
// built as it is.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leanTestOverlay, repairLeanOverlay } from '../../src/core/lean-tests.js';
import { listDependencies, listPackages, withOverlay, type GoPackage } from '../../src/toolchain/go-build.js';
import { findGo, type GoToolchain } from '../../src/toolchain/go-command.js';
import { liveRunner } from '../../src/toolchain/process.js';
import { compileTestBinary } from '../../src/toolchain/test-binary.js';
import { ToolchainError } from '../../src/errors.js';
import type { CheckReport } from '../../src/verify/check-report.js';
import { runCli } from '../support/cli-io.js';

const tmp = mkdtempSync(join(tmpdir(), 'hs-cover-overlay-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let go: GoToolchain;
let pkg: GoPackage;
beforeAll(async () => {
  go = await findGo(liveRunner, tmp);
  const listed = await listPackages(liveRunner, go, { cwd: tmp, patterns: ['encoding/json'] });
  expect(listed).toHaveLength(1);
  pkg = listed[0]!;
});

async function coverOf(name: string, overlay: string | undefined): Promise<string[]> {
  const bin = await compileTestBinary(liveRunner, go, { cwd: tmp, importPath: 'encoding/json', dir: pkg.dir, outDir: join(tmp, name), coverPackages: ['encoding/json'], ...(overlay ? { overlay } : {}) });
  const profile = join(tmp, `${name}.cover.out`);
  const run = await liveRunner.run({
    argv: [bin!.path, '-test.run=^$', '-test.bench=^Benchmark(UnicodeDecoder|DecoderStream|UnmarshalNumber|NumberIsValid)$', '-test.benchtime=1x', `-test.coverprofile=${profile}`],
    cwd: pkg.dir,
  });
  expect(run.exitCode, run.stderr).toBe(0);
  // "file:start,end statements count": check reads whether a block ran, not how often (RunParallel's split of
  // the iterations between goroutines moves the counts from run to run).
  return readFileSync(profile, 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.replace(/ (\d+)$/, (_, n: string) => (n === '0' ? ' not run' : ' ran')))
    .sort();
}

/** listings splits -S output into each function's instructions, the compiler's numbering of its own symbols made alike. */
function listings(stderr: string): Map<string, string> {
  const out = new Map<string, string>();
  let name: string | null = null;
  let body: string[] = [];
  const flush = (): void => {
    if (name !== null) out.set(name, body.join('\n'));
  };
  for (const line of stderr.split('\n')) {
    const head = /^(\S+) STEXT/.exec(line);
    if (head) {
      flush();
      name = head[1]!;
      body = [];
    } else if (line.startsWith('\t') && name !== null) {
      // Static temporaries, type-assertion caches and local types are numbered in the order the package compiles them.
      body.push(line.replace(/\.\.(stmp|typeAssert|interfaceSwitch|dict)[._]\d+|·\d+/g, '#'));
    } else {
      flush();
      name = null;
    }
  }
  flush();
  return out;
}

describe('test binaries without Test bodies', () => {
  it('hold the benchmarks and everything they reach as the test files as they are compile them', async () => {
    const overlay = leanTestOverlay(go, [pkg], join(tmp, 'asm-overlay'), await listDependencies(liveRunner, go, { cwd: tmp, patterns: ['encoding/json'] }));
    expect(overlay).toBeDefined();
    const asm = async (name: string, extra: string[]): Promise<Map<string, string>> => {
      // A build-cache hit prints no listing: a fresh -json dir makes the compile a new one (a -trimpath would
      // replace the one go passes to name the overlay's files by the files they replace).
      const fresh = `-json=0,${join(tmp, `json-${name}`)}`;
      const argv = [go.goBin, 'test', '-c', '-vet=off', '-o', join(tmp, `${name}.test`), `-gcflags=encoding/json=-S ${fresh}`, ...extra, 'encoding/json'];
      const r = await liveRunner.run({ argv, cwd: tmp });
      expect(r.exitCode, r.stderr.slice(-2000)).toBe(0);
      return listings(r.stderr);
    };
    const lean = await asm('asm-lean', [`-overlay=${overlay}`]);
    const full = await asm('asm-full', []);
    const benchmarks = [...full.keys()].filter((n) => /^encoding\/json\.Benchmark/.test(n));
    expect(benchmarks.length).toBeGreaterThan(20);
    for (const b of benchmarks) expect(lean.get(b), b).toBe(full.get(b));
    // The rest: none only in the lean binary; those in both alike, except the generated test main (it lists fewer
    // examples: their // Output comments are gone) and the emptied entry points.
    expect([...lean.keys()].filter((n) => !full.has(n))).toEqual([]);
    const compared = [...lean.keys()].filter((n) => !n.startsWith('main.') && !/^encoding\/json(_test)?\.(Test|Example|Fuzz)/.test(n));
    expect(compared.length).toBeGreaterThan(500);
    expect(compared.filter((n) => lean.get(n) !== full.get(n))).toEqual([]);
    // Test bodies are gone: the full binary holds functions only they used.
    expect(full.size).toBeGreaterThan(lean.size);
  }, 180_000);
});

describe('a lean file the compiler refuses', () => {
  it('is mended from its errors: html/template\'s exec_test.go names a local variable "template", not the import', async () => {
    const [ht] = await listPackages(liveRunner, go, { cwd: tmp, patterns: ['html/template'] });
    const file = leanTestOverlay(go, [ht!], join(tmp, 'ht-overlay'), await listDependencies(liveRunner, go, { cwd: tmp, patterns: ['html/template'] }));
    expect(file).toBeDefined();
    const builds: (string | undefined)[] = [];
    const errors: string[] = [];
    const overlay = { file: file!, repair: (e: string) => (errors.push(e), repairLeanOverlay(file!, e)) };
    const bin = await withOverlay(overlay, (o) => {
      builds.push(o);
      return compileTestBinary(liveRunner, go, { cwd: tmp, importPath: 'html/template', dir: ht!.dir, outDir: join(tmp, 'ht-bin'), ...(o ? { overlay: o } : {}) });
    });
    expect(bin).not.toBeNull();
    // The first lean build failed on the import, the mended one built: never the files as they are.
    expect(errors.join('\n')).toMatch(/exec_test\.go:\d+:\d+: "text\/template" imported and not used/);
    expect(builds).toEqual([file, file]);
    const replace = (JSON.parse(readFileSync(file!, 'utf8')) as { Replace: Record<string, string> }).Replace;
    const exec = readFileSync(replace[join(ht!.dir, 'exec_test.go')]!, 'utf8');
    expect(exec).toMatch(/^\t_ "text\/template"$/m);
    // Errors that name none of the lean files mend nothing.
    expect(repairLeanOverlay(file!, 'p.go:3:2: "fmt" imported and not used\n')).toBe(false);
  }, 180_000);
});

describe('the coverage build without Test bodies', () => {
  it('covers exactly the lines the full coverage build covers, for the same benchmarks', async () => {
    const overlay = leanTestOverlay(go, [pkg], join(tmp, 'overlay'), await listDependencies(liveRunner, go, { cwd: tmp, patterns: ['encoding/json'] }));
    expect(overlay).toBeDefined();
    const replaced = Object.keys((JSON.parse(readFileSync(overlay!, 'utf8')) as { Replace: Record<string, string> }).Replace);
    expect(replaced.length).toBeGreaterThan(5);
    const lean = await coverOf('lean', overlay);
    const full = await coverOf('full', undefined);
    // Decoding benchmarks on one goroutine: RunParallel splits the iterations between goroutines differently each
    // run, and Marshal's encodeStatePool hits or misses with the GC and the P (newEncodeState's two branches moved
    // between runs of one binary under load; 12 runs of these four moved no block). Should one still move, compared
    // where two runs of the full build agree.
    const again = await coverOf('full', undefined);
    expect(lean.length).toBeGreaterThan(100);
    expect(lean.filter((l) => l.endsWith(' ran')).length).toBeGreaterThan(10);
    const block = (l: string): string => l.replace(/ (ran|not run)$/, '');
    expect(lean.map(block)).toEqual(full.map(block));
    const stable = new Set(full.filter((l) => again.includes(l)));
    expect(stable.size).toBeGreaterThan(full.length * 0.95);
    expect(full.filter((l) => stable.has(l) && !lean.includes(l))).toEqual([]);
  }, 180_000);

  /** growModule writes a module whose p.go appends in Grow (line 6) and whose p_test.go is testFile. */
  const growModule = (name: string, testFile: string): string => {
    const mod = join(tmp, name);
    mkdirSync(mod, { recursive: true });
    writeFileSync(join(mod, 'go.mod'), `module example.com/${name}\n\ngo 1.24\n`);
    writeFileSync(join(mod, 'p.go'), 'package p\n\nfunc Grow(n int) []int {\n\tvar s []int\n\tfor i := 0; i < n; i++ {\n\t\ts = append(s, i)\n\t}\n\treturn s\n}\n');
    writeFileSync(join(mod, 'p_test.go'), testFile);
    return mod;
  };
  // fmt is used only in TestA, but a kept helper's string names "fmt.Sprint": the import stays and is unused.
  const leanFails = (): string =>
    growModule(
      'leanfails',
      'package p\n\nimport (\n\t"fmt"\n\t"testing"\n)\n\nfunc label() string { return "fmt.Sprint" }\n\nfunc TestA(t *testing.T) {\n\tfmt.Println(label())\n}\n\nfunc BenchmarkGrow(b *testing.B) {\n\tfor i := 0; i < b.N; i++ {\n\t\t_ = Grow(64)\n\t}\n}\n',
    );

  it('when the lean files do not build, check mends them and loses no evidence or coverage', async () => {
    const mod = leanFails();
    const [p] = await listPackages(liveRunner, go, { cwd: mod, patterns: ['.'] });
    const overlay = leanTestOverlay(go, [p!], join(tmp, 'leanfails-overlay'));
    expect(overlay).toBeDefined();
    const lean = await compileTestBinary(liveRunner, go, { cwd: mod, importPath: p!.importPath, dir: mod, outDir: join(tmp, 'leanfails-bin'), coverPackages: [p!.importPath], overlay }).catch((e: unknown) => e);
    expect(lean).toBeInstanceOf(ToolchainError);
    const r = await runCli(['check', '-x', '.', '--bench', '.', '--count', '1', '--benchtime', '100x', '--format', 'json', '--quiet'], { cwd: mod });
    expect(r.code, r.err).toBe(0);
    // -x: the diagnostic build ran twice with the overlay (refused, then mended), never without it; the coverage build once, mended.
    const builds = r.err.split('\n').filter((l) => /^\+ .* go test -c /.test(l));
    expect(builds.filter((l) => /-gcflags=-json=0/.test(l)).map((l) => /-overlay=/.test(l))).toEqual([true, true]);
    expect(builds.filter((l) => / -cover /.test(l)).map((l) => /-overlay=/.test(l))).toEqual([true]);
    const report = JSON.parse(r.out) as CheckReport;
    expect(report.coverage).toEqual({ benchmarks: 1, failed: [] });
    expect(report.warnings.filter((w) => /coverage/.test(w))).toEqual([]);
    // The benchmark ran, and its bytes have the compiler's reason.
    expect(report.benchmarks.map((b) => b.name)).toEqual(['BenchmarkGrow']);
    const grow = report.findings.find((f) => f.kind === 'allocation-site' && f.file.endsWith('p.go') && f.line === 6);
    expect(grow?.kind === 'allocation-site' ? grow.reason.kind : null).toBe('compiler-decision');
    // The append in Grow ran in the benchmark: its rule hit is exercised.
    const hit = report.rules.find((h) => h.function === 'Grow');
    expect(hit?.measured?.exercised).toBe(true);
  }, 180_000);

  it('a compile error in a Test body stops neither check nor bench; check --tests, which compiles the bodies, stops on it', async () => {
    const mod = growModule(
      'testbodybroken',
      'package p\n\nimport "testing"\n\nfunc BenchmarkGrow(b *testing.B) {\n\tfor i := 0; i < b.N; i++ {\n\t\t_ = Grow(64)\n\t}\n}\n\nfunc TestA(t *testing.T) {\n\tt.Log(nope)\n}\n',
    );
    const lean = await runCli(['check', '.', '--bench', '.', '--count', '1', '--benchtime', '100x', '--format', 'json', '--quiet'], { cwd: mod });
    expect(lean.code, lean.err).toBe(0);
    expect((JSON.parse(lean.out) as CheckReport).benchmarks.map((b) => b.name)).toEqual(['BenchmarkGrow']);
    const whole = await runCli(['check', '.', '--bench', '.', '--count', '1', '--benchtime', '100x', '--tests', '--quiet'], { cwd: mod });
    expect(whole.code).toBe(2);
    expect(whole.err).toMatch(/p_test\.go:12:\d+: undefined: nope/);
    // bench compiles its binary from the lean files too.
    const bench = await runCli(['bench', '-x', '.', '--bench', '.', '--count', '1', '--benchtime', '100x'], { cwd: mod });
    expect(bench.code, bench.err).toBe(0);
    expect(bench.err.split('\n').filter((l) => / go test -c /.test(l)).map((l) => /-overlay=/.test(l))).toEqual([true]);
    expect(bench.out).toMatch(/BenchmarkGrow/);
  }, 180_000);

  it('a lean build nothing mends is built from the files as they are', async () => {
    const mod = leanFails();
    const [p] = await listPackages(liveRunner, go, { cwd: mod, patterns: ['.'] });
    const file = leanTestOverlay(go, [p!], join(tmp, 'leanfails-overlay-2'))!;
    const builds: (string | undefined)[] = [];
    const bin = await withOverlay({ file, repair: () => false }, (o) => {
      builds.push(o);
      return compileTestBinary(liveRunner, go, { cwd: mod, importPath: p!.importPath, dir: mod, outDir: join(tmp, 'leanfails-bin-2'), ...(o ? { overlay: o } : {}) });
    });
    expect(builds).toEqual([file, undefined]);
    expect(bin).not.toBeNull();
  }, 180_000);
});
