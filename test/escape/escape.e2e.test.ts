// End-to-end: the real go1.26.8 toolchain on the fixtures under testdata/escape.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { noteText } from '../../src/render/cause-words.js';
import { collectCompilerEvidence, evidenceAt, type CompilerEvidence, type EscapeSite } from '../../src/escape/index.js';
import { findGo, type GoToolchain } from '../../src/toolchain/go-command.js';
import { liveRunner } from '../../src/toolchain/process.js';
import { runCli } from '../support/cli-io.js';
import { testdata } from './golden.js';
import { machinePaths, matchGolden } from '../support/golden.js';
import { causeText, causeTitle } from '../support/cause-words.js';

async function cli(args: string[], cwd: string) {
  return runCli(['escape', ...args], { runner: liveRunner, cwd });
}

let go: GoToolchain;
let causes: CompilerEvidence;
const causesDir = join(testdata, 'causes');
const fixture = (f: string) => join(causesDir, 'causes.go') + (f === '' ? '' : '');

beforeAll(async () => {
  go = await findGo(liveRunner, causesDir);
  causes = await collectCompilerEvidence(liveRunner, go, { cwd: causesDir, packages: ['.'] });
}, 60_000);

function heapSite(fn: string, subject: string): EscapeSite {
  const s = causes.sites.find((x) => x.function === `example.com/causes.${fn}` && x.subject === subject && x.kind !== 'does-not-escape');
  if (!s) throw new Error(`no site for ${subject} in ${fn}: ${causes.sites.filter((x) => x.function.endsWith(fn)).map((x) => x.message).join('; ')}`);
  return s;
}

describe('one function per cause (held-out fixture testdata/escape/causes)', () => {
  it.each([
    ['Boxed', 'n', 'escapes-to-heap', 'interface-conversion'],
    ['Closure', 'count', 'moved-to-heap', 'closure-capture'],
    ['NewRegistry', 'm', 'moved-to-heap', 'address-stored'],
    ['Returned', 'x', 'moved-to-heap', 'address-returned'],
    ['Global', 'y', 'moved-to-heap', 'global-or-heap-assign'],
    ['TooLarge', 'big', 'moved-to-heap', 'too-large'],
    ['Appended', 'v', 'moved-to-heap', 'appended'],
    ['MapValue', 'z', 'moved-to-heap', 'map-key-value'],
    ['Sent', 'w', 'moved-to-heap', 'channel-send'],
    ['PassedToLeaky', 'q', 'moved-to-heap', 'leaky-callee'],
    ['keep', 'p', 'leaking-param', 'global-or-heap-assign'],
    ['Identity', 'p', 'leaks-to-result', 'returned'],
    ['Content', 'pp', 'leaking-param-content', 'global-or-heap-assign'],
    ['MakeMap', 'make(map[int]int)', 'escapes-to-heap', 'returned'],
    ['SinkIt', 'v', 'escapes-to-heap', 'interface-conversion'],
  ])('%s: %s is %s because of %s', (fn, subject, kind, cause) => {
    const s = heapSite(fn, subject);
    expect(s.kind).toBe(kind);
    expect(s.cause.kind).toBe(cause);
    expect(causeText(s.cause).length).toBeGreaterThan(20);
    expect(s.flow.length).toBeGreaterThan(0);
    expect(s.pos.file).toBe(fixture(''));
  });

  it('tells the story with names and lines', () => {
    expect(causeText(heapSite('NewRegistry', 'm').cause)).toBe(
      'm is moved to the heap because its address is stored in Registry{...} (line 32), which itself escapes: &Registry{...} escapes to the heap because it is returned (line 33).',
    );
    expect(causeText(heapSite('PassedToLeaky', 'q').cause)).toMatch(/passed to keep \(line 89\), whose parameter leaks/);
  });

  it('keeps "does not escape" (text only) and nothing allocating where nothing escapes', () => {
    expect(causes.sites.find((s) => s.function.endsWith('.MapValue') && s.subject === 'm')?.kind).toBe('does-not-escape');
    expect(causes.sites.filter((s) => s.function.endsWith('.NoEscape') && s.kind !== 'does-not-escape')).toEqual([]);
  });

  it('includes test files and leaves out _testmain.go and GOROOT generics', () => {
    expect(causes.sites.some((s) => s.function === 'example.com/causes.TestReturned' && s.pos.file.endsWith('causes_test.go'))).toBe(true);
    expect(causes.sites.every((s) => s.pos.file.startsWith(causesDir) || s.inlinedAt.length > 0)).toBe(true);
    expect(causes.runtimeCalls.every((c) => !c.file.endsWith('_testmain.go'))).toBe(true);
  });

  it('gives allocations without an escape diagnostic a reason from the runtime calls', () => {
    for (const [fn, line, call] of [
      ['LocalGrow', 142, 'runtime.growslice'],
      ['LocalConcat', 150, 'runtime.concatstring2'],
      ['LocalMap', 159, 'runtime.mapassign_fast64'],
      ['NonConstant', 57, 'runtime.makeslice'],
    ] as const) {
      const at = evidenceAt(causes, join(causesDir, 'causes.go'), line);
      expect(at.sites.filter((s) => s.kind === 'moved-to-heap' || s.kind === 'escapes-to-heap')).toEqual([]);
      expect(at.runtimeCalls.map((c) => [c.function, c.call])).toContainEqual([`example.com/causes.${fn}`, call]);
    }
    expect(evidenceAt(causes, 'causes.go', 142).runtimeCalls[0]!.reason).toBe('append grows the slice');
  });
});

