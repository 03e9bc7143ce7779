// go-math.ts ports the few pieces of Go's math package and
// github.com/aclements/go-moremath/mathx that benchstat's statistics rest on.
// JavaScript has no erfc or lgamma, and an approximation of our own would
// make p-values and confidence bounds drift from benchstat's in the last
// digits — enough to flip a verdict that sits exactly on alpha. So these are
// line-for-line ports of Go 1.26 src/math/erf.go and src/math/lgamma.go
// (themselves from FreeBSD's msun), restricted to what benchstat calls.

const erx = 8.45062911510467529297e-1;
const pp0 = 1.28379167095512558561e-1;
const pp1 = -3.25042107247001499370e-1;
const pp2 = -2.84817495755985104766e-2;
const pp3 = -5.77027029648944159157e-3;
const pp4 = -2.37630166566501626084e-5;
const qq1 = 3.97917223959155352819e-1;
const qq2 = 6.50222499887672944485e-2;
const qq3 = 5.08130628187576562776e-3;
const qq4 = 1.32494738004321644526e-4;
const qq5 = -3.96022827877536812320e-6;
const pa0 = -2.36211856075265944077e-3;
const pa1 = 4.14856118683748331666e-1;
const pa2 = -3.72207876035701323847e-1;
const pa3 = 3.18346619901161753674e-1;
const pa4 = -1.10894694282396677476e-1;
const pa5 = 3.54783043256182359371e-2;
const pa6 = -2.16637559486879084300e-3;
const qa1 = 1.06420880400844228286e-1;
const qa2 = 5.40397917702171048937e-1;
const qa3 = 7.18286544141962662868e-2;
const qa4 = 1.26171219808761642112e-1;
const qa5 = 1.36370839120290507362e-2;
const qa6 = 1.19844998467991074170e-2;
const ra0 = -9.86494403484714822705e-3;
const ra1 = -6.93858572707181764372e-1;
const ra2 = -1.05586262253232909814e1;
const ra3 = -6.23753324503260060396e1;
const ra4 = -1.62396669462573470355e2;
const ra5 = -1.84605092906711035994e2;
const ra6 = -8.12874355063065934246e1;
const ra7 = -9.81432934416914548592;
const sa1 = 1.96512716674392571292e1;
const sa2 = 1.37657754143519042600e2;
const sa3 = 4.34565877475229228821e2;
const sa4 = 6.45387271733267880336e2;
const sa5 = 4.29008140027567833386e2;
const sa6 = 1.08635005541779435134e2;
const sa7 = 6.57024977031928170135;
const sa8 = -6.04244152148580987438e-2;
const rb0 = -9.86494292470009928597e-3;
const rb1 = -7.99283237680523006574e-1;
const rb2 = -1.77579549177547519889e1;
const rb3 = -1.60636384855821916062e2;
const rb4 = -6.37566443368389627722e2;
const rb5 = -1.02509513161107724954e3;
const rb6 = -4.83519191608651397019e2;
const sb1 = 3.03380607434824582924e1;
const sb2 = 3.25792512996573918826e2;
const sb3 = 1.53672958608443695994e3;
const sb4 = 3.19985821950859553908e3;
const sb5 = 2.55305040643316442583e3;
const sb6 = 4.74528541206955367215e2;
const sb7 = -2.24409524465858183362e1;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Little-endian hosts only (every Node 20 target): u32[0] is the low word.
/** truncateLowWord keeps x's sign, exponent and top 20 mantissa bits, as Go's `Float64bits(x) & 0xffffffff00000000`. */
function truncateLowWord(x: number): number {
  f64[0] = x;
  u32[0] = 0;
  return f64[0];
}

