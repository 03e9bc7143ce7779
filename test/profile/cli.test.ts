// cli.test.ts runs `heapsight top|list|peek` in-process on the real profiles:
// stdout against goldens (UPDATE=1 rewrites them), stderr and exit codes
// separately, and the JSON document's contract.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-io.js';
import { matchGolden } from '../support/golden.js';

const dir = new URL('../../testdata/profile/', import.meta.url).pathname;

/** heapsight runs one command in testdata/profile, so profiles are named as a user would. */
const heapsight = (...argv: string[]) => runCli(argv, { cwd: dir });

describe('heapsight top', () => {
  it('text: pprof layout, alloc_space default said, maps by purpose', async () => {
    const r = await heapsight('top', 'allocs.pb.gz');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^File: allocs\.pb\.gz\nType: alloc_space \(/);
    expect(r.out).toContain('main.newBuf (inline)');
    expect(r.out).toMatch(/Maps by purpose \(alloc_space; from allocation-site source lines/);
    matchGolden(join(dir, 'top-allocs.golden'), r.out);
  });

  it('json: schema, sampleIndex, unit, total, rows with name/flat/cum/file/line', async () => {
    const r = await heapsight('top', 'heap.pb.gz', '--granularity', 'lines', '--format', 'json', '--nodecount', '5');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { schema: string; sampleIndex: string; sampleIndexReason: string; unit: string; total: number; rows: { name: string; flat: number; cum: number; file: string; line: number }[] };
    expect(doc.schema).toBe('heapsight.top/v1');
    expect(doc.sampleIndex).toBe('alloc_space');
    expect(doc.sampleIndexReason).toBe('heap-alloc-space');
    expect(doc.unit).toBe('bytes');
    expect(doc.rows).toHaveLength(5);
    expect(doc.rows[0]).toMatchObject({ name: expect.stringMatching(/^main\.newBuf \/.*main\.go:\d+$/), file: expect.stringMatching(/main\.go$/), line: expect.any(Number) });
    expect(doc.total).toBeGreaterThanOrEqual(doc.rows.reduce((s, x) => s + x.flat, 0));
    matchGolden(join(dir, 'top-heap-lines.json.golden'), r.out);
  });

  it('accepts pprof spellings (-sample_index=, -lines) and merges several profiles', async () => {
    const one = JSON.parse((await heapsight('top', 'cpu.pb.gz', '-sample_index=samples', '--format=json')).out) as { total: number; sampleIndex: string };
    const two = JSON.parse((await heapsight('top', 'cpu.pb.gz', 'cpu.pb.gz', '-sample_index=samples', '--format=json')).out) as { total: number };
    expect(one.sampleIndex).toBe('samples');
    expect(two.total).toBe(2 * one.total);
    const lines = await heapsight('top', 'allocs.pb.gz', '-lines', '--nodecount=3');
    expect(lines.out).toMatch(/Showing top 3 nodes out of \d+/);
  });

  it('--tagfocus on the bytes label', async () => {
    const r = await heapsight('top', 'allocs.pb.gz', '--tagfocus', '128kb:512kb', '--format', 'json');
    const doc = JSON.parse(r.out) as { rows: { name: string; flat: number }[] };
    expect(doc.rows.filter((x) => x.flat !== 0).map((x) => x.name)).toEqual(['main.newBuf']);
  });

  it('bad input: exit 2, message names the file, no stack', async () => {
    for (const [args, msg] of [
      [['top', 'legacy-heap.txt'], /legacy-heap\.txt: not a profile: legacy format/],
      [['top', 'README.md'], /README\.md: not a profile: looks like a text file/],
      [['top', 'missing.pb.gz'], /missing\.pb\.gz: not a profile: no such file/],
      [['top', 'allocs.pb.gz', 'cpu.pb.gz'], /cannot merge profiles of different kinds/],
      [['top', 'cpu.pb.gz', '--sample-index', 'alloc_space'], /sample index "alloc_space" must be one of: samples, cpu/],
      [['top', 'cpu.pb.gz', '--focus', '('], /--focus: bad regular expression/],
      [['top'], /top needs a profile file/],
    ] as const) {
      const r = await heapsight(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(msg);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
});

describe('heapsight list and peek', () => {
  it('list prints the routine with per-line values', async () => {
    const r = await heapsight('list', 'makeSmallMaps', 'allocs.pb.gz');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ROUTINE =+ main\.makeSmallMaps in \/.*main\.go/);
    expect(r.out).toMatch(/\s+\d+:\s+m\[j\] = j|\(source not found/);
  });

  it('peek prints callers and callees', async () => {
    const r = await heapsight('peek', 'mapassign_fast64$', 'cpu.pb.gz');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\|   main\.burnCPU\n/);
    expect(r.out).toMatch(/\| runtime\.mapassign_fast64\n/);
    matchGolden(join(dir, 'peek-cpu-mapassign.golden'), r.out);
  });
});
