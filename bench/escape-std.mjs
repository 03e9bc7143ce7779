#!/usr/bin/env node
// escape-std.mjs times `heapsight escape std` (the built dist/) against the
// bare build it drives, `go build -gcflags=all=-json=0,DIR std`, in the same
// run. Each run gets a fresh DIR, so both miss the build cache the same way
// (the flag is part of the cache key). Prints wall times, the ratio,
// heapsight's own peak RSS (the node process, not the compilers) and the CPU
// of each command's whole process tree.
//
//   npm run build && node bench/escape-std.mjs [--runs N]   (default 3 pairs, ~5 minutes)
//
// Pairs alternate which command runs first; the verdict is the median of the
// pairs' ratios (on the 2-core VM this was built on, the bare build alone took
// 34-55 s wall and 68-79 s CPU from one run to the next).
//
// Bars (issue 3): parsing and joining add at most 10% wall time; peak RSS < 400 MB.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist', 'cli', 'bin.js');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
if (!existsSync(bin)) {
  console.error('bench/escape-std.mjs: dist/cli/bin.js is missing; run `npm run build` first');
  process.exit(2);
}

// Reports the node process's own peak RSS (getrusage RUSAGE_SELF), its CPU
// time, and how long it ran after its last child process (the go build)
// exited: the part of heapsight's time that no longer overlaps the compiler.
const probe =
  'data:text/javascript,' +
  encodeURIComponent(
    [
      'import cp from "node:child_process"; import { syncBuiltinESMExports } from "node:module";',
      'let lastExit = 0; let buildMs = 0; const spawn = cp.spawn;',
      'cp.spawn = function (...a) { const t = performance.now(); const c = spawn.apply(this, a); c.on("close", () => { lastExit = performance.now(); if ((a[1] ?? [])[0] === "build") buildMs += lastExit - t; }); return c; };',
      'syncBuiltinESMExports();',
      'process.on("exit", () => { const u = process.resourceUsage();',
      'process.stderr.write("\\nHEAPSIGHT_MAXRSS_KB=" + u.maxRSS + " HEAPSIGHT_CPU_MS=" + ((u.userCPUTime + u.systemCPUTime) / 1000).toFixed(0) + " HEAPSIGHT_TAIL_MS=" + (performance.now() - lastExit).toFixed(0) + " HEAPSIGHT_BUILD_MS=" + buildMs.toFixed(0) + "\\n"); });',
    ].join('\n'),
  );

// Each command runs under bash, whose `times` then prints the CPU (user, sys)
// of the whole process tree: the go command, every compile and, for
// heapsight, node. CPU is what the two cores share, and unlike wall time it
// hardly moves with the VM's drift.
const TIMES = '"$@"; code=$?; times >&2; exit $code';

/** cpuSeconds reads the children's line of bash's `times` ("1m7.790s 0m9.600s") from the end of stderr. */
function cpuSeconds(err) {
  const lines = err.trimEnd().split('\n');
  const m = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(lines[lines.length - 1] ?? '');
  return m ? Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]) : NaN;
}

function run(argv, cwd, env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('bash', ['-c', TIMES, 'bash', ...argv], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let outBytes = 0;
    let err = '';
    child.stdout.on('data', (b) => (outBytes += b.length));
    child.stderr.on('data', (b) => {
      err += b.toString('utf8');
      if (err.length > 1 << 20) err = err.slice(-(1 << 19));
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: performance.now() - started, outBytes, err, cpu: cpuSeconds(err) }));
  });
}

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 === 1 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const bare = [];
const hs = [];
const bareCpu = [];
const hsCpu = [];
const pairs = [];
const rss = [];
const cwd = await mkdtemp(join(tmpdir(), 'heapsight-bench-'));

async function runBare(i) {
  const dir = await mkdtemp(join(tmpdir(), 'heapsight-bench-json-'));
  const b = await run(['go', 'build', `-gcflags=all=-json=0,${dir}`, 'std'], cwd);
  await rm(dir, { recursive: true, force: true });
  if (b.code !== 0) throw new Error(`bare build failed:\n${b.err}`);
  bareCpu.push(b.cpu);
  console.log(`run ${i + 1}: go build -gcflags=all=-json=0,DIR std   ${(b.ms / 1000).toFixed(1)} s, CPU ${b.cpu.toFixed(1)} s`);
  return b.ms;
}

async function runHeapsight(i) {
  // An empty evidence cache per run: each run pays what a first run pays (the key, the build, writing the entry).
  const cache = await mkdtemp(join(tmpdir(), 'heapsight-bench-cache-'));
  const h = await run([process.execPath, '--import', probe, bin, 'escape', 'std'], cwd, { HEAPSIGHT_CACHE: cache }).finally(() => rm(cache, { recursive: true, force: true }));
  if (h.code !== 0) throw new Error(`heapsight escape std failed (exit ${h.code}):\n${h.err.slice(-4000)}`);
  const field = (name) => Number(new RegExp(`HEAPSIGHT_${name}=(\\d+)`).exec(h.err)?.[1] ?? NaN);
  const kb = field('MAXRSS_KB');
  rss.push(kb);
  hsCpu.push(h.cpu);
  console.log(
    `run ${i + 1}: heapsight escape std                      ${(h.ms / 1000).toFixed(1)} s, CPU ${h.cpu.toFixed(1)} s, its go build ${(field('BUILD_MS') / 1000).toFixed(1)} s, ` +
      `after the build ${(field('TAIL_MS') / 1000).toFixed(1)} s, node CPU ${(field('CPU_MS') / 1000).toFixed(1)} s, peak RSS ${(kb / 1024).toFixed(0)} MB, report ${(h.outBytes / 1e6).toFixed(1)} MB`,
  );
  return h.ms;
}

try {
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first: the machine's speed drifts, and the second
    // of a pair finds GOROOT's sources in the page cache.
    let b;
    let h;
    if (i % 2 === 0) {
      b = await runBare(i);
      h = await runHeapsight(i);
    } else {
      h = await runHeapsight(i);
      b = await runBare(i);
    }
    bare.push(b);
    hs.push(h);
    pairs.push(h / b);
    console.log(`run ${i + 1}: ratio ${(h / b).toFixed(3)}`);
  }
} finally {
  await rm(cwd, { recursive: true, force: true });
}
const ratio = median(hs) / median(bare);
const pairRatio = median(pairs);
console.log(
  `\nmedian of ${runs}: bare ${(median(bare) / 1000).toFixed(1)} s, heapsight ${(median(hs) / 1000).toFixed(1)} s, ratio of medians ${ratio.toFixed(3)}, ` +
    `median of pair ratios ${pairRatio.toFixed(3)} (${pairRatio <= 1.1 ? 'within' : 'OVER'} the 10% bar), ` +
    `peak RSS ${(median(rss) / 1024).toFixed(0)} MB (${median(rss) < 400 * 1024 ? 'under' : 'OVER'} 400 MB)`,
);
const extra = median(hsCpu) - median(bareCpu);
console.log(
  `CPU of the whole process tree: bare ${median(bareCpu).toFixed(1)} s, heapsight ${median(hsCpu).toFixed(1)} s: heapsight adds ${extra.toFixed(1)} s ` +
    `(${((100 * extra) / median(bareCpu)).toFixed(1)}% of the build's CPU)`,
);
