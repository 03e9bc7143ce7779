// benchfmt-fuzz.test.ts generates benchmark files with fast-check — result
// lines with every kind of value (NaN, ±Inf, hex floats, huge, negative),
// fragments, config and Unit lines, garbage, CRLF, Unicode spaces, long
// tokens — and holds the reader and the comparison to their contract: no
// exception, no hang, no NaN in a sample, streaming equal to one-shot
// reading, and a rendering for every input. 10k files per property.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { BenchfmtReader, parseBenchfmt, type BenchResult } from '../../src/bench/benchfmt.js';
import { compareFiles } from '../../src/bench/compare.js';
import { LineSplitter } from '../../src/line-splitter.js';
import { renderCompareJson } from '../../src/render/compare-json.js';
import { renderCompareText } from '../../src/render/compare-text.js';

const name = fc.constantFrom('A', 'MapFill/n=10', 'Sum-2', 'X/y=1/z=2-8', 'Ω', 'Big', '', 'A-0', 'Sub/', 'name with\ttab');
const value = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: 0, max: 1e6, noNaN: true }).map((v) => v.toFixed(3)) },
  fc.double({ noNaN: false }).map(String),
  fc.integer({ min: -1e9, max: 1e9 }).map(String),
  fc.constantFrom('NaN', 'nan', '+Inf', '-Inf', 'inf', 'Infinity', '0x1p-2', '0X1.8P3', '1e308', '1e-320', '-0', '.5', '5.', '1e', '+-1', '0x1f', '1_000', ''),
);
const unit = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('ns/op', 'B/op', 'allocs/op') }, fc.constantFrom('MB/s', 'ns/GC', 'MB*ns/op', 'x/op', 'sec/op', '42', '', 'ns'));
const space = fc.constantFrom(' ', '\t', '   \t', '\u00a0', '\u2003', '\u3000');

const resultLine = fc
  .tuple(name, fc.option(fc.integer({ min: 1, max: 64 })), space, fc.oneof({ weight: 6, arbitrary: fc.nat().map(String) }, fc.constantFrom('-3', 'lots', '')), fc.array(fc.tuple(space, value, space, unit), { minLength: 1, maxLength: 5 }))
  .map(([n, procs, sp, iters, pairs]) => `Benchmark${n}${procs === null ? '' : `-${procs}`}${sp}${iters}${pairs.map(([a, v, b, u]) => `${a}${v}${b}${u}`).join('')}`);
// What a benchmark printed without a newline, before testing's figures or before its name.
const fragmentLine = fc
  .tuple(fc.string({ maxLength: 12 }), resultLine, fc.boolean())
  .map(([frag, line, before]) => (before ? `${frag}${line}` : line.replace(/^(\S+\s)/, `$1${frag}`)));
const configLine = fc
  .tuple(fc.constantFrom('goos', 'goarch', 'pkg', 'cpu', 'go', 'note', 'Bad Key', 'k'), fc.constantFrom(': linux', ': amd64', ':', ': example.com/x', ':x', ': go1.26.8', ': AMD EPYC'))
  .map(([k, v]) => `${k}${v}`);
const unitLine = fc
  .tuple(unit, fc.array(fc.constantFrom('better=higher', 'better=lower', 'assume=exact', 'x', '=y', 'better='), { maxLength: 3 }))
  .map(([u, kvs]) => `Unit ${u} ${kvs.join(' ')}`);
const chatter = fc.constantFrom('PASS', 'FAIL', 'ok  \texample.com/x\t1.2s', '--- BENCH: BenchmarkA', '    a_test.go:12: log', '=== RUN   BenchmarkA', '', '# comment', 'BenchmarkA', 'exit status 2');
const garbage = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('\u0000\u0001\u00ff', '\uFFFD\uFFFD', 'x'.repeat(300)));
const line = fc.oneof({ weight: 5, arbitrary: resultLine }, fragmentLine, configLine, unitLine, chatter, garbage);
const file = fc.tuple(fc.array(line, { maxLength: 30 }), fc.boolean(), fc.boolean()).map(([ls, crlf, trailing]) => ls.join(crlf ? '\r\n' : '\n') + (trailing ? '\n' : ''));

/** stream reads text through LineSplitter in chunks of `size`, as compare reads a file. */
function stream(text: string, size: number, origin: string): BenchResult[] {
  const out: BenchResult[] = [];
  const reader = new BenchfmtReader(origin, (r) => out.push(r));
  const lines = new LineSplitter((l, elided) => reader.line(l, elided));
  for (let i = 0; i < text.length; i += size) lines.push(text.slice(i, i + size));
  lines.end();
  reader.finish();
  return out;
}

const RUNS = 10_000;

describe('benchmark files under fast-check', () => {
  it(`read (strict and fragments mode): never throws, no NaN in a sample, stream = one-shot (${RUNS} files)`, () => {
    const started = performance.now();
    const seen = { records: 0, fragments: 0, nan: 0, inf: 0 };
    fc.assert(
      fc.property(file, fc.integer({ min: 1, max: 64 }), (text, size) => {
        const strict = parseBenchfmt(text, 'f.txt');
        const lenient = parseBenchfmt(text, 'f.txt', { fragments: true });
        for (const r of [...strict.records, ...lenient.records]) {
          expect(r.values.length).toBeGreaterThan(0);
          for (const v of r.values) expect(Number.isNaN(v.value)).toBe(false);
        }
        // Fragments mode keeps everything strict mode reads, and each recovered line reads strictly as a result.
        expect(lenient.records.length).toBeGreaterThanOrEqual(strict.records.length);
        for (const f of lenient.fragments) expect(parseBenchfmt(f.result, 'r').records.length).toBe(1);
        expect(strict.warnings.every((w) => w.startsWith('f.txt:'))).toBe(true);
        expect(stream(text, size, 'f.txt')).toEqual(strict.records);
        seen.records += strict.records.length;
        seen.fragments += lenient.fragments.length;
        if (strict.warnings.some((w) => w.includes('NaN'))) seen.nan++;
        if (strict.records.some((r) => r.values.some((v) => !Number.isFinite(v.value)))) seen.inf++;
      }),
      { numRuns: RUNS },
    );
    expect(performance.now() - started).toBeLessThan(60_000);
    // The generator must reach every case it is for (a fuzz that never makes a result proves nothing).
    expect(seen.records).toBeGreaterThan(RUNS);
    expect(seen.fragments).toBeGreaterThan(RUNS / 10);
    expect(seen.nan).toBeGreaterThan(RUNS / 100);
    expect(seen.inf).toBeGreaterThan(RUNS / 100);
  });

  it(`compare and both renderings terminate on any pair of files (${RUNS} pairs)`, () => {
    const before = process.memoryUsage().rss;
    fc.assert(
      fc.property(file, file, fc.double({ min: 0.001, max: 0.5, noNaN: true }), (a, b, alpha) => {
        const report = compareFiles(parseBenchfmt(a, 'old.txt'), parseBenchfmt(b, 'new.txt'), { alpha });
        expect(typeof renderCompareText(report, en)).toBe('string');
        JSON.parse(renderCompareJson(report, []));
        for (const t of report.tables) for (const r of t.rows) if (r.comparison) expect(Number.isNaN(r.comparison.p)).toBe(false);
      }),
      { numRuns: RUNS },
    );
    // Bounded memory: small inputs must not leave the process much bigger.
    expect((process.memoryUsage().rss - before) / 2 ** 20).toBeLessThan(512);
  });
});
