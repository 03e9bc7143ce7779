// diff-json.ts renders a DiffReport as JSON (schema heapsight.diff/v1, set by
// the report itself): every row, with the input names.
import type { DiffReport } from '../profile/diff.js';

/** DiffJsonOptions names the inputs. */
export interface DiffJsonOptions {
  readonly baseLabel: string;
  readonly newLabel: string;
}

/** renderDiffJson prints the whole report (every row) with the input names. */
export function renderDiffJson(report: DiffReport, o: DiffJsonOptions): string {
  return JSON.stringify({ ...report, base: o.baseLabel, new: o.newLabel }, null, 2) + '\n';
}
