import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCompilerJson } from '../../src/escape/compiler-json.js';
import { parseEscapeLog } from '../../src/escape/escape-log.js';
import { buildEvidence, calleeMatches, JsonEvidence } from '../../src/escape/evidence-builder.js';
import { scanFuncSpans } from '../../src/escape/func-spans.js';
import { readGolden, testdata } from './golden.js';

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
  // The JSON golden holds the absolute paths of the checkout that made it.
  const jsonText = readGolden('inlinedclosure.json.go1.26.8.jsonl').replace(/(file:\/\/|"file":")[^"]*\/testdata\/escape\//g, `$1${testdata}/`);
  const build = (withLog: boolean) => {
    const json = new JsonEvidence(() => true);
    json.add('inlinedclosure.json', parseCompilerJson(jsonText, 'inlinedclosure.json'));
    return buildEvidence({
      goVersion: 'go1.26.8',
      packages: [{ importPath: 'example.com/inlinedclosure', dir }],
      targetFiles: new Map([[file, 'example.com/inlinedclosure']]),
      json,
      log: withLog ? parseEscapeLog(readGolden('inlinedclosure.m2.go1.26.8.txt'), { base: dir, origin: 'inlinedclosure.m2' }) : null,
      runtimeCalls: [],
      spansOf: (f) => (f === file ? scanFuncSpans(readFileSync(f)) : null),
      qualifierOf: () => null,
      allFiles: false,
      warnings: [],
    });
  };
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
    expect(own.notes.join('\n')).toMatch(/stays on the stack where counter is inlined into example\.com\/inlinedclosure\.Local \(inlinedclosure\.go:25\)/);
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
