// interrupt.e2e.test.ts presses Ctrl-C (SIGINT) on a real `heapsight check`
// while a benchmark runs: the runs that finished are still reported (nothing
// measured is lost), exit 2, a plain message, and no benchmark process or
// temporary directory left behind.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const fixture = resolve('testdata/check/slow');

/** benchmarkProcessesIn lists pids of test binaries (pkg.test) under tmp running in dir, where the runner starts them. */
function benchmarkProcessesIn(dir: string, tmp: string, bench = 'pkg.test'): number[] {
  const pids: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (readlinkSync(`/proc/${p}/cwd`) === dir && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(`${tmp}/`) && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(bench)) pids.push(Number(p));
    } catch {
      // The process ended, or it is not ours to inspect.
    }
  }
  return pids;
}

describe('Ctrl-C during heapsight check', () => {
  it('stops the benchmark processes, removes temp dirs and exits 2', async () => {
    // A private TMPDIR, so what heapsight leaves behind is told apart from other tests' files.
    const tmp = mkdtempSync(join(tmpdir(), 'hs-interrupt-'));
    const child = spawn(process.execPath, ['bin/heapsight', 'check', fixture, '--benchtime', '200x', '--count', '1', '--format', 'json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TMPDIR: tmp },
    });
    try {
      let err = '';
    let out = '';
      let sawBenchmarkProcess = false;
      const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      // Wait until the timing round's process runs (one process runs both; BenchmarkQuick, listed first, takes
      // microseconds, BenchmarkNap 20 s), give Quick two seconds to finish, then press Ctrl-C.
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        if (benchmarkProcessesIn(fixture, tmp, 'BenchmarkNap').length > 0) {
          sawBenchmarkProcess = true;
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(sawBenchmarkProcess, err).toBe(true);
      await new Promise((r) => setTimeout(r, 2000));
      // heapsight's temp dirs (the test binary, profiles) exist while it runs…
      expect(readdirSync(tmp).length).toBeGreaterThan(0);
      child.kill('SIGINT');
      const code = await exited;
      expect(code).toBe(2);
      expect(err).toMatch(/interrupted \(SIGINT\)/);
      expect(err).not.toMatch(/\n\s+at /);
      // Nothing measured is lost: the finished benchmark is in the report, the interrupted one is not.
      const report = JSON.parse(out) as { benchmarks: { name: string; nsPerOp: { n: number } }[]; warnings: string[] };
      expect(report.benchmarks.map((b) => [b.name, b.nsPerOp.n])).toEqual([['BenchmarkQuick', 1]]);
      expect(report.warnings[0]).toMatch(/^interrupted/);
      await new Promise((r) => setTimeout(r, 300));
      expect(benchmarkProcessesIn(fixture, tmp)).toEqual([]);
      // …and are gone after Ctrl-C.
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      // Whatever failed above, leave no heapsight or benchmark process running.
      if (child.exitCode === null) child.kill('SIGKILL');
      for (const pid of benchmarkProcessesIn(fixture, tmp)) process.kill(pid, 'SIGKILL');
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 150_000);
});
