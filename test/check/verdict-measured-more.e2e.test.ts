// verdict-measured-more.e2e.test.ts: a *map parameter that does not escape,
// in a function whose benchmark allocates where its by-value twin's allocates
// nothing (a rise from 0, benchstat's "?"). The benchmarks do not refute the
// pointer's cost, so the verdict is not measurable, with the figures; the
// anchor is go test -bench on the same fixture.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/verify/check-report.js';
import { runCli } from '../support/cli-io.js';
import { goTestBench } from '../support/go-bench.js';

const fixture = resolve('testdata/check/measuredmore');
const ARGS = ['check', '--quiet', '--no-coverage', '--no-cache', '--count', '6', '--benchtime', '2000x'];

describe('a *map verdict when the pointer version allocates from 0', () => {
  it('is not measurable with measured-more reasons (512 B/op where the twin allocates none), not refuted', async () => {
    const [r, anchor] = await Promise.all([runCli([...ARGS, '--format', 'json'], { cwd: fixture }), goTestBench(fixture, { bench: '.', count: 1, benchtime: '2000x' })]);
    expect(r.code, r.err).toBe(0);
    // B/op is the runtime's bytes over b.N: under load one run of 2000 iterations can read 514 (4 KB of runtime
    // work besides the 512-byte map); allocs/op is exact.
    const nearly512 = (x: number | undefined): boolean => x !== undefined && x >= 512 && x < 520;
    expect(anchor.get('BenchmarkFillPtr')).toMatchObject({ 'allocs/op': 1 });
    expect(nearly512(anchor.get('BenchmarkFillPtr')?.['B/op'])).toBe(true);
    // go test's own B/op of the twin reads 2 under load (4 kB of runtime work in 2000 iterations, CI's clean clone
    // with the suite beside it); allocs/op is exact.
    expect(anchor.get('BenchmarkFill')).toMatchObject({ 'allocs/op': 0 });
    expect(anchor.get('BenchmarkFill')?.['B/op']).toBeLessThan(8);
    const report = JSON.parse(r.out) as CheckReport;
    const v = report.verdicts.find((x) => x.function === 'FillPtr')!;
    expect(v.verdict).toBe('not-measurable');
    expect(v.reasons.map((x) => x.kind)).toEqual(['param-does-not-escape', 'no-caller-moved', 'measured-more', 'measured-more']);
    const more = v.reasons.filter((x) => x.kind === 'measured-more');
    expect(more.map((x) => (x.kind === 'measured-more' ? x.unit : null))).toEqual(['B/op', 'allocs/op']);
    expect(more.map((x) => (x.kind === 'measured-more' ? x.subjectMedian : NaN)).map((m, i) => (i === 0 ? nearly512(m) : m))).toEqual([true, 1]);
    const allocs = more.find((x) => x.kind === 'measured-more' && x.unit === 'allocs/op');
    expect(allocs?.kind === 'measured-more' ? [allocs.twinMedian, allocs.deltaPct] : null).toEqual([0, null]);
    // B/op is the runtime's bytes over b.N: on a loaded machine the twin's median can read 1 B/op (2 KB of
    // runtime work in 2000 iterations) though it allocates nothing; allocs/op is exact.
    const twinBytes = more.find((x) => x.kind === 'measured-more' && x.unit === 'B/op');
    expect(twinBytes?.kind === 'measured-more' ? twinBytes.twinMedian : NaN).toBeLessThan(8);
    const text = await runCli(ARGS, { cwd: fixture, columns: 200 });
    expect(text.out.replace(/\s+/g, ' ')).toContain('measured: BenchmarkFillPtr allocates 1 allocs/op where BenchmarkFill allocates none (p=0.002)');
  }, 120_000);
});
