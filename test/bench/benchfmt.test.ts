// benchfmt.test.ts checks the benchmark-format reader on real go test output
// and on bad input: every unusable line is a file:line warning, never a crash.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BenchfmtReader, parseBenchfmt, splitProcs } from '../../src/bench/benchfmt.js';
import { tidyUnit, unitClass } from '../../src/bench/units.js';

const data = join(import.meta.dirname, '../../testdata/benchfmt');
const read = (name: string): string => readFileSync(join(data, name), 'utf8');

describe('parseBenchfmt on real go test -bench output', () => {
  const f = parseBenchfmt(read('real-old.txt'), 'real-old.txt');
  test('reads every result line with config, procs suffix and tidied units', () => {
    expect(f.warnings).toEqual([]);
    expect(f.records).toHaveLength(40);
    const first = f.records[0]!;
    expect(first).toMatchObject({ file: 'real-old.txt', line: 5, fullName: 'MapFill/n=10-2', name: 'MapFill/n=10', procs: 2, iters: 20000 });
    expect(first.config).toMatchObject({ goos: 'linux', goarch: 'amd64', pkg: 'example.com/heapsight/benchfixture' });
    expect(first.values.map((v) => v.unit)).toEqual(['sec/op', 'B/op', 'allocs/op']);
    expect(first.values[0]!.value).toBe(first.values[0]!.origValue * 1e-9);
    const sum = f.records.find((r) => r.name === 'Sum')!;
    expect(sum.values.map((v) => v.unit)).toEqual(['sec/op', 'elems/op', 'B/op', 'allocs/op']);
  });
});

describe('bad input yields file:line warnings', () => {
  test('empty file', () => {
    const f = parseBenchfmt(read('bad/empty.txt'), 'bad/empty.txt');
    expect(f.records).toEqual([]);
    expect(f.warnings).toEqual(['bad/empty.txt:0: no benchmark results (empty file)']);
  });
  test('garbage lines, benchfmt syntax errors and conflicting Unit metadata', () => {
    const f = parseBenchfmt(read('bad/garbage.txt'), 'bad/garbage.txt');
    expect(f.records.map((r) => r.line)).toEqual([5, 10]);
    expect(f.warnings).toEqual([
      'bad/garbage.txt:4: ignoring line that is neither a benchmark result nor configuration: "this line is garbage"',
      'bad/garbage.txt:7: parsing iteration count: invalid syntax "lots"',
      'bad/garbage.txt:8: missing measurements',
      'bad/garbage.txt:9: parsing measurement: invalid syntax "fast"',
      'bad/garbage.txt:12: metadata better of unit ns/op already set to lower',
    ]);
    expect(f.units).toEqual([{ file: 'bad/garbage.txt', line: 11, origUnit: 'ns/op', unit: 'sec/op', key: 'better', value: 'lower' }]);
  });
  test('missing units drop the line, as benchfmt does', () => {
    const f = parseBenchfmt(read('bad/missing-units.txt'), 'bad/missing-units.txt');
    expect(f.records.map((r) => r.line)).toEqual([4]);
    expect(f.warnings).toEqual(['bad/missing-units.txt:2: missing units after 16', 'bad/missing-units.txt:3: missing units after 121']);
  });
  test('mixed Go versions and CPUs within one file', () => {
    const f = parseBenchfmt(read('bad/mixed-go.txt'), 'bad/mixed-go.txt');
    expect(f.records).toHaveLength(4);
    expect(f.records[3]!.config['go']).toBe('go1.26.8');
    expect(f.warnings).toEqual([
      'bad/mixed-go.txt:7: go changes from "go1.25.3" to "go1.26.8": this file mixes results from different environments',
    ]);
  });
  test('binary garbage and CRLF never throw', () => {
    const bytes = '\u0000\u0001\u00ff\r\nBenchmarkX-4 10 5 ns/op\r\n\uFFFD\uFFFD';
    const f = parseBenchfmt(bytes, 'blob');
    expect(f.records).toHaveLength(1);
    expect(f.records[0]!.values[0]!.origUnit).toBe('ns/op');
    expect(f.warnings.every((w) => /^blob:\d+: /.test(w))).toBe(true);
  });
  test('config: empty value deletes a key; keys need lower-case start and ": "', () => {
    const f = parseBenchfmt('note: a\nBenchmarkA 1 1 x\nnote:\nNotConfig: y\nBenchmarkA 1 2 x\n', 'c');
    expect(f.records[0]!.config).toEqual({ note: 'a' });
    expect(f.records[1]!.config).toEqual({});
    expect(f.warnings).toEqual(['c:4: ignoring line that is neither a benchmark result nor configuration: "NotConfig: y"']);
  });
});

