// runner.test.ts checks the runner's pure parts on real go1.26.8 output
// (testdata/gctrace/README.md): crash classification, GC-cycle attribution
// to result lines, and the -bench pattern split.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyCrash, currentBenchmark, FAILURE_KINDS, goroutineBlocks } from '../../src/bench/crash.js';
import { attributeCycles, runningIn, splitBenchAlternatives } from '../../src/bench/runner.js';
import type { StreamLine } from '../../src/toolchain/test-binary.js';

const dir = resolve(import.meta.dirname, '../../testdata/gctrace');
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
const crashOf = (base: string, name: string, exitCode: number, timedOut = false) =>
  classifyCrash({ name, stdout: read(`${base}.stdout`), stderr: read(`${base}.stderr`), exitCode, signal: null, timedOut, timeoutMs: 1000 });

describe('classifyCrash on real output', () => {
  it('names the fatal error and the goroutine that tripped it', () => {
    const f = crashOf('go1.26.8-concurrent-map-writes', 'BenchmarkConcurrentWrites', 2)!;
    expect(f.kind).toBe('fatal');
    expect(f.message).toBe('fatal error: concurrent map writes');
    expect(f.stack.split('\n')[0]).toMatch(/^goroutine \d+ \[running\]:$/);
    expect(f.stack).toContain('mapwrites.BenchmarkConcurrentWrites.func1()');
  });

  it('reads a panic and its stack', () => {
    const f = crashOf('go1.26.8-nil-map-panic', 'BenchmarkNilMap', 2)!;
    expect(f).toMatchObject({ kind: 'panic', message: 'panic: assignment to entry in nil map', name: 'BenchmarkNilMap' });
    expect(f.stack).toContain('panics.BenchmarkNilMap(');
    expect(f.stack).toContain('testing.(*B).runN(');
  });

  it('reads b.Fatal from stdout', () => {
    const f = crashOf('go1.26.8-bfatal', 'BenchmarkGivesUp', 1)!;
    expect(f).toEqual({
      name: 'BenchmarkGivesUp',
      kind: 'fail',
      message: 'fails_test.go:12: fixture refuses to run: no input file',
      stack: '',
      exitCode: 1,
    });
  });

  it('reports a data race with its first access and the race report', () => {
    const f = crashOf('go1.26.8-race', 'BenchmarkRacyCounter', 1)!;
    expect(f.kind).toBe('race');
    expect(f.message).toMatch(/^data race: (Read|Write) at 0x[0-9a-f]+ by goroutine \d+$/);
    expect(f.stack).toMatch(/^WARNING: DATA RACE\n/);
    expect(f.stack).toContain('racy.BenchmarkRacyCounter.func1()');
    expect(f.stack).not.toContain('==================');
  });

  it('picks the hung benchmark\'s goroutine out of a SIGQUIT dump', () => {
    const f = crashOf('go1.26.8-hang-sigquit', 'BenchmarkForever', 124, true)!;
    expect(f.kind).toBe('timeout');
    expect(f.message).toBe('did not finish within 1s');
    expect(f.stack).toMatch(/^goroutine \d+ gp=\S+ m=\S+ \[sleep\]:/);
    expect(f.stack).toContain('hangs.BenchmarkForever(');
    // The scheduler's goroutine 0 leads the dump but is never the answer.
    expect(goroutineBlocks(read('go1.26.8-hang-sigquit.stderr'))[0]).toMatch(/^goroutine 0 /);
  });

  it('says nothing about a clean run', () => {
    expect(crashOf('go1.26.8-alloc', 'BenchmarkAlloc', 0)).toBeNull();
  });

  it('falls back to the exit status when the output explains nothing', () => {
    const f = classifyCrash({ name: 'BenchmarkX', stdout: '', stderr: 'gc 1 @0.000s 0%: 0+0+0 ms clock\nsomething odd\n', exitCode: 3, signal: null, timedOut: false });
    expect(f).toMatchObject({ kind: 'fail', message: 'exit status 3: something odd' });
    const killed = classifyCrash({ name: 'BenchmarkX', stdout: '', stderr: '', exitCode: null, signal: 'SIGSEGV', timedOut: false });
    expect(killed).toMatchObject({ kind: 'fatal', message: 'killed by SIGSEGV' });
  });

  it('names the sub-benchmark that was running from the unfinished stdout line', () => {
    expect(currentBenchmark('goos: linux\nBenchmarkSizes/n=64-2         \t', 'BenchmarkSizes')).toBe('BenchmarkSizes/n=64');
    expect(currentBenchmark('goos: linux\n', 'BenchmarkSizes')).toBe('BenchmarkSizes');
  });

  it('finds the benchmark a crash stopped in its goroutine dump, for a process that ran several (real dumps)', () => {
    expect(runningIn(read('go1.26.8-nil-map-panic.stderr'), ['BenchmarkOK', 'BenchmarkNilMap'])).toBe('BenchmarkNilMap');
    // A closure of the benchmark is its frame too; a longer name sharing the prefix is not.
    expect(runningIn(read('go1.26.8-concurrent-map-writes.stderr'), ['BenchmarkConcurrentWritesX', 'BenchmarkConcurrentWrites'])).toBe('BenchmarkConcurrentWrites');
    // SIGQUIT dumps every goroutine; the benchmark's is the only one in a benchmark function.
    expect(runningIn(read('go1.26.8-hang-sigquit.stderr'), ['BenchmarkOK', 'BenchmarkForever'])).toBe('BenchmarkForever');
    expect(runningIn(read('go1.26.8-nil-map-panic.stderr'), ['BenchmarkOK'])).toBeNull();
  });

  it('documents every kind', () => {
    for (const info of Object.values(FAILURE_KINDS)) {
      // Words a reader acts on: a title, and sentences (not placeholders) for what happened and what to do.
      expect(info.title).toMatch(/\w{3}/);
      expect(info.explanation.split(' ').length).toBeGreaterThan(3);
      expect(info.fix.split(' ').length).toBeGreaterThan(3);
    }
  });
});