/** erfc is Go's math.Erfc: the complementary error function 1 - erf(x). */
export function erfc(x: number): number {
  const Tiny = 1.0 / 2 ** 56;
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x === -Infinity) return 2;
  let sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  if (x < 0.84375) {
    let temp: number;
    if (x < Tiny) {
      temp = x;
    } else {
      const z = x * x;
      const r = pp0 + z * (pp1 + z * (pp2 + z * (pp3 + z * pp4)));
      const s = 1 + z * (qq1 + z * (qq2 + z * (qq3 + z * (qq4 + z * qq5))));
      const y = r / s;
      temp = x < 0.25 ? x + x * y : 0.5 + (x * y + (x - 0.5));
    }
    return sign ? 1 + temp : 1 - temp;
  }
  if (x < 1.25) {
    const s = x - 1;
    const P = pa0 + s * (pa1 + s * (pa2 + s * (pa3 + s * (pa4 + s * (pa5 + s * pa6)))));
    const Q = 1 + s * (qa1 + s * (qa2 + s * (qa3 + s * (qa4 + s * (qa5 + s * qa6)))));
    return sign ? 1 + erx + P / Q : 1 - erx - P / Q;
  }
  if (x < 28) {
    const s = 1 / (x * x);
    let R: number;
    let S: number;
    if (x < 1 / 0.35) {
      R = ra0 + s * (ra1 + s * (ra2 + s * (ra3 + s * (ra4 + s * (ra5 + s * (ra6 + s * ra7))))));
      S = 1 + s * (sa1 + s * (sa2 + s * (sa3 + s * (sa4 + s * (sa5 + s * (sa6 + s * (sa7 + s * sa8)))))));
    } else {
      if (sign && x > 6) return 2;
      R = rb0 + s * (rb1 + s * (rb2 + s * (rb3 + s * (rb4 + s * (rb5 + s * rb6)))));
      S = 1 + s * (sb1 + s * (sb2 + s * (sb3 + s * (sb4 + s * (sb5 + s * (sb6 + s * sb7))))));
    }
    const z = truncateLowWord(x);
    const r = Math.exp(-z * z - 0.5625) * Math.exp((z - x) * (z + x) + R / S);
    return sign ? 2 - r / x : r / x;
  }
  return sign ? 2 : 0;
}

const lgamS = [
  -7.72156649015328655494e-2, 2.14982415960608852501e-1, 3.25778796408930981787e-1, 1.46350472652464452805e-1,
  2.66422703033638609560e-2, 1.84028451407337715652e-3, 3.19475326584100867617e-5,
] as const;
const lgamR = [
  1.0, 1.39200533467621045958, 7.21935547567138069525e-1, 1.71933865632803078993e-1, 1.86459191715652901344e-2,
  7.77942496381893596434e-4, 7.32668430744625636189e-6,
] as const;
const lgamW = [
  4.18938533204672725052e-1, 8.33333333333329678849e-2, -2.77777777728775536470e-3, 7.93650558643019558500e-4,
  -5.95187557450339963135e-4, 8.36339918996282139126e-4, -1.63092934096575273989e-3,
] as const;

/**
 * lgammaAtLeast2 is Go's math.Lgamma for x == 1 or x >= 2, the only
 * arguments mathx.Choose produces (n+1, k+1, n-k+1 with k ≥ 1, n-k ≥ 1).
 * The (0, 2) polynomial branches of Go's Lgamma are deliberately not ported.
 */
