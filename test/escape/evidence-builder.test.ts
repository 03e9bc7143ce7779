import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { noteText } from '../../src/render/cause-words.js';
import { parseCompilerJson } from '../../src/escape/compiler-json.js';
import { buildEvidence, calleeMatches, JsonEvidence } from '../../src/escape/evidence-builder.js';
import { fixtureEvidence, readGolden, testdata } from './golden.js';
import { causeText, causeTitle } from '../support/cause-words.js';

function evidence(json: JsonEvidence) {
  return buildEvidence({
    goVersion: 'go1.26.8',
    packages: [],
    targetFiles: new Map(),
    json,
    log: null,
    runtimeCalls: [],
    spansOf: () => null,
    qualifierOf: () => null,
    allFiles: true,
    warnings: [],
  });
}

function fromGoldens(name: string, withLog: boolean) {
  return fixtureEvidence(name, { log: withLog });
}

describe('JsonEvidence', () => {
  const text = readGolden('causes.json.go1.26.8.jsonl');
  const full = parseCompilerJson(text, 'causes.json');

  it('tells moved-to-heap from escapes-to-heap by the empty twin, and reads "escapes" records', () => {
    const j = new JsonEvidence(() => true);
    j.add('causes.json', full);
    const ev = evidence(j);
    const kind = (subject: string) => ev.sites.find((s) => s.subject === subject)?.kind;
    expect(kind('x')).toBe('moved-to-heap');
    expect(kind('y')).toBe('moved-to-heap'); // code "escapes"
    expect(kind('a + b + c')).toBe('escapes-to-heap');
    expect(kind('&Registry{...}')).toBe('escapes-to-heap');
  });

  it("detail 'heap' keeps leak decisions without their flows, says so in the cause, and skips inlining verdicts", () => {
    const withContext = (detail: 'all' | 'heap') => {
      const j = new JsonEvidence(() => true, { targetFiles: new Map(), spansOf: () => null, qualifierOf: () => null, detail });
      j.addBytes('causes.json', Buffer.from(text));
      return evidence(j);
    };
    const read = withContext('all');
    const skipped = withContext('heap');
    expect(read.inlining.length).toBeGreaterThan(3);
    expect(skipped.inlining).toEqual([]);
    const isLeak = (k: string) => k.startsWith('leak');
    const brief = (s: (typeof read.sites)[number]) => `${s.pos.line}:${s.pos.column} ${s.kind} ${s.subject}`;
    expect(skipped.sites.map(brief)).toEqual(read.sites.map(brief));
    const leaks = skipped.sites.filter((s) => isLeak(s.kind));
    expect(leaks.length).toBeGreaterThan(3);
    expect(read.sites.filter((s) => isLeak(s.kind)).every((s) => s.flow.length > 0)).toBe(true);
    for (const s of leaks) {
      expect(s.flow).toEqual([]);
      expect(s.cause.kind).toBe('unexplained');
      expect(causeText(s.cause)).toMatch(/skipped the compiler's explanation/);
    }
    // Heap decisions keep their flows and causes.
    const heap = (ev: typeof read) => ev.sites.filter((s) => !isLeak(s.kind)).map((s) => [brief(s), causeText(s.cause), s.flow.length]);
    expect(heap(skipped)).toEqual(heap(read));
  });

  it('replaces a file read while it was still being written', () => {
    const lines = text.split('\n');
    const partial = parseCompilerJson(lines.slice(0, Math.floor(lines.length / 2)).join('\n'), 'causes.json');
    const j = new JsonEvidence(() => true);
    j.add('causes.json', partial);
    j.add('causes.json', full);
    const once = new JsonEvidence(() => true);
    once.add('causes.json', full);
    expect(evidence(j)).toEqual(evidence(once));
  });
});

describe('inlined code is attributed to the innermost position (testdata/escape/inlinedclosure, goldens)', () => {
  const dir = join(testdata, 'inlinedclosure');
  const file = join(dir, 'inlinedclosure.go');
  const build = (withLog: boolean) => fromGoldens('inlinedclosure', withLog);
  const at = (line: number, column: number) => ({ file, line, column });
  const brief = (ev: ReturnType<typeof build>) =>
    ev.sites.map((s) => `${s.pos.line}:${s.pos.column} ${s.function} ${s.kind} ${s.subject} [${s.inlinedAt.map((p) => `${p.line}:${p.column}`).join(' ')}]`);

  it('joins "moved to heap: c" at the call (20:31) to its JSON record: counter\'s line 10, inlined at Keep', () => {
    const ev = build(true);
    const c = ev.sites.filter((s) => s.subject === 'c');
    expect(c.map((s) => [s.pos, s.inlinedAt, s.kind, s.function])).toEqual([
      [at(10, 2), [], 'moved-to-heap', 'example.com/inlinedclosure.counter'],
      [at(10, 2), [at(20, 31)], 'moved-to-heap', 'example.com/inlinedclosure.counter'],
    ]);
    const inKeep = c[1]!;
    expect(inKeep.cause.kind).toBe('closure-capture');
    expect(inKeep.flow.length).toBeGreaterThan(0);
    // Nothing is left at the call site itself.
    expect(ev.sites.filter((s) => s.pos.line === 20 && s.pos.column === 31)).toEqual([]);
  });

  it('keeps moved-to-heap apart from the func literal\'s empty twin at the same call position (-json only)', () => {
    const ev = build(false);
    expect(ev.sites.filter((s) => s.inlinedAt.length > 0).map((s) => [s.subject, s.kind, s.pos.line])).toEqual([
      ['c', 'moved-to-heap', 10],
      ['func literal', 'escapes-to-heap', 11],
    ]);
  });

  it('moves a text-only decision inside inlined code ("func literal does not escape" at Local\'s call) to counter\'s line', () => {
    expect(brief(build(true))).toEqual([
      '10:2 example.com/inlinedclosure.counter moved-to-heap c []',
      '10:2 example.com/inlinedclosure.counter moved-to-heap c [20:31]',
      '11:9 example.com/inlinedclosure.counter escapes-to-heap func literal []',
      '11:9 example.com/inlinedclosure.counter escapes-to-heap func literal [20:31]',
      '11:9 example.com/inlinedclosure.counter does-not-escape func literal [25:14]',
      '20:14 example.com/inlinedclosure.Keep escapes-to-heap append(fns[:0], ~r0) []',
    ]);
    const own = build(true).sites.find((s) => s.subject === 'func literal' && s.inlinedAt.length === 0)!;
    expect(own.notes.map((n) => noteText(en, n)).join('\n')).toMatch(/stays on the stack where counter is inlined into example\.com\/inlinedclosure\.Local \(inlinedclosure\.go:25\)/);
  });
});

describe('calleeMatches', () => {
  it('matches bare callees only in the caller\'s package and qualified ones by package name', () => {
    expect(calleeMatches('Counter', 'example.com/shapes.Counter', 'example.com/shapes.BenchmarkCounter')).toBe(true);
    expect(calleeMatches('strconv.Itoa', 'example.com/shapes.Itoa', 'example.com/shapes.Itoa')).toBe(false);
    expect(calleeMatches('Itoa', 'strconv.Itoa', 'example.com/shapes.Itoa')).toBe(false);
    expect(calleeMatches('shapes.Counter', 'example.com/shapes.Counter', 'example.com/other.F')).toBe(true);
    expect(calleeMatches('(*T).M', 'example.com/p.(*T).M', 'example.com/p.F')).toBe(true);
    expect(calleeMatches('T.M', 'example.com/p.(*T).M', 'example.com/p.F')).toBe(true);
    expect(calleeMatches('Counter', '', 'example.com/p.F')).toBe(false);
  });
});

describe('parameters that leak into the storage of an escaping allocation (testdata/escape/storage, goldens)', () => {
  const build = (withLog: boolean) => fromGoldens('storage', withLog);
  const leaks = (ev: ReturnType<typeof build>) => ev.sites.filter((s) => s.kind.startsWith('leak')).map((s) => `${s.pos.line}:${s.pos.column} ${s.kind} ${s.subject}`);

  it('reads "leaks to {storage for &T{...}}" as a leaking param, one decision per parameter as -m prints it', () => {
    for (const withLog of [false, true]) {
      const ev = build(withLog);
      expect(ev.warnings).toEqual([]);
      // Two: {heap} and {storage …}, both derefs=0. Mixed: {heap} derefs=1 then {storage …} derefs=0 → "leaking param: p".
      expect(leaks(ev)).toEqual(['13:20 leaking-param scratch', '20:15 leaking-param b', '26:10 leaking-param b', '31:10 leaking-param b', '39:12 leaking-param p']);
    }
  });

  it('tells the story through the allocation the parameter is stored in', () => {
    for (const withLog of [false, true]) {
      const ev = build(withLog);
      const scratch = ev.sites.find((s) => s.subject === 'scratch')!;
      expect(scratch.function).toBe('example.com/storage.newLineReader');
      expect(causeText(scratch.cause)).toBe(
        'parameter scratch leaks because it is stored in &lineReader{...} (line 14), which itself escapes: &lineReader{...} escapes to the heap because it is returned (line 14).',
      );
      const register = ev.sites.find((s) => s.pos.line === 20 && s.subject === 'b')!;
      expect(causeText(register.cause)).toMatch(/^parameter b leaks because it is stored in &lineReader\{\.\.\.\} \(line 21\), which itself escapes: .*appended to a slice that escapes/);
      expect(register.flow.length).toBeGreaterThan(0);
    }
  });
});

describe('leaks to a named sink (testdata/escape/namedsink, goldens)', () => {
  const build = (withLog: boolean) => fromGoldens('namedsink', withLog);

  it('reads "leaks to copy" (a local moved to the heap) as a heap leak told through copy, "leaks to res" as a result leak', () => {
    for (const withLog of [false, true]) {
      const ev = build(withLog);
      const leaks = ev.sites.filter((s) => s.kind.startsWith('leak'));
      expect(leaks.map((s) => `${s.pos.line} ${s.function} ${s.kind} ${s.message}`)).toEqual([
        '9 example.com/namedsink.Local leaking-param leaking param: p',
        '15 example.com/namedsink.Named leaks-to-result ' + (withLog ? 'leaking param: p to result res level=0' : 'leaking param: p to result res'),
      ]);
      expect(causeText(leaks[0]!.cause)).toBe(
        'parameter p leaks because it is stored in copy (line 10), which itself escapes: copy is moved to the heap because its address is appended to a slice that escapes: append(keep, &copy) (line 11).',
      );
      expect(causeText(leaks[1]!.cause)).toBe('parameter p leaks to the result because it is assigned to res (line 16), which Named returns.');
    }
  });
});
