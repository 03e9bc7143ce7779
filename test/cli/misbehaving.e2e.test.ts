// misbehaving.e2e.test.ts runs `heapsight bench` and `check` on benchmarks
// that misbehave the way real ones do (testdata/bench-fixtures/misbehaving):
// a fragment printed before the result, 100 MB on one line, orphaned child
// processes, a child holding stdout, a panicking sub-benchmark; plus SIGHUP,
// a cross-compilation GOOS and a package without benchmarks. Each used to
// lose results, leak, hang or crash.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBenchfmt } from '../../src/bench/benchfmt.js';
import type { BenchJson } from '../../src/render/bench-json.js';
import type { CheckReport } from '../../src/verify/check-report.js';
import { runCli } from '../support/cli-io.js';
import { pidsOf } from '../support/procs.js';

const fixture = resolve('testdata/bench-fixtures/misbehaving');
const bin = resolve('bin/heapsight');
const tmp = mkdtempSync(join(tmpdir(), 'hs-misbehaving-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A sleep duration no other test uses, passed to the fixture through HS_ORPHAN_SECONDS. */
const tag = (): string => String(800_000 + Math.floor(Math.random() * 99_999));

/** withEnv sets variables for one in-process run (the runner passes process.env to the test binary). */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const old = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(old)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const rssHook = 'data:text/javascript,process.on("exit",()=>process.stderr.write("maxrss="+process.resourceUsage().maxRSS+"\\n"))';

describe('results are not lost', () => {
  it('a fragment printed before the result: bench keeps the result, says so, and writes a benchstat-clean -o', async () => {
    const raw = join(tmp, 'fragment.txt');
    const r = await runCli(['bench', fixture, '--bench', '^BenchmarkFragment$', '--count', '2', '--benchtime', '50x', '--format', 'json', '-o', raw]);
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out) as BenchJson;
    const b = doc.packages[0]!.benchmarks.find((x) => x.name === 'BenchmarkFragment')!;
    expect(b.units['sec/op']!.n).toBe(2);
    expect(r.err).toContain('BenchmarkFragment-2 printed "x" between its name and its figures');
    expect(r.err).not.toMatch(/sub-benchmark pattern/);
    // The raw file reads as two results with benchstat's strict reader.
    const parsed = parseBenchfmt(readFileSync(raw, 'utf8'), raw);
    expect(parsed.records.filter((x) => x.name === 'Fragment').length).toBe(2);
  }, 120_000);

  it('a fragment printed before the result: check keeps the benchmark too', async () => {
    const r = await runCli(['check', fixture, '--bench', '^BenchmarkFragment$', '--count', '1', '--benchtime', '50x', '--format', 'json', '--quiet']);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as CheckReport;
    expect(report.benchmarks.map((b) => b.name)).toEqual(['BenchmarkFragment']);
    expect(report.profileTotals.profiles).toBe(report.settings.profileCount);
  }, 180_000);

  it('100 MB printed without a newline before the result: kept, in seconds, in bounded memory', () => {
    const started = performance.now();
    const r = spawnSync(process.execPath, ['--import', rssHook, bin, 'bench', fixture, '--bench', '^BenchmarkLongLine$', '--count', '1', '--benchtime', '100x', '--format', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, HS_LONGLINE_MB: '100' },
      timeout: 120_000,
      maxBuffer: 64 << 20,
    });
    const seconds = (performance.now() - started) / 1000;
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as BenchJson;
    expect(doc.packages[0]!.benchmarks.map((b) => b.name)).toEqual(['BenchmarkLongLine']);
    expect(r.stderr).toContain('BenchmarkLongLine-2 printed "yyyy');
    // The old splitter took 108-179 s and 1.6-2 GB here.
    expect(seconds).toBeLessThan(30);
    expect(Number(/maxrss=(\d+)/.exec(r.stderr)?.[1]) / 1024).toBeLessThan(800);
  }, 150_000);

  it('two million lines printed between the name and the figures: the result is kept, memory bounded', () => {
    const r = spawnSync(process.execPath, ['--import', rssHook, bin, 'bench', fixture, '--bench', '^BenchmarkChatty$', '--count', '2', '--benchtime', '100x', '--format', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, HS_CHATTY_LINES: '2000000' },
      timeout: 120_000,
      maxBuffer: 64 << 20,
    });
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as BenchJson;
    expect(doc.packages[0]!.benchmarks[0]!.units['sec/op']!.n).toBe(2);
    expect(r.stderr).toContain('BenchmarkChatty-2 printed "chatty line 0');
    // 2 × 220 MB of output; each run keeps its results, a 16 MiB capture and 100k lines.
    expect(Number(/maxrss=(\d+)/.exec(r.stderr)?.[1]) / 1024).toBeLessThan(600);
  }, 150_000);

  it('a panicking sub-benchmark: check keeps the healthy sub-benchmark and the report (no missing-profile error)', async () => {
    const r = await runCli(['check', fixture, '--bench', '^Benchmark(Subs|Healthy)$', '--count', '1', '--benchtime', '50x', '--format', 'json', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/not a profile|internal error/);
    const report = JSON.parse(r.out) as CheckReport;
    expect(report.benchmarks.map((b) => b.name).sort()).toEqual(['BenchmarkHealthy', 'BenchmarkSubs/ok1']);
    // The sub-benchmark's name is known only when testing printed it before the panic.
    expect(report.failures).toMatchObject([{ name: expect.stringMatching(/^BenchmarkSubs(\/bad)?$/), kind: 'panic', message: 'panic: assignment to entry in nil map' }]);
    expect(report.warnings).toContain('BenchmarkSubs: not heap-profiled, because it failed in its timing runs');
    expect(report.profileTotals.profiles).toBe(report.settings.profileCount);
    // Text says "panic:" once.
    const text = await runCli(['check', fixture, '--bench', '^BenchmarkSubs$', '--count', '1', '--benchtime', '50x', '--quiet']);
    expect(text.out).toMatch(/BenchmarkSubs(\/bad)?: panic: assignment to entry in nil map/);
    expect(text.out).not.toContain('panic: panic:');
  }, 240_000);
});

