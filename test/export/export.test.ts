// export.test.ts checks every export format on real profiles against go tool
// pprof: pprof re-encoding round-trips through `go tool pprof -raw`; folded
// stacks and speedscope weights add up to pprof's totals per function; a
// diff export carries negative values, which speedscope gets split in two.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readProfile } from '../../src/profile/decode.js';
import { exportFolded } from '../../src/profile/export-folded.js';
import type { ProfileJson } from '../../src/profile/export-json.js';
import type { SpeedscopeFile } from '../../src/profile/export-speedscope.js';
import { liveRunner } from '../../src/toolchain/process.js';
import { fakeIO } from '../support/cli-io.js';
import { pprofRowLabel, pprofTopAll } from '../support/pprof.js';

const flameDir = resolve(__dirname, '../../testdata/flame');
const profileDir = resolve(__dirname, '../../testdata/profile');
const NEW = join(flameDir, 'allocs-new.pb.gz');
const BASE = join(flameDir, 'allocs-base.pb.gz');

async function raw(file: string): Promise<string> {
  const r = await liveRunner.run({ argv: ['go', 'tool', 'pprof', '-raw', file], cwd: flameDir });
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout;
}

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'heapsight-export-test-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('export --format pprof', () => {
  it.each([
    ['allocs with inlined frames and a //line file', NEW],
    ['allocs (profile-core testdata)', join(profileDir, 'allocs.pb.gz')],
    ['cpu (profile-core testdata)', join(profileDir, 'cpu.pb.gz')],
    ['heap (profile-core testdata)', join(profileDir, 'heap.pb.gz')],
  ])('round-trips %s through go tool pprof -raw', async (_, file) => {
    const out = join(tmp, 'rt.pb.gz');
    const c = fakeIO({ stdoutIsTTY: true });
    expect(await main(['export', file, '--format', 'pprof', '-o', out], c)).toBe(0);
    expect(await raw(out)).toBe(await raw(file));
  });

  it('exports a diff whose rows equal pprof -diff_base', async () => {
    const out = join(tmp, 'diff.pb.gz');
    expect(await main(['export', NEW, `--diff-base=${BASE}`, '--format=pprof', '-o', out], fakeIO())).toBe(0);
    const mine = await pprofTopAll(['-sample_index=alloc_space'], out);
    const oracle = await pprofTopAll(['-sample_index=alloc_space', `-diff_base=${BASE}`], NEW);
    expect(mine.rows.map((r) => [pprofRowLabel(r), r.flat, r.cum]).sort()).toEqual(oracle.rows.map((r) => [pprofRowLabel(r), r.flat, r.cum]).sort());
  });

  it('refuses binary output to a terminal, allows -o -', async () => {
    const tty = fakeIO({ stdoutIsTTY: true });
    expect(await main(['export', NEW, '--format', 'pprof'], tty)).toBe(2);
    expect(tty.err()).toMatch(/refusing to write binary pprof to the terminal/);
    const forced = fakeIO({ stdoutIsTTY: true });
    expect(await main(['export', NEW, '--format', 'pprof', '-o', '-'], forced)).toBe(0);
    expect(gunzipSync(forced.bytes())[0]).toBe(0x0a);
  });
});

describe('export --format folded', () => {
  it('sums per leaf function to pprof -top flat, with inlined frames marked _[i]', async () => {
    const c = fakeIO({ stdoutIsTTY: true });
    expect(await main(['export', NEW, '--format', 'folded'], c)).toBe(0);
    const text = c.out();
    expect(c.err()).toBe('folded stacks of alloc_space (bytes)\n');
    expect(text).toContain('main.fill;main.buildKey_[i];');
    const flat = new Map<string, number>();
    let total = 0;
    for (const line of text.trimEnd().split('\n')) {
      const m = /^(.*) (-?\d+)$/.exec(line)!;
      const leaf = m[1]!.split(';').pop()!.replace(/_\[i\]$/, '');
      flat.set(leaf, (flat.get(leaf) ?? 0) + Number(m[2]));
      total += Number(m[2]);
    }
    const oracle = await pprofTopAll(['-sample_index=alloc_space'], NEW);
    expect(total).toBe(oracle.total);
    for (const row of oracle.rows) if (row.flat !== 0) expect(flat.get(row.name), pprofRowLabel(row)).toBe(row.flat);
  });

  it('lines granularity puts the line after the name', async () => {
    const text = exportFolded(await readProfile(NEW), { sampleIndex: 0, granularity: 'lines' });
    expect(text).toMatch(/;main\.fill:\d+;main\.buildKey:\d+_\[i\];/);
  });
});

