// mann-whitney.ts is a faithful port of the two-sided Mann-Whitney U test
// benchstat uses: github.com/aclements/go-moremath/stats (utest.go, udist.go),
// the copy vendored as golang.org/x/perf/internal/stats. Exact U
// distribution when both samples have ≤ 50 values and no ties, or ≤ 25
// values with ties (MannWhitneyTiesExactLimit = 25 in the source, not 9 as
// some summaries say); otherwise the normal approximation with tie and
// continuity correction.
import { choose, normalCdf, sign } from './go-math.js';

/** MANN_WHITNEY_EXACT_LIMIT is moremath's MannWhitneyExactLimit (no ties). */
export const MANN_WHITNEY_EXACT_LIMIT = 50;
/** MANN_WHITNEY_TIES_EXACT_LIMIT is moremath's MannWhitneyTiesExactLimit. */
export const MANN_WHITNEY_TIES_EXACT_LIMIT = 25;

/** UTestError names why the test could not run; its messages are moremath's. */
export type UTestError = 'sample is too small' | 'all samples are equal';

/** UTestResult is the outcome of a two-sided U test. */
export interface UTestResult {
  readonly n1: number;
  readonly n2: number;
  /** u is U for the first sample, counting ties as 0.5. */
  readonly u: number;
  readonly p: number;
  /** method says which path computed p. */
  readonly method: 'exact' | 'exact-ties' | 'normal';
}

/** mannWhitneyUTest runs the two-sided test, or returns the error moremath would. */
export function mannWhitneyUTest(x1In: readonly number[], x2In: readonly number[]): UTestResult | { error: UTestError } {
  const n1 = x1In.length;
  const n2 = x2In.length;
  if (n1 === 0 || n2 === 0) return { error: 'sample is too small' };
  const x1 = [...x1In].sort((a, b) => a - b);
  const x2 = [...x2In].sort((a, b) => a - b);
  const { merged, labels } = labeledMerge(x1, x2);

  let R1 = 0;
  const T: number[] = [];
  let hasTies = false;
  for (let i = 0; i < merged.length; ) {
    const rank1 = i + 1;
    let nx1 = 0;
    const v1 = merged[i]!;
    // The first step is unconditional: NaN !== NaN would otherwise never leave the run (benchstat's own loop does not).
    do {
      if (labels[i] === 1) nx1++;
      i++;
    } while (i < merged.length && merged[i] === v1);
    if (nx1 !== 0) {
      const rank = (i + rank1) / 2;
      R1 += rank * nx1;
    }
    T.push(i - rank1 + 1);
    if (i > rank1) hasTies = true;
  }
  const U1 = R1 - (n1 * (n1 + 1)) / 2;
  const U2 = n1 * n2 - U1;
  const Usmall = Math.min(U1, U2);

  if (
    (!hasTies && n1 <= MANN_WHITNEY_EXACT_LIMIT && n2 <= MANN_WHITNEY_EXACT_LIMIT) ||
    (hasTies && n1 <= MANN_WHITNEY_TIES_EXACT_LIMIT && n2 <= MANN_WHITNEY_TIES_EXACT_LIMIT)
  ) {
    if (T.length === 1) return { error: 'all samples are equal' };
    // The distribution is symmetric about Usmall when U1 == U2; doubling the
    // CDF would count the probability mass at Usmall twice, so p is 1.
    const p = U1 === U2 ? 1 : uDistCdf(n1, n2, T, Usmall) * 2;
    return { n1, n2, u: U1, p, method: hasTies ? 'exact-ties' : 'exact' };
  }
  const t = tieCorrection(T);
  const N = n1 + n2;
  const muU = (n1 * n2) / 2;
  const sigmaU = Math.sqrt(((n1 * n2) * (N + 1 - t / (N * (N - 1)))) / 12);
  if (sigmaU === 0) return { error: 'all samples are equal' };
  let numer = U1 - muU;
  numer -= sign(numer) * 0.5;
  const z = numer / sigmaU;
  const p = 2 * Math.min(normalCdf(z), 1 - normalCdf(z));
  return { n1, n2, u: U1, p, method: 'normal' };
}

