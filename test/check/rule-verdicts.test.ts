// rule-verdicts.test.ts holds the verdict logic (src/verify/rule-verdicts.ts)
// to its one promise on a parsed package with hand-set evidence: a hit's
// verdict comes from bytes, the coverage run or the compiler, never from the
// absence of samples alone. The measured cases are in rules.e2e.test.ts.
import { describe, expect, it } from 'vitest';
import { parseGoSource } from '../../src/source/go-file.js';
import type { PackageSource } from '../../src/source/package-source.js';
import { ruleVerdicts, type CoverageRun, type RuleInput } from '../../src/verify/rule-verdicts.js';

const FILE = '/m/p/p.go';
const SRC = `package p

import "fmt"

func key(id int) (string, error) {
	if id < 0 {
		return "", fmt.Errorf("negative id %d", id)
	}
	return fmt.Sprintf("%d", id), nil
}

func init() {
	s := ""
	for _, p := range []string{"a", "b"} {
		s += p
	}
	_ = s
}
`;

async function input(over: Partial<RuleInput>): Promise<RuleInput> {
  const facts = await parseGoSource(SRC, FILE);
  const source: PackageSource = { importPath: 'example.com/p', name: 'p', dir: '/m/p', files: [facts], warnings: [] };
  return {
    sources: [source],
    evidence: { goVersion: 'go1.26.8', packages: [], sites: [], inlining: [], runtimeCalls: [], warnings: [] },
    allocations: [],
    totalBytes: 1000,
    userLines: [],
    maps: null,
    coverage: null,
    ops: new Map([['example.com/p\u0000BenchmarkKey', 100]]),
    memProfileRate: 1,
    profiled: true,
    ...over,
  };
}

/** cover is one benchmark's coverage run: the Sprintf block ran once, the error path never, init once. */
const cover: CoverageRun[] = [
  {
    package: 'example.com/p',
    benchmark: 'BenchmarkKey',
    blocks: [
      { file: FILE, startLine: 5, startColumn: 34, endLine: 6, endColumn: 12, statements: 1, count: 1 },
      { file: FILE, startLine: 6, startColumn: 12, endLine: 8, endColumn: 3, statements: 1, count: 0 },
      { file: FILE, startLine: 9, startColumn: 2, endLine: 9, endColumn: 33, statements: 1, count: 1 },
      { file: FILE, startLine: 12, startColumn: 13, endLine: 17, endColumn: 2, statements: 3, count: 1 },
    ],
  },
];

const verdicts = (r: ReturnType<typeof ruleVerdicts>): string[] => r.map((f) => `${f.line} ${f.kind} ${f.verdict} ${f.reasons.map((x) => x.kind).join(',')}`);

describe('rule verdicts', () => {
  it('without a coverage run, a hit with no bytes is not measurable, not refuted', async () => {
    expect(verdicts(ruleVerdicts(await input({})))).toEqual([
      '7 fmt-simple-verbs not-measurable no-coverage',
      '9 fmt-simple-verbs not-measurable no-coverage',
      '15 string-concat-in-loop refuted package-init',
    ]);
  });

  it('with one, the error path is not exercised, the line that ran and allocated nothing refuted, and bytes confirm', async () => {
    const quiet = ruleVerdicts(await input({ coverage: cover }));
    expect(verdicts(quiet)).toEqual([
      '7 fmt-simple-verbs not-exercised not-exercised',
      '9 fmt-simple-verbs refuted allocates-nothing',
      '15 string-concat-in-loop refuted package-init',
    ]);
    const userLines = [{ file: FILE, line: 9, flatBytes: 0, flatObjects: 0, cumBytes: 1600, cumObjects: 200 }];
    const loud = ruleVerdicts(await input({ coverage: cover, userLines }));
    const sprintf = loud.find((f) => f.line === 9)!;
    expect(sprintf.verdict).toBe('confirmed');
    expect(sprintf.measured).toMatchObject({ allocBytes: 1600, allocObjects: 200, share: 1.6, through: 'callees', ops: 100, bytesPerOp: 16, allocsPerOp: 2, exercisedBy: ['BenchmarkKey'], executions: 1 });
  });

  it('a few objects over many ops are occasional, not per op', async () => {
    const userLines = [{ file: FILE, line: 9, flatBytes: 0, flatObjects: 0, cumBytes: 64, cumObjects: 1 }];
    const r = ruleVerdicts(await input({ coverage: cover, userLines, ops: new Map([['example.com/p\u0000BenchmarkKey', 1000]]) }));
    expect(r.find((f) => f.line === 9)!.reasons[0]).toEqual({ kind: 'occasional', allocBytes: 64, allocObjects: 1, ops: 1000, minAllocsPerOp: 0.01 });
  });
});
