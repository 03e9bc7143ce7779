// units.ts normalises and scales benchmark units the way benchstat does
// (golang.org/x/perf/benchunit: Tidy, ClassOf, CommonScale), so "ns/op"
// rows read "sec/op" as in benchstat, and so printed medians round alike.

interface UnitToken {
  readonly tok: string;
  readonly pos: number;
  /** denom: the token is in the denominator ('/' starts it, '*' ends it). */
  readonly denom: boolean;
}

/** unitTokens is benchunit's parser: tokens split by '*', '/', '-' and spaces. */
function unitTokens(unit: string): UnitToken[] {
  const out: UnitToken[] = [];
  let denom = false;
  let i = 0;
  const isSep = (c: string): boolean => c === '*' || c === '/' || c === '-' || /\s/u.test(c);
  while (i < unit.length) {
    const c = unit[i]!;
    if (c === '*') denom = false;
    else if (c === '/') denom = true;
    if (isSep(c)) {
      i++;
      continue;
    }
    let end = i;
    while (end < unit.length && !isSep(unit[end]!)) end++;
    out.push({ tok: unit.slice(i, end), pos: i, denom });
    i = end;
  }
  return out;
}

/**
 * tidyUnit is benchunit.tidyUnit: "ns" → "sec" and "MB" → "B" outside the
 * denominator, with the factor to multiply values by. ns/op, MB/s, B/op and
 * allocs/op take benchunit's fast path (ns/op's factor is the literal 1e-9
 * there, 1/1e9 elsewhere: the same double).
 */
export function tidyUnit(unit: string): { unit: string; factor: number } {
  switch (unit) {
    case 'ns/op':
      return { unit: 'sec/op', factor: 1e-9 };
    case 'MB/s':
      return { unit: 'B/s', factor: 1e6 };
    case 'B/op':
    case 'allocs/op':
      return { unit, factor: 1 };
  }
  if (!unit.includes('ns') && !unit.includes('MB')) return { unit, factor: 1 };
  let factor = 1;
  let out = '';
  let last = 0;
  for (const t of unitTokens(unit)) {
    if (t.denom) continue;
    if (t.tok === 'ns') {
      out += unit.slice(last, t.pos) + 'sec';
      last = t.pos + 2;
      factor /= 1e9;
    } else if (t.tok === 'MB') {
      out += unit.slice(last, t.pos) + 'B';
      last = t.pos + 2;
      factor *= 1e6;
    }
  }
  return { unit: out + unit.slice(last), factor };
}

/** Better says which direction of change is an improvement. */
export type Better = 'lower' | 'higher';

/**
 * betterDirection: throughput units (…/s, benchstat's "speed") improve
 * upwards; time, bytes, allocations and GC counts improve downwards. A
 * `Unit X better=higher|lower` line in the benchmark file overrides.
 */
export function betterDirection(unit: string, override?: string): Better {
  if (override === 'higher' || override === 'lower') return override;
  return /\/s$/.test(unit) ? 'higher' : 'lower';
}

/** UnitClass is benchunit.Class: byte counts scale by 1024 (Ki, Mi), the rest by 1000. */
export type UnitClass = 'decimal' | 'binary';

/** unitClass is benchunit.ClassOf: binary when "B", "MB" or "bytes" is a numerator token. */
export function unitClass(unit: string): UnitClass {
  for (const t of unitTokens(unit)) if (!t.denom && (t.tok === 'B' || t.tok === 'MB' || t.tok === 'bytes')) return 'binary';
  return 'decimal';
}

/** Scaler is benchunit.Scaler: digits after the point, the prefix's factor and the prefix. */
export interface Scaler {
  readonly prec: number;
  readonly factor: number;
  readonly prefix: string;
}

interface ScaleFactor {
  factor: number;
  prefix: string;
  t100: number;
  t10: number;
  t1: number;
}

