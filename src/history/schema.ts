// schema.ts is the history database's schema as an ordered list of
// migrations. The database's `PRAGMA user_version` is the number of steps
// applied; opening a database applies the missing ones in order, each in one
// transaction with the version bump, so a crash leaves either the old schema
// or the new one. A step is plain SQL, never code: what it does to a
// database is what a reader sees here.
//
// Never edit a step that has shipped: add one. A database whose user_version
// is beyond the list was written by a newer heapsight and is refused (a
// downgrade cannot know what the newer steps mean).

/** Migration is one schema step: applying it to a database at version `version - 1` gives `version`. */
export interface Migration {
  readonly version: number;
  readonly summary: string;
  readonly sql: string;
}

/**
 * HISTORY_APPLICATION_ID marks a SQLite file as heapsight's history
 * (`PRAGMA application_id`, bytes 68..71 of the header: "hsth"), so another
 * program's database is told apart from an empty one.
 */
export const HISTORY_APPLICATION_ID = 0x68737468;

/** MIGRATIONS is the schema's history, oldest first; MIGRATIONS[i].version === i + 1. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    summary: 'runs with their benchmarks and every sample per unit',
    sql: `
CREATE TABLE runs (
  id          INTEGER PRIMARY KEY,
  recorded_at TEXT    NOT NULL,           -- ISO 8601, UTC
  commit_hash TEXT,                       -- null outside a git repository
  dirty       INTEGER,                    -- 1: the work tree differed from the commit; null: unknown
  go_version  TEXT    NOT NULL,
  goos        TEXT    NOT NULL,
  goarch      TEXT    NOT NULL,
  cpu         TEXT                        -- go test's cpu: line
);
CREATE TABLE benchmarks (
  id      INTEGER PRIMARY KEY,
  run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  package TEXT    NOT NULL,               -- import path
  name    TEXT    NOT NULL,               -- BenchmarkX/sub, without the -N suffix
  procs   INTEGER                         -- the -N suffix (GOMAXPROCS); null when go test printed none
);
CREATE INDEX benchmarks_by_run ON benchmarks(run_id);
CREATE TABLE samples (
  benchmark_id INTEGER NOT NULL REFERENCES benchmarks(id) ON DELETE CASCADE,
  unit         TEXT    NOT NULL,          -- benchstat's units: sec/op, B/op, allocs/op, custom
  seq          INTEGER NOT NULL,          -- 0-based order of the timing runs
  value        REAL    NOT NULL,
  PRIMARY KEY (benchmark_id, unit, seq)
) WITHOUT ROWID;
`,
  },
  {
    version: 2,
    summary: 'the command that recorded a run, its top allocation sites and heap decision counts',
    sql: `
ALTER TABLE runs ADD COLUMN command TEXT NOT NULL DEFAULT 'check';
CREATE TABLE sites (
  run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  rank          INTEGER NOT NULL,         -- 1 = most alloc_space
  function      TEXT    NOT NULL,
  file          TEXT    NOT NULL,         -- relative to the module root when under it
  line          INTEGER NOT NULL,
  alloc_bytes   REAL    NOT NULL,
  alloc_objects REAL    NOT NULL,
  share         REAL    NOT NULL,         -- 0..1 of the run's alloc_space
  PRIMARY KEY (run_id, rank)
) WITHOUT ROWID;
CREATE TABLE escape_counts (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  kind   TEXT    NOT NULL,                -- moved-to-heap, escapes-to-heap
  count  INTEGER NOT NULL,
  PRIMARY KEY (run_id, kind)
) WITHOUT ROWID;
`,
  },
];

/** SCHEMA_VERSION is the version this heapsight writes: the last migration's. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
