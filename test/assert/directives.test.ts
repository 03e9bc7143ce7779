// directives.test.ts: heapsight's directives read from the fixture package
// testdata/assert (held, failed and malformed instances) and from small
// sources made to hit each placement rule.
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGoSource } from '../../src/source/go-file.js';
import { packageDirectives } from '../../src/source/directives.js';
import type { PackageSource } from '../../src/source/package-source.js';

const fixture = resolve('testdata/assert');

async function source(dir: string, importPath: string, name: string, files: readonly string[]): Promise<PackageSource> {
  const parsed = await Promise.all(files.map((f) => parseGoSource(readFileSync(join(dir, f), 'utf8'), join(dir, f))));
  return { importPath, name, dir, files: parsed, warnings: parsed.flatMap((f) => f.warnings) };
}

describe('parseDirectives', () => {
  it('places noescape on its own line (trailing) or the next code line (above), inline and allocs on the declaration whose doc comment holds them', async () => {
    const dir = join(fixture, 'held');
    const p = packageDirectives(await source(dir, 'example.com/assert/held', 'held', ['held.go', 'held_test.go']));
    const at = (d: (typeof p.directives)[number]) => `${d.pos.file.slice(dir.length + 1)}:${d.pos.line}:${d.pos.column}`;
    expect(p.directives.map((d) => [at(d), d.kind, d.kind === 'noescape' ? [d.line, d.function, d.placement] : d.kind === 'inline' ? [d.function, d.functionLine] : d.kind === 'allocs' ? [d.benchmark, d.max] : d.why])).toEqual([
      ['held.go:7:11', 'noescape', [7, 'Sum', 'trailing']],
      ['held.go:18:2', 'noescape', [19, 'Deref', 'above']],
      ['held.go:25:1', 'inline', ['add', 26]],
      ['held.go:33:1', 'inline', ['(*Counter).Inc', 34]],
      ['held_test.go:11:1', 'allocs', ['BenchmarkSum', 0]],
      ['held_test.go:20:1', 'allocs', ['BenchmarkBoxes', 1]],
    ]);
  });

  it('finds every call of an inline function by name, at the column of its "(" (where the compiler reports inlining)', async () => {
    const dir = join(fixture, 'held');
    const p = packageDirectives(await source(dir, 'example.com/assert/held', 'held', ['held.go', 'held_test.go']));
    const calls = p.directives.flatMap((d) => (d.kind === 'inline' ? d.calls.map((c) => `${d.function} ${c.callee}@${c.line}:${c.column} in ${c.caller}`) : []));
    expect(calls).toEqual(['add add@9:13 in Sum', 'add add@43:18 in Count', '(*Counter).Inc c.Inc@41:8 in Count']);
  });

  it('reports each malformed directive with why, none dropped', async () => {
    const dir = join(fixture, 'malformed');
    const p = packageDirectives(await source(dir, 'example.com/assert/malformed', 'malformed', ['malformed.go', 'malformed_test.go']));
    expect(p.directives.map((d) => `${d.pos.file.slice(dir.length + 1)}:${d.pos.line} ${d.kind === 'malformed' ? `${d.why} ${JSON.stringify(d.name)}` : d.kind}`)).toEqual([
      'malformed.go:5 unknown-name "noalloc"',
      'malformed.go:8 spaced "noescape"',
      'malformed.go:11 not-on-function "inline"',
      'malformed.go:16 extra-argument "noescape"',
      'malformed.go:18 on-nothing "noescape"',
      'malformed_test.go:7 missing-budget "allocs"',
      'malformed_test.go:16 bad-budget "allocs"',
      'malformed_test.go:25 not-on-benchmark "allocs"',
    ]);
  });

  it('reads directives in comments only, columns in UTF-8 bytes, and tells package functions from methods of the same name', async () => {
    const src = [
      'package p',
      '',
      'import "strings"',
      '',
      'const s = "//heapsight:noescape"',
      '',
      '// T is one type with Get.',
      'type T struct{}',
      '',
      '// U is another.',
      'type U struct{}',
      '',
      '//heapsight:inline',
      'func (T) Get() int { return 1 }',
      '',
      'func (U) Get() int { return 2 }',
      '',
      'func f(t T, u U) int {',
      '	é := 1 //heapsight:noescape',
      '	_ = strings.Get',
      '	return t.Get() + u.Get() + é',
      '}',
      '',
    ].join('\n');
    const facts = await parseGoSource(src, '/x/p.go');
    expect(facts.directives.map((d) => [d.kind, d.pos.line, d.pos.column])).toEqual([
      ['inline', 13, 1],
      // "é" is two bytes: the comment starts at byte column 10.
      ['noescape', 19, 10],
    ]);
    const p = packageDirectives({ importPath: 'x/p', name: 'p', dir: '/x', files: [facts], warnings: [] });
    const d = p.directives.find((x) => x.kind === 'inline');
    // Two types have Get: by name alone neither call can be tied to T.Get.
    expect(d?.kind === 'inline' ? [d.calls.length, d.ambiguous.map((c) => c.callee)] : null).toEqual([0, ['t.Get', 'u.Get']]);
  });
});
