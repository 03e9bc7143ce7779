// statistics.ts gives benchmark samples the treatment benchstat gives them
// (golang.org/x/perf/benchmath, AssumeNothing): the median as the centre, a
// confidence interval from binomial order statistics, and a two-sided
// Mann-Whitney U test for "did it change". Every result carries the caveats
// benchstat would print next to it, in benchstat's words.
import { quantileSorted } from '../quantile.js';
import { choose, normalCdf, normalInvCdf } from './go-math.js';
import { mannWhitneyUTest } from './mann-whitney.js';

/** StatOptions are the thresholds; defaults are benchstat's. */
export interface StatOptions {
  /** confidence is the requested confidence level of intervals, in (0, 1]. Default 0.95. */
  confidence?: number;
  /** alpha is the significance level: p > alpha means "no detectable change" (~). Default 0.05. */
  alpha?: number;
}

/** DEFAULT_CONFIDENCE and DEFAULT_ALPHA are benchstat's defaults (-confidence 0.95, -alpha 0.05). */
export const DEFAULT_CONFIDENCE = 0.95;
export const DEFAULT_ALPHA = 0.05;

/** Summary is one sample's median and confidence interval. */
export interface Summary {
  /** center is the sample median (R8 quantile, as moremath's Sample.Quantile). */
  center: number;
  /** low and high bound the interval; ±Infinity when the sample is too small for the level. */
  low: number;
  high: number;
  /** confidence is the interval's actual level (≥ the requested one). */
  confidence: number;
  n: number;
  /** warnings in benchstat's words, e.g. "need >= 6 samples for confidence interval at level 0.95". */
  warnings: string[];
}

/** Comparison is the verdict on old vs new for one benchmark and unit. */
export interface Comparison {
  oldSummary: Summary;
  newSummary: Summary;
  /** p is the two-sided U test's p-value; 1 when the test cannot run (all values equal, empty sample). */
  p: number;
  alpha: number;
  /** significant is p <= alpha (benchstat prints "~" when p > alpha). */
  significant: boolean;
  /** deltaPct is (new/old - 1)·100 of the medians; null when not significant (~) or undefined (? — old median 0). */
  deltaPct: number | null;
  /** delta is benchstat's rendering: "~", "?", "0.00%" or "+1.23%". */
  delta: string;
  /** method says which path computed p ("none" when the test could not run). */
  method: 'exact' | 'exact-ties' | 'normal' | 'none';
  warnings: string[];
}

/** QuantileCI is moremath's QuantileCIResult: which order statistics bound the interval. */
export interface QuantileCI {
  n: number;
  quantile: number;
  confidence: number;
  /** loOrder and hiOrder are 1-based order statistics; 0 or n+1 mean ∓∞. */
  loOrder: number;
  hiOrder: number;
  ambiguous: boolean;
}

// QUANTILE_CI_APPROX_THRESHOLD is moremath's quantileCIApproxThreshold:
// exact binomial sums up to n = 30, the normal approximation above.
const QUANTILE_CI_APPROX_THRESHOLD = 30;

function binomialPmf(n: number, p: number, k: number): number {
  const ki = Math.floor(k);
  if (ki < 0 || ki > n) return 0;
  return choose(n, ki) * Math.pow(p, ki) * Math.pow(1 - p, n - ki);
}

