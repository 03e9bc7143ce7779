// check-format.ts is the registry of `heapsight check` report formats: one
// renderer per format, each a pure function of the CheckReport (and of the
// source lines it is handed), returning the whole document as a string.
import type { CheckReport } from '../verify/check-report.js';
import type { Profile } from '../profile/model.js';
import type { WorkbenchRunsInput } from './workbench/workbench-data.js';
import { renderCheckHtml } from './check-html.js';
import { renderCheckJson } from './check-json.js';
import { renderCheckMarkdown } from './check-markdown.js';
import { renderCheckSarif } from './check-sarif.js';
import { renderCheckText } from './check-text.js';
import type { Messages } from '../i18n/messages.js';

/** CheckRenderOptions is what any check renderer may need; each reads only its part. */
export interface CheckRenderOptions {
  /** Paths in text and Markdown are shown relative to this directory. */
  readonly cwd: string;
  /** The repository root: SARIF artifact URIs are relative to it (uriBaseId %SRCROOT%). */
  readonly root: string;
  /** How many allocation sites to list in text, Markdown and HTML tables (the model keeps all). */
  readonly nodeCount: number;
  /** Terminal width for text. */
  readonly width: number;
  /** heapsight's version, for SARIF's tool.driver. */
  readonly toolVersion: string;
  /** Where README.md is published; rule help links are `${docsBase}README.md#kind`. */
  readonly docsBase: string;
  /** A file's lines (index 0 = line 1), or null when unreadable: the HTML source view. */
  readonly readSource: (file: string) => readonly string[] | null;
  /** The catalogue of the human words (--lang); JSON is the same in every language. */
  readonly messages: Messages;
  /** HTML: the run's merged heap profile (the flame graph) and each benchmark's runs (dots, GC timeline). */
  readonly profile?: Profile | null;
  readonly runs?: readonly WorkbenchRunsInput[];
}

/** CheckFormat names every report format of check. */
export type CheckFormat = 'text' | 'json' | 'markdown' | 'sarif' | 'html';

/** CheckRenderer renders a whole report. */
export type CheckRenderer = (report: CheckReport, options: CheckRenderOptions) => string;

/** DEFAULT_DOCS_BASE is where the project's README is published. */
export const DEFAULT_DOCS_BASE = 'https://github.com/heapsight/heapsight/blob/main/';

/** checkRenderers is complete over CheckFormat, so a format cannot be added without its renderer. */
export const checkRenderers: Readonly<Record<CheckFormat, CheckRenderer>> = {
  text: (r, o) => renderCheckText(r, { cwd: o.cwd, nodeCount: o.nodeCount, width: o.width, messages: o.messages }),
  json: (r) => renderCheckJson(r),
  markdown: (r, o) => renderCheckMarkdown(r, { cwd: o.cwd, nodeCount: o.nodeCount, messages: o.messages }),
  sarif: (r, o) => renderCheckSarif(r, { root: o.root, toolVersion: o.toolVersion, docsBase: o.docsBase, readSource: o.readSource, messages: o.messages }),
  html: (r, o) => renderCheckHtml(r, { cwd: o.cwd, nodeCount: o.nodeCount, readSource: o.readSource, messages: o.messages, profile: o.profile ?? null, runs: o.runs ?? [] }),
};

/** checkFormats lists the formats in the registry's order (text first, the default). */
export const checkFormats = Object.keys(checkRenderers) as CheckFormat[];
