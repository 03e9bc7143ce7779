// diff-format.ts is the registry of `heapsight diff` output formats: one
// renderer per format, each a pure function of the DiffReport.
import type { DiffReport } from '../profile/diff.js';
import { renderDiffJson, type DiffJsonOptions } from './diff-json.js';
import { renderDiffText, type DiffTextOptions } from './diff-text.js';

/** DiffFormat is an output format of `heapsight diff`. */
export type DiffFormat = 'text' | 'json';

/** DiffRenderOptions is what any diff renderer may need; each reads only its part. */
export interface DiffRenderOptions extends DiffTextOptions, DiffJsonOptions {}

/** diffRenderers is complete over DiffFormat, so a format cannot be added without its renderer. */
export const diffRenderers: Readonly<Record<DiffFormat, (r: DiffReport, o: DiffRenderOptions) => string>> = {
  text: renderDiffText,
  json: renderDiffJson,
};
