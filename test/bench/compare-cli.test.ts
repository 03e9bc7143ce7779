// compare-cli.test.ts drives `heapsight compare` in-process: golden stdout
// for the real runs (UPDATE=1 rewrites), warnings on stderr with file:line,
// and exit codes (2 for unreadable or result-less files, never 0 after an error).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { CompareJson } from '../../src/render/compare-json.js';
import { runCli } from '../support/cli-io.js';
import { matchGolden } from '../support/golden.js';

const data = join(import.meta.dirname, '../../testdata/benchfmt');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return runCli(['compare', ...args], { cwd: data });
}

describe('heapsight compare', () => {
  test('text on real runs matches its golden', async () => {
    const r = await run(['real-old.txt', 'real-new.txt']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    matchGolden(join(data, 'real.compare.txt'), r.out);
  });

  test('text medians, CIs, deltas and p equal benchstat\'s stored text output cell by cell', async () => {
    const r = await run(['real-old.txt', 'real-new.txt']);
    const cells = (text: string): string[] =>
      text
        .split('\n')
        .map((l) => /^(\S+)\s+(\S+) ±\s*(\S+)\s+(\S+) ±\s*(\S+)\s+(\S+)\s+\((p=[0-9.]+ )?n=\S+\)/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => m.slice(1, 8).join(' '));
    const ours = cells(r.out);
    const theirs = cells(readFileSync(join(data, 'real.benchstat.txt'), 'utf8'));
    expect(theirs.length).toBe(13);
    expect(ours).toEqual(theirs);
  });

  test('json on real runs: schema, rows, deltaPct null for ~', async () => {
    const r = await run(['real-old.txt', 'real-new.txt', '--format', 'json']);
    expect(r.code).toBe(0);
    matchGolden(join(data, 'real.compare.json'), r.out);
    const doc = JSON.parse(r.out) as CompareJson;
    expect(doc.schema).toBe('heapsight.compare/v1');
    expect(new Set(doc.rows.map((x) => x.unit))).toEqual(new Set(['sec/op', 'B/op', 'allocs/op', 'elems/op']));
    const itoaB = doc.rows.find((x) => x.name === 'Itoa-2' && x.unit === 'B/op')!;
    expect(itoaB).toMatchObject({ deltaPct: null, delta: '~', n: { old: 10, new: 10 } });
    const mapAllocs = doc.rows.find((x) => x.name === 'MapFill/n=1000-2' && x.unit === 'allocs/op')!;
    expect(mapAllocs.deltaPct).toBeLessThan(0);
    expect(mapAllocs.p).toBeLessThan(0.05);
  });

  test('unreadable file: exit 2 with the path named', async () => {
    const r = await run(['real-old.txt', 'does-not-exist.txt']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot read benchmark file does-not-exist.txt: ENOENT');
    expect(r.out).toBe('');
  });

  test('empty file: warning with file:line and exit 2', async () => {
    const r = await run(['bad/empty.txt', 'real-new.txt']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('bad/empty.txt:0: no benchmark results (empty file)');
    expect(r.err).toContain('bad/empty.txt holds no benchmark results');
  });

  test('garbage, missing units and mixed Go versions: warnings on stderr, table still printed', async () => {
    const r = await run(['bad/garbage.txt', 'bad/missing-units.txt']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('bad/garbage.txt:7: parsing iteration count');
    expect(r.err).toContain('bad/missing-units.txt:2: missing units');
    const m = await run(['bad/mixed-go.txt', 'bad/mixed-go.txt', '--format', 'json']);
    expect(m.err).toContain('bad/mixed-go.txt:7: go changes from "go1.25.3" to "go1.26.8"');
    const doc = JSON.parse(m.out) as CompareJson;
    expect(doc.rows[0]!.warnings).toContain('old: benchmarks vary in cpu, go');
  });

  test('usage errors exit 2', async () => {
    expect((await run(['only-one.txt'])).code).toBe(2);
    expect((await run(['a', 'b', '--alpha', '2'])).code).toBe(2);
    expect((await run(['a', 'b', '--format', 'xml'])).code).toBe(2);
  });
});
