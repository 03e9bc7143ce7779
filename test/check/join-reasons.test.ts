// join-reasons.test.ts: the reason the join gives a line with no decision
// and no runtime call, by what the build read (CompilerEvidence.textLeftOut):
// a _test.go line or generic code whose -m=2/-S text was not read is
// text-not-read, never "the compiler reported nothing".
import { describe, expect, it } from 'vitest';
import type { CompilerEvidence } from '../../src/escape/index.js';
import { en } from '../../src/i18n/en.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { missingReason } from '../../src/render/check-words.js';
import type { GoFileFacts } from '../../src/source/go-file.js';
import type { PackageSource } from '../../src/source/package-source.js';
import { siteFindings, type AllocationRow } from '../../src/verify/join.js';

const file = (path: string): GoFileFacts => ({ file: path, packageName: 'p', functions: [], importNames: [], directives: [], ruleHits: [], pools: [], warnings: [] });
const source: PackageSource = { importPath: 'example.com/p', name: 'p', dir: '/m', files: [file('/m/a.go'), file('/m/a_test.go')], warnings: [] };
const rows: AllocationRow[] = [
  { function: 'example.com/p.BenchmarkFill', file: '/m/a_test.go', line: 5, bytes: 300, objects: 3 },
  { function: 'example.com/p.Clone[...]', file: '/m/a.go', line: 9, bytes: 200, objects: 2 },
  { function: 'example.com/p.Fill', file: '/m/a.go', line: 3, bytes: 100, objects: 1 },
];
const evidence = (textLeftOut?: string[]): CompilerEvidence => ({
  goVersion: 'go1.26.8',
  packages: [{ importPath: 'example.com/p', dir: '/m' }],
  sites: [],
  inlining: [],
  runtimeCalls: [],
  ...(textLeftOut ? { textLeftOut } : {}),
  warnings: [],
});
const reasons = (ev: CompilerEvidence): string[] =>
  siteFindings({ evidence: ev, sources: [source], allocations: rows, totals: { bytes: 600, objects: 6 }, benchmarks: [] }).map((f) => `${f.file}:${f.line} ${f.kind === 'allocation-site' ? f.reason.kind : ''}`);

describe('reasons by what the build read', () => {
  it('test lines and generic code are text-not-read when the test files were compiled with -json only', () => {
    expect(reasons(evidence(['/m/a_test.go']))).toEqual(['/m/a_test.go:5 text-not-read', '/m/a.go:9 text-not-read', '/m/a.go:3 no-decision']);
  });

  it('with every file read, a silent compiler is no-decision', () => {
    expect(reasons(evidence())).toEqual(['/m/a_test.go:5 no-decision', '/m/a.go:9 no-decision', '/m/a.go:3 no-decision']);
  });

  it('words it in each catalogue, pointing to --tests', () => {
    const [f] = siteFindings({ evidence: evidence(['/m/a_test.go']), sources: [source], allocations: rows.slice(0, 1), totals: { bytes: 300, objects: 3 }, benchmarks: [] });
    expect(missingReason(en, f!, null)).toMatch(/-json only.*--tests/);
    expect(missingReason(zhCN, f!, null)).toMatch(/-json.*--tests/);
  });
});

describe('lines in the runtime package', () => {
  // go1.26.8: strings.Builder.Grow allocates in internal/bytealg.MakeNoZero, which runtime/slice.go provides by a
  // linkname (zerolog's hlog benchmarks, 1.5% of alloc_space); the profile keeps that name, the file is the runtime's.
  const runtimeRows: AllocationRow[] = [
    { function: 'internal/bytealg.MakeNoZero', file: '/go/src/runtime/slice.go', line: 437, bytes: 300, objects: 3 },
    { function: 'runtime.malg', file: '/go/src/runtime/proc.go', line: 5000, bytes: 200, objects: 2 },
    { function: 'reflect.unsafe_New', file: '/go/src/runtime/malloc.go', line: 2178, bytes: 100, objects: 1 },
  ];
  const packageOf = (f: string): string | null => (f.startsWith('/go/src/runtime/') ? 'runtime' : null);
  const found = siteFindings({ evidence: evidence(), sources: [source], allocations: runtimeRows, totals: { bytes: 600, objects: 6 }, benchmarks: [], packageOf });

  it('are known by their function: runtime code under another package\'s name is a linkname, never "no package"', () => {
    expect(found.map((f) => (f.kind === 'allocation-site' && f.reason.kind === 'known-function' ? f.reason.role : f.kind === 'allocation-site' ? f.reason.kind : ''))).toEqual([
      'runtime-linkname',
      'runtime-internal',
      'reflect-new',
    ]);
    expect(missingReason(en, found[0]!, null)).toMatch(/linkname.*reason is at the caller/);
    expect(missingReason(en, found[0]!, null)).not.toMatch(/no package/);
    expect(missingReason(zhCN, found[0]!, null)).toMatch(/linkname/);
  });
});
