// ranking.test.ts holds the ranking-stability warning to what it claims: it
// speaks only when the merged top sites are ordered otherwise in some round.
import { describe, expect, it } from 'vitest';
import { rankingWarnings, roundBenchtime } from '../../src/core/check.js';
import type { AllocationSiteFinding } from '../../src/verify/check-report.js';

function site(line: number, share: number, shareByRun: number[]): AllocationSiteFinding {
  return {
    kind: 'allocation-site',
    file: '/m/x.go',
    line,
    function: 'm.f',
    package: 'm',
    inTargets: true,
    allocBytes: share * 1000,
    allocObjects: 1,
    share,
    shareByRun,
    evidence: { status: 'target' },
    reason: { kind: 'no-decision' },
    compiler: [],
    runtimeCalls: [],
    userFrame: null,
    userFrames: [],
    harnessBytes: 0,
  };
}

describe('rankingWarnings', () => {
  it('is silent on a near tie that trades places', () => {
    const f = [site(1, 0.5, [0.5, 0.5, 0.5]), site(2, 0.09, [0.08, 0.1, 0.09]), site(3, 0.085, [0.09, 0.08, 0.085])];
    expect(rankingWarnings(f, 3)).toEqual([]);
  });

  it('is silent when every round orders the top sites as the merged profile does', () => {
    const f = [site(1, 0.5, [0.52, 0.48, 0.5]), site(2, 0.3, [0.29, 0.31, 0.3]), site(3, 0.1, [0.1, 0.12, 0.08]), site(4, 0.05, [0.2, 0, 0])];
    expect(rankingWarnings(f, 3)).toEqual([]);
    expect(rankingWarnings(f, 1)).toEqual([]);
  });

  it('says so, with each top site\'s spread, when a round swaps two of them', () => {
    const f = [site(1, 0.4, [0.49, 0.24, 0.42]), site(2, 0.3, [0.19, 0.4, 0.31]), site(3, 0.2, [0.16, 0.25, 0.2])];
    const [w] = rankingWarnings(f, 3);
    expect(w).toMatch(/^the top 3 allocation sites change order between the 3 profiling rounds \(in 1 of them;/);
    expect(w).toContain('x.go:1 24%–49%');
    expect(w).toContain('x.go:2 19%–40%');
  });
});

describe('roundBenchtime', () => {
  it('splits --benchtime over the rounds, as durations and as iteration counts', () => {
    expect(roundBenchtime('1s', 3)).toBe('333.333ms');
    expect(roundBenchtime('100ms', 3)).toBe('33.333ms');
    expect(roundBenchtime('3000x', 3)).toBe('1000x');
    expect(roundBenchtime('2x', 3)).toBe('1x');
    expect(roundBenchtime('100ms', 1)).toBe('100ms');
  });
});