describe('-json only (the path whole-std builds take)', () => {
  // Boxing the full build knows from -S alone (a runtime.convT* call on the line): without -S the flow tells where the value goes, not that it is boxed.
  const boxedByAsm = (ev: CompilerEvidence) => new Set(ev.sites.filter((s) => s.cause.box?.source === 'runtime-call').map((s) => `${s.pos.line}:${s.pos.column} ${s.subject}`));

  it('finds the same heap decisions, kinds, functions and causes as the full build, but boxing known from -S only', async () => {
    const jsonOnly = await collectCompilerEvidence(liveRunner, go, { cwd: causesDir, packages: ['.'], text: false });
    const asm = boxedByAsm(causes);
    expect([...asm].sort()).toEqual(['134:9 v', '17:14 n']);
    const key = (s: EscapeSite) => `${s.pos.line}:${s.pos.column} ${s.function} ${s.kind} ${s.subject} ${asm.has(`${s.pos.line}:${s.pos.column} ${s.subject}`) ? '' : s.cause.kind}`;
    const heap = (ev: CompilerEvidence) => ev.sites.filter((s) => s.kind === 'moved-to-heap' || s.kind === 'escapes-to-heap').map(key).sort();
    expect(heap(jsonOnly)).toEqual(heap(causes));
    const kindOf = (ev: CompilerEvidence, fn: string) => ev.sites.find((s) => s.function === `example.com/causes.${fn}` && s.kind === 'escapes-to-heap')?.cause.kind;
    expect([kindOf(jsonOnly, 'Boxed'), kindOf(jsonOnly, 'SinkIt')]).toEqual(['leaky-callee', 'global-or-heap-assign']);
    expect(jsonOnly.sites.some((s) => s.kind === 'does-not-escape')).toBe(false);
    expect(jsonOnly.runtimeCalls).toEqual([]);
    expect(jsonOnly.inlining.find((d) => d.function === 'Boxed')).toMatchObject({ kind: 'can-inline', cost: 78 });
    expect(jsonOnly.warnings.join('\n')).toMatch(/built with -json only/);
  }, 60_000);

  it("with detail 'heap' (escape without --all) keeps every heap decision and story, leaks without flows, no inlining verdicts", async () => {
    const heapOnly = await collectCompilerEvidence(liveRunner, go, { cwd: causesDir, packages: ['.'], text: false, detail: 'heap' });
    const asm = boxedByAsm(causes);
    const key = (s: EscapeSite) => `${s.pos.line}:${s.pos.column} ${s.function} ${s.kind} ${s.subject} ${asm.has(`${s.pos.line}:${s.pos.column} ${s.subject}`) ? '' : causeText(s.cause)}`;
    const heap = (ev: CompilerEvidence) => ev.sites.filter((s) => s.kind === 'moved-to-heap' || s.kind === 'escapes-to-heap').map(key).sort();
    expect(heap(heapOnly)).toEqual(heap(causes));
    const leaks = heapOnly.sites.filter((s) => s.kind.startsWith('leak'));
    expect(leaks.map((s) => `${s.pos.line} ${s.subject}`).sort()).toEqual(causes.sites.filter((s) => s.kind.startsWith('leak')).map((s) => `${s.pos.line} ${s.subject}`).sort());
    expect(leaks.length).toBeGreaterThan(0);
    expect(leaks.every((s) => s.flow.length === 0 && s.cause.kind === 'unexplained')).toBe(true);
    expect(heapOnly.inlining).toEqual([]);
    expect(heapOnly.warnings.join('\n')).toMatch(/Only heap decisions were read in full/);
  }, 60_000);
});

