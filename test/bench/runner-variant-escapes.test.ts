// runner-variant-escapes.test.ts checks the variant table's escapes column
// on examples/mapptr with live go1.26.8 compiler evidence and the package's
// source: each benchmark counts the heap decisions of the package functions
// it reaches, not only of its own body.
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { heapDecisions, type HeapDecision, type VariantEvidence } from '../../src/verify/variant-table.js';
import { collectCompilerEvidence } from '../../src/escape/index.js';
import { loadPackageSource } from '../../src/source/package-source.js';
import { listPackages } from '../../src/toolchain/go-build.js';
import { findGo } from '../../src/toolchain/go-command.js';
import { liveRunner } from '../../src/toolchain/process.js';

const mapptr = resolve(import.meta.dirname, '../../examples/mapptr');
let evidence: VariantEvidence;

beforeAll(async () => {
  const go = await findGo(liveRunner, mapptr);
  const [pkg] = await listPackages(liveRunner, go, { cwd: mapptr, patterns: ['.'] });
  const [compiler, source] = await Promise.all([collectCompilerEvidence(liveRunner, go, { cwd: mapptr, packages: ['.'] }), loadPackageSource(pkg!)]);
  evidence = { compiler, source };
}, 120_000);

const brief = (ds: readonly HeapDecision[]): string[] => ds.map((d) => `${d.kind} ${d.subject} ${d.file}:${d.line} ${d.function}`);
const of = (name: string): HeapDecision[] => {
  const r = heapDecisions(evidence, name);
  expect(r.warnings).toEqual([]);
  return r.decisions;
};
// input() returns its slice, so its own body decides make([]int, 1000) escapes; every benchmark calls it.
const input = 'escapes-to-heap make([]int, 1000) maps_test.go:11 input';

describe('escapes column on examples/mapptr', () => {
  it('MakePerCall and MakeSized show the map their callee makes and returns', () => {
    expect(brief(of('BenchmarkMakePerCall'))).toEqual([input, 'escapes-to-heap make(map[int]int) maps.go:35 fillNew']);
    expect(brief(of('BenchmarkMakeSized'))).toEqual([input, 'escapes-to-heap make(map[int]int, len(data)) maps.go:42 fillNewSized']);
    expect(of('BenchmarkMakeSized')[1]!.via).toEqual(['fillNewSized']);
  });

  it('ByPointer and ByValue show nothing from the map parameter', () => {
    for (const name of ['BenchmarkByPointer', 'BenchmarkByValue']) {
      const ds = of(name);
      expect(brief(ds)).toEqual([input]);
      expect(ds.some((d) => /^m$|map/.test(d.subject))).toBe(false);
    }
    // input was inlined into each benchmark, and there its slice stays on the stack: the row marks that.
    expect(of('BenchmarkByPointer')[0]!.inlinedCopiesNotEscaping).toEqual(['maps_test.go:21:15']);
  });

  it('PointerEscapes shows m moved to the heap once, with the map and the append, each once', () => {
    const ds = of('BenchmarkPointerEscapes');
    // fillAndRegister and registerMap are inlined into the benchmark: the compiler reports their
    // decisions in their own bodies and again for the inlined copies; each counts once.
    expect(brief(ds)).toEqual([
      input,
      'moved-to-heap m maps.go:60 fillAndRegister',
      'escapes-to-heap make(map[int]int, len(data)) maps.go:60 fillAndRegister',
      'escapes-to-heap append(registry[:0], m) maps.go:54 registerMap',
    ]);
    expect(ds.find((d) => d.subject === 'append(registry[:0], m)')!.via).toEqual(['fillAndRegister', 'registerMap']);
  });

  it('SyncMap keeps its own moved-to-heap m and adds the boxing in processWithSyncMap', () => {
    expect(brief(of('BenchmarkSyncMap'))).toEqual([
      'moved-to-heap m maps_test.go:41 BenchmarkSyncMap',
      input,
      'escapes-to-heap v maps.go:28 processWithSyncMap',
      'escapes-to-heap v * 2 maps.go:28 processWithSyncMap',
    ]);
  });
});
