// quantile.ts is benchmath's sample quantile (golang.org/x/perf/benchmath,
// Sample.Quantile: the R-8 estimator), in a leaf module so that every layer
// that summarizes values (bench/ statistics, gctrace/ summaries) uses the one
// definition without importing another parser layer.

/** quantileSorted is the q-quantile of ascending xs (NaN when empty). */
export function quantileSorted(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  if (q <= 0) return xs[0]!;
  if (q >= 1) return xs[xs.length - 1]!;
  const N = xs.length;
  const pos = 1 / 3.0 + q * (N + 1 / 3.0);
  const k = Math.trunc(pos);
  const frac = pos - k;
  if (k <= 0) return xs[0]!;
  if (k >= N) return xs[N - 1]!;
  return xs[k - 1]! + frac * (xs[k]! - xs[k - 1]!);
}

/** median is benchstat's center: the 0.5 quantile; null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return quantileSorted([...values].sort((a, b) => a - b), 0.5);
}
