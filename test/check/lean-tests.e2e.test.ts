// coverage-overlay.e2e.test.ts holds check's lean coverage build (test files
// without their Test, Example and Fuzz bodies, coverageOverlay) against the
// coverage build of the files as they are, on code nobody here wrote: the
// standard library's encoding/json (24 test files, most of them Test and
// Example functions, beside its benchmarks). The same benchmarks run once in
// each binary; the coverage profiles must hold the same blocks, run or not
// run alike wherever two runs of the full build agree.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverageOverlay } from '../../src/core/check.js';
import { listDependencies, listPackages, type GoPackage } from '../../src/toolchain/go-build.js';
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

describe('the coverage build without Test bodies', () => {
  it('covers exactly the lines the full coverage build covers, for the same benchmarks', async () => {
    const overlay = coverageOverlay(go, pkg, join(tmp, 'overlay'), await listDependencies(liveRunner, go, { cwd: tmp, patterns: ['encoding/json'] }));
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

  it('when the lean files do not build, check builds the files as they are and loses no coverage', async () => {
    // fmt is used only in TestA, but a kept helper's string names "fmt.Sprint": the import stays and is unused.
    const mod = join(tmp, 'leanfails');
    mkdirSync(mod, { recursive: true });
    writeFileSync(join(mod, 'go.mod'), 'module example.com/leanfails\n\ngo 1.24\n');
    writeFileSync(join(mod, 'p.go'), 'package p\n\nfunc Grow(n int) []int {\n\tvar s []int\n\tfor i := 0; i < n; i++ {\n\t\ts = append(s, i)\n\t}\n\treturn s\n}\n');
    writeFileSync(
      join(mod, 'p_test.go'),
      'package p\n\nimport (\n\t"fmt"\n\t"testing"\n)\n\nfunc label() string { return "fmt.Sprint" }\n\nfunc TestA(t *testing.T) {\n\tfmt.Println(label())\n}\n\nfunc BenchmarkGrow(b *testing.B) {\n\tfor i := 0; i < b.N; i++ {\n\t\t_ = Grow(64)\n\t}\n}\n',
    );
    const [p] = await listPackages(liveRunner, go, { cwd: mod, patterns: ['.'] });
    const overlay = coverageOverlay(go, p!, join(tmp, 'leanfails-overlay'));
    expect(overlay).toBeDefined();
    const lean = await compileTestBinary(liveRunner, go, { cwd: mod, importPath: p!.importPath, dir: mod, outDir: join(tmp, 'leanfails-bin'), coverPackages: [p!.importPath], overlay }).catch((e: unknown) => e);
    expect(lean).toBeInstanceOf(ToolchainError);
    const r = await runCli(['check', '.', '--bench', '.', '--count', '1', '--benchtime', '100x', '--format', 'json', '--quiet'], { cwd: mod });
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as CheckReport;
    expect(report.coverage).toEqual({ benchmarks: 1, failed: [] });
    expect(report.warnings.filter((w) => /coverage/.test(w))).toEqual([]);
    // The append in Grow ran in the benchmark: its rule hit is exercised.
    const hit = report.rules.find((h) => h.function === 'Grow');
    expect(hit?.measured?.exercised).toBe(true);
  }, 180_000);
});