const siFactors: ScaleFactor[] = ['T', 'G', 'M', 'k', '', 'm', 'µ', 'n'].map((prefix, i) => {
  const exp = 12 - 3 * i;
  return {
    // Go's math.Pow(10, -9) is 1/Pow(10, 9); V8's Math.pow(10, -9) is one ulp off, enough to print 488.4n for 488.5n.
    factor: exp < 0 ? 1 / Math.pow(10, -exp) : Math.pow(10, exp),
    prefix,
    t100: Number(`99.995e${exp}`),
    t10: Number(`9.9995e${exp}`),
    t1: Number(`.99995e${exp}`),
  };
});
// Binary thresholds: benchunit parses hex floats 0x1.8ffae147ae148p(6+exp)
// etc.; these are 99.995, 9.9995 and .99995 times 2^exp.
const iecFactors: ScaleFactor[] = ['Ti', 'Gi', 'Mi', 'Ki', ''].map((prefix, i) => {
  const exp = 40 - 10 * i;
  return {
    factor: Math.pow(2, exp),
    prefix,
    t100: hexFloat(0x18ffae147ae148, 6 + exp),
    t10: hexFloat(0x13ffbe76c8b439, 3 + exp),
    t1: hexFloat(0x1fff972474538f, -1 + exp),
  };
});

/** hexFloat builds 0x1.mmmm…p(e) from the 53-bit significand (with its leading 1) and exponent. */
function hexFloat(significand53: number, exp: number): number {
  return significand53 * Math.pow(2, exp - 52);
}

const sigfigs: number[] = [];
for (let exp = -1; exp > -9; exp--) sigfigs.push(Number(`9.9995e${exp}`));
const SIGFIGS_BASE = 3;

/** commonScale is benchunit.CommonScale: one prefix and precision for values shown side by side. */
export function commonScale(values: readonly number[], cls: UnitClass): Scaler {
  let min = 0;
  for (const v0 of values) {
    const v = Math.abs(v0);
    if (v !== 0 && (min === 0 || v < min)) min = v;
  }
  if (min === 0) return { prec: 3, factor: 1, prefix: '' };
  const factors = cls === 'binary' ? iecFactors : siFactors;
  for (const f of factors) {
    if (min >= f.t100) return { prec: 1, factor: f.factor, prefix: f.prefix };
    if (min >= f.t10) return { prec: 2, factor: f.factor, prefix: f.prefix };
    if (min >= f.t1) return { prec: 3, factor: f.factor, prefix: f.prefix };
  }
  const f = factors[factors.length - 1]!;
  const val = min / f.factor;
  for (let i = 0; i < sigfigs.length; i++) {
    if (val >= sigfigs[i]! || i === sigfigs.length - 1) return { prec: i + SIGFIGS_BASE, factor: f.factor, prefix: f.prefix };
  }
  throw new Error('unreachable');
}

/** formatScaled is Scaler.Format: strconv.AppendFloat(val/factor, 'f', prec) plus the prefix. */
export function formatScaled(value: number, s: Scaler): string {
  return goFormatFixed(value / s.factor, s.prec) + s.prefix;
}

/** scale is benchunit.Scale: one value with its own best prefix. */
export function scale(value: number, cls: UnitClass): string {
  return formatScaled(value, commonScale([value], cls));
}

/**
 * goFormatFixed is Go's strconv 'f' formatting: the exact binary value
 * correctly rounded, ties to even. JavaScript's toFixed also rounds the
 * exact value but breaks ties upwards. An exact tie needs v·10^prec to end
 * in .5 exactly, which only a dyadic v with at most prec+1 binary fraction
 * digits can do; then toFixed(prec+1) is exact and ends in 5.
 */
export function goFormatFixed(v: number, prec: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  const a = Math.abs(v);
  if (prec <= 20 && a < 2 ** 52 && Number.isInteger(a * 2 ** (prec + 1))) {
    const longer = a.toFixed(prec + 1);
    if (longer.endsWith('5')) {
      const digits = longer.replace('.', '').slice(0, -1); // truncated toward zero
      const last = Number(digits[digits.length - 1]);
      let n = BigInt(digits);
      if (last % 2 === 1) n += 1n; // round half to even
      let str = n.toString().padStart(prec + 1, '0');
      if (prec > 0) str = `${str.slice(0, -prec)}.${str.slice(-prec)}`;
      return (v < 0 ? '-' : '') + str;
    }
  }
  return v.toFixed(prec);
}

/**
 * STANDARD_UNITS are the units every benchmark row has a column for (after
 * tidying, "sec/op"; "ns/op" as go test prints it); any other unit a result
 * line carries (b.ReportMetric, B/s from b.SetBytes) is a custom metric.
 */
export const STANDARD_UNITS: ReadonlySet<string> = new Set(['sec/op', 'ns/op', 'B/op', 'allocs/op']);
