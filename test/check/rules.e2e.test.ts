// rules.e2e.test.ts runs `heapsight check` on testdata/rules (a true
// instance and a look-alike per rule) with the real toolchain, and holds each
// verdict to the measurement that decides it: bytes per op against
// `go test -bench -benchmem` of the one benchmark that runs the hit, the
// coverage run for the error path nobody benchmarks, the compiler's evidence
// for the look-alikes. Then it runs staticcheck, prealloc, perfsprint and
// gocritic (pinned, from the Go module proxy) on the same package and checks
// where their reports and heapsight's verdicts part, as the README lists.
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/verify/check-report.js';
import type { RuleFinding } from '../../src/verify/rule-report.js';
import { runCli } from '../support/cli-io.js';
import { goTestBench } from '../support/go-bench.js';
import { buildLinter, LINTERS, runLinter, type LinterReport } from '../support/linters.js';

const fixture = resolve('testdata/rules');
// MemProfileRate 1 records every allocation, so a refuted verdict is not a sampling gap; a fixed b.N makes B/op exact.
const ARGS = ['check', '.', '--quiet', '--count', '3', '--benchtime', '2000x', '--memprofilerate', '1', '--profile-count', '3'];

let report: CheckReport;
let sarif: { runs: { results: { ruleId: string; level: string; properties?: { verdict?: string } }[] }[] };
let gate: number;

beforeAll(async () => {
  const r = await runCli([...ARGS, '--format', 'json'], { cwd: fixture });
  expect(r.code, r.err).toBe(0);
  report = JSON.parse(r.out) as CheckReport;
  // The same run's gate, and its SARIF, from a second process of the same command.
  const s = await runCli([...ARGS, '--format', 'sarif', '--fail-on', 'confirmed'], { cwd: fixture });
  gate = s.code;
  sarif = JSON.parse(s.out) as typeof sarif;
});

function hit(kind: RuleFinding['kind'], fn: string, subject?: string): RuleFinding {
  const found = report.rules.filter((f) => f.kind === kind && f.function === fn && (subject === undefined || f.subject.includes(subject)));
  expect(found, `${kind} in ${fn}`).toHaveLength(1);
  return found[0]!;
}

