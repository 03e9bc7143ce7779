// assertions.test.ts: checkAssertions on the real go1.26.8 compiler's
// evidence of testdata/assert and on benchmark output recorded from it
// (testdata/assert/README.md), held, failed and malformed instances apart.
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectCompilerEvidence, type CompilerEvidence } from '../../src/escape/index.js';
import { parseBenchfmt } from '../../src/bench/benchfmt.js';
import { findGo } from '../../src/toolchain/go-command.js';
import { listPackages } from '../../src/toolchain/go-build.js';
import { liveRunner } from '../../src/toolchain/process.js';
import { loadPackageSource } from '../../src/source/package-source.js';
import { packageDirectives, type PackageDirectives } from '../../src/source/directives.js';
import { assertionsFail, checkAssertions, type AssertionResult } from '../../src/verify/assertions.js';
import type { BenchmarkSamples } from '../../src/verify/join.js';

const fixture = resolve('testdata/assert');
let evidence: CompilerEvidence;
let directives: PackageDirectives[];

beforeAll(async () => {
  const go = await findGo(liveRunner, fixture);
  evidence = await collectCompilerEvidence(liveRunner, go, { cwd: fixture, packages: ['./...'], cacheDir: null });
  const pkgs = await listPackages(liveRunner, go, { cwd: fixture, patterns: ['./...'] });
  directives = (await Promise.all(pkgs.map((p) => loadPackageSource(p)))).map(packageDirectives);
}, 120_000);

/** samples reads a recorded `go test -bench -benchmem -count 6` output as check's runs hand them over. */
function samples(file: string): BenchmarkSamples[] {
  const parsed = parseBenchfmt(readFileSync(join(fixture, file), 'utf8'), file);
  const by = new Map<string, Record<string, number[]>>();
  for (const r of parsed.records) {
    const key = `${r.config['pkg']}\u0000Benchmark${r.name}`;
    const units = by.get(key) ?? {};
    for (const v of r.values) (units[v.unit] ??= []).push(v.value);
    by.set(key, units);
  }
  return [...by].map(([k, s]) => ({ package: k.split('\u0000')[0]!, name: k.split('\u0000')[1]!, samples: s }));
}

const pkgOf = (dir: string) => directives.filter((d) => d.importPath === `example.com/assert/${dir}`);
const short = (r: AssertionResult) => `${r.pos.file.slice(fixture.length + 1)}:${r.pos.line} ${r.kind} ${r.status}`;

