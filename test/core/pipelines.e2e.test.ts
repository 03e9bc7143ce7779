// pipelines.e2e.test.ts calls the library's pipelines (src/index.ts) as a
// front end other than the CLI would: runEscape, escapeFromLog, runBench,
// compare, readProfiles and the analyses, on the real fixtures with the real
// go1.26.8. Where the CLI prints a golden, the library's model rendered the
// same way must give that golden byte for byte: the CLI adds nothing but
// flags, rendering and exit codes.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import {
  BaselineNeedsOnePackage,
  compare,
  escapeFromLog,
  ExplainedFileMissing,
  liveRunner,
  mapAllocationsByPurpose,
  peek,
  readProfiles,
  runBench,
  runEscape,
  top,
  type BenchEvent,
} from '../../src/index.js';
import { InputError } from '../../src/errors.js';
import { renderBenchText } from '../../src/render/bench-text.js';
import { renderCompareText } from '../../src/render/compare-text.js';
import { DEFAULT_EXPLAIN_FLOWS, renderExplain } from '../../src/render/escape-text.js';
import { renderMapPurposeText } from '../../src/render/map-purpose-text.js';
import { renderPeekText } from '../../src/render/peek-text.js';
import { renderTopText } from '../../src/render/top-text.js';
import { findGo, type GoToolchain } from '../../src/toolchain/go-command.js';
import { fileSourceReader } from '../../src/cli/source-reader.js';
import { runCli } from '../support/cli-io.js';
import { testdata } from '../escape/golden.js';
import { machinePaths, matchGolden } from '../support/golden.js';

const signal = new AbortController().signal;
const benchFixtures = resolve(import.meta.dirname, '../../testdata/bench-fixtures');
const profiles = resolve(import.meta.dirname, '../../testdata/profile');
const benchfmt = resolve(import.meta.dirname, '../../testdata/benchfmt');

let go: GoToolchain;
beforeAll(async () => {
  go = await findGo(liveRunner, testdata);
}, 60_000);

describe('runEscape', () => {
  it('explains a line as `escape --explain` does (the CLI\'s golden)', async () => {
    const dir = join(testdata, 'causes');
    const r = await runEscape(liveRunner, { cwd: dir, patterns: [], explain: { file: 'causes.go', line: 31 }, cacheDir: null, signal, go });
    expect(r.explained?.query).toEqual({ file: 'causes.go', line: 31 });
    expect(r.explained!.found.sites.length).toBeGreaterThan(0);
    matchGolden(join(testdata, 'golden', 'causes.explain-31.txt'), renderExplain(r.explained!.found, 'causes.go:31', { base: dir, all: false, width: 100, flows: DEFAULT_EXPLAIN_FLOWS, messages: en }), { replace: machinePaths(go.goroot) });
  }, 60_000);

  it('a line in a dependency compiles that package too, and says so', async () => {
    const dir = join(testdata, 'depinline');
    const notes: string[] = [];
    const plain = await runEscape(liveRunner, { cwd: dir, patterns: ['.'], cacheDir: null, signal, go });
    expect(plain.explained).toBeNull();
    expect(plain.evidence.sites.filter((s) => s.pos.file.endsWith('/dep/dep.go'))).toEqual([]);
    const r = await runEscape(liveRunner, { cwd: dir, patterns: ['.'], explain: { file: 'dep/dep.go', line: 9 }, cacheDir: null, signal, go, onProgress: (l) => notes.push(l) });
    expect(notes).toContain('dep/dep.go is in example.com/depinline/dep, outside the named packages: compiling it too…');
    const found = r.explained!.found.sites.map((s) => [s.function, s.kind, s.subject]);
    expect(found).toContainEqual(['example.com/depinline/dep.Wrap', 'escapes-to-heap', '&Box{...}']);
  }, 60_000);
});

describe('escapeFromLog', () => {
  const log = readFileSync(join(testdata, 'golden', 'article.m2.go1.19-constructed.txt'));

  it('reads a pasted go1.19 log into the same evidence model', () => {
    const r = escapeFromLog({ bytes: log, origin: 'article.m2', cwd: testdata });
    expect(r.explained).toBeNull();
    expect(r.evidence.sites.some((s) => s.kind === 'moved-to-heap' && s.subject === 'm' && s.cause.kind === 'leaky-callee')).toBe(true);
  });

  it('refuses a log with nothing recognisable, and a line in a file that is not there', () => {
    expect(() => escapeFromLog({ bytes: readFileSync(join(testdata, 'README.md')), origin: 'README.md', cwd: testdata })).toThrow(InputError);
    const missing = (): unknown => escapeFromLog({ bytes: log, origin: 'article.m2', cwd: testdata, explain: { file: 'nope.go', line: 3 } });
    expect(missing).toThrow(ExplainedFileMissing);
    expect(missing).toThrow(/^nope\.go:3: no such file, and the compiler said nothing about it$/);
  });

  it('the CLI names the flag of that error, with exit 2', async () => {
    const r = await runCli(['escape', '--from-log', join(testdata, 'golden', 'article.m2.go1.19-constructed.txt'), '--explain', 'nope.go:3'], { cwd: testdata });
    expect([r.code, r.out]).toEqual([2, '']);
    expect(r.err).toBe('heapsight escape: --explain nope.go:3: no such file, and the compiler said nothing about it\nhint: name a .go file of the packages checked, relative to the current directory or absolute\n');
  });
});

