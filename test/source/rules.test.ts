// rules.test.ts holds the source rules (src/source/rules.ts) to what they
// must find in Go source and what they must leave alone: the look-alikes a
// linter flags or a rule could mistake (capacity given, Grow called, a
// package-level regexp, a loop of unknown length).
import { describe, expect, it } from 'vitest';
import { parseGoSource } from '../../src/source/go-file.js';
import type { RuleHit } from '../../src/source/rules.js';

async function hits(body: string, imports = 'import (\n\t"fmt"\n\t"regexp"\n\t"strings"\n\t"sync"\n)\n'): Promise<RuleHit[]> {
  const f = await parseGoSource(`package p\n\n${imports}\n${body}\n`, '/src/p/p.go');
  expect(f.warnings).toEqual([]);
  return [...f.ruleHits];
}

const brief = (h: RuleHit): string => `${h.rule} ${h.function}:${h.line}${h.length !== null ? ` n=${h.length}` : ''}`;

describe('source rules', () => {
  it('finds map and slice fills of known length, and leaves hinted ones and unknown lengths alone', async () => {
    const hs = await hits(`
func a(xs []string) map[string]int {
	m := make(map[string]int)
	for i, x := range xs {
		m[x] = i
	}
	return m
}
func b(n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		out = append(out, i)
	}
	return out
}
func c(xs []string) map[string]int {
	m := make(map[string]int, len(xs))
	for i, x := range xs {
		m[x] = i
	}
	return m
}
func d(next func() (int, bool)) []int {
	out := []int{}
	for v, ok := next(); ok; v, ok = next() {
		out = append(out, v)
	}
	return out
}
func e(xs []int) []int {
	out := make([]int, 0, len(xs))
	for _, x := range xs {
		out = append(out, x)
	}
	return out
}`);
    expect(hs.map(brief)).toEqual(['map-without-size-hint a:14 n=len(xs)', 'append-without-capacity b:21 n=n']);
    expect(hs[0]!.fix).toEqual({
      kind: 'size-hint',
      make: { line: 12, column: 7, endLine: 12, endColumn: 27, text: 'make(map[string]int)' },
      mapType: 'map[string]int',
      length: 'len(xs)',
    });
    expect(hs[1]!.fix).toEqual({
      kind: 'capacity',
      declaration: { line: 19, column: 2, endLine: 19, endColumn: 15, text: 'var out []int' },
      variable: 'out',
      sliceType: '[]int',
      length: 'n',
    });
  });

  it('finds fmt calls with simple verbs only, with the replacement a patch needs', async () => {
    const hs = await hits(`
func f(id int, name string, ok bool) []any {
	return []any{
		fmt.Sprintf("%d", id),
		fmt.Sprintf("user %s #%d", name, id),
		fmt.Errorf("no such user"),
		fmt.Sprint(id),
		fmt.Sprintf("%5d", id),
		fmt.Errorf("wrap: %w", nil),
		fmt.Sprintf("%t", ok),
	}
}`);
    expect(hs.map((h) => [h.subject, h.fix?.kind === 'replace-call' ? h.fix.replacement : null])).toEqual([
      ['fmt.Sprintf("%d", id)', 'strconv.Itoa(id)'],
      ['fmt.Sprintf("user %s #%d", name, id)', '"user " + name + " #" + strconv.Itoa(id)'],
      ['fmt.Errorf("no such user")', 'errors.New("no such user")'],
      ['fmt.Sprint(id)', null],
      ['fmt.Sprintf("%t", ok)', 'strconv.FormatBool(ok)'],
    ]);
    // The syntax shows no types: the fix says what each argument must be for the replacement to hold.
    expect(hs[1]!.fix).toMatchObject({ assumes: [{ argument: 'name', type: 'string' }, { argument: 'id', type: 'int' }] });
  });

  it('uses the name the file imports fmt as, and finds nothing without the import', async () => {
    expect((await hits('func f(i int) string { return f2.Sprintf("%d", i) }', 'import f2 "fmt"\n')).map((h) => h.rule)).toEqual(['fmt-simple-verbs']);
    expect(await hits('func f(i int) string { return fmt.Sprintf("%d", i) }', '')).toEqual([]);
  });

  it('finds concatenation in loops, builders without Grow, defers in loops and regexps compiled in bodies', async () => {
    const hs = await hits(`
var hoisted = regexp.MustCompile("x+")
func f(parts []string) string {
	s := ""
	var b strings.Builder
	var g strings.Builder
	g.Grow(64)
	for _, p := range parts {
		s += p
		b.WriteString(p)
		g.WriteString(p)
		defer println(p)
	}
	_ = regexp.MustCompile("^a+$")
	_ = hoisted
	return s + b.String() + g.String()
}`);
    expect(hs.map(brief)).toEqual([
      'string-concat-in-loop f:18 n=len(parts)',
      'builder-without-grow f:19 n=len(parts)',
      'defer-in-loop f:21',
      'regexp-in-function f:23',
    ]);
    expect(hs[3]!.fix).toMatchObject({ kind: 'hoist-regexp', name: 'fPattern', call: { text: 'regexp.MustCompile("^a+$")' } });
  });

  it('marks conversions with the context the compiler may reuse the bytes in, and closures with what they capture', async () => {
    const hs = await hits(`
func f(m map[string]int, b []byte, s string) (int, string, []byte, func() int) {
	n := 0
	if string(b) == "x" {
		n++
	}
	get := func() int { return n + len(s) }
	return m[string(b)], string(b), []byte(s), get
}`);
    expect(hs.map((h) => [h.rule, h.line, h.conversion?.context ?? h.variables.join(',')])).toEqual([
      ['bytes-string-conversion', 13, 'comparison'],
      ['closure-capture', 16, 'n,s'],
      ['bytes-string-conversion', 17, 'map-index'],
      ['bytes-string-conversion', 17, 'plain'],
      ['bytes-string-conversion', 17, 'plain'],
    ]);
  });

  it('records every Put with its receiver, and the sync.Pool variables for the package to narrow them', async () => {
    const f = await parseGoSource(
      'package p\n\nimport "sync"\n\nvar pool = sync.Pool{New: func() any { return new(int) }}\nvar other sync.Pool\n\nfunc f(x *int, c interface{ Put(any) }) {\n\tpool.Put(x)\n\tc.Put(x)\n}\n',
      '/src/p/p.go',
    );
    expect(f.pools).toEqual(['pool', 'other']);
    expect(f.ruleHits.map((h) => [h.rule, h.variables[0]])).toEqual([
      ['pool-non-pointer', 'pool'],
      ['pool-non-pointer', 'c'],
    ]);
  });
});
