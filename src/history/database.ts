// database.ts keeps the run history in SQLite (better-sqlite3, synchronous):
// opening with migrations, recording a run in one transaction, reading runs
// back. Every failure an open or a write can meet on a user's disk — another
// process holding the lock, a file that is not a database or is damaged, a
// schema from a newer heapsight, a directory that cannot be written — is a
// HistoryError with one plain sentence; recordOrKeep then keeps the run as
// JSON beside the database, so a measured run is never lost.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { KnownError } from '../errors.js';
import { HEAP_ESCAPE_KINDS, type HeapEscapeKind, type HistoryBenchmark, type HistoryCommand, type HistoryRun, type HistorySite, type RecordedRun } from './history-run.js';
import { HISTORY_APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './schema.js';

/** HISTORY_DIR and HISTORY_FILE: the database lives at <module root>/.heapsight/history.db. */
export const HISTORY_DIR = '.heapsight';
export const HISTORY_FILE = 'history.db';

/** DEFAULT_BUSY_TIMEOUT_MS is how long a write waits for another process's lock before it gives up. */
export const DEFAULT_BUSY_TIMEOUT_MS = 3000;

/** findModuleRoot is the nearest directory at or above dir that holds a go.mod; null when none does. */
export function findModuleRoot(dir: string): string | null {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, 'go.mod'))) return d;
    if (dirname(d) === d) return null;
  }
}

/** historyPath is the database of the module rooted at moduleRoot. */
export function historyPath(moduleRoot: string): string {
  return join(moduleRoot, HISTORY_DIR, HISTORY_FILE);
}

/** HistoryProblem classifies what went wrong, for callers and tests; the message says it in words. */
export type HistoryProblem = 'locked' | 'not-a-database' | 'corrupt' | 'newer-schema' | 'foreign' | 'missing' | 'io';

/** HistoryError is an expected failure to open, read or write the history: "PATH: detail". */
export class HistoryError extends KnownError {
  constructor(
    readonly problem: HistoryProblem,
    readonly path: string,
    readonly detail: string,
    hint?: string,
  ) {
    super(`${path}: ${detail}`, hint);
  }

  /** shownAs is the same error with the path as the reader should see it (relative to their directory). */
  shownAs(path: string): HistoryError {
    return new HistoryError(this.problem, path, this.detail, this.hint);
  }
}

/** HistoryDb is an open history database at the current schema. */
export interface HistoryDb {
  readonly path: string;
  /** The schema version the file had before this open migrated it (equal to SCHEMA_VERSION when nothing was to do; 0 when new). */
  readonly migratedFrom: number;
  /** The better-sqlite3 handle; only this module touches it. */
  readonly sqlite: Database.Database;
  close(): void;
}

/** OpenOptions: create (default true) makes the file and its directory when missing. */
export interface OpenOptions {
  readonly create?: boolean;
  readonly busyTimeoutMs?: number;
}

function sqliteCode(e: unknown): string | null {
  return e instanceof Database.SqliteError ? e.code : null;
}

/** asHistoryError turns what SQLite threw into a HistoryError when it is one of the expected failures. */
function asHistoryError(e: unknown, path: string, busyTimeoutMs: number): unknown {
  if (e instanceof HistoryError) return e;
  const code = sqliteCode(e);
  if (code === null) {
    const errno = (e as NodeJS.ErrnoException | null)?.code;
    if (typeof errno === 'string' && /^E[A-Z]+$/.test(errno)) return new HistoryError('io', path, `${(e as Error).message}`);
    return e;
  }
  const detail = (e as Error).message;
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED' || code.startsWith('SQLITE_LOCKED_')) {
    return new HistoryError('locked', path, `the database is locked by another process (waited ${busyTimeoutMs / 1000} s)`,
      'another heapsight may be recording into it; run again when it is done',
    );
  }
  if (code === 'SQLITE_NOTADB') {
    return new HistoryError('not-a-database', path, `not a SQLite database (${detail})`, `move it away; the next --record creates a new history there`);
  }
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_')) {
    return new HistoryError('corrupt', path, `the database is damaged (${detail})`, 'move it away (sqlite3 .recover may save its runs); the next --record creates a new history there');
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL' || code === 'SQLITE_PERM') {
    return new HistoryError('io', path, `${detail}`);
  }
  return e;
}