describe('names and units', () => {
  test('splitProcs takes -N only at the end', () => {
    expect(splitProcs('Map/size=10-8')).toEqual({ name: 'Map/size=10', procs: 8 });
    expect(splitProcs('Map')).toEqual({ name: 'Map', procs: null });
    expect(splitProcs('Map/a-b')).toEqual({ name: 'Map/a-b', procs: null });
  });
  test('tidyUnit and unitClass as benchunit', () => {
    expect(tidyUnit('ns/op')).toEqual({ unit: 'sec/op', factor: 1e-9 });
    expect(tidyUnit('MB/s')).toEqual({ unit: 'B/s', factor: 1e6 });
    expect(tidyUnit('ns/GC')).toEqual({ unit: 'sec/GC', factor: 1e-9 });
    expect(tidyUnit('MB*ns/op')).toEqual({ unit: 'B*sec/op', factor: 1e6 / 1e9 });
    expect(tidyUnit('op/ns')).toEqual({ unit: 'op/ns', factor: 1 });
    expect(unitClass('B/op')).toBe('binary');
    expect(unitClass('text-bytes')).toBe('binary');
    expect(unitClass('allocs/op')).toBe('decimal');
    expect(unitClass('op/B')).toBe('decimal');
  });
});

describe('goFormatFixed rounds like Go strconv', () => {
  test('exact ties go to even; near-ties follow the binary value', async () => {
    const { goFormatFixed } = await import('../../src/bench/units.js');
    expect(goFormatFixed(0.125, 2)).toBe('0.12');
    expect(goFormatFixed(0.375, 2)).toBe('0.38');
    expect(goFormatFixed(2.5, 0)).toBe('2');
    expect(goFormatFixed(-2.5, 0)).toBe('-2');
    expect(goFormatFixed(2.6255e-8 / 1e-9, 2)).toBe('26.25'); // 26.254999… in binary
    expect(goFormatFixed(1.005, 2)).toBe('1.00'); // 1.00499… in binary
  });
});

describe('fragments mode: what a benchmark printed without a newline does not hide its result', () => {
  const read = (text: string) => parseBenchfmt(text, 'run', { fragments: true });
  test('between the name and the figures, as testing writes it', () => {
    const f = read('BenchmarkFrag-2   \tx     100\t   302.4 ns/op\t      55 B/op\t       0 allocs/op\n');
    expect(f.records.map((r) => [r.fullName, r.iters, r.values.map((v) => v.origValue)])).toEqual([['Frag-2', 100, [302.4, 55, 0]]]);
    expect(f.fragments).toEqual([{ line: 1, name: 'BenchmarkFrag-2', text: 'x', result: 'BenchmarkFrag-2\t100\t   302.4 ns/op\t      55 B/op\t       0 allocs/op' }]);
    // benchstat's reader (strict mode) rejects the same line.
    expect(parseBenchfmt('BenchmarkFrag-2   \tx     100\t   302.4 ns/op\n', 'run').records).toEqual([]);
  });
  test('a fragment of numbers and words: the figures are read from the end', () => {
    const f = read('BenchmarkA-2 \tx 1 2 ms     100\t  5 ns/op\n');
    expect(f.records.map((r) => [r.iters, r.values.map((v) => v.origValue)])).toEqual([[100, [5]]]);
    expect(f.fragments[0]!.text).toBe('x 1 2 ms');
    // A fragment that itself reads as figures is read as benchfmt reads it: the line is valid as it stands.
    expect(read('BenchmarkA-2 \t1 2 ms 7     100\t  5 ns/op\n').fragments).toEqual([]);
  });
  test('before the name ("xBenchmarkA…", chatty runs), and a config line it lands on is left alone', () => {
    const f = read('xgoos: linux\nyyBenchmarkA-2 \t 100\t 5 ns/op\n');
    expect(f.records.map((r) => r.fullName)).toEqual(['A-2']);
    expect(f.fragments[0]!.text).toBe('yy');
  });
  test('output with newlines after the name: the figures on their own later line are its result', () => {
    const f = read('BenchmarkChatty-2 \tline one\nline two\n     100\t  5 ns/op\t 8 B/op\nBenchmarkNext-2 \t 10\t 1 ns/op\n');
    expect(f.records.map((r) => [r.fullName, r.line, r.iters])).toEqual([['Chatty-2', 3, 100], ['Next-2', 4, 10]]);
    expect(f.fragments).toMatchObject([{ line: 3, name: 'BenchmarkChatty-2', nameLine: 1, nameLineRest: 'line one', result: 'BenchmarkChatty-2\t100\t  5 ns/op\t 8 B/op' }]);
    // A figures line with no name pending is not a result.
    expect(read('     100\t  5 ns/op\n').records).toEqual([]);
  });
  test('an over-long line: fragments mode reads it, strict mode skips it with a warning', () => {
    const reader = new BenchfmtReader('long', () => undefined);
    const cut = 'BenchmarkA-2 \tyyy…yyy 100\t5 ns/op';
    reader.line(cut, 10_000_000);
    expect(reader.finish().warnings[0]).toBe(`long:1: line of ${cut.length + 10_000_000} chars skipped (longer than heapsight reads)`);
    const got: string[] = [];
    const lenient = new BenchfmtReader('long', (r) => got.push(r.fullName), { fragments: true });
    lenient.line('BenchmarkA-2 \tyyy…yyy 100\t5 ns/op', 10_000_000);
    expect(got).toEqual(['A-2']);
  });
});
