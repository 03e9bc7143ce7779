// human-units.ts formats measured quantities the way Go engineers read them:
// bytes in binary units as pprof prints them (kB = 1024 B, "MB" = 1024 kB),
// durations scaled to ns/µs/ms/s, and shares as percentages.

const byteUnits = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/** formatBytes prints a byte count with pprof's scaling (1024-based, "kB"/"MB"), e.g. 86.50kB. */
export function formatBytes(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return String(n);
  const sign = n < 0 ? '-' : '';
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < byteUnits.length - 1) {
    v /= 1024;
    i++;
  }
  if (i === 0) return `${sign}${Math.round(v)}B`;
  return `${sign}${v.toFixed(digits)}${byteUnits[i]}`;
}

/** formatDurationNs prints nanoseconds scaled to a readable unit, 3 significant digits. */
export function formatDurationNs(ns: number): string {
  if (!Number.isFinite(ns)) return String(ns);
  const abs = Math.abs(ns);
  const [div, unit] = abs >= 1e9 ? [1e9, 's'] : abs >= 1e6 ? [1e6, 'ms'] : abs >= 1e3 ? [1e3, 'µs'] : [1, 'ns'];
  return `${formatSignificant(ns / div, 3)}${unit}`;
}

/** formatSignificant prints v with the given significant digits, without exponent notation. */
export function formatSignificant(v: number, digits = 3): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const mag = Math.floor(Math.log10(Math.abs(v)));
  const decimals = Math.max(0, digits - 1 - mag);
  return v.toFixed(decimals);
}

/** formatPercent prints a 0..1 share as "12.34%". */
export function formatPercent(share: number, digits = 2): string {
  return `${(share * 100).toFixed(digits)}%`;
}

/** formatCount prints an integer with thousands separators ("2,616"). */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/**
 * formatMetric prints a custom benchmark unit's value: bytes per something
 * ("B/s" from b.SetBytes, tidied from MB/s as benchstat does) in pprof's byte
 * units ("1.34GB/s"), anything else with SI prefixes and 3 significant digits
 * ("8.00", "1.44M").
 */
export function formatMetric(v: number, unit: string): string {
  if (!Number.isFinite(v)) return String(v);
  if (unit.startsWith('B/')) return `${formatBytes(v)}${unit.slice(1)}`;
  const abs = Math.abs(v);
  const [div, prefix] = abs >= 1e12 ? [1e12, 'T'] : abs >= 1e9 ? [1e9, 'G'] : abs >= 1e6 ? [1e6, 'M'] : abs >= 1e4 ? [1e3, 'k'] : [1, ''];
  return `${formatSignificant(v / div, 3)}${prefix}`;
}
