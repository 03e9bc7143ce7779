// page.ts renders the workbench page: CSS, the client (client.ts, serialised)
// and the data, all inline, so `check --format html` can write one file to
// mail and `heapsight serve` can send the same page. Data travels in
// <script type="application/json"> blocks with '<' written as \u003c (no
// name can close a block); each sample type's flame values sit in a block of
// their own that the page parses only when that index is shown.
import { escapeHtml, jsonForScript } from '../flame-html.js';
import { layoutFlame, subtreeEnds } from '../flame-client/layout.js';
import { workbenchClient, type WorkbenchPageData } from './client.js';
import { workbenchCatalogues, workbenchLangNames, type WorkbenchLang } from './messages.js';
import type { WorkbenchBoot } from './workbench-data.js';

/** WorkbenchPageOptions: where the Content-Security-Policy comes from (a meta tag in a file; serve sends a header). */
export interface WorkbenchPageOptions {
  readonly csp?: 'meta' | 'header';
  /** Static HTML shown before the script runs (and instead of it where scripts are off): the export's report. */
  readonly fallback?: string;
  /** The UI language when the address names none (the export's --lang; default en). */
  readonly lang?: WorkbenchLang;
}

export const WORKBENCH_CSS = `
*{box-sizing:border-box}
body{margin:0;font:13px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;color:#1a1a1a;background:#fff}
header{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;padding:8px 14px;border-bottom:1px solid #ddd;background:#fafafa;position:sticky;top:0;z-index:3}
header h1{font-size:15px;margin:0;font-weight:600;word-break:break-all}
header .spacer{flex:1}header .ro{width:100%;margin:0;font-size:12px}
.tabs button{border:1px solid #ccc;background:#fff;padding:4px 10px;margin-right:2px;border-radius:3px 3px 0 0;cursor:pointer}
.tabs button.active{background:#1a1a1a;color:#fff;border-color:#1a1a1a}
.status{color:#7a007a;font-size:12px;min-width:8em}
.view{padding:8px 14px 24px}
h2{font-size:15px;margin:18px 0 6px;border-bottom:1px solid #eee}h3{font-size:13px;margin:6px 0}h4{margin:10px 0 2px}
table{border-collapse:collapse}th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code,.srctable td{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.muted{color:#666}.link{background:none;border:0;padding:0;color:#0645ad;cursor:pointer;text-decoration:underline;font:inherit;text-align:left}
.track{position:relative;display:inline-block;width:180px;height:14px;background:#f2f2f2;vertical-align:middle;margin-right:8px}
.track .ci{position:absolute;top:3px;height:8px;background:#9ecae1;border:1px solid #3182bd}
.track .median{position:absolute;top:0;width:2px;height:14px;background:#08306b}
.track .dot{position:absolute;top:4px;width:6px;height:6px;margin-left:-3px;border-radius:50%;background:#e66101;opacity:.8}
.val{font-size:11px;color:#444}
.verdict{font-weight:700}.verdict.confirmed{color:#b00020}.verdict.refuted{color:#1b7f3b}.verdict.not-measurable{color:#8a6d00}
ul.reasons{margin:2px 0 6px 18px;padding:0;color:#333}
.source-grid{display:grid;grid-template-columns:220px minmax(0,1fr) 340px;gap:10px;align-items:start}
.files button.file{display:block;width:100%;text-align:left;background:none;border:0;border-left:3px solid transparent;padding:3px 6px;cursor:pointer;font:12px ui-monospace,Menlo,monospace;word-break:break-all}
.files button.file.active{border-left-color:#e66101;background:#fff4ea}
.code{overflow:auto;max-height:calc(100vh - 90px)}
.srctable td{border:0;padding:0 6px;white-space:pre}.srctable td.src{white-space:pre-wrap;width:100%}
.srctable tr{cursor:pointer}.srctable tr:hover{background:#f6f6f6}.srctable tr.selected{background:#fff1c4}
.srctable tr.has-facts td.src{background:rgba(230,97,1,.07)}
.srctable td.bar{width:66px}.srctable td.bar span{display:inline-block;height:9px;background:#e66101}
.srctable td.ln{color:#999;user-select:none}
.srctable tr.inline-notes td{white-space:normal;font:12px system-ui,sans-serif;color:#444;padding-bottom:4px;cursor:default}
.note{padding-left:8px;border-left:2px solid #bbb;margin:1px 0}.note.heap{border-left-color:#b00020;color:#6d0014}
.detail{position:sticky;top:60px;border-left:1px solid #eee;padding-left:10px;max-height:calc(100vh - 90px);overflow:auto}
.flow ol{margin:2px 0 8px 18px;padding:0}ul.cc{margin:0 0 6px 16px;padding:0}
.controls{display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center;margin:4px 0 6px}
.legend{font-size:12px;color:#333}.fstatus{font-size:12px;color:#7a007a}
.flame-grid{display:grid;grid-template-columns:minmax(0,1fr) 420px;gap:10px;align-items:start}
#flame-top{width:100%;table-layout:fixed}#flame-top th:first-child{width:62%}#flame-top td code{word-break:break-all}
.graph{position:relative}.graph canvas{display:block}
.tip{position:absolute;pointer-events:none;background:#fffff0;border:1px solid #888;padding:6px 8px;font:12px ui-monospace,Menlo,monospace;white-space:pre;max-width:640px;overflow:hidden;box-shadow:0 2px 6px rgba(0,0,0,.2);z-index:2}
.top{max-height:calc(100vh - 120px);overflow:auto}#flame-top tr{cursor:pointer}#flame-top tr:hover{background:#f6f6f6}
.key{margin-right:12px}.key::before{content:"";display:inline-block;width:14px;height:3px;margin-right:4px;vertical-align:middle;background:#999}
.key.goal::before{background:#e66101}.key.end::before{background:#5e3c99}.key.live::before{background:#2166ac}.key.pause::before{background:#1b7837;height:8px}.key.forced::before{background:#999;height:8px}

`;

