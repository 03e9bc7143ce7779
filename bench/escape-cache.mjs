#!/usr/bin/env node
// escape-cache.mjs times `heapsight escape` and `escape --explain` (the
// built dist/) on a medium real package, github.com/rs/zerolog@v1.35.1's root
// (35 files, 145 packages in its test build), first with an empty evidence
// cache, then again on the unchanged package, then after a file changed.
// The module comes from the Go module proxy (`go mod download -json`) and is
// copied to a temp dir, so the edit touches nothing shared.
//
//   npm run build && node bench/escape-cache.mjs [--runs N]   (default 3 rounds, ~1 minute)
//
// Bar (issue 10): a second `escape --explain` on the unchanged package under 2 s.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MODULE = 'github.com/rs/zerolog@v1.35.1';
const EXPLAIN = 'log.go:252';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist', 'cli', 'bin.js');
const runsArg = process.argv.indexOf('--runs');
const rounds = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
if (!existsSync(bin)) {
  console.error('bench/escape-cache.mjs: dist/cli/bin.js is missing; run `npm run build` first');
  process.exit(2);
}

const dl = spawnSync('go', ['mod', 'download', '-json', MODULE], { encoding: 'utf8' });
if (dl.status !== 0) {
  console.error(`go mod download ${MODULE} failed:\n${dl.stderr}${dl.stdout}`);
  process.exit(2);
}
const moduleDir = JSON.parse(dl.stdout).Dir;

function run(args, cwd, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = 0;
    let err = '';
    child.stdout.on('data', (b) => (out += b.toString('utf8').split('\n').length - 1));
    child.stderr.on('data', (b) => (err += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`heapsight ${args.join(' ')} exited ${code}:\n${err.slice(-2000)}`));
      else resolve({ s: (performance.now() - started) / 1000, lines: out });
    });
  });
}

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 === 1 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const results = {};
const note = (name, r) => (results[name] ??= []).push(r.s);
const scratch = await mkdtemp(join(tmpdir(), 'heapsight-bench-cache-'));
try {
  let entryBytes = 0;
  let explainLines = 0;
  for (let i = 0; i < rounds; i++) {
    const dir = join(scratch, `zerolog-${i}`);
    cpSync(moduleDir, dir, { recursive: true });
    chmodSync(dir, 0o755);
    for (const f of readdirSync(dir)) chmodSync(join(dir, f), statSync(join(dir, f)).isDirectory() ? 0o755 : 0o644);
    const env = { HEAPSIGHT_CACHE: join(scratch, `cache-${i}`) };
    // Explain first on an empty cache, then the report and explain again from the entry.
    const explain1 = await run(['escape', '--explain', EXPLAIN], dir, env);
    const report2 = await run(['escape'], dir, env);
    const explain2 = await run(['escape', '--explain', EXPLAIN], dir, env);
    const nocache = await run(['escape', '--no-cache', '--explain', EXPLAIN], dir, env);
    appendFileSync(join(dir, 'log.go'), '\n// edited\n');
    const edited = await run(['escape', '--explain', EXPLAIN], dir, env);
    const edited2 = await run(['escape', '--explain', EXPLAIN], dir, env);
    note('escape --explain, empty cache', explain1);
    note('escape, from the cache', report2);
    note('escape --explain, from the cache', explain2);
    note('escape --explain --no-cache', nocache);
    note('escape --explain after log.go changed', edited);
    note('escape --explain again', edited2);
    const entries = join(env.HEAPSIGHT_CACHE, 'evidence');
    entryBytes = readdirSync(entries).map((f) => statSync(join(entries, f)).size)[0] ?? 0;
    explainLines = explain2.lines;
    console.log(
      `round ${i + 1}: explain ${explain1.s.toFixed(2)} s → cached ${explain2.s.toFixed(2)} s; report cached ${report2.s.toFixed(2)} s; ` +
        `--no-cache ${nocache.s.toFixed(2)} s; after an edit ${edited.s.toFixed(2)} s → ${edited2.s.toFixed(2)} s`,
    );
  }
  console.log(`\nmedian of ${rounds} rounds on ${MODULE} (root package, test files included):`);
  for (const [name, xs] of Object.entries(results)) console.log(`  ${name.padEnd(40)} ${median(xs).toFixed(2)} s`);
  const cached = median(results['escape --explain, from the cache']);
  console.log(`  cache entry ${(entryBytes / 1024).toFixed(0)} KB gzipped; --explain ${EXPLAIN} prints ${explainLines} lines`);
  console.log(`  second --explain ${cached.toFixed(2)} s: ${cached < 2 ? 'under' : 'OVER'} the 2 s bar`);
} finally {
  await rm(scratch, { recursive: true, force: true });
}