function labeledMerge(x1: readonly number[], x2: readonly number[]): { merged: number[]; labels: Uint8Array } {
  const merged = new Array<number>(x1.length + x2.length);
  const labels = new Uint8Array(x1.length + x2.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < x1.length && j < x2.length) {
    if (x1[i]! < x2[j]!) {
      merged[o] = x1[i++]!;
      labels[o] = 1;
    } else {
      merged[o] = x2[j++]!;
      labels[o] = 2;
    }
    o++;
  }
  for (; i < x1.length; i++, o++) {
    merged[o] = x1[i]!;
    labels[o] = 1;
  }
  for (; j < x2.length; j++, o++) {
    merged[o] = x2[j]!;
    labels[o] = 2;
  }
  return { merged, labels };
}

function tieCorrection(ties: readonly number[]): number {
  let t = 0;
  for (const tie of ties) t += tie * tie * tie - tie;
  return t;
}

function hasTiesIn(T: readonly number[]): boolean {
  return T.some((t) => t > 1);
}

/** uDistCdf is moremath's UDist.CDF: P(U ≤ u) for sample sizes n1, n2 and tie vector T. */
export function uDistCdf(n1: number, n2: number, T: readonly number[], U: number): number {
  if (U < 0) return 0;
  if (U >= n1 * n2) return 1;
  if (hasTiesIn(T)) {
    const twoU = Math.trunc(2 * U);
    const memo = makeUmemo(twoU, n1, T);
    const p = memo[T.length]!.get(ukey(n1, twoU));
    if (p === undefined) throw new Error('makeUmemo did not return expected memoization table');
    return p / choose(n1 + n2, n1);
  }
  let Ui = Math.floor(U);
  // The distribution is symmetric around n1*n2/2: sum whichever tail is smaller.
  const flip = Ui >= Math.trunc((n1 * n2 + 1) / 2);
  if (flip) Ui = n1 * n2 - Ui - 1;
  const pdfs = uDistP(n1, n2, Ui);
  let p = 0;
  for (let k = 0; k <= Ui; k++) p += pdfs[k]!;
  return flip ? 1 - p : p;
}

/** uDistP is Mann and Whitney's (1947) recurrence p_{n,m}(U) for U = 0..Umax, without ties. */
function uDistP(n1: number, n2: number, U: number): Float64Array {
  let N = n1;
  let M = n2;
  if (N > M) [N, M] = [M, N];
  const memo: Float64Array[] = [];
  for (let n = 0; n <= N; n++) memo.push(new Float64Array(U + 1));
  for (let m = 0; m <= M; m++) {
    memo[0]![0] = 1;
    const nlim = Math.min(N, m);
    for (let n = 1; n <= nlim; n++) {
      const lp = memo[n - 1]!;
      const rp = n <= m - 1 ? memo[n]! : memo[m - 1]!;
      const ulim = Math.min(n * m, U);
      const out = memo[n]!;
      const nplusm = n + m;
      for (let U1 = ulim; U1 >= 0; U1--) {
        const l = U1 - m >= 0 ? n * lp[U1 - m]! : 0;
        const r = m * rp[U1]!;
        out[U1] = (l + r) / nplusm;
      }
    }
  }
  return memo[N]!;
}

// ukey packs (n1, 2U) into one number; 0 ≤ n1 < 1024 and 2U may be negative.
function ukey(n1: number, twoU: number): number {
  return twoU * 1024 + n1;
}
function ukeyN1(key: number): number {
  return ((key % 1024) + 1024) % 1024;
}
function ukeyTwoU(key: number): number {
  return (key - ukeyN1(key)) / 1024;
}

/**
 * makeUmemo is moremath's table of cumulative counts of the U distribution
 * with ties (Cheung and Klotz 1997): memo[k].get(ukey(n1, 2U)) is the number
 * of permutations of a size-n1 sample within the first k tie ranks whose U is ≤ U.
 */
