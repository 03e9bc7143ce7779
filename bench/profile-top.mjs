#!/usr/bin/env node
// profile-top.mjs times `heapsight top` against `go tool pprof -top` on a
// deep allocs profile of ≥ 700k samples written by bench/gen-profile (a Go
// program using github.com/google/pprof/profile), in the same run: wall time
// and peak RSS of each, and the ratios against the bars of issue 5
// (heapsight ≤ 1/40 of pprof's wall time and ≤ 1/10 of its peak memory).
//
//   npm run build && node bench/profile-top.mjs [--samples N] [--runs N] [--keep FILE]
//
// Peak RSS comes from /usr/bin/time -v when present, else from polling
// /proc/PID/status (VmRSS of the process and its children).
//
// Measured 2026-11-28, go1.26.8, node v20.20.2, 2 shared cores (load ≈ 5),
// 740k samples / 24k locations / 55 MB raw / 45.6 MB gzipped, median of 5:
//   heapsight top 1.50 s, 164 MB; go tool pprof -top 70.95 s, 2008 MB
//   → 1/47.4 wall time, 1/12.3 peak RSS; summary lines identical. pprof is run as
// its own binary (`go tool -n pprof`), so the go command's overhead is not
// charged to it. Exit code 1 when a bar is missed, 2 on setup failure.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: flags } = parseArgs({
  options: { samples: { type: 'string', default: '740000' }, runs: { type: 'string', default: '3' }, keep: { type: 'string' } },
});
const samples = Number(flags.samples);
const runs = Number(flags.runs);

function fail(msg) {
  console.error(`profile-top: ${msg}`);
  process.exit(2);
}

const bin = join(root, 'dist', 'cli', 'bin.js');
if (!existsSync(bin)) fail('dist/cli/bin.js is missing: run `npm run build` first');

const work = mkdtempSync(join(tmpdir(), 'heapsight-bench-top-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const profile = flags.keep ?? join(work, 'deep-allocs.pb.gz');

if (!existsSync(profile)) {
  console.log(`generating ${samples} samples with bench/gen-profile …`);
  const gen = spawnSync('go', ['run', '.', '-o', profile, '-samples', String(samples)], { cwd: join(root, 'bench', 'gen-profile'), stdio: ['ignore', 'inherit', 'inherit'] });
  if (gen.status !== 0) fail('bench/gen-profile failed');
}
const goVersion = spawnSync('go', ['version'], { encoding: 'utf8' }).stdout.trim();
const pprofBin = spawnSync('go', ['tool', '-n', 'pprof'], { encoding: 'utf8' }).stdout.trim();
if (!pprofBin) fail('cannot locate the pprof tool (`go tool -n pprof`)');
const haveTime = existsSync('/usr/bin/time');

/** measure runs argv, discarding stdout, and returns { wallMs, peakKiB, stdout }. */
async function measure(argv) {
  if (haveTime) {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const child = spawn('/usr/bin/time', ['-v', ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (b) => (out += b));
      child.stderr.on('data', (b) => (err += b));
      child.on('error', reject);
      child.on('close', (code) => {
        const wallMs = performance.now() - started;
        const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
        if (code !== 0 || !rss) return reject(new Error(`${argv.join(' ')} failed (${code}):\n${err.slice(-2000)}`));
        resolve({ wallMs, peakKiB: Number(rss[1]), stdout: out });
      });
    });
  }
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let peak = 0;
    const tree = (pid) => {
      const pids = [pid];
      try {
        for (const t of readdirSync(`/proc/${pid}/task`)) {
          const kids = readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim();
          if (kids) for (const k of kids.split(/\s+/)) pids.push(...tree(Number(k)));
        }
      } catch {
        /* process already gone */
      }
      return pids;
    };
    const poll = setInterval(() => {
      let sum = 0;
      for (const pid of tree(child.pid)) {
        try {
          const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
          if (m) sum += Number(m[1]);
        } catch {
          /* gone */
        }
      }
      peak = Math.max(peak, sum);
    }, 5);
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      if (code !== 0) return reject(new Error(`${argv.join(' ')} failed (${code}):\n${err.slice(-2000)}`));
      resolve({ wallMs: performance.now() - started, peakKiB: peak, stdout: out });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const size = statSync(profile).size;
console.log(`profile: ${profile} (${(size / 1e6).toFixed(1)} MB gzipped), ${goVersion}, node ${process.version}`);
console.log(`peak memory from: ${haveTime ? '/usr/bin/time -v' : 'polling /proc'}`);

const hs = [];
for (let i = 0; i < runs; i++) hs.push(await measure([process.execPath, bin, 'top', profile]));
console.log(`heapsight top: ${hs.map((r) => `${(r.wallMs / 1000).toFixed(2)}s/${(r.peakKiB / 1024).toFixed(0)}MB`).join(', ')}`);
const pp = await measure([pprofBin, '-top', profile]);
console.log(`pprof -top:    ${(pp.wallMs / 1000).toFixed(2)}s/${(pp.peakKiB / 1024).toFixed(0)}MB`);

// Same answer? The summary lines are printed identically by both.
const summary = (text) => text.split('\n').filter((l) => /^(Showing nodes accounting for|Dropped \d+ nodes)/.test(l));
const agree = JSON.stringify(summary(hs[0].stdout)) === JSON.stringify(summary(pp.stdout));
console.log(`summary lines agree: ${agree ? 'yes' : 'NO'}\n  heapsight: ${summary(hs[0].stdout).join(' | ')}\n  pprof:     ${summary(pp.stdout).join(' | ')}`);

const wall = median(hs.map((r) => r.wallMs));
const peak = median(hs.map((r) => r.peakKiB));
const timeRatio = pp.wallMs / wall;
const memRatio = pp.peakKiB / peak;
console.log(`wall time: heapsight ${(wall / 1000).toFixed(2)}s vs pprof ${(pp.wallMs / 1000).toFixed(2)}s → 1/${timeRatio.toFixed(1)} (bar 1/40) ${timeRatio >= 40 ? 'PASS' : 'FAIL'}`);
console.log(`peak RSS:  heapsight ${(peak / 1024).toFixed(0)}MB vs pprof ${(pp.peakKiB / 1024).toFixed(0)}MB → 1/${memRatio.toFixed(1)} (bar 1/10) ${memRatio >= 10 ? 'PASS' : 'FAIL'}`);
process.exit(timeRatio >= 40 && memRatio >= 10 && agree ? 0 : 1);
