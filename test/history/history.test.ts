// history.test.ts records runs in a real SQLite file in a temp dir and reads
// them back: the trend of three runs (the regression flagged at the run that
// made it, nothing elsewhere; text and JSON goldens), a migration from the
// first schema, and the failures a user's disk can present — a file that is
// not a database, one from a newer heapsight, one another process holds
// locked — each a plain error that keeps the run as JSON beside it.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ESCAPE_KINDS, type EscapeKind } from '../../src/escape/model.js';
import {
  HEAP_ESCAPE_KINDS,
  HISTORY_APPLICATION_ID,
  HistoryError,
  MIGRATIONS,
  SCHEMA_VERSION,
  openHistory,
  readHistory,
  recordOrKeep,
  recordRun,
  runHistory,
  trendOf,
  UNRECORDED_SCHEMA,
  type HistoryRun,
  type RecordedRun,
} from '../../src/history/index.js';
import { renderHistoryHtml } from '../../src/render/history-html.js';
import { historyRenderers } from '../../src/render/history-format.js';
import { en } from '../../src/i18n/en.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { historyRootFor } from '../../src/cli/record-run.js';
import type { GoPackage } from '../../src/toolchain/go-build.js';
import { runCli } from '../support/cli-io.js';
import { testdataHistory, threeRuns } from './series.js';