function makeUmemo(twoU: number, n1: number, t: readonly number[]): Map<number, number>[] {
  const K = t.length;
  const a = new Array<number>(K + 1).fill(0);
  a[1] = t[0]!;
  for (let k = 2; k <= K; k++) a[k] = a[k - 1]! + t[k - 2]! + t[k - 1]!;

  const A: Map<number, number>[] = new Array(K + 1);
  A[K] = new Map([[ukey(n1, twoU), 0]]);
  let tsum = t.reduce((s, v) => s + v, 0);
  for (let k = K - 1; k >= 2; k--) {
    tsum -= t[k]!;
    const Ak = new Map<number, number>();
    A[k] = Ak;
    for (const key of A[k + 1]!.keys()) {
      const kn1 = ukeyN1(key);
      const ktwoU = ukeyTwoU(key);
      const rkLow = Math.max(0, kn1 - tsum);
      const rkHigh = Math.min(kn1, t[k]!);
      for (let rk = rkLow; rk <= rkHigh; rk++) {
        const twoUk = ktwoU - rk * (a[k + 1]! - 2 * kn1 + rk);
        const n1k = kn1 - rk;
        const tk = t.slice(0, k);
        if (twoUmin(n1k, tk, a) <= twoUk && twoUk <= twoUmax(n1k, tk, a)) Ak.set(ukey(n1k, twoUk), 0);
      }
    }
  }
  if (K < 2) throw new Error('K < 2');
  const N2 = t[0]! + t[1]!;
  const A2 = A[2]!;
  for (const key of A2.keys()) {
    const kn1 = ukeyN1(key);
    const ktwoU = ukeyTwoU(key);
    let Asum = 0;
    const r2Low = Math.max(0, kn1 - t[0]!);
    // Go's integer division truncates toward zero.
    const r2High = Math.trunc((ktwoU - kn1 * (t[0]! - kn1)) / N2);
    for (let r2 = r2Low; r2 <= r2High; r2++) Asum += choose(t[0]!, kn1 - r2) * choose(t[1]!, r2);
    A2.set(key, Asum);
  }
  tsum = t[0]!;
  for (let k = 3; k <= K; k++) {
    tsum += t[k - 2]!;
    const Ak = A[k]!;
    const Akm1 = A[k - 1]!;
    const tkm1 = t.slice(0, k - 1);
    for (const key of Ak.keys()) {
      const kn1 = ukeyN1(key);
      const ktwoU = ukeyTwoU(key);
      let Asum = 0;
      const rkLow = Math.max(0, kn1 - tsum);
      const rkHigh = Math.min(kn1, t[k - 1]!);
      for (let rk = rkLow; rk <= rkHigh; rk++) {
        const twoUkm1 = ktwoU - rk * (a[k]! - 2 * kn1 + rk);
        const n1km1 = kn1 - rk;
        let x = Akm1.get(ukey(n1km1, twoUkm1));
        if (x === undefined) x = twoUmax(n1km1, tkm1, a) < twoUkm1 ? choose(tsum, n1km1) : 0;
        Asum += x * choose(t[k - 1]!, rk);
      }
      Ak.set(key, Asum);
    }
  }
  return A;
}

function twoUmin(n1: number, t: readonly number[], a: readonly number[]): number {
  let twoU = -n1 * n1;
  let n1k = n1;
  for (let k = 1; k <= t.length; k++) {
    const r = Math.min(n1k, t[k - 1]!);
    twoU += r * a[k]!;
    n1k -= r;
  }
  return twoU;
}

function twoUmax(n1: number, t: readonly number[], a: readonly number[]): number {
  let twoU = -n1 * n1;
  let n1k = n1;
  for (let k = t.length; k > 0; k--) {
    const r = Math.min(n1k, t[k - 1]!);
    twoU += r * a[k]!;
    n1k -= r;
  }
  return twoU;
}
