#!/usr/bin/env node
// change-example.mjs times `heapsight change HEAD~1 HEAD` on the bundled
// example (examples/mapptr, 6 benchmarks) against one `heapsight check` of
// one revision, in the same run (issue 13's bar: change costs at most 2.2x
// one check — it builds two revisions and runs both sides' benchmarks).
//
// A temp git repository gets the example as commit 1 and, as commit 2, the
// example with one function edited (the user's pull request). Pairs alternate
// check / change so drift hits both; both use the same flags and a warm build
// cache for dependencies; the evidence cache is off so both compile afresh.
//
//   npm run build && node bench/change-example.mjs [--pairs N]   (default 3)
import { spawn, execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist', 'cli', 'bin.js');
const pairsArg = process.argv.indexOf('--pairs');
const pairs = pairsArg > 0 ? Number(process.argv[pairsArg + 1]) : 3;
if (!existsSync(bin)) {
  console.error('bench/change-example.mjs: dist/cli/bin.js is missing; run `npm run build` first');
  process.exit(2);
}
const FLAGS = ['--count', '6', '--benchtime', '50ms', '--quiet', '--no-cache', '--format', 'json'];
const probe = 'data:text/javascript,' + encodeURIComponent('process.on("exit", () => process.stderr.write("\\nHEAPSIGHT_MAXRSS_KB=" + process.resourceUsage().maxRSS + "\\n"));');

function run(argv, cwd) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const c = spawn(argv[0], argv.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
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
const heapsight = (args, cwd) => run([process.execPath, '--import', probe, bin, ...args], cwd);

const tmp = await mkdtemp(join(tmpdir(), 'hs-change-bench-'));
try {
  const repo = join(tmp, 'repo');
  cpSync(join(root, 'examples', 'mapptr'), repo, { recursive: true });
  const git = (...args) =>
    execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' } });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'commit 1');
  // The pull request: one more function in maps.go.
  appendFileSync(join(repo, 'maps.go'), '\n// Keys lists a map\'s keys.\nfunc Keys(m map[string]int) []string {\n\tout := make([]string, 0, len(m))\n\tfor k := range m {\n\t\tout = append(out, k)\n\t}\n\treturn out\n}\n');
  git('commit', '-qam', 'commit 2');
  // Warm the dependency build cache for both sides.
  await heapsight(['check', '.', ...FLAGS], repo);

  const check = [];
  const change = [];
  for (let i = 0; i < pairs; i++) {
    const c = await heapsight(['check', '.', ...FLAGS], repo);
    check.push(c);
    const d = await heapsight(['change', 'HEAD~1', 'HEAD', ...FLAGS], repo);
    change.push(d);
    JSON.parse(d.out);
    console.log(`pair ${i + 1}: check ${(c.ms / 1000).toFixed(2)} s (${rssOf(c.err).toFixed(0)} MB)  change ${(d.ms / 1000).toFixed(2)} s (${rssOf(d.err).toFixed(0)} MB)`);
  }
  const mc = median(check.map((x) => x.ms));
  const md = median(change.map((x) => x.ms));
  const ratio = md / mc;
  const rss = Math.max(...change.map((x) => rssOf(x.err)));
  console.log(`\nchange HEAD~1 HEAD on examples/mapptr: ${(md / 1000).toFixed(2)} s median vs one check ${(mc / 1000).toFixed(2)} s = ${ratio.toFixed(2)}x (bar 2.2x) ${ratio <= 2.2 ? 'MET' : 'NOT MET'}; change peak RSS ${rss.toFixed(0)} MB`);
} finally {
  await rm(tmp, { recursive: true, force: true });
}