const tmp = mkdtempSync(join(tmpdir(), 'hs-history-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let seq = 0;
/** freshDir is a new directory standing for a module root. */
function freshDir(): string {
  const d = join(tmp, `m${++seq}`);
  return d;
}

function golden(name: string, text: string): void {
  const path = join(testdataHistory, 'golden', name);
  if (process.env['UPDATE'] === '1' || !existsSync(path)) {
    writeFileSync(path, text);
    if (process.env['UPDATE'] !== '1') throw new Error(`golden ${name} was missing and has been written; rerun`);
    return;
  }
  expect(text).toBe(readFileSync(path, 'utf8'));
}

/** withoutIds drops the row ids a database assigns. */
function withoutId({ id: _id, ...run }: RecordedRun): HistoryRun {
  return run;
}

describe('three recorded runs', () => {
  const runs = threeRuns();
  const dbPath = join(freshDir(), '.heapsight', 'history.db');

  it('read back exactly as recorded, samples and all', () => {
    const db = openHistory(dbPath);
    try {
      for (const r of runs) recordRun(db, r);
      const back = readHistory(db);
      expect(back.map(withoutId)).toEqual(runs);
      expect(back.map((r) => r.id)).toEqual([1, 2, 3]);
    } finally {
      db.close();
    }
    // The new .heapsight directory ignores itself, so the history does not make the work tree dirty.
    expect(readFileSync(join(dbPath, '..', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
  });

  it('keeps the real run\'s shape: procs, cpu, every sample per unit, sites relative to the module, heap decisions once each', () => {
    const [first] = runs;
    expect(first!.cpu).toBe('AMD EPYC');
    const b = first!.benchmarks.find((x) => x.name === 'BenchmarkByPointer')!;
    expect(b.procs).toBe(2);
    expect(Object.keys(b.samples).sort()).toEqual(['B/op', 'allocs/op', 'sec/op']);
    expect(b.samples['sec/op']).toHaveLength(6);
    expect(b.samples['sec/op']![0]).toBeCloseTo(14042e-9, 15);
    // The recorded report's top site (its sampling decides which of the two big make lines leads).
    expect(first!.sites[0]).toMatchObject({ function: 'github.com/heapsight/heapsight/examples/mapptr.fillNewSized', file: 'maps.go', line: 42 });
    expect(first!.sites).toHaveLength(10);
    // A line outside the module keeps its absolute path.
    expect(first!.sites.some((s) => s.file.startsWith('/usr/local/go/src/'))).toBe(true);
    // examples/mapptr's heap decisions outside its tests: m moved to heap at maps.go:60 and 11 escapes
    // (append(registry[:0], m) at maps.go:54 is joined to two findings and counted once).
    expect(first!.escapes).toEqual({ 'moved-to-heap': 1, 'escapes-to-heap': 11 });
  });

  it('flags the regression at run 3 in each unit it moved, and no change anywhere else', () => {
    const db = openHistory(dbPath);
    const trend = trendOf(readHistory(db));
    db.close();
    const flagged = trend.series.flatMap((s) => s.changes.map((c) => ({ name: s.name, unit: s.unit, run: c.runId, direction: c.direction })));
    expect(flagged).toEqual([
      { name: 'BenchmarkPointerEscapes', unit: 'sec/op', run: 3, direction: 'regression' },
      { name: 'BenchmarkPointerEscapes', unit: 'B/op', run: 3, direction: 'regression' },
      { name: 'BenchmarkPointerEscapes', unit: 'allocs/op', run: 3, direction: 'regression' },
    ]);
    const allocs = trend.series.find((s) => s.name === 'BenchmarkPointerEscapes' && s.unit === 'allocs/op')!;
    expect(allocs.changes[0]).toMatchObject({ fromMedian: 7, toMedian: 8, previousRunId: 2, machine: [] });
    expect(allocs.changes[0]!.deltaPct).toBeCloseTo(100 / 7, 10);
    // 6 vs 6 samples, no overlap: the exact U test's smallest two-sided p.
    expect(allocs.changes[0]!.p).toBeLessThan(0.05);
    // Run 2 moved sec/op by up to 2% on every benchmark: noise-sized, not a change point.
    expect(trend.series.every((s) => s.changes.every((c) => c.runId === 3))).toBe(true);
    expect(trend.series).toHaveLength(6 * 3);
  });

  it('renders text (sparklines, last value, change points) and JSON as the goldens', () => {
    const trend = runHistory(dbPath);
    golden('three-runs.txt', historyRenderers.text(trend, { database: '.heapsight/history.db', messages: en }));
    golden('three-runs.json', historyRenderers.json(trend, { database: '.heapsight/history.db', messages: en }));
    const text = historyRenderers.text(trend, { database: '.heapsight/history.db', messages: en });
    expect(text).toContain('B/op       ▁▁█');
    expect(text).toContain('3 change points (3 regressions, 0 improvements)');
  });

  it('renders text in zh-CN as its golden: the same sparklines and numbers, the words from the zh-CN catalogue', () => {
    const trend = runHistory(dbPath);
    const text = historyRenderers.text(trend, { database: '.heapsight/history.db', messages: zhCN });
    golden('three-runs.zh-CN.txt', text);
    expect(text).toContain('B/op       ▁▁█');
    expect(text).toContain('3 个变化点（3 个退化，0 个改进）');
    expect(renderHistoryHtml(trend, { database: '<db>', messages: zhCN })).toContain('<html lang="zh-CN">');
  });

  it('narrows to a benchmark regexp and a unit', () => {
    const trend = runHistory(dbPath, { benchRe: /Escapes$/, unit: 'allocs/op' });
    expect(trend.series.map((s) => `${s.name} ${s.unit}`)).toEqual(['BenchmarkPointerEscapes allocs/op']);
    expect(trend.runs).toHaveLength(3);
  });

  it('renders one self-contained HTML file: inline SVG, no script, no remote resource, names escaped', () => {
    const trend = runHistory(dbPath);
    const html = renderHistoryHtml(trend, { database: '<db>', messages: en });
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html.match(/<svg /g)).toHaveLength(18);
    expect(html).not.toMatch(/<script|<link|<img|https?:\/\//);
    expect(html).toContain('&#60;db&#62;');
    expect(html.match(/class="regression"/g)!.length).toBeGreaterThanOrEqual(3);
  });
});

describe('the trend on its own', () => {
  const run = (id: number, values: number[], extra: Partial<HistoryRun> = {}): RecordedRun => ({
    id,
    command: 'check',
    time: `2026-12-01T0${id}:00:00.000Z`,
    commit: `${id}`.repeat(40),
    dirty: false,
    go: 'go1.26.8',
    goos: 'linux',
    goarch: 'amd64',
    cpu: 'AMD EPYC',
    benchmarks: [{ package: 'p', name: 'BenchmarkX', procs: null, samples: { 'allocs/op': values, 'B/s': values.map((v) => 1000 / (v + 1)) } }],
    sites: [],
    escapes: { 'moved-to-heap': 0, 'escapes-to-heap': 0 },
    ...extra,
  });
  it('a significant change under the minimum is not a change point; over it, it is', () => {
    const a = [100, 101, 100, 102, 101, 100];
    const b = a.map((v) => v + 3); // about +3%, no overlap
    expect(trendOf([run(1, a), run(2, b)]).series[0]!.changes).toEqual([]);
    const c = trendOf([run(1, a), run(2, b)], { minChange: 0.02 }).series[0]!.changes;
    expect(c).toHaveLength(1);
    expect(c[0]!.direction).toBe('regression');
  });
  it('a rise from 0 is a change (no percentage), and throughput falling is a regression', () => {
    const t = trendOf([run(1, [0, 0, 0, 0, 0, 0]), run(2, [1, 1, 1, 1, 1, 1])]);
    const allocs = t.series.find((s) => s.unit === 'allocs/op')!;
    expect(allocs.changes[0]).toMatchObject({ direction: 'regression', fromMedian: 0, toMedian: 1, deltaPct: null });
    const speed = t.series.find((s) => s.unit === 'B/s')!;
    expect(speed.better).toBe('higher');
    expect(speed.changes[0]!.direction).toBe('regression');
  });
  it('compares with the run before, so a step is flagged once, and names what changed besides the code', () => {
    const lo = [10, 10, 11, 10, 11, 10];
    const hi = [20, 21, 20, 20, 21, 20];
    const t = trendOf([run(1, lo), run(2, hi), run(3, hi, { go: 'go1.27.0' }), run(4, lo, { go: 'go1.27.0', cpu: 'other' })], { unit: 'allocs/op' });
    expect(t.series[0]!.changes.map((c) => [c.runId, c.direction, c.machine])).toEqual([
      [2, 'regression', []],
      [4, 'improvement', ['cpu']],
    ]);
  });
  it('with two samples a run cannot be told apart and says so', () => {
    const t = trendOf([run(1, [1, 1]), run(2, [5, 5])], { unit: 'allocs/op' });
    expect(t.series[0]!.changes).toEqual([]);
    expect(t.series[0]!.warnings).toEqual(['need >= 4 samples to detect a difference at alpha level 0.05']);
  });
  it('counts exactly the heap kinds of ESCAPE_KINDS', () => {
    const heap = (Object.keys(ESCAPE_KINDS) as EscapeKind[]).filter((k) => ESCAPE_KINDS[k].allocates);
    expect([...HEAP_ESCAPE_KINDS].sort()).toEqual(heap.sort());
  });
});

describe('migration', () => {
  it('opens a version-1 database, migrates it to the current schema, and reads its run back', () => {
    const dir = freshDir();
    const path = join(dir, 'history.db');
    // A database as the first schema left it, with one run in it.
    mkdirSync(dir, { recursive: true });
    const v1 = new Database(path);
    v1.exec(MIGRATIONS[0]!.sql);
    v1.pragma('user_version = 1');
    v1.pragma(`application_id = ${HISTORY_APPLICATION_ID}`);
    v1.prepare("INSERT INTO runs (id, recorded_at, commit_hash, dirty, go_version, goos, goarch, cpu) VALUES (1, '2026-11-30T08:00:00.000Z', 'abc', 0, 'go1.26.7', 'linux', 'amd64', 'AMD EPYC')").run();
    v1.prepare("INSERT INTO benchmarks (id, run_id, package, name, procs) VALUES (1, 1, 'p', 'BenchmarkX', 2)").run();
    [64, 64, 80].forEach((v, i) => v1.prepare('INSERT INTO samples VALUES (1, ?, ?, ?)').run('B/op', i, v));
    v1.close();

    const db = openHistory(path);
    expect(db.migratedFrom).toBe(1);
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const [old] = readHistory(db);
    expect(old).toEqual({
      id: 1,
      command: 'check',
      time: '2026-11-30T08:00:00.000Z',
      commit: 'abc',
      dirty: false,
      go: 'go1.26.7',
      goos: 'linux',
      goarch: 'amd64',
      cpu: 'AMD EPYC',
      benchmarks: [{ package: 'p', name: 'BenchmarkX', procs: 2, samples: { 'B/op': [64, 64, 80] } }],
      sites: [],
      escapes: { 'moved-to-heap': 0, 'escapes-to-heap': 0 },
    });
    // The migrated file takes a run of the current shape beside the old one.
    const id = recordRun(db, threeRuns()[0]!);
    expect(readHistory(db).map((r) => r.id)).toEqual([1, id]);
    db.close();
    // Opening again has nothing to migrate.
    const again = openHistory(path);
    expect(again.migratedFrom).toBe(SCHEMA_VERSION);
    again.close();
  });
});

describe('a database that cannot take the run', () => {
  const run = threeRuns()[0]!;
  const keptIn = (dbPath: string): string[] => readdirSync(join(dbPath, '..')).filter((f) => f.startsWith('unrecorded-'));
  function expectKept(dbPath: string, problem: string, message: RegExp): void {
    const outcome = recordOrKeep(dbPath, run, { busyTimeoutMs: 200 });
    expect(outcome.kind).toBe('kept');
    if (outcome.kind !== 'kept') return;
    expect(outcome.error).toBeInstanceOf(HistoryError);
    expect(outcome.error.problem).toBe(problem);
    expect(outcome.error.message).toMatch(message);
    expect(outcome.error.message).not.toContain('\n');
    expect(keptIn(dbPath)).toEqual(['unrecorded-2026-12-01T09-00-00.000Z.json']);
    const kept = JSON.parse(readFileSync(outcome.keptAt, 'utf8')) as { schema: string; database: string; error: string; run: HistoryRun };
    expect(kept.schema).toBe(UNRECORDED_SCHEMA);
    expect(kept.database).toBe(dbPath);
    expect(kept.run).toEqual(run);
  }

  it('a file that is not a database', () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'history.db');
    writeFileSync(path, 'this is not SQLite\n'.repeat(100));
    expectKept(path, 'not-a-database', /history\.db: not a SQLite database \(file is not a database\)$/);
    // Nothing overwrote it.
    expect(readFileSync(path, 'utf8')).toMatch(/^this is not SQLite/);
  });

  it('a schema newer than this heapsight knows', () => {
    const dir = freshDir();
    const path = join(dir, '.heapsight', 'history.db');
    recordOrKeep(path, run);
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expectKept(path, 'newer-schema', new RegExp(`schema version ${SCHEMA_VERSION + 1} is newer than this heapsight knows \\(${SCHEMA_VERSION}\\)$`));
  });

  it('another SQLite database', () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'history.db');
    const db = new Database(path);
    db.exec('CREATE TABLE notes (t TEXT)');
    db.close();
    expectKept(path, 'foreign', /a SQLite database with 1 tables, not heapsight's history$/);
  });

  it('a database another process holds locked (BEGIN EXCLUSIVE)', () => {
    const dir = freshDir();
    const path = join(dir, '.heapsight', 'history.db');
    expect(recordOrKeep(path, threeRuns()[1]!).kind).toBe('recorded');
    const holder = new Database(path);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const started = Date.now();
      expectKept(path, 'locked', /history\.db: the database is locked by another process \(waited 0\.2 s\)$/);
      // It waited for the lock (the busy timeout) before giving up.
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    // Once the lock is gone the database is whole and takes runs again.
    expect(recordOrKeep(path, threeRuns()[2]!).kind).toBe('recorded');
  });

  it('heapsight history on a damaged database: one line, exit 2, no stack', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, '.heapsight'), { recursive: true });
    writeFileSync(join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.24\n');
    writeFileSync(join(dir, '.heapsight', 'history.db'), Buffer.alloc(4096, 7));
    const r = await runCli(['history'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      'heapsight history: .heapsight/history.db: not a SQLite database (file is not a database)\nhint: move it away; the next --record creates a new history there\n',
    );
    const missing = await runCli(['history'], { cwd: tmp });
    expect(missing.code).toBe(2);
    expect(missing.err).toBe('heapsight history: .heapsight/history.db: no run history yet (no such file)\nhint: record runs with `heapsight check --record` first\n');
  });
});

describe('where check --record puts the history', () => {
  const pkg = (dir: string, goMod: string | null): GoPackage => ({
    importPath: 'example.com/m/p',
    dir,
    name: 'p',
    goFiles: [],
    cgoFiles: [],
    testGoFiles: [],
    xTestGoFiles: [],
    ignoredGoFiles: [],
    standard: goMod === null,
    error: null,
    otherFiles: [],
    imports: [],
    testImports: [],
    xTestImports: [],
    module: goMod === null ? null : { path: 'example.com/m', goVersion: '1.24', goMod },
  });
  it('in the module the user works in; outside one, the target\'s module; never GOROOT', () => {
    const outer = freshDir();
    mkdirSync(join(outer, 'inner', 'deep'), { recursive: true });
    writeFileSync(join(outer, 'go.mod'), 'module example.com/outer\n');
    writeFileSync(join(outer, 'inner', 'go.mod'), 'module example.com/inner\n');
    const inner = pkg(join(outer, 'inner'), join(outer, 'inner', 'go.mod'));
    expect(historyRootFor([inner], outer)).toBe(outer);
    expect(historyRootFor([inner], join(outer, 'inner', 'deep'))).toBe(join(outer, 'inner'));
    const nowhere = freshDir();
    mkdirSync(nowhere);
    expect(historyRootFor([inner], nowhere)).toBe(join(outer, 'inner'));
    expect(historyRootFor([pkg('/usr/local/go/src/encoding/json', null)], nowhere)).toBe(nowhere);
  });
});
