// check-json.ts renders a CheckReport as its versioned JSON document
// (schema "heapsight.check/v2"; fields documented in README.md#json-check).
import type { CheckReport } from '../verify/check-report.js';

/** renderCheckJson serialises the report; infinite CI bounds (too few samples) become null. */
export function renderCheckJson(r: CheckReport): string {
  return (
    JSON.stringify(r, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n'
  );
}
