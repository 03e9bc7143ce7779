// sample-value.ts prints profile sample values, shares and the sample-index
// line the way `go tool pprof` does, for the top, list, peek and map-purpose
// renderers.
import type { SampleIndex } from '../profile/sample-index.js';
import type { Messages } from '../i18n/messages.js';
import { formatBytes, formatCount, formatDurationNs } from '../human-units.js';

/** formatValue prints a sample value in its unit: bytes pprof-style, nanoseconds scaled, counts with separators. */
export function formatValue(v: number, unit: string): string {
  if (v === 0) return '0';
  switch (unit) {
    case 'bytes':
      return formatBytes(v);
    case 'nanoseconds':
      return formatDurationNs(v);
    default:
      return formatCount(v);
  }
}

/** percent is pprof's measurement.Percentage: 2 decimals, fewer for big shares, "0%" for zero. */
export function percent(v: number, total: number): string {
  if (total === 0) return '0%';
  const p = (v / total) * 100;
  if (p === 0) return '0%';
  const a = Math.abs(p);
  if (a >= 99.95 && a <= 100.05) return `${p < 0 ? '-' : ''}100%`;
  if (a >= 1) return `${p.toFixed(2)}%`;
  return `${p.toPrecision(2)}%`;
}

/** sampleIndexLine is the "Type: alloc_space (why)" header line; the reason is left out when the user asked for the index. */
export function sampleIndexLine(m: Messages, si: SampleIndex): string {
  return m.profile.type(si.type.type, si.reason === 'requested' ? null : si.reason);
}