describe('checkAssertions on real compiler output', () => {
  it('holds every directive of held/, look-alikes included, and does not fail the gate', () => {
    const report = checkAssertions({ directives: pkgOf('held'), evidence, benchmarks: samples('bench-held.go1.26.8.txt') });
    expect(report.results.map(short)).toEqual([
      'held/held.go:7 noescape held',
      'held/held.go:18 noescape held',
      'held/held.go:25 inline held',
      'held/held.go:33 inline held',
      'held/held_test.go:11 allocs held',
      'held/held_test.go:20 allocs held',
    ]);
    expect(assertionsFail(report)).toBe(false);
    const inc = report.results.find((r) => r.kind === 'inline' && r.function === '(*Counter).Inc');
    expect(inc?.kind === 'inline' ? [inc.verdict, inc.calls.map((c) => [c.line, c.column, c.inlined])] : null).toEqual([{ kind: 'can-inline', cost: 4 }, [[41, 8, true]]]);
    // op(3, 4) calls add through a function value: the compiler inlines it (43:29), the name scan cannot see it;
    // the notes Sum and Count carry into the benchmarks they are inlined into are not counted again.
    const add = report.results.find((r) => r.kind === 'inline' && r.function === 'add');
    expect(add?.kind === 'inline' ? [add.calls.map((c) => `${c.line}:${c.column}`), add.inlinedElsewhere] : null).toEqual([['9:13', '43:18'], 1]);
    // BenchmarkBoxes allocates exactly its budget: 1 allocs/op in each of its 6 runs.
    const boxes = report.results.find((r) => r.kind === 'allocs' && r.benchmark === 'BenchmarkBoxes');
    expect(boxes?.kind === 'allocs' ? boxes.runs.map((r) => [r.samples, r.allocsPerOp.median, r.allocsPerOp.n, r.withinBudget]) : null).toEqual([[[1, 1, 1, 1, 1, 1], 1, 6, true]]);
  });

  it('fails each directive of failed/ with the compiler evidence that refutes it', () => {
    const report = checkAssertions({ directives: pkgOf('failed'), evidence, benchmarks: samples('bench-failed.go1.26.8.txt') });
    expect(report.results.map(short)).toEqual([
      'failed/failed.go:9 noescape failed',
      'failed/failed.go:16 inline failed',
      'failed/failed.go:22 inline failed',
      'failed/failed_test.go:9 allocs failed',
    ]);
    expect(assertionsFail(report)).toBe(true);
    const [keep, mul, heavy, bench] = report.results;
    // The decision, its cause and the compiler's flow, from the escape model.
    expect(keep?.kind === 'noescape' ? keep.decisions.map((d) => [d.kind, d.subject, d.line, d.cause.kind, d.flow.map((f) => f.reason)]) : null).toEqual([
      ['moved-to-heap', 'x', 10, 'global-or-heap-assign', [null, 'address-of', 'assign']],
    ]);
    expect(mul?.kind === 'inline' ? [mul.verdict, mul.calls.map((c) => [c.line, c.inlined])] : null).toEqual([{ kind: 'cannot-inline', reason: 'marked go:noinline' }, [[61, false]]]);
    expect(heavy?.kind === 'inline' ? heavy.verdict : null).toEqual({ kind: 'cannot-inline', reason: 'function too complex: cost 103 exceeds budget 80' });
    expect(bench?.kind === 'allocs' ? bench.runs.map((r) => [r.allocsPerOp.median, r.bytesPerOp.median, r.withinBudget]) : null).toEqual([[1, 8, false]]);
  });

  it('lists malformed directives apart, each failing the gate, and judges nothing for them', () => {
    const report = checkAssertions({ directives: pkgOf('malformed'), evidence });
    expect(report.results).toEqual([]);
    expect(report.malformed.map((m) => m.why)).toEqual(['unknown-name', 'spaced', 'not-on-function', 'extra-argument', 'on-nothing', 'missing-budget', 'bad-budget', 'not-on-benchmark']);
    expect(assertionsFail(report)).toBe(true);
  });

  it('says what it cannot judge: budgets without runs, benchmarks not run, files the build did not compile', () => {
    const noRuns = checkAssertions({ directives: pkgOf('failed'), evidence });
    expect(noRuns.results.filter((r) => r.kind === 'allocs').map((r) => [r.status, r.why])).toEqual([['not-measured', 'static']]);
    const otherRuns = checkAssertions({ directives: pkgOf('failed'), evidence, benchmarks: samples('bench-held.go1.26.8.txt') });
    expect(otherRuns.results.filter((r) => r.kind === 'allocs').map((r) => [r.status, r.why])).toEqual([['not-measured', 'not-run']]);
    const testsOff = checkAssertions({
      directives: pkgOf('failed'),
      evidence,
      compiledFiles: new Set([join(fixture, 'failed/failed.go')]),
      benchmarks: samples('bench-failed.go1.26.8.txt'),
    });
    expect(testsOff.results.map((r) => [r.kind, r.status, r.why])).toEqual([
      ['noescape', 'failed', null],
      ['inline', 'failed', null],
      ['inline', 'failed', null],
      ['allocs', 'not-compiled', 'file-not-compiled'],
    ]);
    // A build that read no inlining verdicts (over 64 packages: -json only, heap decisions only) cannot judge inline.
    const noVerdicts = checkAssertions({ directives: pkgOf('held'), evidence: { ...evidence, inlining: [] } });
    expect(noVerdicts.results.filter((r) => r.kind === 'inline').map((r) => [r.status, r.why])).toEqual([
      ['not-compiled', 'no-inlining-evidence'],
      ['not-compiled', 'no-inlining-evidence'],
    ]);
  });

  it('fails an inline assertion at the one call the compiler did not inline, and holds the others', () => {
    // The same evidence with the note at Count's call of add (held.go:43:18) removed, as when a caller is over its budget.
    const dropped = evidence.inlining.filter((d) => !(d.kind === 'inlined-call' && d.pos.line === 43 && d.pos.column === 18 && d.pos.file.endsWith('held/held.go')));
    expect(dropped.length).toBe(evidence.inlining.length - 1);
    const report = checkAssertions({ directives: pkgOf('held'), evidence: { ...evidence, inlining: dropped } });
    const add = report.results.find((r) => r.kind === 'inline' && r.function === 'add');
    expect(add?.kind === 'inline' ? [add.status, add.calls.map((c) => [c.line, c.inlined])] : null).toEqual(['failed', [[9, true], [43, false]]]);
  });
});