describe('inlining (testdata/escape/inlined)', () => {
  let ev: CompilerEvidence;
  const dir = join(testdata, 'inlined');
  const file = join(dir, 'inlined.go');
  beforeAll(async () => {
    ev = await collectCompilerEvidence(liveRunner, go, { cwd: dir, packages: ['.'] });
  }, 60_000);

  it('attributes a variable inlined into a caller to the inner position', () => {
    const inStore = ev.sites.find((s) => s.inlinedAt.length > 0)!;
    expect(inStore.pos).toEqual({ file, line: 11, column: 2 });
    expect(inStore.inlinedAt).toEqual([{ file, line: 23, column: 17 }]);
    expect(inStore.function).toBe('example.com/inlined.newPoint');
    expect(evidenceAt(ev, file, 23).sites).toContain(inStore);
    expect(evidenceAt(ev, file, 11).sites).toHaveLength(2);
    const call = ev.runtimeCalls.find((c) => c.compiledIn === 'example.com/inlined.Store')!;
    expect([call.line, call.function, call.call]).toEqual([11, 'example.com/inlined.newPoint', 'runtime.newobject']);
  });

  it('says when a variable escapes in its own body but not where it is inlined (golang/go#32850)', () => {
    const own = ev.sites.find((s) => s.inlinedAt.length === 0 && s.subject === 'p')!;
    expect(own.notes.map((n) => noteText(en, n)).join('\n')).toMatch(/stays on the stack where newPoint is inlined into example\.com\/inlined\.Sum \(inlined\.go:17\)/);
    expect(own.notes.map((n) => noteText(en, n)).join('\n')).not.toMatch(/Store/);
    expect(ev.inlining.filter((d) => d.kind === 'inlined-call').map((d) => d.caller)).toEqual(['example.com/inlined.Sum', 'example.com/inlined.Store']);
  });
});

describe('inlined closure constructor (testdata/escape/inlinedclosure, live toolchain)', () => {
  const dir = join(testdata, 'inlinedclosure');
  const file = join(dir, 'inlinedclosure.go');

  it('reports every decision inside inlined code at its innermost position with the inline chain', async () => {
    const ev = await collectCompilerEvidence(liveRunner, go, { cwd: dir, packages: ['.'] });
    const inlined = ev.sites.filter((s) => s.inlinedAt.length > 0);
    expect(inlined.map((s) => [s.subject, s.kind, s.pos.line, s.pos.column, s.inlinedAt.map((p) => `${p.line}:${p.column}`)])).toEqual([
      ['c', 'moved-to-heap', 10, 2, ['20:31']],
      ['func literal', 'escapes-to-heap', 11, 9, ['20:31']],
      ['func literal', 'does-not-escape', 11, 9, ['25:14']],
    ]);
    for (const s of inlined) expect(s.function).toBe('example.com/inlinedclosure.counter');
    // No decision is left at a call site where counter was inlined.
    expect(ev.sites.filter((s) => s.pos.file === file && (s.pos.line === 20 || s.pos.line === 25) && s.inlinedAt.length === 0 && s.subject !== 'append(fns[:0], ~r0)')).toEqual([]);
    // --explain on the call line still finds them through inlinedAt.
    expect(evidenceAt(ev, file, 20).sites.map((s) => s.subject).sort()).toEqual(['append(fns[:0], ~r0)', 'c', 'func literal']);
  }, 60_000);

  it('the JSON report carries the inner position and inlinedAt (CLI)', async () => {
    const r = await cli(['--format', 'json'], dir);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { sites: { line: number; column: number; subject: string; function: string; inlinedAt: { line: number }[] }[] };
    const c = doc.sites.filter((s) => s.subject === 'c').map((s) => [s.line, s.column, s.function, s.inlinedAt.map((p) => p.line)]);
    expect(c).toEqual([
      [10, 2, 'example.com/inlinedclosure.counter', []],
      [10, 2, 'example.com/inlinedclosure.counter', [20]],
    ]);
  }, 60_000);
});