describe('runBench', () => {
  it('runs a package and builds the variant table against the baseline, progress as events', async () => {
    const events: BenchEvent['kind'][] = [];
    const r = await runBench(liveRunner, {
      cwd: benchFixtures,
      patterns: ['./healthy'],
      bench: '.',
      count: 4,
      benchtime: '200x',
      timeoutMs: 60_000,
      tags: [],
      baseline: 'NoAlloc',
      signal,
      go,
      onEvent: (e) => events.push(e.kind),
    });
    expect(r.interrupted).toBe(false);
    expect(r.runs).toHaveLength(1);
    expect(events.filter((k) => k === 'progress').length).toBeGreaterThan(4);
    expect(events[events.length - 1]).toBe('package-end');
    // make([]byte, 4096) stored in a global escapes; the NoAlloc loop has nothing to escape.
    expect(r.variants!.rows.map((x) => [x.name, x.escapes! > 0])).toEqual([
      ['BenchmarkAlloc', true],
      ['BenchmarkNoAlloc', false],
      ['BenchmarkSizes/n=64', true],
      ['BenchmarkSizes/n=8192', true],
    ]);
    const out = renderBenchText(r.runs, r.variants, en);
    expect(out).toMatch(/^benchmark +time\/op +B\/op +allocs\/op/m);
    expect(out).toMatch(/^BenchmarkAlloc-\d+ +\S+ ± \S+ +4\.00kB ± /m);
    expect(out.slice(out.indexOf('variant (vs BenchmarkNoAlloc)'))).toMatch(/^BenchmarkNoAlloc-\d+ \(baseline\) +0 /m);
  }, 60_000);

  it('a baseline over two packages with results is BaselineNeedsOnePackage, before any evidence build', async () => {
    const dir = resolve(import.meta.dirname, '../../testdata/check/targets/samenames');
    const run = runBench(liveRunner, { cwd: dir, patterns: ['.', './other'], bench: '.', count: 1, benchtime: '1x', timeoutMs: 60_000, tags: [], baseline: 'Fill', signal, go });
    await expect(run).rejects.toThrow(BaselineNeedsOnePackage);
  }, 60_000);

  it('a package without test files is an InputError', async () => {
    await expect(runBench(liveRunner, { cwd: join(testdata, 'depinline'), patterns: ['./dep'], bench: '.', count: 1, benchtime: '1x', timeoutMs: 60_000, tags: [], signal, go })).rejects.toThrow(
      /^\.\/dep has no test files, so no benchmarks$/,
    );
  }, 60_000);
});

describe('compare', () => {
  it('gives the model the CLI renders into its golden', async () => {
    const r = await compare('real-old.txt', 'real-new.txt', { cwd: benchfmt });
    expect([r.old.results > 0, r.new.results > 0, r.old.warnings, r.new.warnings]).toEqual([true, true, [], []]);
    expect(renderCompareText(r.report, en)).toBe(readFileSync(join(benchfmt, 'real.compare.txt'), 'utf8'));
  });

  it('a file without results is not an exception: its summary says so', async () => {
    const r = await compare('bad/empty.txt', 'real-new.txt', { cwd: benchfmt });
    expect(r.old.results).toBe(0);
    await expect(compare('nope.txt', 'real-new.txt', { cwd: benchfmt })).rejects.toThrow(/^cannot read benchmark file nope\.txt: ENOENT$/);
  });
});

describe('readProfiles and the analyses', () => {
  it('top and the map breakdown give the CLI\'s golden', async () => {
    const p = await readProfiles(['allocs.pb.gz'], { cwd: profiles });
    const text = renderTopText(top(p, { granularity: 'functions' }), { file: 'allocs.pb.gz', nodeCount: 0, nodeFraction: 0.005, messages: en }) + renderMapPurposeText(mapAllocationsByPurpose(p, { noInlines: false, readSource: fileSourceReader }), en);
    expect(text).toBe(readFileSync(join(profiles, 'top-allocs.golden'), 'utf8'));
  });

  it('peek gives the CLI\'s golden', async () => {
    const p = await readProfiles(['cpu.pb.gz'], { cwd: profiles });
    expect(renderPeekText(peek(p, /mapassign_fast64$/, { granularity: 'functions', noInlines: false }), 'cpu.pb.gz', en)).toBe(readFileSync(join(profiles, 'peek-cpu-mapassign.golden'), 'utf8'));
  });

  it('merges several profiles of one kind and refuses to merge two kinds', async () => {
    const one = await readProfiles(['allocs.pb.gz'], { cwd: profiles });
    const two = await readProfiles(['allocs.pb.gz', 'allocs.pb.gz'], { cwd: profiles });
    expect(top(two, { granularity: 'functions' }).total).toBe(2 * top(one, { granularity: 'functions' }).total);
    await expect(readProfiles(['allocs.pb.gz', 'cpu.pb.gz'], { cwd: profiles })).rejects.toThrow(/different kinds|cannot merge/);
  });
});
