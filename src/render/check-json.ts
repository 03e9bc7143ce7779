// check-json.ts renders a CheckReport as its versioned JSON document
// (schema "heapsight.check/v3"; fields documented in README.md#json-check).
import type { CheckReport } from '../verify/check-report.js';
import { withCauseWords } from './cause-words.js';

/**
 * renderCheckJson serialises the report; infinite CI bounds (too few samples)
 * become null, and every cause carries its English title and text beside its
 * typed story (the words are the same in every --lang).
 */
export function renderCheckJson(r: CheckReport): string {
  return JSON.stringify(r, (k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : withCauseWords(k, v)), 2) + '\n';
}