/** guard runs fn and converts SQLite's expected failures into HistoryErrors. */
function guard<T>(path: string, busyTimeoutMs: number, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw asHistoryError(e, path, busyTimeoutMs);
  }
}

/**
 * ensureHistoryDir creates the database's directory; a new `.heapsight`
 * gets a .gitignore of `*`, so the history does not make the work tree
 * dirty (git status would list it, and the next run would be recorded as
 * dirty) and is not committed by accident.
 */
function ensureHistoryDir(dir: string): void {
  if (existsSync(dir)) return;
  mkdirSync(dir, { recursive: true });
  if (basename(dir) === HISTORY_DIR) writeFileSync(join(dir, '.gitignore'), "# heapsight's run history: local to this machine\n*\n");
}

/** migrate brings db to SCHEMA_VERSION; returns the version it found. */
function migrate(db: Database.Database, path: string): number {
  const found = db.pragma('user_version', { simple: true }) as number;
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (found > SCHEMA_VERSION) {
    throw new HistoryError('newer-schema', path, `schema version ${found} is newer than this heapsight knows (${SCHEMA_VERSION})`,
      'a newer heapsight wrote it: upgrade heapsight, or move the file away to start a new history',
    );
  }
  if (appId !== 0 && appId !== HISTORY_APPLICATION_ID) {
    throw new HistoryError('foreign', path, `a SQLite database of another program (application_id 0x${appId.toString(16)}), not heapsight's history`, 'name another file, or move it away');
  }
  if (found === SCHEMA_VERSION) return found;
  // BEGIN IMMEDIATE: two heapsights opening an old file at once migrate it once; the second waits, then sees the new version.
  db.transaction(() => {
    const now = db.pragma('user_version', { simple: true }) as number;
    if (now === 0) {
      const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
      if (tables.n > 0) throw new HistoryError('foreign', path, `a SQLite database with ${tables.n} tables, not heapsight's history`, 'name another file, or move it away');
    }
    for (const m of MIGRATIONS) if (m.version > now) db.exec(m.sql);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    db.pragma(`application_id = ${HISTORY_APPLICATION_ID}`);
  }).immediate();
  return found;
}

/** openHistory opens (and by default creates) the history at path, migrating it to the current schema. */
export function openHistory(path: string, opts: OpenOptions = {}): HistoryDb {
  const busyTimeoutMs = opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const create = opts.create ?? true;
  if (!create && !existsSync(path)) {
    throw new HistoryError('missing', path, 'no run history yet (no such file)', 'record runs with `heapsight check --record` first');
  }
  return guard(path, busyTimeoutMs, () => {
    if (create) ensureHistoryDir(dirname(path));
    const sqlite = new Database(path, { timeout: busyTimeoutMs, fileMustExist: !create });
    try {
      sqlite.pragma('foreign_keys = ON');
      const migratedFrom = migrate(sqlite, path);
      return { path, migratedFrom, sqlite, close: () => sqlite.close() };
    } catch (e) {
      sqlite.close();
      throw e;
    }
  });
}

