import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { innermostSpan, scanFuncSpans } from '../../src/go-func-spans.js';
import { testdata } from './golden.js';

const spans = (src: string) => scanFuncSpans(Buffer.from(src));

describe('scanFuncSpans', () => {
  it('names declarations, methods, generics and closures the way pprof does', () => {
    const s = spans(
      [
        'package p',
        'type T[K comparable] struct{}',
        'func (t *T[K]) M() {}',
        'func (v V) N() (x struct{ a int }, err error) {',
        '\tf := func() { g := func() {}; g() }',
        '\t_ = func(int) int { return 0 }',
        '\treturn',
        '}',
        'func G[T any](x T) func() T { return func() T { return x } }',
        'var h = func() {}',
        'func asm(x int) int',
        'func (p) Fake(s string) { var fn func(int) int; _ = fn; if true { _ = s } }',
      ].join('\n'),
    );
    expect(spans.length === 0).toBe(false);
    expect(s.map((x) => x.name)).toEqual(['(*T[...]).M', 'V.N', 'V.N.func1', 'V.N.func1.1', 'V.N.func2', 'G[...]', 'G[...].func1', 'init.func1', 'p.Fake']);
    const n = s.find((x) => x.name === 'V.N')!;
    expect([n.startLine, n.endLine, n.nameColumn]).toEqual([4, 8, 12]);
  });

  it('ignores braces in strings, runes, raw strings and comments', () => {
    const s = spans('package p\nfunc A() {\n\ts := "}{" + `}\n{` // }\n\t_ = \'}\'\n\t/* } */\n}\nfunc B() {}\n');
    expect(s.map((x) => [x.name, x.startLine, x.endLine])).toEqual([
      ['A', 2, 7],
      ['B', 8, 8],
    ]);
  });

  it('counts columns in UTF-8 bytes and decodes non-ASCII names', () => {
    const src = readFileSync(join(testdata, 'multi', 'utf8', 'utf8.go'));
    const s = scanFuncSpans(src);
    expect(s[0]!.name).toBe('Café');
    // The body closes at byte column 39 of line 8: "é" twice counts 4 bytes, not 2 UTF-16 units.
    expect(s[0]!.endColumn).toBe(Buffer.byteLength('func Café(n int) { _ = "é"; sink = n }'));
  });

  it('survives bytes that are not UTF-8', () => {
    const s = scanFuncSpans(Uint8Array.from([...Buffer.from('package p\nfunc A() { _ = "caf'), 0xe9, ...Buffer.from('" }\n')]));
    expect(s.map((x) => x.name)).toEqual(['A']);
  });

  it('finds the innermost function; a closure expression belongs to its parent', () => {
    const src = readFileSync(join(testdata, 'causes', 'causes.go'));
    const s = scanFuncSpans(src);
    expect(innermostSpan(s, 24, 3)?.name).toBe('Closure.func1');
    expect(innermostSpan(s, 23, 9)?.name).toBe('Closure');
    expect(innermostSpan(s, 22, 2)?.name).toBe('Closure');
    expect(innermostSpan(s, 9, 1)).toBeNull();
  });
});