/** interleave builds the arrival order of a sub-benchmark process from real lines: gc lines in the given groups, result lines after each group. */
function interleave(stderr: string[], groups: number[][], resultLines: number[]): StreamLine[] {
  const out: StreamLine[] = [];
  groups.forEach((g, i) => {
    for (const idx of g) out.push({ stream: 'stderr', line: idx + 1, text: stderr[idx]! });
    if (i < resultLines.length) out.push({ stream: 'stdout', line: resultLines[i]!, text: `Benchmark result ${i}` });
  });
  return out;
}

describe('attributeCycles', () => {
  const stderr = read('go1.26.8-subbenchmarks.stderr').trimEnd().split('\n');
  // stdout lines 5 and 6 are the n=64 and n=1024 results; gc 1–3 (forced) came
  // before n=64's result, gc 4 (forced) and 5–10 before n=1024's.
  it('gives each sub-benchmark the cycles that arrived before its result line', () => {
    const lines = interleave(stderr, [[0, 1, 2], [3, 4, 5, 6, 7, 8, 9]], [5, 6]);
    const a = attributeCycles(lines, new Set([5, 6]), 'x');
    expect(a.results.map((r) => r.cycles.map((c) => c.seq))).toEqual([[1, 2, 3], [4, 5, 6, 7, 8, 9, 10]]);
    expect(a.trailing).toEqual([]);
  });

  it('moves the next run\'s forced cycle forward when the pipes are read out of order', () => {
    // gc 4 (n=1024's runtime.GC) read before n=64's result line; and a run with automatic cycles.
    const lines = interleave(stderr, [[0, 1, 2, 3], [4, 5, 6]], [5, 6]);
    const a = attributeCycles(lines, new Set([5, 6]), 'x');
    expect(a.results[0]!.cycles.map((c) => c.seq)).toEqual([1, 2, 3, 4]);
    // Every run starts with testing's runtime.GC(): gc 2 (forced) opens the second run here.
    const withAuto = interleave(stderr, [[3, 4, 5], [1, 6, 7]], [5, 6]);
    const b = attributeCycles([...withAuto, { stream: 'stderr', line: 1, text: stderr[0]! }], new Set([5, 6]), 'x');
    expect(b.results.map((r) => r.cycles.map((c) => c.seq))).toEqual([[4, 5, 6], [2, 7, 8]]);
    // A forced cycle after the last result (writeProfiles' runtime.GC) is trailing.
    expect(b.trailing.map((c) => c.seq)).toEqual([1]);
  });

  it('keeps an automatic cycle read after a result line, before the next run\'s runtime.GC, with that line', () => {
    // Two benchmarks in one process: gc 6 finished marking after the first one's result was printed.
    const lines = interleave(stderr, [[3, 4], [5, 1, 6, 7]], [5, 6]);
    const a = attributeCycles(lines, new Set([5, 6]), 'x');
    expect(a.results.map((r) => r.cycles.map((c) => c.seq))).toEqual([[4, 5, 6], [2, 7, 8]]);
    // When the line's own cycles end in a forced one (it may be the next run's), a later automatic cycle is the next run's.
    const ambiguous = interleave(stderr, [[0, 1], [4, 5]], [5, 6]);
    expect(attributeCycles(ambiguous, new Set([5, 6]), 'x').results.map((r) => r.cycles.map((c) => c.seq))).toEqual([[1, 2], [5, 6]]);
  });

  it('gives a lone result the automatic cycles read after its line, but not the writeProfiles GC', () => {
    // gc 5–10 are automatic, gc 4 forced; read after the only result line, as a loaded machine can.
    const lines: StreamLine[] = [
      { stream: 'stdout', line: 1, text: 'BenchmarkX-2 1 1 ns/op' },
      ...[3, 4, 5, 6].map((i): StreamLine => ({ stream: 'stderr', line: i + 1, text: stderr[i]! })),
      { stream: 'stderr', line: 99, text: stderr[3]! },
    ];
    const a = attributeCycles(lines, new Set([1]), 'x');
    expect(a.results[0]!.cycles.map((c) => c.seq)).toEqual([5, 6, 7]);
    expect(a.trailing.map((c) => c.seq)).toEqual([4, 4]);
  });

  it('warns about a broken gctrace line with its stderr line number', () => {
    const lines: StreamLine[] = [
      { stream: 'stderr', line: 1, text: 'gc 1 @0.000s 6%: broken' },
      { stream: 'stderr', line: 2, text: 'hello from the benchmark' },
      { stream: 'stdout', line: 1, text: 'BenchmarkX-2 1 1 ns/op' },
    ];
    const a = attributeCycles(lines, new Set([1]), 'BenchmarkX#1 stderr');
    expect(a.warnings).toEqual(['BenchmarkX#1 stderr:1: malformed gctrace line: "gc 1 @0.000s 6%: broken"']);
    expect(a.results).toEqual([{ stdoutLine: 1, cycles: [] }]);
  });

  it('takes a broken unterminated last stderr line as cut off by the exit (seen live with -test.memprofile)', () => {
    const cut = 'gc 4 @0.016s 4%: 0.031+0.16+0.004 ms clock, 0.063+0/0.13';
    const lines: StreamLine[] = [
      { stream: 'stdout', line: 1, text: 'BenchmarkX-2 1 1 ns/op' },
      { stream: 'stderr', line: 1, text: stderr[0]! },
      { stream: 'stderr', line: 2, text: cut },
    ];
    expect(attributeCycles(lines, new Set([1]), 'x', 2).warnings).toEqual([]);
    // Without the cut marker the same line is malformed.
    expect(attributeCycles(lines, new Set([1]), 'x').warnings).toHaveLength(1);
  });
});