export function lgammaAtLeast2(x: number): number {
  if (!(x === 1 || x >= 2)) throw new RangeError(`lgammaAtLeast2: argument ${x} out of range`);
  if (x === 1 || x === 2) return 0;
  if (x === Infinity) return Infinity;
  if (x < 8) {
    const i = Math.trunc(x);
    const y = x - i;
    const p = y * (lgamS[0] + y * (lgamS[1] + y * (lgamS[2] + y * (lgamS[3] + y * (lgamS[4] + y * (lgamS[5] + y * lgamS[6]))))));
    const q = 1 + y * (lgamR[1] + y * (lgamR[2] + y * (lgamR[3] + y * (lgamR[4] + y * (lgamR[5] + y * lgamR[6])))));
    let lgamma = 0.5 * y + p / q;
    let z = 1.0;
    // Go's switch with fallthrough: Lgamma(1+s) = Log(s) + Lgamma(s).
    if (i >= 7) z *= y + 6;
    if (i >= 6) z *= y + 5;
    if (i >= 5) z *= y + 4;
    if (i >= 4) z *= y + 3;
    if (i >= 3) {
      z *= y + 2;
      lgamma += Math.log(z);
    }
    return lgamma;
  }
  if (x < 2 ** 58) {
    const t = Math.log(x);
    const z = 1 / x;
    const y = z * z;
    const w = lgamW[0] + z * (lgamW[1] + y * (lgamW[2] + y * (lgamW[3] + y * (lgamW[4] + y * (lgamW[5] + y * lgamW[6])))));
    return (x - 0.5) * (t - 1) + w;
  }
  return x * (Math.log(x) - 1);
}

const smallFactLimit = 20;
const smallFact: bigint[] = [1n];
for (let n = 1n; n <= BigInt(smallFactLimit); n++) smallFact.push(smallFact[smallFact.length - 1]! * n);

/**
 * choose is mathx.Choose: the binomial coefficient n over k as a float.
 * Exact (integer arithmetic, as Go's int64 path) for n ≤ 20, exp(lchoose)
 * above, exactly as mathx does, so large coefficients carry the same
 * rounding as benchstat's.
 */
export function choose(n: number, k: number): number {
  if (k === 0 || k === n) return 1;
  if (k < 0 || n < k) return 0;
  if (n <= smallFactLimit) {
    let numer = 1n;
    for (let n1 = BigInt(n - (k - 1)); n1 <= BigInt(n); n1++) numer *= n1;
    return Number(numer / smallFact[k]!);
  }
  return Math.exp(lgammaAtLeast2(n + 1) - lgammaAtLeast2(k + 1) - lgammaAtLeast2(n - k + 1));
}

/** normalCdf is moremath's NormalDist.CDF. */
export function normalCdf(x: number, mu = 0, sigma = 1): number {
  return erfc(-(x - mu) / (sigma * Math.SQRT2)) / 2;
}

/** normalInvCdf is moremath's NormalDist.InvCDF (Acklam's algorithm with one refinement step). */
export function normalInvCdf(p: number, mu = 0, sigma = 1): number {
  const a1 = -3.969683028665376e1, a2 = 2.209460984245205e2, a3 = -2.759285104469687e2;
  const a4 = 1.38357751867269e2, a5 = -3.066479806614716e1, a6 = 2.506628277459239;
  const b1 = -5.447609879822406e1, b2 = 1.615858368580409e2, b3 = -1.556989798598866e2;
  const b4 = 6.680131188771972e1, b5 = -1.328068155288572e1;
  const c1 = -7.784894002430293e-3, c2 = -3.223964580411365e-1, c3 = -2.400758277161838;
  const c4 = -2.549732539343734, c5 = 4.374664141464968, c6 = 2.938163982698783;
  const d1 = 7.784695709041462e-3, d2 = 3.224671290700398e-1, d3 = 2.445134137142996, d4 = 3.754408661907416;
  const plow = 0.02425;
  const phigh = 1 - plow;
  if (p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  let x: number;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
  } else if (phigh < p) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a1 * r + a2) * r + a3) * r + a4) * r + a5) * r + a6) * q) / (((((b1 * r + b2) * r + b3) * r + b4) * r + b5) * r + 1);
  }
  const e = 0.5 * erfc(-x / Math.SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  x = x - u / (1 + (x * u) / 2);
  return x * sigma + mu;
}

/** sign is mathx.Sign: -1, 0 or 1 (NaN for NaN). */
export function sign(x: number): number {
  if (x === 0) return 0;
  if (x < 0) return -1;
  if (x > 0) return 1;
  return NaN;
}
