// statistics.test.ts pins the ported benchmath pieces to values benchstat
// prints (its own testdata goldens and hand-checked cases) and to properties
// the definitions imply. The row-by-row oracle is compare-oracle.test.ts.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { erfc, choose, normalInvCdf } from '../../src/bench/go-math.js';
import { mannWhitneyUTest } from '../../src/bench/mann-whitney.js';
import { compareSamples, geomean, pctRangeString, quantileCI, summarize } from '../../src/bench/statistics.js';

describe('summarize', () => {
  test('median and CI as benchstat prints them (11.00n ± 36%, 15.00n ± 27%)', () => {
    const a = summarize([10, 12, 11, 13, 11, 10, 15]);
    expect(a).toMatchObject({ center: 11, low: 10, high: 15, n: 7, warnings: [] });
    expect(pctRangeString(a)).toBe('36%');
    expect(pctRangeString(summarize([14, 15, 11, 16, 18, 14, 15]))).toBe('27%');
  });
  test('too few samples: ±∞ and benchmath\'s warning', () => {
    const s = summarize([1, 2, 3, 4, 5]);
    // benchmath's left bias: with n=5 only the lower bound is unbounded.
    expect([s.low, s.high]).toEqual([-Infinity, 5]);
    expect(s.warnings).toEqual(['need >= 6 samples for confidence interval at level 0.95']);
    expect(pctRangeString(s)).toBe('∞');
    expect(summarize([1, 2, 3, 4, 5, 6]).warnings).toEqual([]);
    expect(summarize([1, 2, 3, 4, 5, 6, 7], { confidence: 0.99 }).warnings).toEqual(['need >= 8 samples for confidence interval at level 0.99']);
  });
  test('even n interpolates (R8 quantile)', () => {
    expect(summarize([1, 2, 3, 4]).center).toBe(2.5);
  });
});

describe('quantileCI', () => {
  test('exact path (n ≤ 30): n=10 uses order statistics 2..9 at ≥ 97.8%', () => {
    const ci = quantileCI(10, 0.5, 0.95);
    expect([ci.loOrder, ci.hiOrder]).toEqual([2, 9]);
    expect(ci.confidence).toBeCloseTo(0.978515625, 12);
  });
  test('actual confidence is never below the requested level', () => {
    fc.assert(
      fc.property(fc.integer({ min: 6, max: 200 }), fc.constantFrom(0.8, 0.9, 0.95, 0.99), (n, c) => {
        const ci = quantileCI(n, 0.5, c);
        return ci.confidence >= c - 1e-12 && ci.loOrder >= 0 && ci.hiOrder <= n + 1 && ci.loOrder < ci.hiOrder;
      }),
    );
  });
});

describe('Mann-Whitney U', () => {
  test('without ties, p is symmetric in the sample order and within [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 60 }),
        fc.integer({ min: 1, max: 59 }),
        (all, cut) => {
          fc.pre(cut < all.length);
          const a = all.slice(0, cut);
          const b = all.slice(cut);
          const x = mannWhitneyUTest(a, b);
          const y = mannWhitneyUTest(b, a);
          if ('error' in x || 'error' in y) return 'error' in x && 'error' in y;
          return Math.abs(x.p - y.p) < 1e-9 && x.p >= 0 && x.p <= 1 + 1e-12;
        },
      ),
    );
  });
  test('with ties moremath doubles an asymmetric CDF: p can exceed 1 (benchstat prints p=1.333 for [0] vs [1 0])', () => {
    const r = mannWhitneyUTest([0], [1, 0]);
    expect('error' in r ? NaN : r.p).toBeCloseTo(4 / 3, 15);
  });
  test('path choice: exact ≤ 50 without ties, ≤ 25 with ties, else normal', () => {
    const seq = (n: number, off: number): number[] => Array.from({ length: n }, (_, i) => i * 2 + off);
    const m = (a: number[], b: number[]): string => {
      const r = mannWhitneyUTest(a, b);
      return 'error' in r ? r.error : r.method;
    };
    expect(m(seq(50, 0), seq(50, 1))).toBe('exact');
    expect(m(seq(51, 0), seq(51, 1))).toBe('normal');
    expect(m(seq(25, 0), seq(25, 0))).toBe('exact-ties');
    expect(m(seq(26, 0), seq(26, 0))).toBe('normal');
    expect(m([1, 1, 1], [1, 1, 1])).toBe('all samples are equal');
    expect(m([], [1])).toBe('sample is too small');
  });
  test('smallest exact p for n=4 vs 4 is 2/70 (benchmath uTestMinP)', () => {
    const r = mannWhitneyUTest([1, 2, 3, 4], [5, 6, 7, 8]);
    expect('error' in r ? NaN : r.p).toBeCloseTo(0.02857142857142857, 15);
  });
});

describe('compareSamples', () => {
  test('significant change: delta as benchstat prints it', () => {
    const c = compareSamples([10, 12, 11, 13, 11, 10, 15], [14, 15, 11, 16, 18, 14, 15]);
    expect(c.p.toFixed(3)).toBe('0.027');
    expect(c.delta).toBe('+36.36%');
    expect(c.significant).toBe(true);
  });
  test('~ with too few samples warns how many are needed', () => {
    const c = compareSamples([1, 2, 3], [4, 5, 6]);
    expect(c.delta).toBe('~');
    expect(c.deltaPct).toBeNull();
    expect(c.warnings).toEqual(['need >= 4 samples to detect a difference at alpha level 0.05']);
  });
  test('? when the old median is 0; all-equal warns', () => {
    const z = compareSamples([0, 0, 0, 0, 0, 0], [1, 2, 1, 2, 1, 2]);
    expect(z.delta).toBe('?');
    expect(z.deltaPct).toBeNull();
    const eq = compareSamples([5, 5, 5, 5], [5, 5, 5, 5]);
    expect(eq).toMatchObject({ p: 1, delta: '~', warnings: ['all samples are equal'] });
  });
  test('options are validated', () => {
    expect(() => compareSamples([1], [2], { alpha: 0 })).toThrow(RangeError);
    expect(() => summarize([1], { confidence: 1.5 })).toThrow(RangeError);
  });
});

describe('ported Go math', () => {
  test('erfc, choose, normalInvCdf agree with known values', () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(1)).toBeCloseTo(0.15729920705028513, 15);
    expect(erfc(-2)).toBeCloseTo(1.9953222650189528, 15);
    expect(choose(20, 10)).toBe(184756);
    expect(choose(50, 25) / 126410606437752).toBeCloseTo(1, 12);
    expect(normalInvCdf(0.975)).toBeCloseTo(1.959963984540054, 9);
  });
  test('geomean is NaN for empty or non-positive input, as moremath', () => {
    expect(geomean([2, 8])).toBeCloseTo(4, 12);
    expect(geomean([])).toBeNaN();
    expect(geomean([1, 0])).toBeNaN();
  });
});