describe('a helper inlined into three callers (testdata/escape/inlinedmany, live toolchain)', () => {
  const dir = join(testdata, 'inlinedmany');

  it('is one entry per decision in the report, its copies listed with --all', async () => {
    const r = await cli([], dir);
    expect(r.code, r.err).toBe(0);
    // new(int) and the append: each decided in box's own body and again in A, B and C.
    expect(r.out.match(/new\(int\) escapes to heap/g)).toHaveLength(1);
    expect(r.out).toMatch(/new\(int\) escapes to heap {2}\[appended to a slice that escapes\]\n {6}the same in its own body and 3 callers it is inlined into \(list with --all\)/);
    expect(r.out).toMatch(/^2 heap decisions \(8 compiled copies\)/m);
    const all = await cli(['--all'], dir);
    expect(all.out.match(/ {8}inlined at (\S*\/)?inlinedmany\.go:(15|17|19):15/g)).toHaveLength(6);
  }, 60_000);
});

describe('build correctness (testdata/escape/multi)', () => {
  const dir = join(testdata, 'multi');
  let all: CompilerEvidence;
  beforeAll(async () => {
    all = await collectCompilerEvidence(liveRunner, go, { cwd: dir, packages: ['./...'] });
  }, 60_000);

  it('builds every package of ./..., two main packages included', () => {
    expect(all.packages.map((p) => p.importPath).sort()).toEqual([
      'example.com/multi/cmd/a',
      'example.com/multi/cmd/b',
      'example.com/multi/gen',
      'example.com/multi/tagged',
      'example.com/multi/utf8',
      'example.com/multi/withcgo',
    ]);
    for (const m of ['a', 'b']) {
      const s = all.sites.find((x) => x.pos.file === join(dir, 'cmd', m, 'main.go') && x.kind === 'moved-to-heap')!;
      expect(s.function).toBe('main.main');
      expect(s.cause.kind).toBe('global-or-heap-assign');
    }
  });

  it('reports generic functions once, under the name pprof prints', () => {
    const make = all.sites.filter((s) => s.subject === 'make([]go.shape.int, 0, len(xs))');
    expect(make.map((s) => s.function)).toEqual(['example.com/multi/gen.Map[...]']);
    expect(all.runtimeCalls.some((c) => c.function === 'example.com/multi/gen.Map[...]' && c.call === 'runtime.makeslice')).toBe(true);
  });

  it('builds cgo packages and keeps cgo wrappers out', () => {
    expect(all.sites.some((s) => s.function === 'example.com/multi/withcgo.Twice' && s.subject === 'r')).toBe(true);
    expect(all.runtimeCalls.every((c) => !/_cgo_/.test(c.file))).toBe(true);
  });

  it('reports columns in UTF-8 bytes', () => {
    const s = all.sites.find((x) => x.function === 'example.com/multi/utf8.Café' && x.subject === 'n')!;
    const line = 'func Café(n int) { _ = "é"; sink = n }';
    expect(s.pos.column).toBe(Buffer.byteLength(line.slice(0, line.lastIndexOf('n'))) + 1);
  });

  it('honours --tags', async () => {
    expect(all.sites.some((s) => s.function.endsWith('.Special'))).toBe(false);
    const tagged = await collectCompilerEvidence(liveRunner, go, { cwd: dir, packages: ['./tagged'], tags: ['special'] });
    expect(tagged.sites.find((s) => s.function === 'example.com/multi/tagged.Special')?.kind).toBe('moved-to-heap');
  }, 60_000);
});

