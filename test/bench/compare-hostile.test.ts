// compare-hostile.test.ts gives `heapsight compare` the inputs that crashed
// or exhausted it: NaN measurements (benchstat itself runs out of memory on
// them), files of tens of megabytes (streamed: memory follows the
// measurements, not the text), over-long lines, and configs one side lacks.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { mannWhitneyUTest } from '../../src/bench/mann-whitney.js';
import { runCli } from '../support/cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'hs-compare-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return name;
};
const compare = (...args: string[]) => runCli(['compare', ...args], { cwd: dir });

describe('NaN', () => {
  test('a file of one NaN result: no crash, exit 2, the NaN named', async () => {
    const n = write('n.txt', 'BenchmarkA 100 NaN ns/op\n');
    const r = await compare(n, n);
    expect(r.code).toBe(2);
    expect(r.err).toContain('n.txt:1: NaN ns/op is not a measurement; line ignored');
    expect(r.err).toContain('heapsight compare: n.txt holds no benchmark results');
  });

  test('NaN values among real ones are dropped; the rest is compared', async () => {
    const o = write('nan-old.txt', ['BenchmarkA 100 NaN ns/op 8 B/op', ...['5', '6', '7', '8'].map((v) => `BenchmarkA 100 ${v} ns/op 8 B/op`)].join('\n') + '\n');
    const n = write('nan-new.txt', ['5', '6', '7', 'nan'].map((v) => `BenchmarkA 100 ${v} ns/op 8 B/op`).join('\n') + '\n');
    const r = await compare(o, n, '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.err).toContain('nan-old.txt:1: NaN ns/op is not a measurement; value ignored');
    expect(r.err).toContain('nan-new.txt:4: NaN ns/op is not a measurement; value ignored');
    const json = JSON.parse(r.out) as { rows: { unit: string; n: { old: number; new: number } }[] };
    expect(json.rows.find((x) => x.unit === 'sec/op')!.n).toEqual({ old: 4, new: 3 });
    expect(json.rows.find((x) => x.unit === 'B/op')!.n).toEqual({ old: 5, new: 4 });
  });

  test('the U test terminates on NaN input (it used to loop while growing its tie list)', () => {
    const r = mannWhitneyUTest([NaN, 1, 2], [NaN, 3]);
    expect('error' in r ? r.error : typeof r.p).toBe('number');
  });
});

describe('configs and lines', () => {
  test('a key only one file sets is "none", not "undefined"', async () => {
    const o = write('cpu-old.txt', 'cpu: A\nBenchmarkA 100 5 ns/op\n');
    const n = write('cpu-new.txt', 'BenchmarkA 100 5 ns/op\n');
    const r = await compare(o, n);
    expect(r.err).toContain('warning: cpu differs: cpu-old.txt has "A", cpu-new.txt has none');
    expect(r.err).not.toContain('undefined');
  });

  test('a 10 MB line is skipped with a warning, the next line still read', async () => {
    const o = write('long.txt', `BenchmarkA 100 ${'9'.repeat(10 << 20)} ns/op\nBenchmarkA 100 5 ns/op\n`);
    const r = await compare(o, o);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/long\.txt:1: line of 10485\d+ chars skipped/);
    expect(r.out).toContain('5.000n');
  });

  test('garbage lines: at most 1000 warnings per file, the rest counted', async () => {
    const o = write('garbage.txt', 'nonsense\n'.repeat(5000) + 'BenchmarkA 100 5 ns/op\n');
    const r = await compare(o, o);
    expect(r.err.split('\n').filter((l) => /^garbage\.txt:\d+: ignoring/.test(l)).length).toBe(2000);
    expect(r.err).toContain('garbage.txt: 4000 more warnings not shown');
  });
});

describe('large files are streamed', () => {
  test('two 40 MB files: peak RSS far below the text size times the old 17', async () => {
    // 40 MB each: ~540k result lines over 1000 benchmarks (the old reader held ~1.2 GB here).
    const gen = async (name: string, seed: number): Promise<string> => {
      const out = createWriteStream(join(dir, name));
      let x = seed;
      let size = 0;
      out.write('goos: linux\ngoarch: amd64\npkg: example.com/big\n');
      for (let i = 0; size < 40 << 20; i++) {
        const b = i % 1000;
        x = (x * 1103515245 + 12345) % 2147483648;
        const line = `BenchmarkCase${b}/size=${b * 7}-2   \t  ${1000 + b}\t${(1000 + b * 3 + (x / 2147483648) * 50).toFixed(1)} ns/op\t${b * 16} B/op\t${b % 9} allocs/op\n`;
        size += line.length;
        if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      await new Promise<void>((r) => out.end(() => r()));
      return join(dir, name);
    };
    const [o, n] = await Promise.all([gen('big-old.txt', 1), gen('big-new.txt', 2)]);
    const hook = 'data:text/javascript,process.on("exit",()=>process.stderr.write("maxrss="+process.resourceUsage().maxRSS+"\\n"))';
    const r = spawnSync(process.execPath, ['--import', hook, resolve('bin/heapsight'), 'compare', o, n, '--format', 'json'], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { rows: unknown[] };
    expect(json.rows.length).toBe(3000);
    const rssMB = Number(/maxrss=(\d+)/.exec(r.stderr)?.[1]) / 1024;
    expect(rssMB).toBeGreaterThan(0);
    expect(rssMB).toBeLessThan(400);
  }, 150_000);
});
