// test-bodies.test.ts holds withoutTestBodies against a full parse of real
// test files nobody here wrote (the standard library's, from the Go that runs
// the suite): every function keeps its name, lines and parameters, every
// function other than Test/Example/Fuzz keeps exactly the calls a full parse
// finds, and the entry points lose theirs. Then the coverage build's lean
// file (testFileForCoverage): which imports become blank, and the names a dot
// import binds (exportedNames).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseGoSource } from '../../src/source/go-file.js';
import { blankImportsAt, exportedNames, leanTestFiles, testFileForCoverage, withoutTestBodies } from '../../src/source/test-bodies.js';
import { loadPackageSource } from '../../src/source/package-source.js';
import { listPackages } from '../../src/toolchain/go-build.js';
import { findGo, type GoToolchain } from '../../src/toolchain/go-command.js';
import { liveRunner } from '../../src/toolchain/process.js';

let go: GoToolchain;
beforeAll(async () => {
  go = await findGo(liveRunner, process.cwd());
});

const ENTRY = /^(Test(?!Main$)|Example|Fuzz)(?![a-z])/;

describe('withoutTestBodies on the standard library\'s test files', () => {
  // strings_test.go: Test and Benchmark functions side by side; example_test.go: Examples (external test package);
  // sizes_test.go and scanner's example_test.go: raw strings with "}" at the start of a line inside Test and Example bodies.
  for (const rel of ['strings/strings_test.go', 'strings/example_test.go', 'go/types/sizes_test.go', 'text/scanner/example_test.go', 'regexp/all_test.go']) {
    it(rel, async () => {
      const file = join(go.goroot, 'src', rel);
      const text = readFileSync(file, 'utf8');
      const blanked = withoutTestBodies(text);
      expect(blanked.split('\n').length).toBe(text.split('\n').length);
      expect(blanked.length).toBeLessThan(text.length * 0.9);
      const full = await parseGoSource(text, file, { rules: false });
      const part = await parseGoSource(blanked, file, { rules: false });
      expect(part.warnings).toEqual([]);
      expect(part.packageName).toBe(full.packageName);
      expect(part.importNames).toEqual(full.importNames);
      expect(part.functions.map((f) => [f.name, f.startLine, f.endLine, f.params, f.isBenchmark])).toEqual(
        full.functions.map((f) => [f.name, f.startLine, f.endLine, f.params, f.isBenchmark]),
      );
      const entries = full.functions.filter((f) => ENTRY.test(f.name));
      expect(entries.length).toBeGreaterThan(0);
      for (const [i, f] of full.functions.entries()) {
        // An entry point written on one or two lines ("func TestIndex(t *testing.T) { runIndexTests(…) }") is kept whole.
        if (ENTRY.test(f.name) && f.endLine - f.startLine >= 2) expect(part.functions[i]!.calls, f.name).toEqual([]);
        else expect(part.functions[i]!.calls, f.name).toEqual(f.calls);
      }
    });
  }

  it('keeps a body whose layout is not gofmt\'s, and a file with no entry point, as they are', () => {
    const odd = 'package x\n\nfunc TestA(t *testing.T) { t.Log(1)\n\tt.Log(2)\n}\n\nfunc TestB(t *testing.T)\n{\n\tt.Log(3)\n}\n';
    expect(withoutTestBodies(odd)).toBe(odd);
    const plain = 'package x\n\nfunc helper() int {\n\treturn 1\n}\n';
    expect(withoutTestBodies(plain)).toBe(plain);
    // A lower-case letter after the prefix is not a test (go test's rule).
    const notTest = 'package x\n\nfunc Testify() {\n\tf()\n}\n';
    expect(withoutTestBodies(notTest)).toBe(notTest);
  });

  it('a package with a directive is read whole: an inline assertion names every call site, test files included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-bodies-'));
    try {
      writeFileSync(join(dir, 'go.mod'), 'module example.com/d\n\ngo 1.24\n');
      const test = 'package d\n\nimport "testing"\n\nfunc TestF(t *testing.T) {\n\t_ = f(1)\n}\n';
      const callsInTest = async (): Promise<string[]> => {
        const [pkg] = await listPackages(liveRunner, go, { cwd: dir, patterns: ['.'] });
        const src = await loadPackageSource(pkg!);
        return src.files.flatMap((f) => f.functions).filter((f) => f.name === 'TestF').flatMap((f) => f.calls.map((c) => c.callee));
      };
      writeFileSync(join(dir, 'd_test.go'), test);
      writeFileSync(join(dir, 'd.go'), 'package d\n\nfunc f(x int) int { return x + 1 }\n');
      expect(await callsInTest()).toEqual([]);
      writeFileSync(join(dir, 'd.go'), 'package d\n\n//heapsight:inline\nfunc f(x int) int { return x + 1 }\n');
      expect(await callsInTest()).toEqual(['f']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('imports what only the blanked bodies named as "_", and leaves the others', () => {
    const src = [
      'package x',
      '',
      'import (',
      '\t"fmt"',
      '\t"os"',
      '\tstr "strings"',
      '\t"github.com/json-iterator/go"',
      ')',
      '',
      'func helper() string { return str.ToUpper(jsoniter.Name) }',
      '',
      'func TestA(t *testing.T) {',
      '\tfmt.Println(os.Args, Pi)',
      '}',
      '',
      'func TestMain(m *testing.M) {',
      '\tos.Exit(m.Run())',
      '}',
      '',
    ].join('\n');
    // go list's names: the module github.com/json-iterator/go is package jsoniter.
    const lean = testFileForCoverage(src, (p) => (p === 'github.com/json-iterator/go' ? 'jsoniter' : undefined))!;
    // The input with fmt made blank (only TestA used it) and TestA's body emptied; TestMain runs the benchmarks:
    // kept, and os with it; the json-iterator import is used under its package name.
    const want = src.split('\n');
    want[want.indexOf('\t"fmt"')] = '\t_ "fmt"';
    want[want.indexOf('\tfmt.Println(os.Args, Pi)')] = '';
    expect(lean.split('\n')).toEqual(want);
    expect(testFileForCoverage('package x\n\nfunc BenchmarkA(b *testing.B) {\n\tf()\n}\n')).toBeNull();
    // A dot import: kept when what is left names one of the package's exported names, else blank; with its names unknown, the file is kept whole.
    const dot = 'package x\n\nimport . "strings"\n\nfunc TestA(t *testing.T) {\n\t_ = ToUpper("a")\n}\n';
    expect(testFileForCoverage(dot)).toBeNull();
    const strs = (p: string) => (p === 'strings' ? new Set(['ToUpper', 'ToLower']) : undefined);
    expect(testFileForCoverage(dot, () => undefined, strs)).toBe('package x\n\nimport _ "strings"\n\nfunc TestA(t *testing.T) {\n\n}\n');
    const used = 'package x\n\nimport . "strings"\n\nfunc lower() string { return ToLower("A") }\n\nfunc TestA(t *testing.T) {\n\t_ = ToUpper("a")\n}\n';
    expect(testFileForCoverage(used, () => undefined, strs)).toBe('package x\n\nimport . "strings"\n\nfunc lower() string { return ToLower("A") }\n\nfunc TestA(t *testing.T) {\n\n}\n');
  });

  it('keeps the body of an entry point that kept code names, across the package\'s test files, and what that body names', () => {
    // A benchmark in one file calls TestShared of another; TestShared's body calls TestInner; the external test's
    // table holds p.TestTable. TestAlone is named nowhere else: only its body goes.
    const internal = ['package p', '', 'import "testing"', '', 'func TestShared(t *testing.T) {', '\tTestInner(t)', '}', '', 'func TestInner(t *testing.T) {', '\tt.Log("inner")', '}', '', 'func TestTable(t *testing.T) {', '\tt.Log("table")', '}', '', 'func TestAlone(t *testing.T) {', '\tt.Log("alone")', '}', ''].join('\n');
    const bench = ['package p', '', 'import "testing"', '', 'func BenchmarkShared(b *testing.B) {', '\tfor i := 0; i < b.N; i++ {', '\t\tTestShared(&testing.T{})', '\t}', '}', ''].join('\n');
    const external = ['package p_test', '', 'import (', '\t"testing"', '', '\t"example.com/p"', ')', '', 'var table = []func(*testing.T){p.TestTable}', '', 'func TestX(t *testing.T) {', '\tfor _, f := range table {', '\t\tf(t)', '\t}', '}', ''].join('\n');
    const [a, b, c] = leanTestFiles([internal, bench, external], (path) => (path === 'example.com/p' ? 'p' : undefined));
    const want = internal.split('\n');
    want[want.indexOf('\tt.Log("alone")')] = '';
    expect(a!.split('\n')).toEqual(want);
    expect(b).toBeNull();
    // TestX's body goes, table (and p with it) stays.
    expect(c).toBe(external.replace('\tfor _, f := range table {\n\t\tf(t)\n\t}\n', '\n\n\n'));
    // A name in a comment alone keeps nothing.
    const [d] = leanTestFiles([internal.replace('\tTestInner(t)', '\t// TestInner(t)')]);
    expect(d).not.toContain('t.Log("inner")');
  });

  it('makes blank the import specs on the lines the compiler named, named, dotted or one-line alike', () => {
    const src = 'package x\n\nimport "os"\n\nimport (\n\t"fmt"\n\tstr "strings" // why\n\t. "math"\n\t"testing"\n)\n';
    expect(blankImportsAt(src, new Set([3, 6, 7, 8]))).toBe('package x\n\nimport _ "os"\n\nimport (\n\t_ "fmt"\n\t_ "strings" // why\n\t_ "math"\n\t"testing"\n)\n');
    // A line that holds no import spec, or is past the end, stays.
    expect(blankImportsAt(src, new Set([1, 99]))).toBe(src);
  });

  it('lists the exported names a dot import binds, from the standard library\'s strings', () => {
    const dir = join(go.goroot, 'src', 'strings');
    const names = exportedNames(readdirSync(dir).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go')).map((f) => readFileSync(join(dir, f), 'utf8')));
    for (const n of ['Builder', 'Reader', 'Replacer', 'ToUpper', 'Index', 'NewReader', 'Fields', 'Cut']) expect(names.has(n), n).toBe(true);
    expect([...names].every((n) => /^[A-Z]/.test(n))).toBe(true);
  });
});