describe('export --format speedscope', () => {
  it('keeps inlined frames and per-line names; weights sum to pprof totals per index', async () => {
    const c = fakeIO({ stdoutIsTTY: true });
    expect(await main(['export', NEW, '--format', 'speedscope', '-o', join(tmp, 's.json')], c)).toBe(0);
    const f = JSON.parse(await readFile(join(tmp, 's.json'), 'utf8')) as SpeedscopeFile;
    expect(f.$schema).toBe('https://www.speedscope.app/file-format-schema.json');
    expect(f.profiles.map((p) => p.name)).toEqual(['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space']);
    expect(f.activeProfileIndex).toBe(1);
    const names = f.shared.frames.map((x) => x.name);
    expect(names.some((n) => /^main\.buildKey heapsight\.test\/flamegen\/main\.go:\d+ \(inline\)$/.test(n))).toBe(true);
    expect(new Set(names.filter((n) => n.startsWith('main.main ')).map((n) => n)).size).toBeGreaterThan(3);
    for (const [i, idx] of (['alloc_objects', 'alloc_space'] as const).entries()) {
      const p = f.profiles[i]!;
      const oracle = await pprofTopAll([`-sample_index=${idx}`], NEW);
      expect(p.weights.reduce((a, b) => a + b, 0)).toBe(oracle.total);
      expect(p.endValue).toBe(oracle.total);
      expect(p.samples.every((s) => s.every((fr) => fr >= 0 && fr < f.shared.frames.length))).toBe(true);
    }
  });

  it('splits negative values of a diff into (increases) and (decreases), all weights positive', async () => {
    const c = fakeIO();
    expect(await main(['export', NEW, '--diff-base', BASE, '--format', 'speedscope'], c)).toBe(0);
    const f = JSON.parse(c.out()) as SpeedscopeFile;
    const inc = f.profiles.find((p) => p.name === 'alloc_space (increases)')!;
    const dec = f.profiles.find((p) => p.name === 'alloc_space (decreases)')!;
    expect(f.profiles[f.activeProfileIndex]).toBe(inc);
    for (const p of f.profiles) expect(p.weights.every((w) => w > 0)).toBe(true);
    // Increases minus decreases is exactly new's total minus base's: nothing dropped or netted away.
    const net = inc.endValue - dec.endValue;
    const base = await pprofTopAll(['-sample_index=alloc_space'], BASE);
    const next = await pprofTopAll(['-sample_index=alloc_space'], NEW);
    expect(net).toBe(next.total - base.total);
  });
});

describe('export --format json', () => {
  it('writes every sample, location and function with ids and the innermost line first', async () => {
    const c = fakeIO({ stdoutIsTTY: true });
    expect(await main(['export', NEW, '--format', 'json'], c)).toBe(0);
    const j = JSON.parse(c.out()) as ProfileJson;
    const p = await readProfile(NEW);
    expect(j.schema).toBe('heapsight.profile/v1');
    expect(j.samples.length).toBe(p.samples.count);
    const fill = j.functions.find((f) => f.name === 'main.fill')!;
    const key = j.functions.find((f) => f.name === 'main.buildKey')!;
    const inl = j.locations.find((l) => l.lines.length > 1 && l.lines[0]!.functionId === key.id)!;
    expect(inl.lines.at(-1)!.functionId).toBe(fill.id);
    expect(j.samples.some((s) => s.labels.some((l) => l.key === 'bytes' && 'num' in l))).toBe(true);
    await writeFile(join(tmp, 'p.json'), c.bytes());
  });
});