describe('heapsight escape (CLI)', () => {
  it('prints sites grouped by function with their story (text golden)', async () => {
    const r = await cli([], causesDir);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    matchGolden(join(testdata, 'golden', 'causes.escape.txt'), r.out, { replace: machinePaths(go.goroot) });
  }, 60_000);

  it('--lang zh-CN words the same sites in Chinese, and HEAPSIGHT_LANG or a zh locale picks it too (text golden)', async () => {
    const r = await cli(['--lang', 'zh-CN'], causesDir);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    matchGolden(join(testdata, 'golden', 'causes.escape.zh-CN.txt'), r.out, { replace: machinePaths(go.goroot) });
    // The compiler's messages stay as the compiler printed them.
    expect(r.out).toContain('moved to heap: ');
    const byEnv = await runCli(['escape'], { runner: liveRunner, cwd: causesDir, env: { ...process.env, HEAPSIGHT_LANG: 'zh-CN' } });
    expect(byEnv.out).toBe(r.out);
    const byLocale = await runCli(['escape'], { runner: liveRunner, cwd: causesDir, env: { ...process.env, HEAPSIGHT_LANG: '', LC_ALL: '', LANG: 'zh_CN.UTF-8' } });
    expect(byLocale.out).toBe(r.out);
    const bad = await cli(['--lang', 'fr'], causesDir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--lang must be one of en, zh-CN/);
  }, 120_000);

  it('leaves test files out by default (go build: no test variant, no link), says so, and --tests or an explained test line compiles them', async () => {
    const plain = await runCli(['escape', '-x', '--no-cache', '--all'], { runner: liveRunner, cwd: causesDir });
    expect(plain.code, plain.err).toBe(0);
    expect(plain.err).toMatch(/^\+ .*  go build -o=\/dev\/null /m);
    expect(plain.err).not.toMatch(/  go test -c/);
    expect(plain.out).not.toMatch(/causes_test\.go|TestReturned/);
    expect(plain.out).toContain('1 _test.go file not compiled (decisions in tests not collected): --tests compiles them');
    const json = JSON.parse((await cli(['--format', 'json', '--no-cache'], causesDir)).out) as { testFilesLeftOut: number };
    expect(json.testFilesLeftOut).toBe(1);

    const tests = await runCli(['escape', '-x', '--no-cache', '--all', '--tests'], { runner: liveRunner, cwd: causesDir });
    expect(tests.code, tests.err).toBe(0);
    expect(tests.err).toMatch(/^\+ .*  go test -c -vet=off /m);
    expect(tests.out).toContain('example.com/causes.TestReturned');
    expect(tests.out).not.toContain('not compiled');
    // Copies that differ stay visible with the test caller that inlines Returned (golang/go#32850).
    expect(tests.out).toMatch(/stays on the stack where Returned is inlined into\s+example\.com\/causes\.TestReturned/);
    // The same decisions in the package's own files either way.
    const own = (out: string) => out.split('\n').filter((l) => /^\s+causes\.go:\d+/.test(l) && !/inlined/.test(l));
    expect(own(tests.out)).toEqual(own(plain.out));

    const explained = await cli(['--explain', 'causes_test.go:6', '--no-cache'], causesDir);
    expect(explained.code, explained.err).toBe(0);
    expect(explained.out).toMatch(/inlin/);
    expect((await cli(['--from-log', '-', '--tests'], causesDir)).code).toBe(2);
  }, 120_000);

  it('--format json is a versioned document', async () => {
    const r = await cli(['--format', 'json', '--all'], causesDir);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { schema: string; sites: Record<string, unknown>[]; runtimeCalls: Record<string, unknown>[] };
    expect(doc.schema).toBe('heapsight.escape/v1');
    for (const s of doc.sites) expect(Object.keys(s)).toEqual(expect.arrayContaining(['file', 'line', 'column', 'function', 'kind', 'subject', 'cause', 'flow']));
    for (const c of doc.runtimeCalls) expect(Object.keys(c)).toEqual(expect.arrayContaining(['file', 'line', 'function', 'call']));
    expect(doc.sites.some((s) => s['kind'] === 'does-not-escape')).toBe(true);
    matchGolden(join(testdata, 'golden', 'causes.escape.json'), r.out, { replace: machinePaths(go.goroot) });
  }, 60_000);

  it('--from-log reads a pasted go1.19 log', async () => {
    const r = await cli(['--from-log', join(testdata, 'golden', 'article.m2.go1.19-constructed.txt')], testdata);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/moved to heap: m {2}\[passed to a parameter that leaks\]/);
  });

  it('a path that is not a Go package: exit 2, a hint, no stack', async () => {
    const r = await cli(['./nope'], causesDir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\.\/nope is not a Go package/);
    expect(r.err).toMatch(/hint: /);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a package that does not compile: exit 2 with the compiler errors', async () => {
    const r = await cli([], join(testdata, 'broken'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the build failed/);
    expect(r.err).toMatch(/broken\.go:5:9: undefined: undefinedName/);
    expect(r.err).not.toMatch(/can inline/);
  }, 60_000);

  it('non-UTF-8 source: exit 2 with the compiler error', async () => {
    const r = await cli([], join(testdata, 'badutf8'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/badutf8\.go:5:33: invalid UTF-8 encoding/);
  }, 60_000);

  it('a log with nothing recognisable: exit 2', async () => {
    const r = await cli(['--from-log', join(testdata, 'README.md')], testdata);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/holds no compiler diagnostics heapsight recognises/);
  });

  it('files excluded by build constraints: exit 2 with a hint about --tags', async () => {
    const r = await cli(['./onlyspecial'], join(testdata, 'multi', 'tagged', '..'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/build constraints exclude all Go files/);
    expect(r.err).toMatch(/--tags/);
  });
});