describe('no process is left behind, no run waits for a pipe', () => {
  it('a benchmark that starts a child and never waits: no orphan survives heapsight', async () => {
    const t = tag();
    const r = await withEnv({ HS_ORPHAN_SECONDS: t }, () => runCli(['bench', fixture, '--bench', '^BenchmarkOrphan$', '--count', '3', '--benchtime', '10x']));
    expect(r.code, r.err).toBe(0);
    await new Promise((res) => setTimeout(res, 200));
    expect(pidsOf(['sleep', t])).toEqual([]);
  }, 120_000);

  it('a grandchild holding stdout: each run ends when the benchmark exits, not at --timeout', async () => {
    const t = tag();
    const started = performance.now();
    const r = await withEnv({ HS_ORPHAN_SECONDS: t }, () =>
      runCli(['bench', fixture, '--bench', '^BenchmarkHeldStdout$', '--count', '2', '--benchtime', '10x', '--timeout', '60s', '--format', 'json']),
    );
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out) as BenchJson;
    expect(doc.packages[0]!.failures).toEqual([]);
    expect(doc.packages[0]!.benchmarks[0]!.units['sec/op']!.n).toBe(2);
    expect(performance.now() - started).toBeLessThan(40_000);
    expect(pidsOf(['sleep', t])).toEqual([]);
  }, 120_000);

  it('SIGHUP (the terminal closed) stops like SIGTERM: exit 2, no test binary, wrapper or temp dir left', async () => {
    const slow = resolve('testdata/check/slow');
    const own = mkdtempSync(join(tmpdir(), 'hs-sighup-'));
    const child = spawn(process.execPath, [bin, 'bench', slow, '--benchtime', '200x', '--count', '1'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: own } });
    const ours = (): number[] => {
      const pids: number[] = [];
      for (const p of readdirSync('/proc')) {
        if (!/^\d+$/.test(p)) continue;
        try {
          if (readlinkSync(`/proc/${p}/cwd`) === slow && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(`${own}/`)) pids.push(Number(p));
        } catch {
          // gone
        }
      }
      return pids;
    };
    try {
      let err = '';
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      child.stdout.resume();
      const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
      const deadline = Date.now() + 120_000;
      // Both the timeout wrapper and the test binary run while BenchmarkNap does.
      while (Date.now() < deadline && ours().length < 2) await new Promise((res) => setTimeout(res, 100));
      expect(ours().length, err).toBeGreaterThanOrEqual(2);
      child.kill('SIGHUP');
      expect(await exited).toBe(2);
      expect(err).toMatch(/interrupted \(SIGHUP\)/);
      expect(err).not.toMatch(/\n\s+at /);
      await new Promise((res) => setTimeout(res, 300));
      expect(ours()).toEqual([]);
      expect(readdirSync(own)).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      for (const pid of ours()) process.kill(pid, 'SIGKILL');
      rmSync(own, { recursive: true, force: true });
    }
  }, 150_000);
});

describe('plain answers instead of confusing ones', () => {
  it('GOOS=windows: heapsight runs benchmarks for the host only (no binary handed to /bin/sh)', () => {
    for (const cmd of ['bench', 'check']) {
      const r = spawnSync(process.execPath, [bin, cmd, fixture, '--bench', 'Healthy', '--count', '1'], { encoding: 'utf8', env: { ...process.env, GOOS: 'windows' }, timeout: 120_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`heapsight ${cmd}: benchmarks run on the host only: GOOS/GOARCH is windows/`);
      expect(r.stderr).not.toMatch(/MZ|not found|internal error/);
    }
  }, 150_000);

  it('a package with tests but no benchmarks: bench exits 2', async () => {
    const pkg = join(tmp, 'nobench');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'go.mod'), 'module example.com/nobench\n\ngo 1.24\n');
    writeFileSync(join(pkg, 'a_test.go'), 'package nobench\n\nimport "testing"\n\nfunc TestA(t *testing.T) {}\n');
    const r = await runCli(['bench', pkg, '--count', '1']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no benchmarks matched');
  }, 120_000);
});
