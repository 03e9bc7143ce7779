#!/usr/bin/env node
// check-real.mjs times `heapsight check` on a large real package against the
// manual double verification it replaces, in the same run (issue 10):
//
//   manual:    go test -c -o T -gcflags=-m=2 .
//              T -test.run ^$ -test.bench B -test.benchmem -test.count 3 -test.benchtime 100ms -test.memprofile M
//              go tool pprof -top -lines -sample_index=alloc_space T M
//   heapsight: heapsight check . --bench B --count 3 --benchtime 100ms
//
// and `heapsight escape .` against `go test -c -gcflags=-m=2 .` (escape leaves test
// files out unless --tests; the like-for-like ratios are printed for information), and a second
// `heapsight escape . --explain FILE:LINE` on the unchanged package.
//
// The package: github.com/go-playground/validator/v10 v10.22.1 from the Go
// module proxy (root package 23.7k lines with tests, 62 benchmarks; a widely
// used validation library whose hot paths are reflection and maps). Seven of
// its benchmarks are run. Before each pair a comment is appended to one of its
// files, so both sides compile the package as after an edit (the user's loop)
// and neither gets the go build cache's replay of -m=2 for free; dependencies
// stay in the build cache for both, and in heapsight's evidence cache (one
// untimed check first: the dependencies' evidence is built once, not per edit).
//
//   npm run build && node bench/check-real.mjs [--pairs N]   (default 3 pairs, ~4 minutes)
//
// Each pair also prints where check's time went (from its -x trace) and, for
// information, the same check with --no-coverage (no coverage build and runs for
// the rules' not-exercised verdict).
//
// Bars: check within 1.5x of the manual workflow's wall time, heapsight's peak
// RSS under 400 MB; escape within 1.3x of go test -c -gcflags=-m=2 and under
// 400 MB; the second escape --explain under 2 s.
import { spawn } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist', 'cli', 'bin.js');
const pairsArg = process.argv.indexOf('--pairs');
const pairs = pairsArg > 0 ? Number(process.argv[pairsArg + 1]) : 3;
if (!existsSync(bin)) {
  console.error('bench/check-real.mjs: dist/cli/bin.js is missing; run `npm run build` first');
  process.exit(2);
}
const MODULE = 'github.com/go-playground/validator/v10@v10.22.1';
const BENCH = '^Benchmark(FieldFailure|FieldMapDiveFailure|StructSimpleFailure|StructComplexFailure|StructPartialFailure|Oneof|StructFilteredFailure)$';
const EXPLAIN = 'validator.go:466';

// The node process's own peak RSS (getrusage RUSAGE_SELF), printed at exit.
const probe = 'data:text/javascript,' + encodeURIComponent('process.on("exit", () => process.stderr.write("\\nHEAPSIGHT_MAXRSS_KB=" + process.resourceUsage().maxRSS + "\\n"));');

function run(argv, cwd, env = {}) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const c = spawn(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (err += d));
    c.on('error', reject);
    c.on('close', (code) => {
      const ms = performance.now() - t;
      if (code !== 0) reject(new Error(`${argv.join(' ')} exited ${code}:\n${err.slice(-2000)}`));
      else resolve({ ms, out, err });
    });
  });
}

const rssOf = (err) => Number(/HEAPSIGHT_MAXRSS_KB=(\d+)/.exec(err)?.[1] ?? NaN) / 1024;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const heapsight = (args, cwd, env) => run([process.execPath, '--import', probe, bin, ...args], cwd, env);

/**
 * breakdown reads check's -x trace ("+ START DUR [status]  argv") into the
 * wall time of each kind of process (first start to last end) and the time
 * no process ran (heapsight's own work between them).
 */