describe('rules on testdata/rules', () => {
  it('settles every true instance and look-alike where it belongs', () => {
    const verdicts = Object.fromEntries(report.rules.map((f) => [`${f.kind} ${f.function}${f.subject.includes('Errorf') ? ' Errorf' : ''}`, f.verdict]));
    expect(verdicts).toEqual({
      'map-without-size-hint indexWords': 'confirmed',
      'map-without-size-hint smallIndex': 'refuted',
      'append-without-capacity squares': 'confirmed',
      'builder-without-grow build': 'confirmed',
      'string-concat-in-loop joinAll': 'confirmed',
      'string-concat-in-loop joinedLen': 'confirmed',
      'fmt-simple-verbs key': 'confirmed',
      'fmt-simple-verbs key Errorf': 'not-exercised',
      'fmt-simple-verbs digit': 'refuted',
      'bytes-string-conversion toString': 'confirmed',
      'bytes-string-conversion lookup': 'refuted',
      'interface-boxing boxAll': 'confirmed',
      'pool-non-pointer useSlicePool': 'confirmed',
      'pool-non-pointer usePtrPool': 'refuted',
      'regexp-in-function isID': 'confirmed',
      'closure-capture counter': 'confirmed',
      'closure-capture sumClosure': 'refuted',
      'defer-in-loop lockAll': 'confirmed',
    });
    // Made with capacity, grown once, compiled once: no hit at all.
    for (const fn of ['squaresCap', 'buildGrown', 'isIDHoisted']) expect(report.rules.filter((f) => f.function === fn)).toEqual([]);
    expect(report.coverage).toEqual({ benchmarks: report.benchmarks.length, failed: [] });
  });

  it('judges pointers to reference types by escape: *[]int read-only and *map refuted, a stored *[]int confirmed', () => {
    const v = Object.fromEntries(report.verdicts.map((x) => [`${x.kind} ${x.function}`, x.verdict]));
    expect(v).toEqual({ 'slice-pointer-param sumPtr': 'refuted', 'slice-pointer-param keepPtr': 'confirmed', 'map-pointer-param countInto': 'refuted' });
    // sumPtr([]int) shares its signature with squares, but no name: no twin.
    expect(report.verdicts.find((x) => x.function === 'sumPtr')!.twin).toBeNull();
  });

  it('attributes bytes per op that go test -benchmem measures for the one benchmark that runs each hit', async () => {
    const figures = await goTestBench(fixture, { bench: 'IndexWords$|Squares$|ToString$|SlicePool$|Build$|IsID$|LockAll$', count: 1, benchtime: '2000x' });
    const bop = (name: string): number => figures.get(name)!['B/op']!;
    const cases: [RuleFinding, string][] = [
      [hit('map-without-size-hint', 'indexWords'), 'BenchmarkIndexWords'],
      [hit('append-without-capacity', 'squares'), 'BenchmarkSquares'],
      [hit('bytes-string-conversion', 'toString'), 'BenchmarkToString'],
      [hit('pool-non-pointer', 'useSlicePool'), 'BenchmarkSlicePool'],
      [hit('builder-without-grow', 'build'), 'BenchmarkBuild'],
      [hit('regexp-in-function', 'isID'), 'BenchmarkIsID'],
      [hit('defer-in-loop', 'lockAll'), 'BenchmarkLockAll'],
    ];
    for (const [f, bench] of cases) {
      expect(f.measured.exercisedBy, f.function).toEqual([bench]);
      // The hit's line carries (almost) all of its benchmark's bytes: the map's 48-byte header is made one line up.
      expect(Math.abs(f.measured.bytesPerOp! - bop(bench)) / bop(bench), `${f.function}: ${f.measured.bytesPerOp} vs ${bop(bench)} B/op`).toBeLessThan(0.02);
    }
  });

  it('gives each verdict the evidence that decides it', () => {
    const grow = hit('map-without-size-hint', 'indexWords');
    expect(grow.reasons.map((r) => r.kind)).toEqual(['allocates', 'map-growth']);
    expect(grow.fix).toMatchObject({ kind: 'size-hint', mapType: 'map[string]int', length: 'len(words)', make: { text: 'make(map[string]int)' } });
    // The look-alike allocates its first group at the insert, which a hint would not remove.
    const small = hit('map-without-size-hint', 'smallIndex');
    expect(small.reasons.map((r) => r.kind)).toEqual(['first-group-only']);
    expect(small.measured.allocBytes).toBe(0);
    const elided = hit('bytes-string-conversion', 'lookup');
    expect(elided.reasons[0]).toEqual({ kind: 'conversion-elided', direction: 'bytes-to-string', context: 'map-index' });
    expect(hit('bytes-string-conversion', 'toString').runtimeCalls.map((c) => c.call)).toContain('runtime.slicebytetostring');
    expect(hit('pool-non-pointer', 'usePtrPool').reasons.map((r) => r.kind)).toEqual(['pool-boxes-nothing', 'allocates-nothing']);
    expect(hit('pool-non-pointer', 'useSlicePool').reasons).toContainEqual({ kind: 'pool-boxes', call: 'runtime.convTslice' });
    expect(hit('closure-capture', 'counter').compiler.map((c) => c.message)).toContain('moved to heap: n');
    expect(hit('closure-capture', 'sumClosure').reasons[0]).toEqual({ kind: 'captured-on-stack', variables: ['t'] });
    // The error path: the coverage run says no benchmark ran it, not the absence of samples.
    const errorf = hit('fmt-simple-verbs', 'key', 'Errorf');
    expect(errorf.measured).toMatchObject({ exercised: false, executions: 0, allocBytes: 0 });
    expect(errorf.reasons).toEqual([{ kind: 'not-exercised', benchmarks: report.benchmarks.length }]);
    // digit's Sprintf allocates only when fmt's printer pool is refilled: below one object per 100 ops.
    const digit = hit('fmt-simple-verbs', 'digit');
    expect(digit.reasons[0]!.kind).toBe('occasional');
    expect(digit.measured.allocsPerOp!).toBeLessThan(0.01);
    expect(hit('fmt-simple-verbs', 'key', 'Sprintf').fix).toMatchObject({ kind: 'replace-call', replacement: 'strconv.Itoa(id)', imports: ['strconv'] });
    expect(errorf.fix).toMatchObject({ kind: 'replace-call', replacement: 'errors.New("negative id " + strconv.Itoa(id))', imports: ['errors', 'strconv'] });
  });

  it('gates on any confirmed rule and puts every hit in SARIF with its verdict', () => {
    expect(gate).toBe(1);
    const results = sarif.runs[0]!.results.filter((r) => r.properties?.verdict !== undefined && !r.ruleId.endsWith('pointer-param'));
    expect(results).toHaveLength(report.rules.length);
    expect(results.filter((r) => r.level === 'warning')).toHaveLength(report.rules.filter((f) => f.verdict === 'confirmed').length);
  });
});

describe('linters on testdata/rules, against the verdicts', () => {
  let reports: LinterReport[];
  beforeAll(async () => {
    const built = await Promise.all(LINTERS.map(async (l) => ({ l, path: await buildLinter(l) })));
    reports = (await Promise.all(built.map(({ l, path }) => runLinter(l, path, fixture)))).flat();
  }, 900_000);

  /** verdictAt is heapsight's verdict for what a linter reports at a line: the hit there, its fix's declaration, or a parameter. */
  function verdictAt(r: LinterReport): string {
    const rule = report.rules.find((f) => f.file === r.file && (f.line === r.line || (f.fix?.kind === 'capacity' && f.fix.declaration.line === r.line)));
    if (rule) return `${rule.kind} ${rule.verdict}`;
    const param = report.verdicts.find((v) => v.file === r.file && v.line === r.line);
    return param ? `${param.kind} ${param.verdict}` : 'no hit';
  }

  it('agrees where measurement confirms, and parts where it refutes or nobody runs the code', () => {
    const table = reports
      .filter((r) => !/U1000|regexpSimplify|fiximports|hugeParam|paramTypeCombine|unnamedResult/.test(r.message))
      .map((r) => `${r.linter} ${r.message.replace(/^(\w[\w-]*): .*/, '$1').replace(/^.*\((SA\d+)\)$/, '$1').replace(/^Consider preallocating.*/, 'prealloc')} → ${verdictAt(r)}`)
      .sort();
    expect(table).toEqual(
      [
        'gocritic deferInLoop → defer-in-loop confirmed',
        'gocritic ptrToRefParam → map-pointer-param refuted',
        'perfsprint concat-loop → string-concat-in-loop confirmed',
        'perfsprint concat-loop → string-concat-in-loop confirmed',
        'perfsprint integer-format → fmt-simple-verbs confirmed',
        'perfsprint integer-format → fmt-simple-verbs refuted',
        'prealloc prealloc → append-without-capacity confirmed',
        'staticcheck SA6002 → pool-non-pointer confirmed',
      ].sort(),
    );
  });
});
