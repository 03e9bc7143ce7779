// diff.test.ts compares `heapsight diff` with `go tool pprof -top -diff_base`
// on real allocs profiles: every row's flat and cum, the total pprof prints,
// normalisation, granularity, merging several base files, and the CLI's
// text/JSON output and exit codes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveRunner } from '../../src/toolchain/process.js';
import { main } from '../../src/cli/main.js';
import { readProfile } from '../../src/profile/decode.js';
import { diffProfiles, type DiffReport } from '../../src/profile/diff.js';
import { mergeProfiles } from '../../src/profile/merge.js';
import { fakeIO } from '../support/cli-io.js';
import { pprofRowLabel, pprofTopAll, type PprofTop } from '../support/pprof.js';

const dir = resolve(__dirname, '../../testdata/flame');
const NEW = resolve(dir, 'allocs-new.pb.gz');
const BASE = resolve(dir, 'allocs-base.pb.gz');

/** expectRowsMatch checks every pprof row against the report; tol allows pprof's per-sample int64 truncation when normalising. */
function expectRowsMatch(report: DiffReport, oracle: PprofTop, name: (r: DiffReport['rows'][number]) => string, tol = 0): void {
  const mine = new Map(report.rows.map((r) => [name(r), r]));
  expect(oracle.rows.length).toBeGreaterThan(3);
  for (const row of oracle.rows) {
    const label = pprofRowLabel(row);
    const r = mine.get(label);
    expect(r, label).toBeDefined();
    expect(Math.abs(r!.delta.flat - row.flat), `${label} flat`).toBeLessThanOrEqual(tol);
    expect(Math.abs(r!.delta.cum - row.cum), `${label} cum`).toBeLessThanOrEqual(tol);
  }
  // Rows pprof does not print must be zero in the net.
  const printed = new Set(oracle.rows.map(pprofRowLabel));
  for (const r of report.rows) if (!printed.has(name(r))) expect(Math.abs(r.delta.cum) + Math.abs(r.delta.flat), name(r)).toBeLessThanOrEqual(tol);
}

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'heapsight-diff-test-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const fnName = (r: DiffReport['rows'][number]): string => (r.inline === '' ? r.name : `${r.name} (${r.inline})`);

describe('diffProfiles against go tool pprof -diff_base', () => {
  it('matches every row and the total for alloc_space, functions', async () => {
    const report = diffProfiles(await readProfile(BASE), await readProfile(NEW));
    const oracle = await pprofTopAll(['-sample_index=alloc_space', `-diff_base=${BASE}`], NEW);
    expect(report.sampleIndex.type).toBe('alloc_space');
    expect(report.normalized).toBe(false);
    expect(report.totals.pprof).toBe(oracle.total);
    expectRowsMatch(report, oracle, fnName);
    expect(report.grew[0]!.name).toBe('main.onlyInNew');
    expect(report.grew[0]!.status).toBe('appeared');
    expect(report.shrank.map((r) => r.name)).toContain('main.onlyInBase');
    expect(report.shrank.find((r) => r.name === 'main.onlyInBase')!.status).toBe('vanished');
  });

  it('normalises: same picture as pprof -normalize, which scales new to base instead of base to new', async () => {
    const [base, next] = [await readProfile(BASE), await readProfile(NEW)];
    const report = diffProfiles(base, next, { sampleIndex: 'alloc_objects', normalize: true });
    const oracle = await pprofTopAll(['-sample_index=alloc_objects', '-normalize', `-diff_base=${BASE}`], NEW);
    expect(report.normalized).toBe(true);
    expect(report.totals.base).toBeCloseTo(report.totals.new, 6);
    // heapsight: new − base·(N/B); pprof: new·(B/N) − base (profile.Normalize scales the source).
    // The two differ by the factor B/N; pprof also rounds each scaled sample to an integer.
    const toPprof = 1 / report.baseScale;
    const scaled: DiffReport = {
      ...report,
      rows: report.rows.map((r) => ({ ...r, delta: { flat: r.delta.flat * toPprof, cum: r.delta.cum * toPprof } })),
    };
    expectRowsMatch(scaled, oracle, fnName, next.samples.count / 2 + 1);
    expect(report.totals.pprof * toPprof).toBeCloseTo(oracle.total, 0);
  });

  it('matches lines granularity', async () => {
    const report = diffProfiles(await readProfile(BASE), await readProfile(NEW), { granularity: 'lines' });
    const oracle = await pprofTopAll(['-sample_index=alloc_space', '-lines', `-diff_base=${BASE}`], NEW);
    expectRowsMatch(report, oracle, fnName);
  });

  it('merges several base profiles (pprof oracle: the same two files merged with go tool pprof -proto)', async () => {
    const base = await readProfile(BASE);
    const report = diffProfiles(mergeProfiles([base, base]), await readProfile(NEW));
    const merged = await liveRunner.run({ argv: ['go', 'tool', 'pprof', '-proto', '-output', join(tmp, 'merged.pb.gz'), BASE, BASE], cwd: dir });
    expect(merged.exitCode).toBe(0);
    const oracle = await pprofTopAll(['-sample_index=alloc_space', `-diff_base=${join(tmp, 'merged.pb.gz')}`], NEW);
    expect(report.totals.pprof).toBe(oracle.total);
    expect(report.totals.base).toBe(2 * diffProfiles(base, base).totals.base);
    expectRowsMatch(report, oracle, fnName);
  });
});

describe('heapsight diff CLI', () => {
  it('prints both orientations and says normalisation is off', async () => {
    const io = fakeIO();
    expect(await main(['diff', BASE, NEW], io)).toBe(0);
    expect(io.out()).toMatch(/normalised: no/);
    expect(io.out()).toMatch(/^grew \(\d+\):$/m);
    expect(io.out()).toMatch(/^shrank or vanished \(\d+\):$/m);
    expect(io.out()).toMatch(/-480\.00kB.*vanished\s+main\.onlyInBase/);
    expect(io.out()).toMatch(/\+800\.00kB.*appeared\s+main\.onlyInNew/);
    expect(io.err()).toBe('');
  });

  it('accepts pprof spellings, --base lists and JSON output', async () => {
    const io = fakeIO();
    expect(await main(['diff', `-diff_base=${BASE},${BASE}`, NEW, '-normalize', '-sample_index=1', '--format', 'json'], io)).toBe(0);
    const j = JSON.parse(io.out()) as DiffReport & { base: string };
    expect(j.schema).toBe('heapsight.diff/v1');
    expect(j.sampleIndex).toMatchObject({ index: 1, type: 'alloc_space', reason: 'requested' });
    expect(j.normalized).toBe(true);
    expect(j.base).toBe(`${BASE},${BASE}`);
  });

  it('exits 2 with a clear message on bad input', async () => {
    const io = fakeIO();
    expect(await main(['diff', BASE], io)).toBe(2);
    expect(await main(['diff', BASE, resolve(dir, 'README.md')], io)).toBe(2);
    expect(io.err()).toMatch(/README\.md: not a profile/);
    expect(await main(['diff', BASE, NEW, '--sample-index', 'cpu'], io)).toBe(2);
    expect(io.err()).toMatch(/sample index "cpu" must be one of/);
  });
});