function breakdown(stderr, totalMs) {
  const kinds = [
    // The coverage build has -gcflags too (-N -l): its test comes first.
    ['coverage build', (a) => / test -c /.test(a) && a.includes(' -cover ')],
    ['diagnostic build', (a) => / test -c /.test(a) && a.includes('-gcflags=')],
    ['packages\' text', (a) => / build /.test(a) && a.includes("'-gcflags=-m=2 -S'")],
    ['dependency builds', (a) => / build /.test(a) && a.includes('-gcflags=')],
    ['timing runs', (a) => a.includes('-test.bench=') && !a.includes('-test.memprofile=') && !a.includes('-test.coverprofile=')],
    ['profiling rounds', (a) => a.includes('-test.memprofile=')],
    ['coverage runs', (a) => a.includes('-test.coverprofile=')],
  ];
  const spans = new Map(kinds.map(([k]) => [k, [Infinity, 0]]));
  const all = [];
  for (const line of stderr.split('\n')) {
    // "+ START DUR[ exit N| SIGNAL| timed out]  argv" (traceLine in src/cli/main.ts).
    const m = /^\+ (\d+\.\d+)s (\d+\.\d+)s(?: exit \d+| timed out| SIG[A-Z0-9]+)?  (.*)$/.exec(line);
    if (!m) continue;
    const start = Number(m[1]) * 1000;
    const end = start + Number(m[2]) * 1000;
    all.push([start, end]);
    const kind = kinds.find(([, test]) => test(m[3]));
    if (!kind) continue;
    const span = spans.get(kind[0]);
    span[0] = Math.min(span[0], start);
    span[1] = Math.max(span[1], end);
  }
  // Time covered by no process: heapsight's own work (parsing, joining, rendering, node's start).
  all.sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reach = 0;
  for (const [a, b] of all) {
    if (b <= reach) continue;
    covered += b - Math.max(a, reach);
    reach = b;
  }
  const parts = [...spans].filter(([, [a]]) => a !== Infinity).map(([k, [a, b]]) => `${k} ${(a / 1000).toFixed(1)}–${(b / 1000).toFixed(1)} s`);
  return `${parts.join(', ')}; no process running ${((totalMs - covered) / 1000).toFixed(1)} s`;
}