/** recordRun stores one run in one transaction and returns its id. */
export function recordRun(db: HistoryDb, run: HistoryRun): number {
  const s = db.sqlite;
  return guard(db.path, s.pragma('busy_timeout', { simple: true }) as number, () => {
    const insertRun = s.prepare(
      'INSERT INTO runs (recorded_at, command, commit_hash, dirty, go_version, goos, goarch, cpu) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertBench = s.prepare('INSERT INTO benchmarks (run_id, package, name, procs) VALUES (?, ?, ?, ?)');
    const insertSample = s.prepare('INSERT INTO samples (benchmark_id, unit, seq, value) VALUES (?, ?, ?, ?)');
    const insertSite = s.prepare(
      'INSERT INTO sites (run_id, rank, function, file, line, alloc_bytes, alloc_objects, share) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertEscape = s.prepare('INSERT INTO escape_counts (run_id, kind, count) VALUES (?, ?, ?)');
    return s.transaction(() => {
      const dirty = run.dirty === null ? null : run.dirty ? 1 : 0;
      const id = Number(insertRun.run(run.time, run.command, run.commit, dirty, run.go, run.goos, run.goarch, run.cpu).lastInsertRowid);
      for (const b of run.benchmarks) {
        const bid = Number(insertBench.run(id, b.package, b.name, b.procs).lastInsertRowid);
        for (const unit of Object.keys(b.samples).sort()) {
          // NaN is no measurement (benchfmt drops it too); ±Inf is stored as SQLite stores it.
          b.samples[unit]!.filter((v) => !Number.isNaN(v)).forEach((v, seq) => insertSample.run(bid, unit, seq, v));
        }
      }
      run.sites.forEach((site, i) => insertSite.run(id, i + 1, site.function, site.file, site.line, site.allocBytes, site.allocObjects, site.share));
      for (const kind of HEAP_ESCAPE_KINDS) insertEscape.run(id, kind, run.escapes[kind]);
      return id;
    }).immediate();
  });
}

/** ReadOptions filters what readHistory returns. */
export interface ReadOptions {
  /** Keep only benchmarks whose name (BenchmarkX/sub, as go test -bench matches it) this matches. */
  readonly bench?: RegExp;
}

interface RunRow {
  id: number;
  recorded_at: string;
  command: string;
  commit_hash: string | null;
  dirty: number | null;
  go_version: string;
  goos: string;
  goarch: string;
  cpu: string | null;
}

/** readHistory returns every run, oldest first (by recording time, then id), with the benchmarks that match. */
export function readHistory(db: HistoryDb, opts: ReadOptions = {}): RecordedRun[] {
  const s = db.sqlite;
  return guard(db.path, s.pragma('busy_timeout', { simple: true }) as number, () => {
    // One read transaction: a run recorded meanwhile is either wholly in or out.
    return s.transaction(() => {
      const runs = s.prepare('SELECT id, recorded_at, command, commit_hash, dirty, go_version, goos, goarch, cpu FROM runs ORDER BY recorded_at, id').all() as RunRow[];
      const benches = s.prepare('SELECT id, run_id, package, name, procs FROM benchmarks ORDER BY run_id, id').all() as {
        id: number;
        run_id: number;
        package: string;
        name: string;
        procs: number | null;
      }[];
      const samples = s.prepare('SELECT benchmark_id, unit, value FROM samples ORDER BY benchmark_id, unit, seq').all() as { benchmark_id: number; unit: string; value: number }[];
      const sites = s.prepare('SELECT run_id, function, file, line, alloc_bytes, alloc_objects, share FROM sites ORDER BY run_id, rank').all() as {
        run_id: number;
        function: string;
        file: string;
        line: number;
        alloc_bytes: number;
        alloc_objects: number;
        share: number;
      }[];
      const escapes = s.prepare('SELECT run_id, kind, count FROM escape_counts').all() as { run_id: number; kind: string; count: number }[];

      const samplesOf = new Map<number, Record<string, number[]>>();
      for (const r of samples) {
        let m = samplesOf.get(r.benchmark_id);
        if (!m) samplesOf.set(r.benchmark_id, (m = {}));
        (m[r.unit] ??= []).push(r.value);
      }
      const benchesOf = new Map<number, HistoryBenchmark[]>();
      for (const b of benches) {
        if (opts.bench && !opts.bench.test(b.name)) continue;
        const list = benchesOf.get(b.run_id) ?? [];
        list.push({ package: b.package, name: b.name, procs: b.procs, samples: samplesOf.get(b.id) ?? {} });
        benchesOf.set(b.run_id, list);
      }
      const sitesOf = new Map<number, HistorySite[]>();
      for (const r of sites) {
        const list = sitesOf.get(r.run_id) ?? [];
        list.push({ function: r.function, file: r.file, line: r.line, allocBytes: r.alloc_bytes, allocObjects: r.alloc_objects, share: r.share });
        sitesOf.set(r.run_id, list);
      }
      const escapesOf = new Map<number, Record<HeapEscapeKind, number>>();
      for (const r of escapes) {
        if (!(HEAP_ESCAPE_KINDS as readonly string[]).includes(r.kind)) continue;
        const counts = escapesOf.get(r.run_id) ?? { 'moved-to-heap': 0, 'escapes-to-heap': 0 };
        counts[r.kind as HeapEscapeKind] = r.count;
        escapesOf.set(r.run_id, counts);
      }
      return runs.map(
        (r): RecordedRun => ({
          id: r.id,
          command: r.command as HistoryCommand,
          time: r.recorded_at,
          commit: r.commit_hash,
          dirty: r.dirty === null ? null : r.dirty !== 0,
          go: r.go_version,
          goos: r.goos,
          goarch: r.goarch,
          cpu: r.cpu,
          benchmarks: benchesOf.get(r.id) ?? [],
          sites: sitesOf.get(r.id) ?? [],
          escapes: escapesOf.get(r.id) ?? { 'moved-to-heap': 0, 'escapes-to-heap': 0 },
        }),
      );
    })();
  });
}

/** UNRECORDED_SCHEMA names the JSON document a run is kept in when it could not be recorded. */
export const UNRECORDED_SCHEMA = 'heapsight.unrecorded-run/v1';

/** RecordOutcome says where a run went: into the database, or into a JSON file beside it. */
export type RecordOutcome =
  | { readonly kind: 'recorded'; readonly id: number; readonly path: string; readonly migratedFrom: number; readonly migratedTo: number }
  | { readonly kind: 'kept'; readonly error: HistoryError; readonly keptAt: string };

/** unrecordedPath names the JSON file a run is kept in: unrecorded-<time>.json, the time without colons (Windows). */
export function unrecordedPath(dbPath: string, run: HistoryRun): string {
  return join(dirname(dbPath), `unrecorded-${run.time.replace(/:/g, '-')}.json`);
}

/**
 * recordOrKeep records run in the database at dbPath (creating or migrating
 * it). When the database cannot take it (locked, damaged, newer schema, not
 * writable) the run is written as JSON beside it (UNRECORDED_SCHEMA: the
 * error and the run) and the outcome names that file; only when that write
 * fails too does it throw, a HistoryError naming both failures.
 */
export function recordOrKeep(dbPath: string, run: HistoryRun, opts: OpenOptions = {}): RecordOutcome {
  let error: HistoryError;
  try {
    const db = openHistory(dbPath, { ...opts, create: true });
    try {
      return { kind: 'recorded', id: recordRun(db, run), path: dbPath, migratedFrom: db.migratedFrom, migratedTo: SCHEMA_VERSION };
    } finally {
      db.close();
    }
  } catch (e) {
    if (!(e instanceof HistoryError)) throw e;
    error = e;
  }
  const keptAt = unrecordedPath(dbPath, run);
  try {
    mkdirSync(dirname(keptAt), { recursive: true });
    writeFileSync(keptAt, JSON.stringify({ schema: UNRECORDED_SCHEMA, database: dbPath, error: error.message, run }, null, 2) + '\n', { flag: 'wx' });
  } catch (e) {
    throw new HistoryError(error.problem, error.path, `${error.detail}; keeping the run in ${keptAt} failed too: ${e instanceof Error ? e.message : String(e)}`, error.hint);
  }
  return { kind: 'kept', error, keptAt };
}
