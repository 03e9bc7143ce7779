// change-diff.test.ts holds the matching rules of the before/after diff on
// small hand-made inputs: decisions pair by function and subject (a moved
// line is no change), an edited expression with the same decision is no
// change, a rise from zero allocations is worse, and the positional
// arguments tell revisions from packages.
import { describe, expect, it } from 'vitest';
import { compareUnit, diffDecisions, type ChangeSide } from '../../src/verify/change-diff.js';
import { splitPositionals, parseMinChange } from '../../src/cli/commands/change.js';
import { DEFAULT_GATE } from '../../src/core/change.js';
import type { EscapeKind, EscapeSite } from '../../src/escape/model.js';

function site(root: string, line: number, fn: string, subject: string, kind: EscapeKind): EscapeSite {
  return {
    pos: { file: `${root}/a.go`, line, column: 2 },
    inlinedAt: [],
    function: fn,
    kind,
    subject,
    message: `${subject}: ${kind}`,
    cause: { kind: 'unexplained', story: { kind, subject, fn: null, why: { why: 'no-flow' } }, steps: [] },
    flow: [],
    notes: [],
  };
}

function side(root: string, sites: EscapeSite[]): ChangeSide {
  return {
    root,
    evidence: { goVersion: 'go1.26.8', packages: [], sites, inlining: [], runtimeCalls: [], warnings: [] },
    ownFiles: new Set([`${root}/a.go`]),
    packageOfFile: () => 'example.com/m',
    benchmarks: [],
    findings: [],
    benchLines: new Map(),
    lineText: () => null,
    memProfileRate: 512 * 1024,
  };
}

describe('diffDecisions', () => {
  it('pairs by function and subject, so a line that moved is no change', () => {
    const before = side('/b', [site('/b', 10, 'm.F', 'x', 'moved-to-heap'), site('/b', 12, 'm.F', 'y', 'does-not-escape')]);
    const after = side('/a', [site('/a', 30, 'm.F', 'x', 'moved-to-heap'), site('/a', 31, 'm.F', 'y', 'moved-to-heap')]);
    const d = diffDecisions(before, after, []);
    expect(d.map((x) => `${x.change} ${x.subject} ${x.direction} ${x.before?.line}->${x.after?.line}`)).toEqual(['changed y worse 12->31']);
    expect(d[0]!.after!.file).toBe('a.go');
  });

  it('an edited expression with the same decision is no change; one whose decision changed is', () => {
    const before = side('/b', [site('/b', 5, 'm.F', 'make(map[int]int)', 'escapes-to-heap'), site('/b', 6, 'm.G', 'make([]byte, n)', 'escapes-to-heap')]);
    const after = side('/a', [site('/a', 5, 'm.F', 'make(map[int]int, n)', 'escapes-to-heap'), site('/a', 6, 'm.G', 'make([]byte, 64)', 'does-not-escape')]);
    const d = diffDecisions(before, after, []);
    expect(d.map((x) => `${x.function} ${x.change} ${x.direction}`)).toEqual(['m.G changed better']);
  });

  it('new functions: heap decisions are news, does-not-escape is not', () => {
    const after = side('/a', [site('/a', 1, 'm.New', 'buf', 'moved-to-heap'), site('/a', 2, 'm.New', 'q', 'does-not-escape')]);
    const d = diffDecisions(side('/b', []), after, []);
    expect(d.map((x) => `${x.change} ${x.subject} ${x.direction}`)).toEqual(['appeared buf worse']);
    expect(d[0]!.cost).toBeNull();
  });

  it('test files and inlined copies are not compared', () => {
    const inl = { ...site('/a', 3, 'm.F', 'z', 'moved-to-heap'), inlinedAt: [{ file: '/a/a.go', line: 9, column: 1 }] };
    const test = { ...site('/a', 3, 'm.T', 'w', 'moved-to-heap'), pos: { file: '/a/a_test.go', line: 3, column: 1 } };
    const after = { ...side('/a', [inl, test]), ownFiles: new Set(['/a/a.go', '/a/a_test.go']) };
    expect(diffDecisions(side('/b', []), after, [])).toEqual([]);
  });
});

describe('compareUnit', () => {
  it('a significant rise from zero is worse (benchstat prints ?)', () => {
    const u = compareUnit('allocs/op', [0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1], DEFAULT_GATE);
    expect(u.significant).toBe(true);
    expect(u.deltaPct).toBeNull();
    expect(u.direction).toBe('worse');
    expect(u.gated).toBe(true);
  });

  it('a significant change below the minimum is the same; sec/op is not gated by default', () => {
    const u = compareUnit('sec/op', [100, 101, 102, 100, 101, 102], [103, 104, 103, 104, 103, 104], DEFAULT_GATE);
    expect(u.significant).toBe(true);
    expect(u.direction).toBe('same');
    expect(u.gated).toBe(false);
    expect(compareUnit('sec/op', [100, 101, 102, 100, 101, 102], [103, 104, 103, 104, 103, 104], { ...DEFAULT_GATE, minChange: 0.01, gate: 'time' }).direction).toBe('worse');
  });
});

describe('change arguments', () => {
  it('tells revisions from package patterns', () => {
    expect(splitPositionals([])).toEqual({ patterns: [] });
    expect(splitPositionals(['./...'])).toEqual({ patterns: ['./...'] });
    expect(splitPositionals(['main'])).toEqual({ base: 'main', patterns: [] });
    expect(splitPositionals(['HEAD~1', 'HEAD', './pkg'])).toEqual({ base: 'HEAD~1', head: 'HEAD', patterns: ['./pkg'] });
    expect(splitPositionals(['v1.0.0', 'v1.1.0', 'example.com/m/pkg'])).toEqual({ base: 'v1.0.0', head: 'v1.1.0', patterns: ['example.com/m/pkg'] });
  });

  it('reads --min-change as a percentage or a fraction', () => {
    expect(parseMinChange(undefined)).toBe(0.05);
    expect(parseMinChange('10%')).toBeCloseTo(0.1);
    expect(parseMinChange('0.02')).toBeCloseTo(0.02);
    expect(parseMinChange('3')).toBeCloseTo(0.03);
    expect(() => parseMinChange('lots')).toThrow(/--min-change/);
  });
});
