// history-format.ts is the registry of `heapsight history` formats: one pure
// renderer of the HistoryTrend per format, each returning the whole document.
import type { HistoryTrend } from '../history/trend.js';
import { renderHistoryHtml } from './history-html.js';
import { renderHistoryText } from './history-text.js';
import type { Messages } from '../i18n/messages.js';

/** HistoryRenderOptions: the database path as the reader should see it. */
export interface HistoryRenderOptions {
  readonly database: string;
  /** The catalogue of the human words (--lang); JSON is the same in every language. */
  readonly messages: Messages;
}

/** HistoryFormat names every format of history. */
export type HistoryFormat = 'text' | 'json' | 'html';

/** renderHistoryJson serialises the trend (schema heapsight.history/v1); non-finite numbers become null. */
export function renderHistoryJson(t: HistoryTrend): string {
  return JSON.stringify(t, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}

/** historyRenderers is complete over HistoryFormat. */
export const historyRenderers: Readonly<Record<HistoryFormat, (t: HistoryTrend, o: HistoryRenderOptions) => string>> = {
  text: (t, o) => renderHistoryText(t, o),
  json: (t) => renderHistoryJson(t),
  html: (t, o) => renderHistoryHtml(t, o),
};

/** historyFormats lists the formats, text (the default) first. */
export const historyFormats = Object.keys(historyRenderers) as HistoryFormat[];