/**
 * workbenchScript is the page's one executable script, the same for every
 * data set (the data sit in JSON blocks), so serve can allow exactly it in its
 * CSP by hash. The client is passed its dependencies as arguments: after
 * bundling or a test transform, imported names inside a serialised function
 * would dangle.
 */
export function workbenchScript(): string {
  const script =
    `(${workbenchClient.toString()})(document, Object.assign(JSON.parse(document.getElementById('wb-data').textContent), ` +
    `{ flame: document.getElementById('wb-flame') ? JSON.parse(document.getElementById('wb-flame').textContent) : null }), ` +
    `(k) => { const b = document.getElementById('wb-values-' + k); return b ? JSON.parse(b.textContent) : null; }, ` +
    `{ layoutFlame: ${layoutFlame.toString()}, subtreeEnds: ${subtreeEnds.toString()} });`;
  return script.replace(/<\/(script)/gi, '<\\/$1');
}

/** renderWorkbenchPage returns the page for one boot; the flame values go in their own blocks. */
export function renderWorkbenchPage(boot: WorkbenchBoot, options: WorkbenchPageOptions = {}): string {
  return workbenchPageParts(boot, options).join('');
}

/**
 * workbenchPageParts is the page in pieces, in order: serve turns each into
 * bytes without first joining a page that, for a million-sample profile, is
 * tens of megabytes.
 */
export function workbenchPageParts(boot: WorkbenchBoot, options: WorkbenchPageOptions = {}): string[] {
  const { flame, ...rest } = boot;
  const pageData: Omit<WorkbenchPageData, 'flame'> = {
    boot: { ...rest, flame: null },
    catalogues: workbenchCatalogues,
    langNames: workbenchLangNames,
    defaultLang: options.lang ?? 'en',
  };
  // The flame blocks are JSON already (names escaped for a script block by flameJson; the rest is numbers).
  const flameBlocks: string[] = [];
  if (flame) {
    flameBlocks.push('<script type="application/json" id="wb-flame">', flame.head, '</script>\n');
    flame.values.forEach((v, k) => {
      if (v !== null) flameBlocks.push(`<script type="application/json" id="wb-values-${k}">`, v, '</script>\n');
    });
  }
  const script = workbenchScript();
  const csp = options.csp === 'header' ? '' : `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">\n`;
  const head = `<!DOCTYPE html>
<html lang="${options.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${csp}<title>${escapeHtml(boot.title)}</title>
<style>${WORKBENCH_CSS}</style>
</head>
<body>
<div id="app"></div>
${options.fallback ? `<div id="fallback">${options.fallback}</div>` : ''}
<script type="application/json" id="wb-data">${jsonForScript(pageData)}</script>
`;
  return [head, ...flameBlocks, `<script>${script}</script>\n</body>\n</html>\n`];
}