describe('splitBenchAlternatives', () => {
  it('splits as testing.splitRegexp: "|" outside brackets starts an alternative, "/" a level', () => {
    expect(splitBenchAlternatives('.')).toEqual([['.']]);
    expect(splitBenchAlternatives('LogFieldType/(IPAddrs|Interface)$|ConsoleWriter')).toEqual([['LogFieldType', '(IPAddrs|Interface)$'], ['ConsoleWriter']]);
    expect(splitBenchAlternatives('A[|/]B|C/x/y')).toEqual([['A[|/]B'], ['C', 'x', 'y']]);
    expect(splitBenchAlternatives('A\\|B')).toEqual([['A\\|B']]);
    expect(splitBenchAlternatives('A|')).toEqual([['A'], ['']]);
  });
});

describe('splitBenchAlternatives on one alternative', () => {
  it('splits levels as testing does, not inside brackets or groups', () => {
    expect(splitBenchAlternatives('.')).toEqual([['.']]);
    expect(splitBenchAlternatives('Map/size=1000')).toEqual([['Map', 'size=1000']]);
    expect(splitBenchAlternatives('A[/]B/(x/y)/z')).toEqual([['A[/]B', '(x/y)', 'z']]);
    expect(splitBenchAlternatives('A\\/B/c')).toEqual([['A\\/B', 'c']]);
  });
});