const tmp = await mkdtemp(join(tmpdir(), 'hs-check-real-'));
try {
  const dl = await run(['go', 'mod', 'download', '-json', MODULE], tmp);
  const src = JSON.parse(dl.out).Dir;
  const dir = join(tmp, 'validator');
  cpSync(src, dir, { recursive: true });
  const writable = (d) => {
    chmodSync(d, 0o755);
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) writable(p);
      else chmodSync(p, 0o644);
    }
  };
  writable(dir);
  const cache = join(tmp, 'hs-cache');
  const env = { HEAPSIGHT_CACHE: cache };
  // Warm the build cache for the dependencies and both kinds of test binary, once; and heapsight's
  // evidence cache for the dependencies (the first check on a machine, or after heapsight changes,
  // compiles std's reflect and strings with diagnostics: about 3 s, cached after that).
  await run(['go', 'test', '-c', '-o', join(tmp, 'warm.test'), '.'], dir);
  await heapsight(['check', '.', '--bench', BENCH, '--count', '1', '--benchtime', '10ms', '--quiet', '--format', 'json', '-o', join(tmp, 'warm.json')], dir, env);
  const edited = join(dir, 'baked_in.go');
  const original = readFileSync(edited, 'utf8');
  let edits = 0;
  const edit = () => appendFileSync(edited, `\n// bench edit ${++edits}\n`);

  const breakdowns = [];
  const nocovMs = [];
  const manualMs = [];
  const checkMs = [];
  const checkRss = [];
  for (let i = 0; i < pairs; i++) {
    const order = i % 2 === 0 ? ['manual', 'heapsight', 'nocov'] : ['nocov', 'heapsight', 'manual'];
    for (const who of order) {
      edit();
      if (who === 'nocov') {
        // Informational: the same check without the rules' coverage build and runs (--no-coverage).
        const r = await heapsight(['check', '.', '--no-coverage', '--bench', BENCH, '--count', '3', '--benchtime', '100ms', '--quiet', '--format', 'json', '-o', join(tmp, 'report-nocov.json')], dir, env);
        nocovMs.push(r.ms);
      } else if (who === 'manual') {
        const t = performance.now();
        const testBin = join(tmp, 'v.test');
        const prof = join(tmp, 'v.mem.pprof');
        await run(['go', 'test', '-c', '-o', testBin, '-gcflags=-m=2', '.'], dir);
        await run([testBin, '-test.run', '^$', '-test.bench', BENCH, '-test.benchmem', '-test.count', '3', '-test.benchtime', '100ms', '-test.memprofile', prof], dir);
        await run(['go', 'tool', 'pprof', '-top', '-lines', '-sample_index=alloc_space', testBin, prof], dir);
        manualMs.push(performance.now() - t);
      } else {
        const r = await heapsight(['check', '-x', '.', '--bench', BENCH, '--count', '3', '--benchtime', '100ms', '--quiet', '--format', 'json', '-o', join(tmp, 'report.json')], dir, env);
        checkMs.push(r.ms);
        checkRss.push(rssOf(r.err));
        breakdowns.push(breakdown(r.err, r.ms));
      }
    }
    console.log(`pair ${i + 1}: manual ${(manualMs[i] / 1000).toFixed(1)} s, heapsight check ${(checkMs[i] / 1000).toFixed(1)} s (ratio ${(checkMs[i] / manualMs[i]).toFixed(2)}), peak RSS ${checkRss[i].toFixed(0)} MB`);
    console.log(`        check's processes (-x): ${breakdowns[i]}`);
    console.log(`        check --no-coverage ${(nocovMs[i] / 1000).toFixed(1)} s (ratio ${(nocovMs[i] / manualMs[i]).toFixed(2)})`);
  }

  // escape leaves _test.go files out by default (go build: no test variant, no link); the bar's anchor
  // compiles them. For information, each side against its like: escape --tests against the same
  // go test -c, and escape against go build -gcflags=-m=2 (the package alone).
  const m2Ms = [];
  const escMs = [];
  const escRss = [];
  const escTestsMs = [];
  const buildM2Ms = [];
  for (let i = 0; i < pairs; i++) {
    const order = i % 2 === 0 ? ['m2', 'escape', 'build', 'tests'] : ['tests', 'build', 'escape', 'm2'];
    for (const who of order) {
      edit();
      if (who === 'm2') m2Ms.push((await run(['go', 'test', '-c', '-o', join(tmp, 'm2.test'), '-gcflags=-m=2', '.'], dir)).ms);
      else if (who === 'build') buildM2Ms.push((await run(['go', 'build', '-o', '/dev/null', '-gcflags=-m=2', '.'], dir)).ms);
      else if (who === 'tests') escTestsMs.push((await heapsight(['escape', '.', '--tests'], dir, env)).ms);
      else {
        const r = await heapsight(['escape', '.'], dir, env);
        escMs.push(r.ms);
        escRss.push(rssOf(r.err));
      }
    }
  }
  // The package is unchanged since the last escape: the second question answers from the cache.
  await heapsight(['escape', '.', '--explain', EXPLAIN], dir, env);
  const explain2 = await heapsight(['escape', '.', '--explain', EXPLAIN], dir, env);
  writeFileSync(edited, original);

  const ratio = (a, b) => median(a.map((x, k) => x / b[k]));
  const checkRatio = ratio(checkMs, manualMs);
  const escRatio = ratio(escMs, m2Ms);
  console.log('');
  console.log(`check --no-coverage (informational, no bar): median pair ratio ${ratio(nocovMs, manualMs).toFixed(2)}`);
  console.log(`check:   manual median ${(median(manualMs) / 1000).toFixed(1)} s, heapsight median ${(median(checkMs) / 1000).toFixed(1)} s, median pair ratio ${checkRatio.toFixed(2)} (bar 1.50), peak RSS max ${Math.max(...checkRss).toFixed(0)} MB (bar 400)`);
  console.log(`escape:  go test -c -gcflags=-m=2 median ${(median(m2Ms) / 1000).toFixed(1)} s, heapsight escape median ${(median(escMs) / 1000).toFixed(1)} s, median pair ratio ${escRatio.toFixed(2)} (bar 1.30), peak RSS max ${Math.max(...escRss).toFixed(0)} MB (bar 400)`);
  console.log(`         (informational) escape against go build -gcflags=-m=2 (median ${(median(buildM2Ms) / 1000).toFixed(1)} s): ratio ${ratio(escMs, buildM2Ms).toFixed(2)}; escape --tests (median ${(median(escTestsMs) / 1000).toFixed(1)} s) against go test -c -gcflags=-m=2: ratio ${ratio(escTestsMs, m2Ms).toFixed(2)}`);
  console.log(`explain: second escape --explain ${EXPLAIN} on the unchanged package ${(explain2.ms / 1000).toFixed(2)} s (bar 2.00)`);
  const ok = checkRatio <= 1.5 && Math.max(...checkRss) < 400 && escRatio <= 1.3 && Math.max(...escRss) < 400 && explain2.ms < 2000;
  console.log(ok ? 'bars: met' : 'bars: NOT met');
} finally {
  await rm(tmp, { recursive: true, force: true });
}
