// runner-cli.test.ts drives `heapsight bench` in-process through main() with
// a fake terminal, on the real fixtures: exit codes, JSON schema, raw output
// for benchstat, the progress bar and flag errors. The pipeline itself (the
// variant table with compiler evidence) is held in test/core.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBenchfmt } from '../../src/bench/benchfmt.js';
import { main } from '../../src/cli/main.js';
import type { BenchJson } from '../../src/render/bench-json.js';
import { fakeIO } from '../support/cli-io.js';

const fixtures = resolve(import.meta.dirname, '../../testdata/bench-fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'heapsight-bench-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('heapsight bench', () => {
  it('concurrent map writes: exit 2, the fatal error named, the healthy medians in the JSON', async () => {
    const io = fakeIO();
    const raw = join(tmp, 'mapwrites.txt');
    const code = await main(['bench', './mapwrites', '--count', '2', '--benchtime', '20x', '--format', 'json', '-o', raw], io, { cwd: fixtures });
    expect(code).toBe(2);
    const doc = JSON.parse(io.out()) as BenchJson;
    expect(doc.schema).toBe('heapsight.bench/v1');
    const pkg = doc.packages[0]!;
    expect(pkg.failures).toMatchObject([{ name: 'BenchmarkConcurrentWrites', kind: 'fatal', message: 'fatal error: concurrent map writes' }]);
    expect(pkg.failures[0]!.stack).toContain('BenchmarkConcurrentWrites');
    for (const name of ['BenchmarkFill', 'BenchmarkLookup']) {
      const b = pkg.benchmarks.find((x) => x.name === name)!;
      expect(b.units['sec/op']!.median).toBeGreaterThan(0);
      expect(b.units['sec/op']!.n).toBe(2);
      expect(b.units['allocs/op']!.median).toBeTypeOf('number');
    }
    expect(io.err()).toMatch(/1 benchmark failed: BenchmarkConcurrentWrites \(fatal\)/);
    // Not a terminal: no progress bar drawn.
    expect(io.err()).not.toContain('\r');
    // The raw file is clean benchmark format: benchstat's reader finds the results and no garbage.
    const parsed = parseBenchfmt(readFileSync(raw, 'utf8'), raw);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.records.map((r) => r.name).sort()).toEqual(['Fill', 'Fill', 'Lookup', 'Lookup']);
  }, 60_000);

  it('exits 2 on bad flags before running anything', async () => {
    for (const args of [['--benchtime', 'soon'], ['--timeout', '5'], ['--count', '0'], ['--cpu', '1,x'], ['--format', 'xml']]) {
      const io = fakeIO();
      expect(await main(['bench', './healthy', ...args], io, { cwd: fixtures })).toBe(2);
      expect(io.out()).toBe('');
      expect(io.err()).toMatch(/^heapsight bench: /);
    }
  });

  it('says plainly when no benchmark matched, and exits 2 (README: no benchmarks)', async () => {
    const io = fakeIO();
    expect(await main(['bench', './healthy', '--bench', 'Nothing', '--count', '1'], io, { cwd: fixtures })).toBe(2);
    expect(io.out()).toMatch(/no benchmarks matched/);
    expect(io.err()).toMatch(/no benchmarks matched "Nothing"/);
  }, 60_000);

  it('reports a missing baseline and exits 2; a terminal gets the progress bar, cleared at the end', async () => {
    const io = fakeIO({ stderrIsTTY: true });
    expect(await main(['bench', './fails', '--count', '1', '--benchtime', '10x', '--baseline', 'GivesUp'], io, { cwd: fixtures })).toBe(2);
    expect(io.err()).toMatch(/baseline GivesUp has no results: it failed \(fail: /);
    expect(io.err()).toMatch(/\r\x1b\[2K\[#*-*\] \d+\/\d+ /);
    expect(io.err()).toMatch(/\r\x1b\[2K(?!\[)/);
  }, 60_000);
});