describe('flag values and raw output', () => {
  it('parses Go durations and -benchtime values as go test does', async () => {
    const { isBenchtime } = await import('../../src/bench/runner.js');
    const { parseGoDuration } = await import('../../src/go-duration.js');
    expect(parseGoDuration('10m')).toBe(600_000);
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('250us')).toBe(0.25);
    expect(parseGoDuration('5')).toBeNull();
    expect(parseGoDuration('1s garbage')).toBeNull();
    expect(isBenchtime('100x')).toBe(true);
    expect(isBenchtime('0x')).toBe(false);
    expect(isBenchtime('50ms')).toBe(true);
    expect(isBenchtime('soon')).toBe(false);
  });

  it('drops the figure-less name a crashed run leaves on its last line', async () => {
    const { rawOutput } = await import('../../src/bench/runner.js');
    expect(rawOutput('goos: linux\nBenchmarkX-2   \t')).toBe('goos: linux\n');
    expect(rawOutput('BenchmarkA-2 \t 10\t 5 ns/op\nPASS\n')).toBe('BenchmarkA-2 \t 10\t 5 ns/op\nPASS\n');
    expect(rawOutput('PASS')).toBe('PASS\n');
    expect(rawOutput('')).toBe('');
  });
});

describe('variant table helpers and the progress line', () => {
  it('matches the baseline with or without "Benchmark" and the -N suffix', async () => {
    const { matchesBaseline } = await import('../../src/verify/variant-table.js');
    const b = { name: 'BenchmarkByValue', procs: 8 };
    expect(matchesBaseline(b, 'ByValue')).toBe(true);
    expect(matchesBaseline(b, 'BenchmarkByValue')).toBe(true);
    expect(matchesBaseline(b, 'ByValue-8')).toBe(true);
    expect(matchesBaseline(b, 'ByValue-4')).toBe(false);
    expect(matchesBaseline(b, 'ByPointer')).toBe(false);
  });

  it('counts heap decisions in the benchmark and every package function it reaches, once each', async () => {
    const { heapDecisions, reachFunctions } = await import('../../src/verify/variant-table.js');
    const { parseGoSource } = await import('../../src/source/go-file.js');
    const dir = '/src/p';
    const file = `${dir}/p_test.go`;
    // Line numbers matter: sites below point into these declarations.
    const text = [
      'package p', //                                   1
      'func BenchmarkA(b *testing.B) {', //             2
      '\tb.Run("x", func(b *testing.B) { even(3) })', // 3
      '\tvar t T; t.M()', //                            4
      '\tb.Run("y", helper)', //                        5
      '}', //                                           6
      'func even(n int) bool { if n == 0 { return true }; return odd(n - 1) }', // 7
      'func odd(n int) bool { return even(n - 1) }', // 8
      'func (t *T) M() { keep(&t) }', //                9
      'func helper(b *testing.B) { sink = new(int) }', // 10
      'func unreached() { sink = new(int) }', //       11
      'func BenchmarkB(b *testing.B) { p.odd(1) }', // 12
    ].join('\n');
    const facts = await parseGoSource(text, file);
    const source = { importPath: 'example.com/p', name: 'p', dir, files: [facts], warnings: [] };
    const at = (line: number, column = 5) => ({ file, line, column });
    const cause = { kind: 'unknown', title: '', text: '' };
    const site = (fn: string, kind: string, subject: string, pos: ReturnType<typeof at>, inlinedAt: ReturnType<typeof at>[] = []) =>
      ({ function: `example.com/p.${fn}`, kind, subject, pos, inlinedAt, message: `${subject}: ${kind}`, cause, flow: [], notes: [] }) as unknown as import('../../src/escape/index.js').EscapeSite;
    const compiler = {
      goVersion: 'go1.26.8',
      packages: [],
      runtimeCalls: [],
      warnings: [],
      inlining: [{ pos: at(4, 15), function: '(*T).M', kind: 'inlined-call' }],
      sites: [
        site('BenchmarkA.func1', 'escapes-to-heap', 'func literal', at(3, 13)),
        site('BenchmarkA', 'leaking-param', 'b', at(2, 17)),
        site('even', 'escapes-to-heap', 'n', at(7, 10)),
        site('odd', 'moved-to-heap', 'n', at(8, 10)),
        site('(*T).M', 'moved-to-heap', 't', at(9, 10)),
        // The same decision inlined into BenchmarkA: once with inlinedAt (JSON), once at the call's position (-m text).
        site('(*T).M', 'moved-to-heap', 't', at(9, 10), [at(4, 15)]),
        site('BenchmarkA', 'moved-to-heap', 't', at(4, 15)),
        site('BenchmarkA', 'does-not-escape', 't', at(4, 15)),
        site('helper', 'escapes-to-heap', 'new(int)', at(10, 35)),
        site('unreached', 'escapes-to-heap', 'new(int)', at(11, 28)),
      ],
    } as unknown as import('../../src/escape/index.js').CompilerEvidence;
    const bench = facts.functions.find((f) => f.name === 'BenchmarkA')!;
    // even ↔ odd is a cycle: each is reached once.
    expect(reachFunctions(source, bench).map((r) => [r.fn.name, r.via.join('>')])).toEqual([
      ['BenchmarkA', ''],
      ['even', 'even'],
      ['(*T).M', '(*T).M'],
      ['helper', 'helper'],
      ['odd', 'even>odd'],
    ]);
    const a = heapDecisions({ compiler, source }, 'BenchmarkA/x');
    expect(a.warnings).toEqual([]);
    expect(a.decisions.map((d) => `${d.subject} ${d.kind} ${d.file}:${d.line} ${d.function} [${d.via.join('>')}]`)).toEqual([
      'func literal escapes-to-heap p_test.go:3 BenchmarkA []',
      'n escapes-to-heap p_test.go:7 even [even]',
      't moved-to-heap p_test.go:9 (*T).M [(*T).M]',
      'new(int) escapes-to-heap p_test.go:10 helper [helper]',
      'n moved-to-heap p_test.go:8 odd [even>odd]',
    ]);
    expect(a.decisions.find((d) => d.function === '(*T).M')!.inlinedCopiesNotEscaping).toEqual(['p_test.go:4:15']);
    // The external-test spelling p.odd reaches odd, and through it even.
    expect(heapDecisions({ compiler, source }, 'BenchmarkB').decisions.map((d) => d.function)).toEqual(['odd', 'even']);
    // A benchmark missing from the source is a warning, counted from its own body by name.
    const missing = heapDecisions({ compiler, source }, 'BenchmarkGone');
    expect(missing.decisions).toEqual([]);
    expect(missing.warnings[0]).toMatch(/BenchmarkGone: not found in the source of example.com\/p/);
  });

  it('draws the bar within the width', async () => {
    const { renderProgressLine } = await import('../../src/render/bench-progress.js');
    const line = renderProgressLine({ phase: 'run', done: 5, total: 20, current: 'BenchmarkSomethingRatherLong -cpu=4 (2/10)', elapsedMs: 65_000, etaMs: 195_000 }, 70);
    expect(line).toMatch(/^\[#####-{15}\] 5\/20 /);
    expect(line).toMatch(/ETA 3m15s  1m05s elapsed$/);
    expect(line.length).toBeLessThanOrEqual(70);
  });
});