/** quantileCI is moremath's stats.QuantileCI, ported with its exact/approximate split and its left bias. */
export function quantileCI(n: number, q: number, confidence: number): QuantileCI {
  const res: QuantileCI = { n, quantile: q, confidence: 0, loOrder: 0, hiOrder: 0, ambiguous: false };
  if (confidence >= 1) {
    res.confidence = 1;
    res.loOrder = 0;
    res.hiOrder = n + 1;
    return res;
  }
  let l: number;
  let r: number;
  if (n <= QUANTILE_CI_APPROX_THRESHOLD) {
    // Start at the (lower) mode and add the larger neighbour until the mass reaches confidence.
    let x = Math.ceil((n + 1) * q) - 1;
    if (q === 0) x = 0;
    let accum = binomialPmf(n, q, x);
    l = x;
    r = x + 1;
    let lp = binomialPmf(n, q, l - 1);
    let rp = binomialPmf(n, q, r);
    res.ambiguous = rp === accum;
    while (accum < confidence && (lp > 0 || rp > 0)) {
      res.ambiguous = lp === rp;
      if (lp >= rp) {
        accum += lp;
        l--;
        lp = binomialPmf(n, q, l - 1);
      } else {
        accum += rp;
        r++;
        rp = binomialPmf(n, q, r);
      }
    }
    res.confidence = accum;
  } else {
    const mu = n * q;
    const sigma = Math.sqrt(n * q * (1 - q));
    const alpha = (1 - confidence) / 2;
    const l1 = normalInvCdf(alpha, mu, sigma);
    const r1 = 2 * mu - l1;
    // Continuity correction: binomial point k is the normal band [k-0.5, k+0.5].
    l = Math.floor(Math.floor(l1 - 0.5) + 0.5) + 1;
    r = Math.floor(Math.ceil(r1 - 0.5) + 0.5) + 1;
    const cdf = (lo: number, hi: number): number => normalCdf(hi - 0.5, mu, sigma) - normalCdf(lo - 0.5, mu, sigma);
    res.confidence = cdf(l, r);
    const rBiased = r - 1;
    const aBiased = cdf(l, rBiased);
    if (aBiased >= confidence && aBiased < res.confidence) {
      res.confidence = aBiased;
      res.ambiguous = true;
      r = rBiased;
    }
    if (l <= 0 && r >= n + 1) {
      res.confidence = 1;
      res.ambiguous = false;
    }
  }
  res.loOrder = Math.max(l, 0);
  res.hiOrder = Math.min(r, n + 1);
  return res;
}

/** median is benchstat's center (src/quantile.ts holds the one definition). */
export { median } from '../quantile.js';

const medianSamplesCache = new Map<number, string>();
/** medianSamples is benchmath's: the fewest samples with a finite median CI at this level. */
function medianSamples(confidence: number): string {
  const cached = medianSamplesCache.get(confidence);
  if (cached !== undefined) return cached;
  const limit = 50;
  let result = `> ${limit}`;
  for (let n = 2; n <= limit; n++) {
    const ci = quantileCI(n, 0.5, confidence);
    if (ci.loOrder > 0 && ci.hiOrder <= n) {
      result = `>= ${n}`;
      break;
    }
  }
  medianSamplesCache.set(confidence, result);
  return result;
}

/** formatGoFloat prints a level as Go's %v does for the usual cases (0.95, 0.9, 1). */
function formatGoFloat(v: number): string {
  return String(v);
}

function resolve(opts: StatOptions | undefined): { confidence: number; alpha: number } {
  const confidence = opts?.confidence ?? DEFAULT_CONFIDENCE;
  const alpha = opts?.alpha ?? DEFAULT_ALPHA;
  if (!(confidence > 0 && confidence <= 1)) throw new RangeError(`confidence must be in (0, 1], got ${confidence}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  return { confidence, alpha };
}

/**
 * summarize is benchmath.AssumeNothing.Summary: the median and its
 * order-statistic confidence interval. An empty sample yields NaN centre and
 * ±∞ bounds with a warning rather than throwing.
 */
export function summarize(values: readonly number[], opts?: StatOptions): Summary {
  const { confidence } = resolve(opts);
  const xs = [...values].sort((a, b) => a - b);
  const n = xs.length;
  if (n === 0) {
    return { center: NaN, low: -Infinity, high: Infinity, confidence, n, warnings: ['no samples'] };
  }
  const ci = quantileCI(n, 0.5, confidence);
  const center = quantileSorted(xs, 0.5);
  const low = ci.loOrder < 1 ? -Infinity : xs[ci.loOrder - 1]!;
  const high = ci.hiOrder - 1 >= n ? Infinity : xs[ci.hiOrder - 1]!;
  const warnings: string[] = [];
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    warnings.push(`need ${medianSamples(confidence)} samples for confidence interval at level ${formatGoFloat(confidence)}`);
  }
  return { center, low, high, confidence: ci.confidence, n, warnings };
}

// U_TEST_MIN_P[n] is benchmath's uTestMinP: the smallest p the U test can
// give for two samples of size n (generated there by mktables.go).
const U_TEST_MIN_P = [
  NaN, 1, 0.3333333333333333, 0.1, 0.02857142857142857, 0.007936507936507936, 0.0021645021645021645,
  0.0005827505827505828, 0.0001554001554001554, 4.113533525298231e-5,
] as const;

function uTestSamples(alpha: number): { op: string; n: number } {
  for (let n = 1; n < U_TEST_MIN_P.length; n++) if (U_TEST_MIN_P[n]! <= alpha) return { op: '>=', n };
  return { op: '>', n: U_TEST_MIN_P.length };
}

/** formatDelta is benchmath's Comparison.FormatDelta. */
export function formatDelta(p: number, alpha: number, oldCenter: number, newCenter: number): string {
  if (p > alpha) return '~';
  if (oldCenter === newCenter) return '0.00%';
  if (oldCenter === 0) return '?';
  return `${goSignedFixed2(((newCenter / oldCenter) - 1.0) * 100.0)}%`;
}

/** goSignedFixed2 is Go's %+.2f (always a sign, "+0.00" for zero). */
export function goSignedFixed2(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const s = Math.abs(v).toFixed(2);
  return (v < 0 || Object.is(v, -0) ? '-' : '+') + s;
}

/**
 * compareSamples is benchmath.AssumeNothing.Compare plus the two summaries
 * and benchstat's delta: the U test's p, "~" when p > alpha, "?" when the
 * old median is 0, else the percent change of the medians.
 */
export function compareSamples(oldValues: readonly number[], newValues: readonly number[], opts?: StatOptions): Comparison {
  const { confidence, alpha } = resolve(opts);
  const oldSummary = summarize(oldValues, { confidence, alpha });
  const newSummary = summarize(newValues, { confidence, alpha });
  const warnings: string[] = [];
  const res = mannWhitneyUTest(oldValues, newValues);
  let p: number;
  let method: Comparison['method'];
  if ('error' in res) {
    // benchmath reports a failed test as "no significant difference" with the reason.
    p = 1;
    method = 'none';
    warnings.push(res.error);
  } else {
    p = res.p;
    method = res.method;
    if (p > alpha) {
      const need = uTestSamples(alpha);
      if (oldValues.length < need.n && newValues.length < need.n) {
        warnings.push(`need ${need.op} ${need.n} samples to detect a difference at alpha level ${formatGoFloat(alpha)}`);
      }
    }
  }
  const delta = formatDelta(p, alpha, oldSummary.center, newSummary.center);
  let deltaPct: number | null;
  if (delta === '~' || delta === '?') deltaPct = null;
  else if (delta === '0.00%') deltaPct = 0;
  else deltaPct = (newSummary.center / oldSummary.center - 1) * 100;
  return { oldSummary, newSummary, p, alpha, significant: p <= alpha, deltaPct, delta, method, warnings };
}

/**
 * geomean is moremath's stats.GeoMean: NaN for an empty list or any value
 * ≤ 0 (benchstat then prints no geomean and warns "summaries must be >0").
 * The running mean of logs is moremath's, to round the same way.
 */
export function geomean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x <= 0) return NaN;
    m += (Math.log(x) - m) / (i + 1);
  }
  return Math.exp(m);
}

/** pctRangeString is benchmath's Summary.PctRangeString: the CI half-width as "3%", "∞" or "?". */
export function pctRangeString(s: Pick<Summary, 'center' | 'low' | 'high'>): string {
  if (!Number.isFinite(s.low) || !Number.isFinite(s.high)) return '∞';
  const csign = Math.sign(s.center);
  if (csign !== Math.sign(s.low) || csign !== Math.sign(s.high)) return '?';
  if (s.center === 0) return '0%';
  const v = Math.max(s.high / s.center - 1, 1 - s.low / s.center);
  return `${goRoundHalfEven0(100 * v)}%`;
}

/** goRoundHalfEven0 is Go's %.0f: round half to even on the exact binary value. */
function goRoundHalfEven0(v: number): string {
  const f = Math.floor(v);
  const diff = v - f;
  let r: number;
  if (diff > 0.5) r = f + 1;
  else if (diff < 0.5) r = f;
  else r = f % 2 === 0 ? f : f + 1;
  return (Object.is(r, -0) ? 0 : r).toFixed(0);
}
